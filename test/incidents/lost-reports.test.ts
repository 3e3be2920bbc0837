import { describe, expect, it } from 'vitest';
import { testEnv } from '../support/harness.ts';
import { setupAdmin, signedInAs } from '../support/client.ts';
import { givenSite, givenWorker } from '../support/world.ts';
import { journalCount, lastJournal } from '../support/db-snapshot.ts';

describe('a badge or an asset reported lost opens an incident (E4, B8)', () => {
  it('opens it in the same transaction and the same journal entry as the report', async () => {
    const env = testEnv();
    const admin = await setupAdmin(env);
    const site = await givenSite(admin.client);
    const guard = await signedInAs(env, admin.client, ['guard']);
    const w = await givenWorker(admin.client, [site.general.id]);

    let before = journalCount(env.deps.sqlite);
    expect((await guard.client.post(`/api/badges/${w.badgeSerial}/revoke`, { reason: 'lost', note: '帰宅途中に紛失' })).status).toBe(200);
    expect(journalCount(env.deps.sqlite)).toBe(before + 1);
    const entry = JSON.parse(lastJournal(env.deps.sqlite).data);
    expect(entry.incident).toMatchObject({ kind: 'lost_badge', badgeSerial: w.badgeSerial, personId: w.id, circumstances: '帰宅途中に紛失' });

    const key = await admin.client.post('/api/assets', { kind: 'security_key', ownerType: 'city_loaned', custodianId: w.id });
    before = journalCount(env.deps.sqlite);
    expect((await admin.client.post(`/api/assets/${key.body.id}/status`, { status: 'lost', note: '所在不明' })).status).toBe(200);
    expect(journalCount(env.deps.sqlite)).toBe(before + 1);

    const incidents = await admin.client.get('/api/incidents');
    expect(incidents.status).toBe(200);
    const kinds = JSON.stringify(incidents.body);
    expect(kinds).toContain('lost_badge');
    expect(kinds).toContain('lost_security_key');
    // Returning a badge is not an incident.
    const other = await givenWorker(admin.client, [site.general.id]);
    await guard.client.post(`/api/badges/${other.badgeSerial}/revoke`, { reason: 'returned' });
    expect(JSON.parse(lastJournal(env.deps.sqlite).data).incident).toBeNull();
  });
});
