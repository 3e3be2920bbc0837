import type { ApiJson } from '../types.ts';
import { t } from '../../shared/i18n.ts';
import { api } from '../session.ts';
import { navigate } from '../router.ts';
import { Link, Loading, PageTitle, useLoad } from '../ui/common.tsx';
import { RequestForm, requestBody, requestValues } from './request-form.tsx';

/**
 * The requester mends a request nothing has been decided on. A submitted request stays awaiting approval;
 * a draft is submitted once it is saved, as a new request is.
 */
export function RequestEditPage({ id }: { id: number }) {
  const load = useLoad(() => Promise.all([api<ApiJson<'/api/custody/requests/:id'>>(`/api/custody/requests/${id}`), api<ApiJson<'/api/custody/request-choices'>>('/api/custody/request-choices')]), [id]);
  const back = `/console/requests/${id}`;
  return (
    <main>
      <PageTitle title={{ ja: `持込・持出申請 ${id} の編集`, en: `Edit request ${id}` }}>
        <Link href={back}>{t({ ja: '申請に戻る', en: 'Back to the request' })}</Link>
      </PageTitle>
      <Loading load={load}>
        {([r, c]) => (
          <RequestForm
            choices={c}
            initial={requestValues(r)}
            editing
            submitLabel={{ ja: '変更を保存する', en: 'Save the changes' }}
            save={async (v) => {
              await api(`/api/custody/requests/${id}`, { method: 'PATCH', body: requestBody(v) });
              if (r.status === 'draft') await api(`/api/custody/requests/${id}/submit`, { method: 'POST' }).catch(() => undefined);
              navigate(`${back}?edited=1`);
            }}
          />
        )}
      </Loading>
    </main>
  );
}
