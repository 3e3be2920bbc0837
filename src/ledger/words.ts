import type { AccessFlag, EventMethod, RefusalReason } from '../db/schema/access.ts';
import type { PaperNote, StayMethod, StayRow } from './content.ts';

/** The plain Japanese printed on the ledger for each code the events carry: the screen's words. */
export const FLAG_WORDS: Record<AccessFlag, string> = {
  out_of_sequence: '入退室の順序不整合',
  last_person_out: '最終退室者',
  alone_in_two_person_area: '二人制区域に単独在室',
  recorded_offline: 'オフライン記録',
  correction: '訂正記録',
  // Set by the anomaly rules (B7): the same words as src/anomalies/words.ts.
  outside_schedule: '勤務予定外の入室',
  after_hours: '時間外の入室',
  rare_area: '通常利用しない区域への入室',
  long_stay: '長時間の在室',
  repeated_refusals: '入室拒否の繰り返し',
};

export const REFUSAL_WORDS: Record<RefusalReason, string> = {
  not_on_roster: '名簿に登録なし',
  suspended: '利用停止中',
  offboarded: '離任済み',
  not_yet_valid: '有効期間前',
  expired: '有効期間切れ',
  not_authorized: '入室権限なし',
  badge_revoked: '失効した名札',
  badge_forged: '不正な名札',
  passkey_not_verified: 'パスキー認証の失敗',
  method_not_accepted: 'この区域で認められない認証方法',
  out_of_sequence: '入退室の順序不整合',
  visitor_signed_out: '退館済みの来訪者',
  training_missing: '必要な研修の未受講・期限切れ',
  throttled: '読み取りの失敗が続いたための一時停止',
  late_record: '受付端末に7日を超えて保留された記録',
  kiosk_revoked: '登録を取り消された受付端末に保留されていた記録',
};

/** The mark of a stay transcribed later from a paper sheet (B12): printed wherever the stay appears. */
export const PAPER_RECORD = '事後記録';

export const METHOD_WORDS: Record<StayMethod, string> = {
  passkey: 'パスキー',
  badge: 'QR名札',
  guard: '警備員による記録',
  paper: PAPER_RECORD,
  correction: '業務責任者による訂正',
};

export const KIND_WORDS: Record<StayRow['kind'], string> = { person: '作業従事者', visitor: '来訪者' };

export const DIRECTION_WORDS = { in: '入室', out: '退室' } as const;

export const MISSING_EXIT = '未退室';

/** `QR名札` when both ends used one method, `QR名札 / 警備員による記録` otherwise. */
export function methodsText(s: Pick<StayRow, 'entryMethod' | 'exitMethod'>): string {
  const methods = [...new Set([s.entryMethod, s.exitMethod].filter((m) => m !== null))];
  return methods.map((m) => METHOD_WORDS[m]).join(' / ');
}

/**
 * One paper record in words: which half, when it was entered into the system and by whom, the sheet and
 * the reason (`事後記録（入室・退室）: 記録 11月21日 10:00 山田 太郎、用紙 No.12、理由 停電`).
 */
export function paperRemark(notes: readonly PaperNote[], at: (iso: string) => string): string {
  const halves = notes.map((n) => DIRECTION_WORDS[n.direction]).join('・');
  const n = notes[0]!;
  const who = n.recordedByName ? ` ${n.recordedByName}` : '';
  return `${PAPER_RECORD}（${halves}）: 記録 ${at(n.recordedAt)}${who}、用紙 ${n.sheet}、理由 ${n.reason}`;
}

/** The remarks column: escort, flags, missing entry, paper record, and the reason of a supervisor's correction. */
export function remarks(s: StayRow, at: (iso: string) => string = (i) => i): string[] {
  const out: string[] = [];
  if (s.escortName !== null) out.push(`付添: ${s.escortName}`);
  if (s.entryAt === null) out.push('入室記録なし');
  for (const f of s.flags) out.push(FLAG_WORDS[f]);
  if (s.paper) out.push(...paperGroups(s.paper).map((g) => paperRemark(g, at)));
  if (s.corrected) out.push(`訂正理由: ${s.correctionReason ?? ''}`);
  return out;
}

/** Paper notes entered together (same time, sheet and reason) are said once. */
function paperGroups(notes: readonly PaperNote[]): PaperNote[][] {
  const groups = new Map<string, PaperNote[]>();
  for (const n of notes) {
    const key = JSON.stringify([n.recordedAt, n.recordedById, n.sheet, n.reason]);
    groups.set(key, [...(groups.get(key) ?? []), n]);
  }
  return [...groups.values()];
}

// What the kiosk writes into a refused event's note when it cannot identify someone (src/access/
// identify.ts, kiosk-event.ts): diagnostics in English for the log. The printed ledger says them in
// Japanese; anything else the machine wrote is left out, since 拒否理由 already says why.
const MACHINE_NOTES: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^the badge signature does not verify$/, () => '名札の署名を確認できません'],
  [/^no such badge was issued$/, () => '発行記録のない名札'],
  [/^badge (\d+) was revoked \((.*)\)$/, (m) => `名札 No.${m[1]} は失効済み${paren(REVOKE_WORDS[m[2]!] ?? japaneseOnly(m[2]!))}`],
  [/^too many refused scans from this source/, () => '読み取りの失敗が続いたため一時停止中'],
];
const REVOKE_WORDS: Record<string, string> = { replaced: '再発行', offboarded: '離任', lost: '紛失' };

const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff]/;
const japaneseOnly = (s: string) => (JAPANESE.test(s) ? s : '');
const paren = (s: string) => (s ? `（${s}）` : '');

/** A refusal's 備考 for print and CSV: the kiosk's diagnostics in Japanese, a person's own note as written. */
export function refusalNote(r: { method: EventMethod; note: string }): string {
  if (r.method === 'guard' || r.note === '') return r.note;
  for (const [pattern, say] of MACHINE_NOTES) {
    const m = pattern.exec(r.note);
    if (m) return say(m);
  }
  return japaneseOnly(r.note);
}
