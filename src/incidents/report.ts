import { html, printPage, raw } from '../http/html.ts';
import { eraDate, localDateTime, workingDay } from '../time.ts';
import type { IncidentView } from './read.ts';
import { DEADLINE_STATE_WORDS, INCIDENT_KIND_WORDS, STAGE_WORDS } from './words.ts';

const OVERDUE_CLASS = raw(' class="missing"');

/**
 * The printable インシデント報告書 (E4, 003 §12): what was lost, how many, where, how it happened, the
 * deadlines of 002 §2(4) and the timeline. No script; every stored text is escaped by html``.
 */
export function incidentReportPage(i: IncidentView, timeZone: string, printedAt: number): string {
  const at = (s: string | null) => (s === null ? '' : localDateTime(Date.parse(s), timeZone));
  const dash = (s: string | number | null) => (s === null || s === '' ? '—' : s);
  const body = html`<main class="sheet incident-report"><h1>情報セキュリティインシデント報告書</h1>
<p class="meta">報告書作成日: ${eraDate(workingDay(printedAt, timeZone), timeZone)}　インシデント番号: ${i.id}　状態: ${i.status === 'open' ? '対応中' : '終結'}</p>
<table class="form-table"><tbody>
<tr><th>件名</th><td>${i.title}</td></tr>
<tr><th>種別</th><td>${INCIDENT_KIND_WORDS[i.kind]}</td></tr>
<tr><th>発見日時</th><td>${at(i.discoveredAt)}</td></tr>
<tr><th>紛失・漏えい等の内容</th><td class="pre">${dash(i.whatLost)}</td></tr>
<tr><th>件数・数量</th><td>${dash(i.quantity)}</td></tr>
<tr><th>発生場所</th><td>${dash(i.location)}</td></tr>
<tr><th>発生状況</th><td class="pre">${dash(i.circumstances)}</td></tr>
<tr><th>関係者</th><td>${dash(i.personName)}</td></tr>
<tr><th>対象資産（管理番号）</th><td>${dash(i.assetNumber)}</td></tr>
<tr><th>名札シリアル</th><td>${dash(i.badgeSerial)}</td></tr>
<tr><th>起票者</th><td>${i.openedByName ?? 'システム（自動起票）'}　${at(i.createdAt)}</td></tr>
</tbody></table>
<h2 class="section-title">報告期限（発見から 1・8・24・48 時間）</h2>
<table><thead><tr><th>段階</th><th>期限</th><th>報告日時</th><th>状況</th></tr></thead><tbody>
${i.deadlines.map((d) => html`<tr${d.state === 'overdue' || d.state === 'late' ? OVERDUE_CLASS : ''}><td>${STAGE_WORDS[d.stage]}</td><td>${at(d.dueAt)}</td><td>${at(d.reportedAt)}</td><td>${DEADLINE_STATE_WORDS[d.state]}</td></tr>`)}
</tbody></table>
<h2 class="section-title">経過</h2>
<table><thead><tr><th>日時</th><th>段階</th><th>内容</th><th>記録者</th></tr></thead><tbody>
<tr><td>${at(i.discoveredAt)}</td><td>発見</td><td class="pre">${dash(i.circumstances)}</td><td></td></tr>
${i.history.map((u) => html`<tr><td>${at(u.at)}</td><td>${STAGE_WORDS[u.stage]}</td><td class="pre">${u.text}</td><td>${u.personName ?? ''}</td></tr>`)}
</tbody></table>
<p class="generated">出力日時: ${localDateTime(printedAt, timeZone)}</p></main>`;
  return printPage({ title: `インシデント報告書 No.${i.id}`, body });
}
