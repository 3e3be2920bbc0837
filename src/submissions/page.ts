import type { Deps } from '../deps.ts';
import { html } from '../http/html.ts';
import { localDateTime } from '../time.ts';
import { renderDocument } from './documents.ts';
import type { Submission, SubmissionSummary } from './service.ts';
import type { ReceiptCheck } from './receipt.ts';
import { STATUS_WORDS } from './words.ts';

/**
 * The submitted document as its feature prints it, from the stored content (what was submitted, not
 * what the records say today), closed by a block that states the submission, its digest and 甲's receipt.
 */
export function submissionPage(deps: Deps, row: Submission, s: SubmissionSummary, check: ReceiptCheck | null): string {
  const tz = deps.config.timeZone;
  const at = (i: string | null) => (i === null ? '' : localDateTime(Date.parse(i), tz));
  const page = renderDocument(row.kind, JSON.parse(row.content), deps.config, row.submittedAt);
  const receipt =
    s.status === 'acknowledged'
      ? html`<p>受領: ${s.decidedByName}　${at(s.decidedAt)}（パスキーによる確認${check && check.signatureValid && check.challengeCommitsToDigest && check.contentMatchesDigest ? '・検証済み' : '・検証できません'}）</p>`
      : s.status === 'returned'
        ? html`<p>差し戻し: ${s.decidedByName}　${at(s.decidedAt)}</p><p class="pre">${s.returnComment}</p>`
        : html`<p>甲の受領: まだ確認されていません</p>`;
  const block = html`<section class="signoff submission-proof"><h2 class="section-title">甲への提出（提出番号 ${s.id}）</h2>
<p>拠点: ${s.siteName}　提出者: ${s.submittedByName}　提出日時: ${at(s.submittedAt)}　状態: ${STATUS_WORDS[s.status]}</p>
${receipt}
<p>提出した内容のハッシュ（SHA-256）:</p><p class="digest">${s.digest}</p></section>`;
  const end = page.lastIndexOf('</main>');
  return `${page.slice(0, end)}${block.html}${page.slice(end)}`;
}
