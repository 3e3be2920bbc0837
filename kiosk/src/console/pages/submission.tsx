import type { ApiJson, Ceremony } from '../types.ts';
import { useState } from 'preact/hooks';
import { startAuthentication } from '@simplewebauthn/browser';
import { ApiError } from '../../shared/api.ts';
import { t } from '../../shared/i18n.ts';
import { useSignal } from '../../shared/signal.ts';
import { api, hasRole } from '../session.ts';
import { route } from '../router.ts';
import { dateTime } from '../format.ts';
import { label } from '../messages.ts';
import { KIND_LABEL, statusTag, SUBMISSION_STATUS_LABEL, type ReceiptCheck, type SubmissionDetail } from '../submission-types.ts';
import { Banner, ErrorBanner, Link, Loading, PageTitle, Tag, useLoad } from '../ui/common.tsx';
import { FormProblem, requireFields, Submit, TextField, useForm } from '../ui/form.tsx';
import { PrintLink } from './compliance-parts.tsx';

type Detail = SubmissionDetail;

/** 甲's receipt: a passkey assertion over the document's digest (the sign-off's ceremony). */
function Acknowledge({ s, onDone }: { s: Detail; onDone: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const go = async () => {
    setBusy(true);
    setError(null);
    try {
      const { options } = await api<Ceremony<'/api/submissions/:id/receipt/options'>>(`/api/submissions/${s.id}/receipt/options`, { method: 'POST' });
      const response = await startAuthentication({ optionsJSON: options });
      await api(`/api/submissions/${s.id}/receipt`, { body: { response } });
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="buttons">
      <button type="button" class="primary" onClick={go} disabled={busy}>
        {busy ? t({ ja: 'パスキーを確認中…', en: 'Checking passkey…' }) : t({ ja: '受領を確認（パスキー）', en: 'Confirm receipt (passkey)' })}
      </button>
      <span class="muted small">{t({ ja: '受領の確認は、この書類の内容（ハッシュ）に対する署名として記録されます。', en: "Your receipt is recorded as a signature over this document's digest." })}</span>
      <ErrorBanner error={error} />
    </div>
  );
}

function ReturnForm({ s, onDone }: { s: Detail; onDone: () => void }) {
  const form = useForm(
    { comment: '' },
    {
      validate: (v) => requireFields(v, ['comment']),
      onSubmit: async (v) => {
        await api(`/api/submissions/${s.id}/return`, { body: v });
        onDone();
      },
    },
  );
  return (
    <form id={form.id} onSubmit={form.onSubmit} noValidate aria-label={t({ ja: '差し戻し', en: 'Return' })}>
      <TextField form={form} name="comment" multiline label={{ ja: '差し戻しの理由（提出者に伝わります）', en: 'Why it is returned (the contractor sees this)' }} required />
      <FormProblem form={form} />
      <div class="buttons">
        <Submit form={form} kind="danger" label={{ ja: '差し戻す', en: 'Return' }} />
      </div>
    </form>
  );
}

function receiptWords(c: ReceiptCheck | null) {
  if (!c) return null;
  const ok = c.contentMatchesDigest && c.challengeCommitsToDigest && c.signatureValid;
  return ok ? (
    <Banner kind="ok">{t({ ja: '受領の署名を検証しました：この書類の内容に対する、受領者本人のパスキーによる署名です。', en: "Receipt verified: a signature over this document's content by the receiver's own passkey." })}</Banner>
  ) : (
    <Banner kind="error">{t({ ja: '受領の署名を検証できません。監査担当に連絡してください。', en: 'The receipt does not verify. Tell the auditor.' })}</Banner>
  );
}

/** One submitted document: what it is, its digest, its receipt; 甲 confirms receipt or returns it (F3). */
export function SubmissionPage({ id, base }: { id: number; base: string }) {
  const loc = useSignal(route);
  const load = useLoad(() => api<ApiJson<'/api/submissions/:id'>>(`/api/submissions/${id}`), [id]);
  if (load.error instanceof ApiError && load.error.status === 403) {
    return (
      <main>
        <h1>{t({ ja: 'この書類を見る権限がありません', en: 'You may not see this document' })}</h1>
        <p>{t({ ja: '担当する拠点の書類だけを見られます。', en: 'You see the documents of your own sites only.' })}</p>
        <Link href={base}>{t({ ja: '一覧へ戻る', en: 'Back to the list' })}</Link>
      </main>
    );
  }
  return (
    <main>
      <PageTitle title={{ ja: '提出された書類', en: 'Submitted document' }} />
      <Loading load={load}>
        {(s) => (
          <section class="card">
            {loc.query.get('submitted') && s.status === 'submitted' && <Banner kind="ok">{t({ ja: '甲に提出しました。受領の確認を待っています。', en: 'Submitted to the city; awaiting receipt.' })}</Banner>}
            <div class="page-title">
              <h2>
                No.{s.id} {s.title}
              </h2>
              <div class="buttons">
                <PrintLink href={`/api/submissions/${s.id}/document`}>{t({ ja: '書類を開く（印刷用）', en: 'Open the document (print)' })}</PrintLink>
              </div>
            </div>
            <dl class="facts">
              <dt>{t({ ja: '種類', en: 'Kind' })}</dt>
              <dd>{label(KIND_LABEL, s.kind)}</dd>
              <dt>{t({ ja: '拠点', en: 'Site' })}</dt>
              <dd>{s.siteName}</dd>
              <dt>{t({ ja: '提出者・提出日時', en: 'Submitted' })}</dt>
              <dd>
                {s.submittedByName}（{dateTime(s.submittedAt)}）
              </dd>
              <dt>{t({ ja: '状態', en: 'Status' })}</dt>
              <dd>
                <Tag kind={statusTag(s.status)}>{label(SUBMISSION_STATUS_LABEL, s.status)}</Tag>
                {s.decidedByName && `　${s.decidedByName}（${dateTime(s.decidedAt)}）`}
              </dd>
              {s.previousId !== null && (
                <>
                  <dt>{t({ ja: '再提出', en: 'Resubmission of' })}</dt>
                  <dd>
                    <Link href={`${base}/${s.previousId}`}>{t({ ja: '差し戻された提出番号 {n} の再提出', en: 'Resubmits No.{n}' }, { n: s.previousId })}</Link>
                  </dd>
                </>
              )}
              <dt>{t({ ja: '内容のハッシュ（SHA-256）', en: 'Digest (SHA-256)' })}</dt>
              <dd>
                <code class="digest">{s.digest}</code>
              </dd>
            </dl>
            {s.status === 'returned' && (
              <Banner kind="warn">
                {t({ ja: '差し戻しの理由：', en: 'Returned because: ' })}
                {s.returnComment}
              </Banner>
            )}
            {receiptWords(s.receipt)}
            {hasRole('city') && s.status === 'submitted' && (
              <>
                <Acknowledge s={s} onDone={load.reload} />
                <h3>{t({ ja: '差し戻し', en: 'Return' })}</h3>
                <ReturnForm s={s} onDone={load.reload} />
              </>
            )}
          </section>
        )}
      </Loading>
    </main>
  );
}
