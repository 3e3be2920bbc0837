import { tableCsv, type Table } from '../http/csv.ts';
import type { TabularDocument } from '../http/xlsx.ts';
import { html, printPage, raw, type Raw } from '../http/html.ts';
import { localDateTime } from '../time.ts';
import type { Checkpoint } from '../journal/checkpoints.ts';
import { checkpointBlock, closingBlock, sheetHead, signoffBlock } from '../ledger/page.ts';
import { clockOn, eraStamp, orgCell, type At } from '../ledger/print-parts.ts';
import { numberInTag } from '../assets/tag.ts';
import { KIND_LABELS, OWNER_LABELS } from '../assets/labels.ts';
import type { CustodyLedger, CustodyRefusalRow, CustodyRow } from './ledger.ts';
import { CLASSIFICATION_WORDS, KEYED_IN, MOVEMENT_DIRECTION_WORDS, MOVEMENT_REFUSAL_WORDS, ON_THE_SPOT, ROUND_TRIP } from './words.ts';

export const CUSTODY_HEADERS = ['管理番号', '種別', '所有区分', '情報区分', '目的', '持込日時', '持出日時', '搬送者', '所属', '申請番号', '承認者', '責任者', '甲の許可', '備考'];
/** The printed columns: the CSV's, with 持込・持出 times only (the date is in the header). */
// 責任者 and 甲の許可 are printed inside 備考 (see printCells).
const PRINT_HEADERS = CUSTODY_HEADERS.filter((h) => h !== '責任者' && h !== '甲の許可').map((h) => h.replace(/日時$/, ''));
/** Column classes, for print.css: which cells never wrap and which may. */
const PRINT_CLASSES = ['code', 'kind', 'kind', 'kind', 'purpose', 'time', 'time', 'people', 'org', 'code', 'people', 'remarks'];
export const CUSTODY_REFUSAL_TITLE = '持込・持出拒否の記録';
export const CUSTODY_REFUSAL_HEADERS = ['日時', '管理番号', '持込・持出', '搬送者', '拒否理由', '申請番号', '読取コード'];
export const NOT_CARRIED_OUT = '未持出';
export const NO_CARRY_IN = '記録なし';

const SEP = '、';
/** 手入力（警備員確認: 名前）: a 管理番号 keyed in at the kiosk, and whose passkey confirmed it. */
const KEYED_IN_WORD = (who: string) => (who ? KEYED_IN.replace(/）$/, `: ${who}）`) : KEYED_IN);
/** A keyed-in attempt that was refused: what was keyed, marked as typed rather than scanned. */
const KEYED = '（手入力）';

/** A number read from a damaged tag: shown, but marked as not verified. */
export const READ_FROM_CODE = '（読取値）';

function atOf(timeZone: string): At {
  return (i) => (i === null ? '' : localDateTime(Date.parse(i), timeZone));
}

/** Each approver once, though one person may approve both the carry-in and the carry-out. */
function approversText(r: CustodyRow): string {
  return [...new Set(r.approvers.map((a) => (a.onTheSpot ? `${a.name}（${ON_THE_SPOT}）` : a.name)))].join(SEP);
}

function remarks(r: CustodyRow, at: At): string[] {
  const out: string[] = [];
  if (r.roundTrip) out.push(ROUND_TRIP);
  for (const k of r.keyedIn ?? []) out.push(`${MOVEMENT_DIRECTION_WORDS[k.direction]}は${KEYED_IN_WORD(k.confirmedBy)}`);
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
    r.purposes.join(SEP),
    r.carriedInAt === null ? NO_CARRY_IN : at(r.carriedInAt),
    r.carriedOutAt === null ? NOT_CARRIED_OUT : at(r.carriedOutAt),
    r.carriers.join(SEP),
    r.companies.join(SEP),
    r.requestIds.join(SEP),
    approversText(r),
    r.responsibles.join(SEP),
    r.cityPermissions.join(SEP),
    remarks(r, at).join(SEP),
  ];
}

function refusalCells(r: CustodyRefusalRow, at: At): string[] {
  const read = r.assetNumber === null ? numberInTag(r.scannedCode) : null;
  const code = r.keyedIn ? `${r.scannedCode}${KEYED}` : r.scannedCode;
  return [at(r.at), r.assetNumber ?? (read === null ? '' : `${read}${READ_FROM_CODE}`), MOVEMENT_DIRECTION_WORDS[r.direction], r.name, r.reason === null ? '' : MOVEMENT_REFUSAL_WORDS[r.reason], r.requestId === null ? '' : String(r.requestId), code];
}

export const CUSTODY_TITLE = '持込・持出管理簿';
export const CUSTODY_ROWS_TITLE = '持込・持出の記録';
const CUSTODY_DATES = ['持込日時', '持出日時', '日時'];

/**
 * The 持込・持出管理簿's two tables, like the 入退室管理簿's: the movements, and the refusals apart from
 * them (issue 16, decision 0024). A CSV file holds one; a workbook has each on its own sheet.
 */
export function custodyLedgerTables(ledger: CustodyLedger, timeZone: string): [Table, Table] {
  const at = atOf(timeZone);
  return [
    { key: 'stays', title: CUSTODY_ROWS_TITLE, headers: CUSTODY_HEADERS, dates: CUSTODY_DATES, rows: ledger.rows.map((r) => cells(r, at)) },
    { key: 'refusals', title: CUSTODY_REFUSAL_TITLE, headers: CUSTODY_REFUSAL_HEADERS, dates: CUSTODY_DATES, rows: ledger.refusals.map((r) => refusalCells(r, at)) },
  ];
}

/** One table of the 持込・持出管理簿 as a CSV file for Excel: UTF-8 with a BOM, CRLF, Japanese headers. */
export function custodyLedgerCsv(ledger: CustodyLedger, timeZone: string, section: 'stays' | 'refusals' = 'stays'): string {
  const [rows, refusals] = custodyLedgerTables(ledger, timeZone);
  return tableCsv(section === 'stays' ? rows : refusals);
}

/** The 持込・持出管理簿 as a downloadable document (CSV per table, or a workbook). */
export function custodyLedgerDocument(ledger: CustodyLedger, timeZone: string): TabularDocument {
  return {
    title: CUSTODY_TITLE,
    subject: `${ledger.area.site.name}　${ledger.area.name}`,
    eraDate: ledger.eraDay,
    tables: custodyLedgerTables(ledger, timeZone),
    file: `custody-ledger-${ledger.area.id}-${ledger.day}`,
    name: `${CUSTODY_TITLE}_${ledger.area.name}_${ledger.day}`,
  };
}

const MISSING_CLASS = raw(' class="missing"');

function cell(text: string, cls: string | undefined): Raw {
  return cls === 'org' ? orgCell(text) : html`<td class="${cls ?? ''}">${text}</td>`;
}

/**
 * The printed row: the CSV's cells, with 責任者 and 甲の許可 (F1, F2) written in 備考, since an A4
 * landscape page has no room for two more columns without breaking names and purposes.
 */
function printCells(r: CustodyRow, at: At): string[] {
  const all = cells(r, at);
  const [responsibles, city, remarksText] = all.slice(-3) as [string, string, string];
  const notes = [responsibles && `責任者: ${responsibles}`, `甲の許可: ${city}`, remarksText].filter((x) => x !== '');
  return [...all.slice(0, -3), notes.join(SEP)];
}

function row(r: CustodyRow, i: number, at: At): Raw {
  return html`<tr${r.carriedOutAt === null ? MISSING_CLASS : ''}><td class="no">${i + 1}</td>${printCells(r, at).map((c, j) => cell(c, PRINT_CLASSES[j]))}</tr>`;
}

const REFUSAL_CLASSES = ['time', 'code', 'kind', 'people', 'reason', 'code', 'code'];

function refusalSection(ledger: CustodyLedger, at: At): Raw {
  const body =
    ledger.refusals.length === 0
      ? html`<p class="none">なし</p>`
      : html`<table class="refusals"><thead><tr>${CUSTODY_REFUSAL_HEADERS.map((h) => html`<th>${h.replace(/^日時$/, '時刻')}</th>`)}</tr></thead><tbody>${ledger.refusals.map((r) => html`<tr>${refusalCells(r, at).map((c, j) => cell(c, REFUSAL_CLASSES[j]))}</tr>`)}</tbody></table>`;
  return html`<h2 class="section-title">${CUSTODY_REFUSAL_TITLE}</h2>${body}`;
}

/**
 * The printable 持込・持出管理簿 with its sign-off and 確認印: A4 landscape like the 入退室管理簿, no
 * script; the table head (with the title, area and 和暦 date) repeats on every printed page.
 */
export function custodyLedgerPage(ledger: CustodyLedger, timeZone: string, checkpoint: Checkpoint | null = null): string {
  const at = clockOn(ledger.day, timeZone);
  const stamp = eraStamp(timeZone);
  const t = ledger.totals;
  const span = PRINT_HEADERS.length + 1;
  const body = html`<main class="sheet ledger custody-ledger"><h1>持込・持出管理簿</h1>
<table class="custody-rows"><thead>${sheetHead('持込・持出管理簿', ledger.area, ledger.eraDay, span, ledger.contractName)}<tr><th class="no">No.</th>${PRINT_HEADERS.map((h, j) => html`<th class="${PRINT_CLASSES[j]!}">${h}</th>`)}</tr></thead><tbody>
${ledger.rows.map((r, i) => row(r, i, at))}
</tbody></table>
${ledger.rows.length === 0 ? html`<p>この日の持込・持出記録はありません。</p>` : ''}
<p class="totals">持込 ${t.carriedIn} 件　持出 ${t.carriedOut} 件　拒否 ${t.refusals} 件</p>
${refusalSection(ledger, at)}
${closingBlock({ signoff: signoffBlock(ledger.signoff, ledger.digest, stamp), proof: checkpointBlock(checkpoint, stamp), printedAt: stamp(ledger.generatedAt) })}</main>`;
  return printPage({ title: `持込・持出管理簿 ${ledger.area.name} ${ledger.eraDay}`, body });
}
