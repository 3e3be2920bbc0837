import { useState } from 'preact/hooks';
import { t } from '../../shared/i18n.ts';
import { api, hasRole } from '../session.ts';
import { dateTime } from '../format.ts';
import { label, REVOKE_REASON_LABEL, STATUS_LABEL } from '../messages.ts';
import type { ApiJson, Badge, Person } from '../types.ts';
import { Banner, Empty, ErrorBanner, Loading, Tag, useLoad } from '../ui/common.tsx';
import { FormProblem, Submit, TextField, useForm } from '../ui/form.tsx';

export function badgeSheetUrl(personIds: number[]): string {
  return `/api/badges/sheet?personIds=${personIds.join(',')}`;
}

/** A person's QR name badges: issue (retires the previous one), print, revoke as lost. */
export function PersonBadges({ person }: { person: Person }) {
  const list = useLoad(() => api<ApiJson<'/api/badges'>>(`/api/badges?personId=${person.id}`), [person.id]);
  const [issued, setIssued] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const admin = hasRole('admin');
  const issue = async () => {
    setBusy(true);
    setError(null);
    try {
      const b = await api<ApiJson<'/api/people/:id/badges', '$post'>>(`/api/people/${person.id}/badges`, { method: 'POST' });
      setIssued(b.serial);
      list.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card" aria-labelledby="badges-title">
      <h2 id="badges-title">{t({ ja: 'QR名札', en: 'QR badges' })}</h2>
      <Loading load={list}>
        {(d) => {
          const active = d.badges.find((b) => b.status === 'active');
          return (
            <>
              {issued !== null && <Banner kind="ok">{t({ ja: '名札 No.{serial} を発行しました。印刷して本人に渡してください。', en: 'Badge No. {serial} issued. Print it and hand it over.' }, { serial: issued })}</Banner>}
              {d.badges.length === 0 ? (
                <Empty>{t({ ja: '名札はまだ発行されていません。', en: 'No badge issued yet.' })}</Empty>
              ) : (
                <BadgeTable badges={d.badges} onChanged={list.reload} />
              )}
              <ErrorBanner error={error} />
              <div class="buttons">
                {admin && person.status === 'active' && (
                  <button type="button" class="primary" onClick={issue} disabled={busy}>
                    {active ? t({ ja: '名札を再発行', en: 'Issue a new badge' }) : t({ ja: '名札を発行', en: 'Issue a badge' })}
                  </button>
                )}
                {admin && active && (
                  <a class="button" href={badgeSheetUrl([person.id])} target="_blank" rel="noopener">
                    {t({ ja: '名札を印刷', en: 'Print badge' })}
                  </a>
                )}
              </div>
              {admin && active && <p class="muted small">{t({ ja: '再発行すると、前の名札はその場で使えなくなります。', en: 'Issuing a new badge retires the previous one at once.' })}</p>}
            </>
          );
        }}
      </Loading>
    </section>
  );
}

export function BadgeTable({ badges, onChanged, names }: { badges: Badge[]; onChanged: () => void; names?: Map<number, string> }) {
  const mayRevoke = hasRole('admin', 'guard');
  return (
    <table class="list">
      <thead>
        <tr>
          <th>{t({ ja: '番号', en: 'Serial' })}</th>
          {names && <th>{t({ ja: '氏名', en: 'Person' })}</th>}
          <th>{t({ ja: '発行', en: 'Issued' })}</th>
          <th>{t({ ja: '状態', en: 'Status' })}</th>
          {mayRevoke && <th />}
        </tr>
      </thead>
      <tbody>
        {badges.map((b) => (
          <tr key={b.serial}>
            <td>No. {b.serial}</td>
            {names && <td>{names.get(b.personId) ?? `#${b.personId}`}</td>}
            <td class="nowrap">{dateTime(b.issuedAt)}</td>
            <td>
              <Tag kind={b.status}>{label(STATUS_LABEL, b.status)}</Tag> {b.revokeReason && <span class="muted">{label(REVOKE_REASON_LABEL, b.revokeReason)}</span>}
            </td>
            {mayRevoke && <td>{b.status === 'active' && <RevokeLost serial={b.serial} onDone={onChanged} />}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function RevokeLost({ serial, onDone }: { serial: number; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const form = useForm({ note: '' }, { onSubmit: (v) => api(`/api/badges/${serial}/revoke`, { body: { reason: 'lost', note: v.note } }).then(onDone) });
  if (!open) {
    return (
      <button type="button" class="small" onClick={() => setOpen(true)}>
        {t({ ja: '紛失として失効', en: 'Revoke as lost' })}
      </button>
    );
  }
  return (
    <form id={form.id} onSubmit={form.onSubmit} noValidate class="inline-form">
      <TextField form={form} name="note" label={{ ja: '状況（いつ・どこで）', en: 'Circumstances (when, where)' }} />
      <FormProblem form={form} />
      <div class="buttons">
        <Submit form={form} kind="danger" label={{ ja: '失効させる', en: 'Revoke' }} />
        <button type="button" onClick={() => setOpen(false)}>
          {t({ ja: 'やめる', en: 'Cancel' })}
        </button>
      </div>
    </form>
  );
}
