import { describe, expect, it } from 'vitest';
import { testEnv } from './support/harness.ts';
import { setupAdmin, givenPerson } from './support/client.ts';

describe('smoke', () => {
  it('first admin sets up and creates a person', async () => {
    const env = testEnv();
    const admin = await setupAdmin(env);
    const p = await givenPerson(admin.client, { roles: ['worker'] });
    expect(p.id).toBeGreaterThan(0);
  });
});
