import { html, printPage, type Raw } from '../http/html.ts';
import { eraDate, localDateTime, workingDay } from '../time.ts';
import { ANOMALY_WORDS } from '../anomalies/words.ts';
import { KIND_WORDS } from '../ledger/words.ts';
import { METHOD_WORDS } from '../disposal/words.ts';
import type { MonthlyReport } from './monthly.ts';
import { INCIDENT_KIND_WORDS } from '../incidents/words.ts';
import { ASSET_STATUS_WORDS, asOfWords, eraMonth, summaryRows, verificationText, type SummaryRow } from './words.ts';
import { addresseeWords, CONTRACT_UNSET, periodWords, representativeWords } from '../contract/words.ts';
import type { ContractHeader as Contract } from '../contract/service.ts';

const FORM_ITEMS = [
  ['1', '情報セキュリティを確保するための体制の整備'],
  ['2', '取り扱う情報資産の秘密保持等'],
  ['3', '運用・保守・点検における情報セキュリティ対策の実施'],
  ['4', '外部委託する業務以外の情報資産の保全'],
  ['5', '情報セキュリティインシデントが発生した場合の対処'],
] as const;

type At = (isoTime: string | null) => string;

function formItem(no: string, title: string, rows: SummaryRow[]): Raw {
  const mine = rows.filter(([section]) => section.startsWith(`${no} `));
  return html`<tr><th class="item-no">${no}</th><td><p class="item-title">${title}　<span class="change">【□変更なし　□変更あり】</span></p>
<p class="item-label">《実施状況》</p><ul class="figures">${mine.map(([, item, value]) => html`<li>${item}: <b>${value}</b></li>`)}</ul><p class="item-label">《変更内容》</p><p class="blank-line"></p></td></tr>`;
}

function table(title: string, headers: string[], rows: (string | number | null)[][]): Raw {
  const body = rows.length === 0 ? html`<p>なし</p>` : html`<table><thead><tr>${headers.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${rows.map((r) => html`<tr>${r.map((v) => html`<td>${v ?? ''}</td>`)}</tr>`)}</tbody></table>`;
  return html`<h2 class="section-title">${title}</h2>${body}`;
}

function annexes(r: MonthlyReport, at: At): Raw {
  return html`${table('別紙1 区域別の入退室', ['区域', '入室', '退室', '入室拒否', '退室記録なし'], r.access.byArea.map((a) => [a.areaName, a.entries, a.exits, a.refusals, a.staysWithoutExit]))}
${table('別紙2 退室記録のない入室', ['区域', '氏名', '区分', '入室日時'], r.access.staysWithoutExitList.map((s) => [s.areaName, s.name, KIND_WORDS[s.kind], at(s.entryAt)]))}
${table('別紙3 異常の検知', ['検知日時', '種別', '氏名', '区域'], r.anomalies.list.map((a) => [at(a.detectedAt), ANOMALY_WORDS[a.kind], a.personName, a.areaName]))}
${table('別紙4 持込・持出申請の承認・却下', ['日時', '申請番号', '種別', '判断', '承認者', 'その場承認'], r.custody.approvals.map((x) => [at(x.at), x.requestId, x.kind === 'carry_in' ? '持込' : '持出', x.decision === 'approved' ? '承認' : '却下', x.approverName, x.onTheSpot ? '○' : '']))}
${table('別紙5 返却期限を過ぎた資産', ['管理番号', '状態', '保管者', '返却予定'], r.assets.overdueList.map((x) => [x.assetNumber, ASSET_STATUS_WORDS[x.status], x.custodianName, at(x.expectedReturnAt)]))}
${table('別紙6 インシデント', ['番号', '発見日時', '種別', '件名', '状態'], r.incidents.list.map((i) => [i.id, at(i.discoveredAt), INCIDENT_KIND_WORDS[i.kind], i.title, i.status === 'open' ? '対応中' : '完了']))}
${table('別紙7 廃棄の実施', ['実施日時', '方法', '業者', '証明書番号'], r.disposals.list.map((d) => [at(d.executedAt), METHOD_WORDS[d.method], d.vendor, d.certificateNumber]))}`;
}

function integrity(r: MonthlyReport): Raw {
  const j = r.journal;
  return html`<section class="signoff"><h2 class="section-title">記録の完全性（操作記録のハッシュチェーン検証）</h2>
<p class="${j.verification.ok ? 'signoff-status' : 'signoff-status warning'}">${verificationText(r)}</p>
<p>記録件数（全体）: ${j.headSeq}</p>
<p>最新記録のハッシュ（SHA-256、第${j.headSeq}号）: <span class="digest">${j.headHash ?? ''}</span></p></section>`;
}

/** Who the report is to and from: the contract's addressee and contractor, or 未設定 in words. */
function letterHead(c: Contract | null): Raw {
  if (!c) return html`<p class="addressee warning">宛先: ${CONTRACT_UNSET}</p>
<div class="sender"><p class="warning">受託者: 未設定</p></div>`;
  return html`<p class="addressee">${addresseeWords(c)}</p>
<div class="sender"><p>${c.contractor.address}</p><p>${c.contractor.company}</p><p>${representativeWords(c)}</p></div>`;
}

function contractRows(c: Contract | null, tz: string, site: string): Raw {
  const unset = html`<span class="warning">${CONTRACT_UNSET}</span>`;
  return html`<tr><th>受託業務名</th><td>${c ? c.name : unset}</td></tr>
<tr><th>対象拠点</th><td>${site}</td></tr>
<tr><th>受託期間</th><td>${c ? periodWords(c, tz) : html`<span class="warning">未設定</span>`}</td></tr>`;
}

/**
 * The printable report (E3) in the shape of the セキュリティ保全状況報告書 (001) used as the monthly
 * 自己点検 (003 §11): the form's five items with the month's figures, then the details as annexes. The
 * head (addressee, contractor, 受託業務名, 受託期間) is the site's contract (decision 0023); the change
 * boxes and the seal are left to the hand. A report stored before contracts existed has none (未設定).
 */
export function monthlyPage(r: MonthlyReport): string {
  const tz = r.timeZone;
  const at: At = (i) => (i === null ? '' : localDateTime(Date.parse(i), tz));
  const rows = summaryRows(r);
  const contract = r.contract ?? null;
  const issued = eraDate(workingDay(Date.parse(r.generatedAt), tz), tz);
  const month = eraMonth(r.month, tz);
  const body = html`<main class="sheet monthly-report">
<p class="doc-date">${issued}</p>
${letterHead(contract)}
<h1>セキュリティ保全状況報告書</h1>
<p class="subtitle">（月次自己点検報告 ${month}　${r.site.name}）</p>
<p>当該業務において、セキュリティ対策を適切に実施しています。また、報告対象期間における履行状況及び自己点検の結果について、以下のとおり報告いたします。</p>
<p class="ki">記</p>
<table class="form-head"><tbody>
${contractRows(contract, tz, r.site.name)}
<tr><th>報告対象期間</th><td>${r.period.eraFrom} ～ ${r.period.eraTo}</td></tr>
</tbody></table>
<h2 class="section-title">セキュリティ保全のための対策</h2>
<table class="form-items"><tbody>${FORM_ITEMS.map(([no, title]) => formItem(no, title, rows))}</tbody></table>
${integrity(r)}
${annexes(r, at)}
<p class="closing">以上</p>
<p class="generated">出力日時: ${at(r.generatedAt)}（区域内・持出中の資産、未完了のインシデント、名簿掲載者数は${asOfWords(r)}）</p></main>`;
  return printPage({ title: `セキュリティ保全状況報告書 ${r.site.name} ${month}`, body });
}
