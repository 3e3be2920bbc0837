import { describe, expect, it } from 'vitest';
import { ACCESS_FLAGS, REFUSAL_REASONS } from '../../src/db/schema/access.ts';
import { FLAG_WORDS, METHOD_WORDS, REFUSAL_WORDS, refusalNote } from '../../src/ledger/words.ts';
import { FLAG_LABEL, METHOD_LABEL } from '../../kiosk/src/console/messages.ts';
import { ANOMALY_LABEL } from '../../kiosk/src/console/compliance-messages.ts';

const LATIN_WORD = /[A-Za-z]{3,}/;

describe('the ledger says each code in the words the screen uses (issue 16)', () => {
  it('the console ledger has Japanese words for every flag an event can carry (not the raw code, e.g. after_hours)', () => {
    for (const flag of ACCESS_FLAGS) expect(FLAG_LABEL[flag]?.ja, flag).toMatch(/^[^A-Za-z]+$/);
    // round_trip_overdue is about an item left inside, not an entry or exit: it is never on this ledger.
    for (const flag of Object.keys(ANOMALY_LABEL).filter((f) => f !== 'out_of_sequence' && f !== 'round_trip_overdue')) expect(FLAG_WORDS[flag as keyof typeof FLAG_WORDS], flag).toBe(FLAG_LABEL[flag]!.ja);
  });

  it('the badge is a QR名札 in print as on the screen; no printed word holds English', () => {
    expect(METHOD_WORDS.badge).toBe(METHOD_LABEL.badge!.ja);
    expect(METHOD_WORDS.guard).toBe(METHOD_LABEL.guard!.ja);
    for (const r of REFUSAL_REASONS) expect(REFUSAL_WORDS[r], r).not.toMatch(/バッジ|[A-Za-z]/);
  });

  it("the kiosk's English diagnostics print in Japanese; a guard's own note prints as written", () => {
    const cases: [string, string][] = [
      ['the badge signature does not verify', '名札の署名を確認できません'],
      ['no such badge was issued', '発行記録のない名札'],
      ['badge 12 was revoked (lost)', '名札 No.12 は失効済み（紛失）'],
      ['badge 12 was revoked (落とした)', '名札 No.12 は失効済み（落とした）'],
      ['too many refused scans from this source: refused until 2026-11-20T03:00:00.000Z', '読み取りの失敗が続いたため一時停止中'],
      ['passkey verification failed: Unexpected authentication response origin', ''],
    ];
    for (const [note, printed] of cases) {
      expect(refusalNote({ method: 'badge', note })).toBe(printed);
      expect(refusalNote({ method: 'badge', note }), note).not.toMatch(LATIN_WORD);
    }
    expect(refusalNote({ method: 'guard', note: '身分証を確認できず' })).toBe('身分証を確認できず');
  });
});
