import type { ApiJson } from '../types.ts';
import { t } from '../../shared/i18n.ts';
import { api } from '../session.ts';
import { Loading, PageTitle, useLoad } from '../ui/common.tsx';
import { PasskeyTable } from './person-passkeys.tsx';

export function MyPasskeysPage() {
  const list = useLoad(() => api<ApiJson<'/api/auth/me/passkeys'>>('/api/auth/me/passkeys'), []);
  return (
    <main>
      <PageTitle title={{ ja: '自分のパスキー', en: 'My passkeys' }} />
      <p class="muted">
        {t({
          ja: 'セキュリティキーを紛失したときは、ここで失効させてから管理者に新しい登録用リンクを依頼してください。失効させたパスキーでのセッションはすぐに終了します。',
          en: 'If you lose a security key, revoke it here and ask an admin for a new enrolment link. Sessions signed in with a revoked passkey end at once.',
        })}
      </p>
      <section class="card">
        <Loading load={list}>{(d) => <PasskeyTable passkeys={d.passkeys} onChanged={list.reload} />}</Loading>
      </section>
    </main>
  );
}
