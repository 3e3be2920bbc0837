import { ledgerContractWords } from '../contract/words.ts';
import type { Checkpoint } from '../journal/checkpoints.ts';
import { tableCsv, type Table } from '../http/csv.ts';
import type { TabularDocument } from '../http/xlsx.ts';
import { html, printPage, raw, type Raw } from '../http/html.ts';
import { localDateTime } from '../time.ts';
import { LEDGER_DATES, REFUSAL_HEADERS, REFUSAL_TITLE, STAY_HEADERS, STAY_TITLE, type LedgerSection } from './csv.ts';
import { checkpointBlock, closingBlock, recordedLine, remarkSpans, signoffBlock } from './page.ts';
import { clockOn, eraStamp, orgCell, type At } from './print-parts.ts';
import type { SiteLedger, SiteRefusalRow, SiteStayRow } from './site.ts';
import { DIRECTION_WORDS, KIND_WORDS, METHOD_WORDS, MISSING_EXIT, REFUSAL_WORDS, methodsText, refusalNote, remarks } from './words.ts';

export const SITE_LEDGER_TITLE = '入退室管理簿（拠点）';

const MISSING_CLASS = raw(' class="missing"');

function stayRow(s: SiteStayRow, i: number, at: At): Raw {
  return html`<tr${s.missingExit ? MISSING_CLASS : ''}><td class="no">${i + 1}</td><td class="area">${s.area.name}</td><td class="name">${s.name}${s.kana ? html`<br><small class="kana">${s.kana}</small>` : ''}</td>${orgCell(s.affiliation)}<td class="kind">${KIND_WORDS[s.kind]}</td><td class="purpose">${s.purpose}</td><td class="time">${at(s.entryAt)}${recordedLine(s, 'in', at)}</td><td class="time">${s.exitAt === null ? MISSING_EXIT : at(s.exitAt)}${recordedLine(s, 'out', at)}</td><td class="method">${methodsText(s)}</td><td class="remarks">${remarkSpans(s, at)}</td></tr>`;
}

function refusalRow(r: SiteRefusalRow, at: At): Raw {
  return html`<tr><td class="time">${at(r.at)}</td><td class="area">${r.area.name}</td><td class="name">${r.name}</td>${orgCell(r.affiliation)}<td class="kind">${DIRECTION_WORDS[r.direction]}</td><td class="method">${METHOD_WORDS[r.method]}</td><td class="reason">${r.refusalReason === null ? '' : REFUSAL_WORDS[r.refusalReason]}</td><td class="remarks">${refusalNote(r)}</td></tr>`;
}

function sheetHead(l: SiteLedger, span: number): Raw {
  return html`<tr class="sheet-head"><th colspan="${span}"><span class="sheet-title">${SITE_LEDGER_TITLE}</span>　${ledgerContractWords(l.contractName)}　施設: ${l.site.name}　日付: ${l.eraDay}　対象区域: ${l.areas.map((a) => a.name).join('、')}</th></tr>`;
}

/**
 * The printable daily record of a whole site (B13): every managed area's stays in time order with the
 * area named, A4 landscape like an area's ledger (decision 0014), with the same sign-off and 確認印.
 */
export function siteLedgerPage(l: SiteLedger, timeZone: string, checkpoint: Checkpoint | null = null): string {
  const at = clockOn(l.day, timeZone);
  const stamp = eraStamp(timeZone);
  const t = l.totals;
  const refusals =
    l.refusals.length === 0
      ? html`<p class="none">なし</p>`
      : html`<table class="refusals"><thead><tr><th>時刻</th><th>区域</th><th>氏名</th><th>所属</th><th>入退室</th><th>認証方法</th><th>拒否理由</th><th>備考</th></tr></thead><tbody>${l.refusals.map((r) => refusalRow(r, at))}</tbody></table>`;
  const body = html`<main class="sheet ledger site-ledger"><h1>${SITE_LEDGER_TITLE}</h1>
<table class="stays"><thead>${sheetHead(l, 10)}<tr><th class="no">No.</th><th class="area">区域</th><th>氏名</th><th class="org">所属</th><th>区分</th><th class="purpose">目的</th><th>入室</th><th>退室</th><th>認証方法</th><th class="remarks">備考</th></tr></thead><tbody>
${l.stays.map((s, i) => stayRow(s, i, at))}
</tbody></table>
${l.stays.length === 0 ? html`<p>この日の入退室記録はありません。</p>` : ''}
<p class="totals">記録 ${t.stays} 件　入室 ${t.entries} 件　退室 ${t.exits} 件　未退室 ${t.missingExits} 件　入室拒否 ${t.refusals} 件</p>
<h2 class="section-title">入室拒否の記録</h2>${refusals}
${closingBlock({ signoff: signoffBlock(l.signoff, l.digest, stamp), proof: checkpointBlock(checkpoint, stamp), printedAt: stamp(l.generatedAt) })}</main>`;
  return printPage({ title: `${SITE_LEDGER_TITLE} ${l.site.name} ${l.eraDay}`, body });
}

/** The site's daily record as two tables, the area named on every row, with the area ledger's columns (decision 0024). */
export function siteLedgerTables(l: SiteLedger, timeZone: string): [Table, Table] {
  const at = (i: string | null): string => (i === null ? '' : localDateTime(Date.parse(i), timeZone));
  const [refusalAt, ...refusalRest] = REFUSAL_HEADERS;
  return [
    {
      key: 'stays',
      title: STAY_TITLE,
      headers: ['区域', ...STAY_HEADERS],
      dates: LEDGER_DATES,
      rows: l.stays.map((s) => [s.area.name, s.name, s.kana ?? '', s.affiliation, KIND_WORDS[s.kind], s.purpose, at(s.entryAt), s.exitAt === null ? MISSING_EXIT : at(s.exitAt), methodsText(s), remarks(s, at).join('、')]),
    },
    {
      key: 'refusals',
      title: REFUSAL_TITLE,
      headers: [refusalAt!, '区域', ...refusalRest],
      dates: LEDGER_DATES,
      rows: l.refusals.map((r) => [at(r.at), r.area.name, r.name, r.affiliation, DIRECTION_WORDS[r.direction], METHOD_WORDS[r.method], r.refusalReason === null ? '' : REFUSAL_WORDS[r.refusalReason], refusalNote(r)]),
    },
  ];
}

/** One table of the site's daily record as a CSV file, with the cell rules of every CSV here (decision 0009). */
export function siteLedgerCsv(l: SiteLedger, timeZone: string, section: LedgerSection = 'stays'): string {
  const [stays, refusals] = siteLedgerTables(l, timeZone);
  return tableCsv(section === 'stays' ? stays : refusals);
}

/** The site's daily record as a downloadable document (CSV per table, or a workbook). */
export function siteLedgerDocument(l: SiteLedger, timeZone: string): TabularDocument {
  return {
    title: SITE_LEDGER_TITLE,
    subject: l.site.name,
    eraDate: l.eraDay,
    tables: siteLedgerTables(l, timeZone),
    file: `site-ledger-${l.site.id}-${l.day}`,
    name: `${SITE_LEDGER_TITLE}_${l.site.name}_${l.day}`,
  };
}
