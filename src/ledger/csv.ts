import { CSV_BOM, csvLine } from '../http/csv.ts';
import { localDateTime } from '../time.ts';
import type { DailyLedger } from './build.ts';
import { DIRECTION_WORDS, KIND_WORDS, METHOD_WORDS, MISSING_EXIT, REFUSAL_WORDS, methodsText, refusalNote, remarks } from './words.ts';

export const STAY_HEADERS = ['氏名', 'ふりがな', '所属', '区分', '目的', '入室日時', '退室日時', '認証方法', '備考'];
export const REFUSAL_TITLE = '入室拒否の記録';
export const REFUSAL_HEADERS = ['日時', '氏名', '所属', '入退室', '認証方法', '拒否理由', '備考'];

/**
 * The ledger as one CSV file for Excel (B10): UTF-8 with a BOM, CRLF, Japanese headers. The stays come
 * first; the refusals follow as a second section in the same file, after an empty line and a title line,
 * with their own header, so that one download holds the whole day. The section is written even when empty.
 */
export function ledgerCsv(ledger: DailyLedger, timeZone: string): string {
  const at = (i: string | null): string => (i === null ? '' : localDateTime(Date.parse(i), timeZone));
  const stays = ledger.stays.map((s) =>
    csvLine([s.name, s.kana ?? '', s.affiliation, KIND_WORDS[s.kind], s.purpose, at(s.entryAt), s.exitAt === null ? MISSING_EXIT : at(s.exitAt), methodsText(s), remarks(s, at).join('、')]),
  );
  const refusals = ledger.refusals.map((r) =>
    csvLine([at(r.at), r.name, r.affiliation, DIRECTION_WORDS[r.direction], METHOD_WORDS[r.method], r.refusalReason === null ? '' : REFUSAL_WORDS[r.refusalReason], refusalNote(r)]),
  );
  return CSV_BOM + csvLine(STAY_HEADERS) + stays.join('') + csvLine([]) + csvLine([REFUSAL_TITLE]) + csvLine(REFUSAL_HEADERS) + refusals.join('');
}
