import { CSV_BOM, csvLine } from '../http/csv.ts';
import { localDateTime } from '../time.ts';
import { ANOMALY_WORDS } from '../anomalies/words.ts';
import { KIND_WORDS } from '../ledger/words.ts';
import type { MonthlyReport } from './monthly.ts';
import { INCIDENT_KIND_WORDS } from '../incidents/words.ts';
import { eraMonth, summaryRows, verificationText } from './words.ts';
import { contractHeaderRows } from '../contract/words.ts';

type Cell = string | number | null;

function section(title: string, headers: string[], rows: Cell[][]): string {
  return csvLine([]) + csvLine([title]) + csvLine(headers) + rows.map(csvLine).join('');
}

/**
 * The report as one CSV for Excel (E3): UTF-8 with a BOM, CRLF. The figures first (section, item,
 * count, in the order of the form's items), then each list as its own titled section, as the daily
 * ledger's CSV does. The head names the contract as the printed report does (or says it is not set).
 */
export function monthlyCsv(r: MonthlyReport): string {
  const at = (i: string | null) => (i === null ? '' : localDateTime(Date.parse(i), r.timeZone));
  const j = r.journal;
  return (
    CSV_BOM +
    csvLine(['セキュリティ保全状況報告書（月次自己点検）', r.month, eraMonth(r.month, r.timeZone)]) +
    csvLine(['対象拠点', r.site.name]) +
    contractHeaderRows(r.contract ?? null, r.timeZone).map(csvLine).join('') +
    csvLine(['報告対象期間', r.period.firstDay, r.period.lastDay]) +
    csvLine(['出力日時', at(r.generatedAt)]) +
    section('集計', ['区分', '項目', '件数'], summaryRows(r)) +
    section('区域別の入退室', ['区域', '入室', '退室', '入室拒否', '退室記録なし'], r.access.byArea.map((a) => [a.areaName, a.entries, a.exits, a.refusals, a.staysWithoutExit])) +
    section('退室記録のない入室', ['区域', '氏名', '区分', '入室日時'], r.access.staysWithoutExitList.map((s) => [s.areaName, s.name, KIND_WORDS[s.kind], at(s.entryAt)])) +
    section('異常の検知', ['検知日時', '種別', '氏名', '区域'], r.anomalies.list.map((a) => [at(a.detectedAt), ANOMALY_WORDS[a.kind], a.personName, a.areaName])) +
    section('持込・持出申請の承認・却下', ['日時', '申請番号', '種別', '判断', '承認者', 'その場承認'], r.custody.approvals.map((x) => [at(x.at), x.requestId, x.kind === 'carry_in' ? '持込' : '持出', x.decision === 'approved' ? '承認' : '却下', x.approverName, x.onTheSpot ? '○' : ''])) +
    section('返却期限を過ぎた資産', ['管理番号', '保管者', '返却予定'], r.assets.overdueList.map((x) => [x.assetNumber, x.custodianName, at(x.expectedReturnAt)])) +
    section('インシデント', ['番号', '発見日時', '種別', '件名', '状態'], r.incidents.list.map((i) => [i.id, at(i.discoveredAt), INCIDENT_KIND_WORDS[i.kind], i.title, i.status === 'open' ? '対応中' : '完了'])) +
    section('記録の完全性', ['検証結果', '記録件数', '最新記録の番号', '最新記録のハッシュ'], [[verificationText(r), j.verification.count, j.headSeq, j.headHash]])
  );
}
