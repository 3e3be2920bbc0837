import type { ApiJson } from '../types.ts';
import { t } from '../../shared/i18n.ts';
import { api } from '../session.ts';
import { Loading, PageTitle, useLoad } from '../ui/common.tsx';
import { SubmissionRows } from './submissions.tsx';

/** 甲's list: what awaits their receipt at their sites, and what they already received or returned (F3, F4). */
export function ReceiptsPage() {
  const load = useLoad(() => api<ApiJson<'/api/submissions'>>('/api/submissions'), []);
  return (
    <main>
      <PageTitle title={{ ja: '受領待ちの書類', en: 'Documents awaiting receipt' }} />
      <p class="muted">{t({ ja: '受託者から提出された、担当する拠点の書類です。内容を確かめて、パスキーで受領を確認するか、理由を書いて差し戻してください。', en: 'Documents the contractor submitted for your sites. Check each one, then confirm receipt with your passkey or return it with a reason.' })}</p>
      <Loading load={load}>
        {(d) => (
          <>
            <section class="card">
              <h2>{t({ ja: '受領待ち', en: 'Awaiting receipt' })}</h2>
              <SubmissionRows rows={d.submissions.filter((s) => s.status === 'submitted')} base="/console/receipts" caption={{ ja: '受領待ち', en: 'Awaiting receipt' }} />
            </section>
            <section class="card">
              <h2>{t({ ja: '受領済み・差し戻し', en: 'Received or returned' })}</h2>
              <SubmissionRows rows={d.submissions.filter((s) => s.status !== 'submitted')} base="/console/receipts" caption={{ ja: '受領済み・差し戻し', en: 'Received or returned' }} />
            </section>
          </>
        )}
      </Loading>
    </main>
  );
}
