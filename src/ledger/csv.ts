import { tableCsv, type Table } from '../http/csv.ts';
import type { TabularDocument } from '../http/xlsx.ts';
import { localDateTime } from '../time.ts';
import type { DailyLedger } from './build.ts';
import { DIRECTION_WORDS, KIND_WORDS, METHOD_WORDS, MISSING_EXIT, REFUSAL_WORDS, methodsText, refusalNote, remarks } from './words.ts';

export const LEDGER_TITLE = '入退室管理簿';
export const STAY_TITLE = '入退室の記録';
export const STAY_HEADERS = ['氏名', 'ふりがな', '所属', '区分', '目的', '入室日時', '退室日時', '認証方法', '備考'];
export const REFUSAL_TITLE = '入室拒否の記録';
export const REFUSAL_HEADERS = ['日時', '氏名', '所属', '入退室', '認証方法', '拒否理由', '備考'];
/** The columns holding local date-times, typed as dates in a workbook. */
export const LEDGER_DATES = ['入室日時', '退室日時', '日時'];

export type LedgerSection = 'stays' | 'refusals';

/**
 * The ledger's two tables (B10): the stays, and the refusals apart from them, so that sorting or
 * filtering the stays never mixes refusals in (issue 16). A CSV file holds one of them; a workbook has
 * each on its own sheet.
 */
export function ledgerTables(ledger: DailyLedger, timeZone: string): [Table, Table] {
  const at = (i: string | null): string => (i === null ? '' : localDateTime(Date.parse(i), timeZone));
  return [
    {
      key: 'stays',
      title: STAY_TITLE,
      headers: STAY_HEADERS,
      dates: LEDGER_DATES,
      rows: ledger.stays.map((s) => [s.name, s.kana ?? '', s.affiliation, KIND_WORDS[s.kind], s.purpose, at(s.entryAt), s.exitAt === null ? MISSING_EXIT : at(s.exitAt), methodsText(s), remarks(s, at).join('、')]),
    },
    {
      key: 'refusals',
      title: REFUSAL_TITLE,
      headers: REFUSAL_HEADERS,
      dates: LEDGER_DATES,
      rows: ledger.refusals.map((r) => [at(r.at), r.name, r.affiliation, DIRECTION_WORDS[r.direction], METHOD_WORDS[r.method], r.refusalReason === null ? '' : REFUSAL_WORDS[r.refusalReason], refusalNote(r)]),
    },
  ];
}

/** One table of the ledger as a CSV file for Excel: UTF-8 with a BOM, CRLF, Japanese headers (decision 0024). */
export function ledgerCsv(ledger: DailyLedger, timeZone: string, section: LedgerSection = 'stays'): string {
  const [stays, refusals] = ledgerTables(ledger, timeZone);
  return tableCsv(section === 'stays' ? stays : refusals);
}

/** The ledger as a downloadable document (CSV per table, or a workbook). */
export function ledgerDocument(ledger: DailyLedger, timeZone: string): TabularDocument {
  return {
    title: LEDGER_TITLE,
    subject: `${ledger.area.site.name}　${ledger.area.name}`,
    eraDate: ledger.eraDay,
    tables: ledgerTables(ledger, timeZone),
    file: `ledger-${ledger.area.id}-${ledger.day}`,
    name: `${LEDGER_TITLE}_${ledger.area.name}_${ledger.day}`,
  };
}
