import type { Checkpoint } from '../journal/checkpoints.ts';
import { html, printPage, raw, type Raw } from '../http/html.ts';
import { localDateTime } from '../time.ts';
import type { DailyLedger, SignoffView } from './build.ts';
import type { RefusalRow, StayRow } from './content.ts';
import { DIRECTION_WORDS, KIND_WORDS, METHOD_WORDS, MISSING_EXIT, REFUSAL_WORDS, methodsText, remarks } from './words.ts';

export const SUPERSEDED_NOTE = '承認後に訂正あり — 再承認が必要';
export const CHANGED_NOTE = '承認後に記録が変わりました — 再承認が必要';
export const NOT_SIGNED = '未承認';

export type At = (isoTime: string | null) => string;

const MISSING_CLASS = raw(' class="missing"');

function stayRow(s: StayRow, i: number, at: At): Raw {
  return html`<tr${s.missingExit ? MISSING_CLASS : ''}><td>${i + 1}</td><td>${s.name}${s.kana ? html`<br><small>${s.kana}</small>` : ''}</td><td>${s.affiliation}</td><td>${KIND_WORDS[s.kind]}</td><td>${s.purpose}</td><td>${at(s.entryAt)}</td><td>${s.exitAt === null ? MISSING_EXIT : at(s.exitAt)}</td><td>${methodsText(s)}</td><td>${remarks(s).map((r) => html`<span class="flag">${r}</span><br>`)}</td></tr>`;
}

function refusalRow(r: RefusalRow, at: At): Raw {
  return html`<tr><td>${at(r.at)}</td><td>${r.name}</td><td>${r.affiliation}</td><td>${DIRECTION_WORDS[r.direction]}</td><td>${METHOD_WORDS[r.method]}</td><td>${r.refusalReason === null ? '' : REFUSAL_WORDS[r.refusalReason]}</td><td>${r.note}</td></tr>`;
}

function refusalSection(ledger: DailyLedger, at: At): Raw {
  const body =
    ledger.refusals.length === 0
      ? html`<p>なし</p>`
      : html`<table><thead><tr><th>日時</th><th>氏名</th><th>所属</th><th>入退室</th><th>認証方法</th><th>拒否理由</th><th>備考</th></tr></thead><tbody>${ledger.refusals.map((r) => refusalRow(r, at))}</tbody></table>`;
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

/** The printable A4 入退室管理簿: no script; the table header repeats on every printed page (thead). */
export function ledgerPage(ledger: DailyLedger, timeZone: string, checkpoint: Checkpoint | null = null): string {
  const at: At = (i) => (i === null ? '' : localDateTime(Date.parse(i), timeZone));
  const t = ledger.totals;
  const body = html`<main class="sheet ledger"><h1>入退室管理簿</h1>
<p class="meta">区域: ${ledger.area.name}　施設: ${ledger.area.site.name}　日付: ${ledger.day}（${ledger.eraDay}）</p>
<table class="stays"><thead><tr><th>No.</th><th>氏名</th><th>所属</th><th>区分</th><th>目的</th><th>入室日時</th><th>退室日時</th><th>認証方法</th><th>備考</th></tr></thead><tbody>
${ledger.stays.map((s, i) => stayRow(s, i, at))}
</tbody></table>
${ledger.stays.length === 0 ? html`<p>この日の入退室記録はありません。</p>` : ''}
<p class="totals">入室 ${t.entries} 件　退室 ${t.exits} 件　未退室 ${t.missingExits} 件　入室拒否 ${t.refusals} 件</p>
${refusalSection(ledger, at)}
${signoffBlock(ledger.signoff, ledger.digest, at)}
${checkpointBlock(checkpoint, at)}
<p class="generated">出力日時: ${at(ledger.generatedAt)}</p></main>`;
  return printPage({ title: `入退室管理簿 ${ledger.area.name} ${ledger.day}`, body });
}
