import { CSV_BOM, csvLine } from '../http/csv.ts';
import { html, printPage, raw, type Raw } from '../http/html.ts';
import { localDateTime } from '../time.ts';
import { signoffBlock, type At } from '../ledger/page.ts';
import { KIND_LABELS, OWNER_LABELS } from '../assets/labels.ts';
import type { CustodyLedger, CustodyRefusalRow, CustodyRow } from './ledger.ts';
import { CLASSIFICATION_WORDS, MOVEMENT_DIRECTION_WORDS, MOVEMENT_REFUSAL_WORDS, ON_THE_SPOT } from './words.ts';

export const CUSTODY_HEADERS = ['管理番号', '種別', '所有区分', '情報区分', '持込日時', '持出日時', '搬送者', '申請番号', '承認者', '備考'];
export const CUSTODY_REFUSAL_TITLE = '持込・持出拒否の記録';
export const CUSTODY_REFUSAL_HEADERS = ['日時', '管理番号', '持込・持出', '搬送者', '拒否理由', '申請番号', '読取コード'];
export const NOT_CARRIED_OUT = '未持出';
export const NO_CARRY_IN = '記録なし';

const SEP = '、';

function atOf(timeZone: string): At {
  return (i) => (i === null ? '' : localDateTime(Date.parse(i), timeZone));
}

function approversText(r: CustodyRow): string {
  return r.approvers.map((a) => (a.onTheSpot ? `${a.name}（${ON_THE_SPOT}）` : a.name)).join(SEP);
}

function remarks(r: CustodyRow, at: At): string[] {
  const out: string[] = [];
  if (r.destination) out.push(`持出先: ${r.destination}`);
  if (r.expectedReturnAt) out.push(`返却予定: ${at(r.expectedReturnAt)}`);
  return out;
}

/** The cells of one row, shared by the CSV and the printed page so that both say the same. */
function cells(r: CustodyRow, at: At): string[] {
  return [
    r.assetNumber,
    KIND_LABELS[r.kind],
    OWNER_LABELS[r.ownerType],
    CLASSIFICATION_WORDS[r.classification],
    r.carriedInAt === null ? NO_CARRY_IN : at(r.carriedInAt),
    r.carriedOutAt === null ? NOT_CARRIED_OUT : at(r.carriedOutAt),
    r.carriers.join(SEP),
    r.requestIds.join(SEP),
    approversText(r),
    remarks(r, at).join(SEP),
  ];
}

function refusalCells(r: CustodyRefusalRow, at: At): string[] {
  return [at(r.at), r.assetNumber ?? '', MOVEMENT_DIRECTION_WORDS[r.direction], r.name, r.reason === null ? '' : MOVEMENT_REFUSAL_WORDS[r.reason], r.requestId === null ? '' : String(r.requestId), r.scannedCode];
}

/**
 * The 持込・持出管理簿 as one CSV file for Excel, like the 入退室管理簿: UTF-8 with a BOM, CRLF, Japanese
 * headers; the refusals follow as a second section after an empty line and a title line (always written).
 */
export function custodyLedgerCsv(ledger: CustodyLedger, timeZone: string): string {
  const at = atOf(timeZone);
  return (
    CSV_BOM +
    csvLine(CUSTODY_HEADERS) +
    ledger.rows.map((r) => csvLine(cells(r, at))).join('') +
    csvLine([]) +
    csvLine([CUSTODY_REFUSAL_TITLE]) +
    csvLine(CUSTODY_REFUSAL_HEADERS) +
    ledger.refusals.map((r) => csvLine(refusalCells(r, at))).join('')
  );
}

const MISSING_CLASS = raw(' class="missing"');

function row(r: CustodyRow, i: number, at: At): Raw {
  return html`<tr${r.carriedOutAt === null ? MISSING_CLASS : ''}><td>${i + 1}</td>${cells(r, at).map((c) => html`<td>${c}</td>`)}</tr>`;
}

function refusalSection(ledger: CustodyLedger, at: At): Raw {
  const body =
    ledger.refusals.length === 0
      ? html`<p>なし</p>`
      : html`<table><thead><tr>${CUSTODY_REFUSAL_HEADERS.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${ledger.refusals.map((r) => html`<tr>${refusalCells(r, at).map((c) => html`<td>${c}</td>`)}</tr>`)}</tbody></table>`;
  return html`<h2 class="section-title">${CUSTODY_REFUSAL_TITLE}</h2>${body}`;
}

/** The printable A4 持込・持出管理簿 with its sign-off box: no script, the header repeats on every page. */
export function custodyLedgerPage(ledger: CustodyLedger, timeZone: string): string {
  const at = atOf(timeZone);
  const t = ledger.totals;
  const body = html`<main class="sheet ledger custody-ledger"><h1>持込・持出管理簿</h1>
<p class="meta">区域: ${ledger.area.name}　施設: ${ledger.area.site.name}　日付: ${ledger.day}（${ledger.eraDay}）</p>
<table class="custody-rows"><thead><tr><th>No.</th>${CUSTODY_HEADERS.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>
${ledger.rows.map((r, i) => row(r, i, at))}
</tbody></table>
${ledger.rows.length === 0 ? html`<p>この日の持込・持出記録はありません。</p>` : ''}
<p class="totals">持込 ${t.carriedIn} 件　持出 ${t.carriedOut} 件　拒否 ${t.refusals} 件</p>
${refusalSection(ledger, at)}
${signoffBlock(ledger.signoff, ledger.digest, at)}
<p class="generated">出力日時: ${at(ledger.generatedAt)}</p></main>`;
  return printPage({ title: `持込・持出管理簿 ${ledger.area.name} ${ledger.day}`, body });
}
