import { ledgerContractWords } from '../contract/words.ts';
import type { Checkpoint } from '../journal/checkpoints.ts';
import { html, printPage, raw, type Raw } from '../http/html.ts';
import type { DailyLedger, SignoffView } from './build.ts';
import type { RefusalRow, StayRow } from './content.ts';
import { DIRECTION_WORDS, KIND_WORDS, METHOD_WORDS, MISSING_EXIT, PAPER_RECORD, REFUSAL_WORDS, methodsText, refusalNote, remarks } from './words.ts';
import { clockOn, eraStamp, orgCell, sealBoxes, type At } from './print-parts.ts';

export const SUPERSEDED_NOTE = '承認後に訂正あり — 再承認が必要';
export const CHANGED_NOTE = '承認後に記録が変わりました — 再承認が必要';
export const NOT_SIGNED = '未承認';

export type { At } from './print-parts.ts';

const MISSING_CLASS = raw(' class="missing"');

/** Words that must not break: one nowrap span each, so a cell may wrap only between them. */
const whole = (words: string[]): Raw => html`${words.map((w, i) => html`${i ? ' ' : ''}<span class="nb">${w}</span>`)}`;

export function stayRow(s: StayRow, i: number, at: At): Raw {
  const methods = methodsText(s).split(' / ');
  return html`<tr${s.missingExit ? MISSING_CLASS : ''}><td class="no">${i + 1}</td><td class="name">${s.name}</td><td class="kana">${s.kana ?? ''}</td>${orgCell(s.affiliation)}<td class="kind">${KIND_WORDS[s.kind]}</td><td class="purpose">${s.purpose}</td><td class="time">${at(s.entryAt)}${recordedLine(s, 'in', at)}</td><td class="time">${s.exitAt === null ? MISSING_EXIT : at(s.exitAt)}${recordedLine(s, 'out', at)}</td><td class="method">${whole(methods.filter((m) => m))}</td><td class="remarks">${remarkSpans(s, at)}</td></tr>`;
}

/** The remarks cell's lines; a paper record's line is long and may wrap. */
export function remarkSpans(s: StayRow, at: At): Raw {
  return html`${remarks(s, at).map((r) => html`<span class="${r.startsWith(PAPER_RECORD) ? 'flag paper' : 'flag'}">${r}</span>`)}`;
}

/** Under a paper record's claimed time, the time it was entered into the system (B12). */
export function recordedLine(s: StayRow, direction: 'in' | 'out', at: At): Raw | '' {
  const note = s.paper?.find((n) => n.direction === direction);
  return note ? html`<br><small class="recorded">（${at(note.recordedAt)} 記録）</small>` : '';
}

export function refusalRow(r: RefusalRow, at: At): Raw {
  return html`<tr><td class="time">${at(r.at)}</td><td class="name">${r.name}</td>${orgCell(r.affiliation)}<td class="kind">${DIRECTION_WORDS[r.direction]}</td><td class="method">${METHOD_WORDS[r.method]}</td><td class="reason">${r.refusalReason === null ? '' : REFUSAL_WORDS[r.refusalReason]}</td><td class="remarks">${refusalNote(r)}</td></tr>`;
}

function refusalSection(ledger: DailyLedger, at: At): Raw {
  const body =
    ledger.refusals.length === 0
      ? html`<p class="none">なし</p>`
      : html`<table class="refusals"><thead><tr><th>時刻</th><th>氏名</th><th>所属</th><th>入退室</th><th>認証方法</th><th>拒否理由</th><th>備考</th></tr></thead><tbody>${ledger.refusals.map((r) => refusalRow(r, at))}</tbody></table>`;
  return html`<h2 class="section-title">入室拒否の記録</h2>${body}`;
}

/** The sign-off box printed under a daily ledger (shared by the 入退室管理簿 and the 持込・持出管理簿). */
export function signoffBlock(s: SignoffView | null, digest: string, at: At): Raw {
  const current = html`<p>現在のダイジェスト（SHA-256）: <span class="digest">${digest}</span></p>`;
  if (!s) return html`<section class="signoff"><h2 class="section-title">承認</h2><p class="signoff-status">${NOT_SIGNED}</p>${current}</section>`;
  const warning = s.superseded ? SUPERSEDED_NOTE : s.digestMatches ? null : CHANGED_NOTE;
  return html`<section class="${warning ? 'signoff superseded' : 'signoff'}"><h2 class="section-title">承認</h2>
${warning ? html`<p class="signoff-status warning">${warning}</p>` : ''}
<p>承認者: ${s.personName}　承認日時: ${at(s.signedAt)}</p>
<p>承認時のダイジェスト（SHA-256）: <span class="digest">${s.digest}</span></p>${warning ? current : ''}</section>`;
}

/** The journal checkpoint that closes the day: with it the paper copy anchors the hash chain. */
export function checkpointBlock(cp: Checkpoint | null, at: At): Raw {
  if (!cp) return html`<p class="checkpoint">日次チェックポイント: まだありません（日の締めに署名されます）</p>`;
  return html`<p class="checkpoint">日次チェックポイント: 操作履歴 ${cp.seq} 件目まで、${at(cp.at)} 署名（鍵 ${cp.keyId}）<br>ハッシュ <span class="digest">${cp.hash}</span></p>`;
}

/**
 * The end of a printed ledger, kept on one page: sign-off, 確認印, then the footer's proof (checkpoint,
 * digest) and the print time. `break-inside: avoid` keeps it whole; `break-before: avoid` keeps it
 * with what precedes it, so it never stands alone on the last page.
 */
export function closingBlock(parts: { signoff: Raw; proof: Raw; printedAt: string }): Raw {
  return html`<div class="closing"><div class="closing-main">${parts.signoff}${sealBoxes()}</div><footer class="ledger-footer">${parts.proof}<p class="generated">出力日時: ${parts.printedAt}</p></footer></div>`;
}

/** The document header, as the first row of the table's head so it repeats on every printed page. */
export function sheetHead(title: string, area: DailyLedger['area'], eraDay: string, span: number, contractName: string | null | undefined): Raw {
  return html`<tr class="sheet-head"><th colspan="${span}"><span class="sheet-title">${title}</span>　${ledgerContractWords(contractName)}　区域: ${area.name}　施設: ${area.site.name}　日付: ${eraDay}</th></tr>`;
}

/**
 * The printable 入退室管理簿: A4 landscape (the `ledger` named page in print.css), no script. The table
 * head, with the document's title, area and 和暦 date, repeats on every printed page; the page numbers
 * (x / y) come from print.css's @page margin box, which Chromium prints (131 and later) both from the
 * browser's print dialog and in page.pdf().
 */
export function ledgerPage(ledger: DailyLedger, timeZone: string, checkpoint: Checkpoint | null = null): string {
  const at = clockOn(ledger.day, timeZone);
  const stamp = eraStamp(timeZone);
  const t = ledger.totals;
  const body = html`<main class="sheet ledger"><h1>入退室管理簿</h1>
<table class="stays"><thead>${sheetHead('入退室管理簿', ledger.area, ledger.eraDay, 10, ledger.contractName)}<tr><th class="no">No.</th><th>氏名</th><th>ふりがな</th><th class="org">所属</th><th>区分</th><th class="purpose">目的</th><th>入室</th><th>退室</th><th>認証方法</th><th class="remarks">備考</th></tr></thead><tbody>
${ledger.stays.map((s, i) => stayRow(s, i, at))}
</tbody></table>
${ledger.stays.length === 0 ? html`<p>この日の入退室記録はありません。</p>` : ''}
<p class="totals">記録 ${t.stays} 件　入室 ${t.entries} 件　退室 ${t.exits} 件　未退室 ${t.missingExits} 件　入室拒否 ${t.refusals} 件</p>
${refusalSection(ledger, at)}
${closingBlock({ signoff: signoffBlock(ledger.signoff, ledger.digest, stamp), proof: checkpointBlock(checkpoint, stamp), printedAt: stamp(ledger.generatedAt) })}</main>`;
  return printPage({ title: `入退室管理簿 ${ledger.area.name} ${ledger.eraDay}`, body });
}
