import type { ApiJson } from '../types.ts';
import { t } from '../../shared/i18n.ts';
import { api } from '../session.ts';
import { navigate } from '../router.ts';
import { Link, Loading, PageTitle, useLoad } from '../ui/common.tsx';
import { blankRequest, RequestForm, requestBody } from './request-form.tsx';

/** A new carry-in or carry-out request: written, then submitted for approval in one step. */
export function RequestNewPage() {
  const choices = useLoad(() => api<ApiJson<'/api/custody/request-choices'>>('/api/custody/request-choices'), []);
  return (
    <main>
      <PageTitle title={{ ja: '持込・持出の申請', en: 'Carry-in / carry-out request' }}>
        <Link href="/console/requests">{t({ ja: '申請一覧に戻る', en: 'Back to requests' })}</Link>
      </PageTitle>
      <Loading load={choices}>
        {(c) => (
          <RequestForm
            choices={c}
            initial={blankRequest()}
            editing={false}
            submitLabel={{ ja: '申請する', en: 'Submit the request' }}
            save={async (v) => {
              const created = await api<ApiJson<'/api/custody/requests', '$post'>>('/api/custody/requests', { body: { kind: v.kind, ...requestBody(v) } });
              // A draft that cannot be submitted stays a draft: its page says why and offers to submit again.
              await api(`/api/custody/requests/${created.id}/submit`, { method: 'POST' }).catch(() => undefined);
              navigate(`/console/requests/${created.id}?created=1`);
            }}
          />
        )}
      </Loading>
    </main>
  );
}
