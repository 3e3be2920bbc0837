import { useState } from 'preact/hooks';
import { t } from '../../shared/i18n.ts';
import { api } from '../session.ts';
import { dateTime } from '../format.ts';
import { label, STATUS_LABEL } from '../messages.ts';
import type { ApiJson, Passkey, Person } from '../types.ts';
import { Empty, ErrorBanner, Loading, Qr, Tag, useLoad } from '../ui/common.tsx';

/** A list of passkeys with revoke; used for a person (admin) and for oneself. */
export function PasskeyTable({ passkeys, onChanged }: { passkeys: Passkey[]; onChanged: () => void }) {
  const [error, setError] = useState<unknown>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const revoke = async (id: string) => {
    setError(null);
    try {
      await api(`/api/passkeys/${encodeURIComponent(id)}/revoke`, { method: 'POST' });
      setConfirming(null);
      onChanged();
    } catch (err) {
      setError(err);
    }
  };
  if (passkeys.length === 0) return <Empty>{t({ ja: 'パスキーはまだ登録されていません。', en: 'No passkey registered yet.' })}</Empty>;
  return (
    <>
      <ErrorBanner error={error} />
      <table class="list">
        <thead>
          <tr>
            <th>{t({ ja: '名前', en: 'Name' })}</th>
            <th>{t({ ja: '登録', en: 'Registered' })}</th>
            <th>{t({ ja: '最終使用', en: 'Last used' })}</th>
            <th>{t({ ja: '状態', en: 'Status' })}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {passkeys.map((k) => (
            <tr key={k.id}>
              <td>{k.name}</td>
              <td class="nowrap">{dateTime(k.createdAt)}</td>
              <td class="nowrap">{dateTime(k.lastUsedAt) || '—'}</td>
              <td>
                <Tag kind={k.status}>{label(STATUS_LABEL, k.status)}</Tag>
              </td>
              <td>
                {k.status !== 'revoked' &&
                  (confirming === k.id ? (
                    <span class="buttons">
                      <button type="button" class="danger small" onClick={() => revoke(k.id)}>
                        {t({ ja: '失効を確定', en: 'Confirm revoke' })}
                      </button>
                      <button type="button" class="small" onClick={() => setConfirming(null)}>
                        {t({ ja: 'やめる', en: 'Cancel' })}
                      </button>
                    </span>
                  ) : (
                    <button type="button" class="small" onClick={() => setConfirming(k.id)}>
                      {t({ ja: '失効', en: 'Revoke' })}
                    </button>
                  ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** A one-time enrolment link (POST /api/people/:id/enrolments). */
type EnrolmentLink = ApiJson<'/api/people/:id/enrolments', '$post'>;

/** Admin: a person's passkeys, and a one-time enrolment link (URL and QR) for a new one. */
export function PersonPasskeys({ person }: { person: Person }) {
  const list = useLoad(() => api<ApiJson<'/api/people/:id/passkeys'>>(`/api/people/${person.id}/passkeys`), [person.id]);
  const [link, setLink] = useState<EnrolmentLink | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const issue = async () => {
    setBusy(true);
    setError(null);
    try {
      setLink(await api<ApiJson<'/api/people/:id/enrolments', '$post'>>(`/api/people/${person.id}/enrolments`, { method: 'POST' }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card" aria-labelledby="passkeys-title">
      <h2 id="passkeys-title">{t({ ja: 'パスキー', en: 'Passkeys' })}</h2>
      <Loading load={list}>{(d) => <PasskeyTable passkeys={d.passkeys} onChanged={list.reload} />}</Loading>
      <ErrorBanner error={error} />
      {link ? (
        <div class="handout" aria-live="polite">
          <h3>{t({ ja: 'パスキー登録用リンク（一度だけ有効）', en: 'Enrolment link (works once)' })}</h3>
          <div class="handout-body">
            <Qr text={link.url} alt={{ ja: '登録用リンクのQRコード', en: 'QR code of the enrolment link' }} />
            <div>
              <p>{t({ ja: '本人に渡してください。本人がこのリンクを開き、自分のセキュリティキーを登録します。', en: 'Hand this to the person. They open it and register their own security key.' })}</p>
              <p>
                <code class="url" data-testid="enrolment-url">
                  {link.url}
                </code>
              </p>
              <p class="muted">
                {t({ ja: '有効期限', en: 'Expires' })}: {dateTime(link.expiresAt)}
              </p>
            </div>
          </div>
        </div>
      ) : (
        person.status === 'active' && (
          <div class="buttons">
            <button type="button" class="primary" onClick={issue} disabled={busy}>
              {t({ ja: '登録用リンクを発行', en: 'Issue an enrolment link' })}
            </button>
          </div>
        )
      )}
    </section>
  );
}
