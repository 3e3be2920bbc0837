import { html, printPage, type Raw } from '../http/html.ts';
import type { Cell, Table } from '../http/csv.ts';
import type { TabularDocument } from '../http/xlsx.ts';
import { eraDate, localDateTime, workingDay } from '../time.ts';
import { INCIDENT_KIND_WORDS } from '../incidents/words.ts';
import { ASSET_STATUS_WORDS } from '../reports/words.ts';
import type { Reconciliation } from './reconciliation.ts';

const OWNER_WORDS = { city_loaned: '市貸与', contractor: '受託者', personal: '私物' } as const;
const STATUS_WORDS = { active: '有効', suspended: '利用停止', offboarded: '離任済み' } as const;

function section(title: string, headers: string[], rows: Cell[][]): Raw {
  const body = rows.length === 0 ? html`<p class="clear">なし</p>` : html`<table><thead><tr>${headers.map((h) => html`<th>${h}</th>`)}<th class="check">確認</th></tr></thead><tbody>${rows.map((r) => html`<tr>${r.map((v) => html`<td>${v ?? ''}</td>`)}<td class="check">□</td></tr>`)}</tbody></table>`;
  return html`<h2 class="section-title">${title}（${rows.length} 件）</h2>${body}`;
}

export const RECONCILIATION_TITLE = '契約終了時の返却・持出確認表';

/** The reconciliation's tables, described once for the printed page and the workbook (decision 0024). */
export function reconciliationTables(r: Reconciliation, timeZone: string): Table[] {
  const at = (i: string | null) => (i === null ? '' : localDateTime(Date.parse(i), timeZone));
  const asset = (a: Reconciliation['carriedInNotOut'][number]) => [a.assetNumber, OWNER_WORDS[a.ownerType], a.serialNumber, ASSET_STATUS_WORDS[a.status], a.areaName, a.custodianName, a.overdue ? `${at(a.expectedReturnAt)}（超過）` : at(a.expectedReturnAt)];
  const assetHeaders = ['管理番号', '所有区分', '製造番号', '状態', '所在区域', '保管者', '返却予定'];
  return [
    { title: '持ち込まれ、持ち出されていない資産', headers: assetHeaders, dates: ['返却予定'], rows: r.carriedInNotOut.map(asset) },
    { title: '返却されていない市貸与の資産', headers: assetHeaders, dates: ['返却予定'], rows: r.loaned.cityLoaned.map(asset) },
    { title: '返却されていないセキュリティキー', headers: assetHeaders, dates: ['返却予定'], rows: r.loaned.securityKeys.map(asset) },
    { title: '返却されていない名札（バッジ）', headers: ['シリアル', '氏名', '発行日時', '状態'], dates: ['発行日時'], rows: r.loaned.badges.map((b) => [b.serial, b.personName, at(b.issuedAt), b.active ? '有効' : '失効（未回収）']) },
    { title: '離任していない作業従事者', headers: ['氏名', 'ふりがな', '所属', '状態'], rows: r.people.map((p) => [p.name, p.kana, p.organisationName, STATUS_WORDS[p.status]]) },
    { title: '未完了のインシデント', headers: ['番号', '発見日時', '種別', '件名'], dates: ['発見日時'], rows: r.openIncidents.map((i) => [i.id, at(i.discoveredAt), INCIDENT_KIND_WORDS[i.kind], i.title]) },
  ];
}

/** The reconciliation as a workbook: each list on its own sheet. */
export function reconciliationDocument(r: Reconciliation, timeZone: string): TabularDocument {
  const now = Date.parse(r.at);
  const day = workingDay(now, timeZone);
  return { title: RECONCILIATION_TITLE, subject: `${localDateTime(now, timeZone)} 現在`, eraDate: eraDate(day, timeZone), tables: reconciliationTables(r, timeZone), file: `reconciliation-${day}`, name: `${RECONCILIATION_TITLE}_${day}` };
}

/** The printable contract-end reconciliation (C10, D4): what must be returned, carried out, offboarded or closed. */
export function reconciliationPage(r: Reconciliation, timeZone: string): string {
  const at = (i: string | null) => (i === null ? '' : localDateTime(Date.parse(i), timeZone));
  const now = Date.parse(r.at);
  const body = html`<main class="sheet reconciliation"><h1>${RECONCILIATION_TITLE}</h1>
<p class="meta">${eraDate(workingDay(now, timeZone), timeZone)} ${at(r.at)} 現在</p>
<p class="${r.clear ? 'signoff-status' : 'signoff-status warning'}">${r.clear ? '未返却・未持出・未処理の項目はありません。' : '未返却・未持出・未処理の項目があります。'}</p>
${reconciliationTables(r, timeZone).map((t) => section(t.title, [...t.headers], t.rows))}
<section class="signoff"><h2 class="section-title">確認</h2><p>業務責任者　<span class="blank-name"></span>　　市担当者　<span class="blank-name"></span></p></section>
</main>`;
  return printPage({ title: RECONCILIATION_TITLE, body });
}
