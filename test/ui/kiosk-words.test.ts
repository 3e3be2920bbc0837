import { describe, expect, it } from 'vitest';
import { REFUSAL_REASONS } from '../../src/db/schema/access.ts';
import { REFUSALS } from '../../kiosk/src/kiosk/messages.ts';

describe('the kiosk has plain words for every refusal the server records', () => {
  it('each REFUSAL_REASON has a reason and what to do, in Japanese and English', () => {
    const missing = REFUSAL_REASONS.filter((r) => !REFUSALS[r]);
    expect(missing).toEqual([]);
    for (const r of REFUSAL_REASONS) {
      for (const msg of [REFUSALS[r]!.why, REFUSALS[r]!.todo]) {
        expect(msg.ja, r).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
        expect(msg.en, r).toMatch(/[a-z]/i);
      }
    }
  });
});
