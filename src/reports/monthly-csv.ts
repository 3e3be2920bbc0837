import { CSV_BOM, csvLine, type Cell, type Table } from '../http/csv.ts';
import type { TabularDocument } from '../http/xlsx.ts';
import { eraDate, localDateTime } from '../time.ts';
import { ANOMALY_WORDS } from '../anomalies/words.ts';
import { KIND_WORDS } from '../ledger/words.ts';
import type { MonthlyReport } from './monthly.ts';
import { INCIDENT_KIND_WORDS } from '../incidents/words.ts';
import { eraMonth, summaryRows, verificationText } from './words.ts';
import { contractHeaderRows } from '../contract/words.ts';

export const MONTHLY_TITLE = 'セキュリティ保全状況報告書（月次自己点検）';

function section(t: Table): string {
  return csvLine([]) + csvLine([t.title]) + csvLine([...t.headers]) + t.rows.map(csvLine).join('');
}

/** The report's tables, in the order of the form's items: the CSV's sections and the workbook's sheets. */
export function monthlyTables(r: MonthlyReport): Table[] {
  const at = (i: string | null) => (i === null ? '' : localDateTime(Date.parse(i), r.timeZone));
  const j = r.journal;
  return [
    { title: '集計', headers: ['区分', '項目', '件数'], rows: summaryRows(r) },
    { title: '区域別の入退室', headers: ['区域', '入室', '退室', '入室拒否', '退室記録なし'], rows: r.access.byArea.map((a) => [a.areaName, a.entries, a.exits, a.refusals, a.staysWithoutExit]) },
    { title: '退室記録のない入室', headers: ['区域', '氏名', '区分', '入室日時'], dates: ['入室日時'], rows: r.access.staysWithoutExitList.map((s) => [s.areaName, s.name, KIND_WORDS[s.kind], at(s.entryAt)]) },
    { title: '異常の検知', headers: ['検知日時', '種別', '氏名', '区域'], dates: ['検知日時'], rows: r.anomalies.list.map((a) => [at(a.detectedAt), ANOMALY_WORDS[a.kind], a.personName, a.areaName]) },
    { title: '持込・持出申請の承認・却下', headers: ['日時', '申請番号', '種別', '判断', '承認者', 'その場承認'], dates: ['日時'], rows: r.custody.approvals.map((x) => [at(x.at), x.requestId, x.kind === 'carry_in' ? '持込' : '持出', x.decision === 'approved' ? '承認' : '却下', x.approverName, x.onTheSpot ? '○' : '']) },
    { title: '返却期限を過ぎた資産', headers: ['管理番号', '保管者', '返却予定'], dates: ['返却予定'], rows: r.assets.overdueList.map((x) => [x.assetNumber, x.custodianName, at(x.expectedReturnAt)]) },
    { title: 'インシデント', headers: ['番号', '発見日時', '種別', '件名', '状態'], dates: ['発見日時'], rows: r.incidents.list.map((i) => [i.id, at(i.discoveredAt), INCIDENT_KIND_WORDS[i.kind], i.title, i.status === 'open' ? '対応中' : '完了']) },
    { title: '記録の完全性', headers: ['検証結果', '記録件数', '最新記録の番号', '最新記録のハッシュ'], rows: [[verificationText(r), j.verification.count, j.headSeq, j.headHash]] },
  ];
}

/** The report's own lines (where, under which contract, which period, when printed): the CSV's head. */
function headLines(r: MonthlyReport): Cell[][] {
  const at = (i: string) => localDateTime(Date.parse(i), r.timeZone);
  return [
    ['対象拠点', r.site.name],
    ...contractHeaderRows(r.contract ?? null, r.timeZone),
    ['報告対象期間', r.period.firstDay, r.period.lastDay],
    ['出力日時', at(r.generatedAt)],
  ];
}

/**
 * The report as one CSV for Excel (E3): UTF-8 with a BOM, CRLF. The figures first (section, item,
 * count, in the order of the form's items), then each list as its own titled section, as the daily
 * ledger's CSV does; the head names the contract as the printed report does (or says it is not set). A
 * report rather than a list: it stays one file; its workbook puts each section
 * on a sheet of its own (decision 0024).
 */
export function monthlyCsv(r: MonthlyReport): string {
  return CSV_BOM + csvLine([MONTHLY_TITLE, r.month, eraMonth(r.month, r.timeZone)]) + headLines(r).map(csvLine).join('') + monthlyTables(r).map(section).join('');
}

/** The report as a workbook: its head lines, then each section on its own sheet. */
export function monthlyDocument(r: MonthlyReport): TabularDocument {
  const [y, m] = r.month.split('-');
  const era = eraDate(r.period.firstDay, r.timeZone).replace(/\d+日$/, '');
  return {
    title: MONTHLY_TITLE,
    subject: r.site.name,
    eraDate: era,
    tables: [
      {
        title: '報告',
        headers: ['項目', '内容'],
        dates: ['内容'],
        rows: [
          ['報告対象月', `${era}（${y}年${Number(m)}月）`],
          ['対象拠点', r.site.name],
          ...contractHeaderRows(r.contract ?? null, r.timeZone),
          ['報告対象期間', `${r.period.eraFrom}～${r.period.eraTo}`],
          ['出力日時', localDateTime(Date.parse(r.generatedAt), r.timeZone)],
        ],
      },
      ...monthlyTables(r),
    ],
    file: `monthly-report-${r.month}`,
    name: `月次報告_${r.site.name}_${r.month}`,
  };
}
