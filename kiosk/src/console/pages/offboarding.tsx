import type { ApiJson } from '../types.ts';
import { useState } from 'preact/hooks';
import { t } from '../../shared/i18n.ts';
import { api, hasRole } from '../session.ts';
import { dateTime } from '../format.ts';
import { label, STATUS_LABEL } from '../messages.ts';
import { KIND_LABEL } from '../../shared/custody-labels.ts';
import type { Incident, OffboardingView } from '../compliance-types.ts';
import { Banner, Empty, Link, Loading, PageTitle, Tag, useLoad } from '../ui/common.tsx';
import { FormProblem, requireFields, Submit, TextField, useForm } from '../ui/form.tsx';

/** What one offboarding revoked (POST /api/people/:id/offboard). */
type Revoked = ApiJson<'/api/people/:id/offboard', '$post'>;

/** Offboarding (A5, B8): one action revokes everything; then each item out with the person until it is back or lost. */
export function OffboardingPage({ id }: { id: number }) {
  const load = useLoad(() => api<ApiJson<'/api/people/:id/offboarding'>>(`/api/people/${id}/offboarding`), [id]);
  const [revoked, setRevoked] = useState<Revoked['revoked'] | null>(null);
  return (
    <main>
      <PageTitle title={{ ja: '離任の手続き', en: 'Offboarding' }}>
        <Link href={`/console/roster/${id}`}>{t({ ja: '名簿の詳細に戻る', en: 'Back to the roster entry' })}</Link>
      </PageTitle>
      <Loading load={load}>
        {(v) => (
          <>
            <section class="card">
              <h2>
                {v.person.name} <span class="muted">{v.person.kana}</span> <Tag kind={v.person.status}>{label(STATUS_LABEL, v.person.status)}</Tag>
              </h2>
              {revoked && (
                <Banner kind="ok">
                  {t(
                    { ja: '離任にしました。パスキー {p} 件、セッション {s} 件、名札 {b} 件、登録リンク {l} 件を失効させました。', en: 'Offboarded: {p} passkeys, {s} sessions, {b} badges and {l} enrolment links revoked.' },
                    { p: revoked.passkeys.length, s: revoked.sessions, b: revoked.badges.length, l: revoked.enrolmentLinks.length },
                  )}
                </Banner>
              )}
              {v.person.status !== 'offboarded' && hasRole('admin') && (
                <Offboard
                  id={id}
                  onDone={(r) => {
                    setRevoked(r);
                    load.reload();
                  }}
                />
              )}
              {v.person.status !== 'offboarded' && !hasRole('admin') && <p class="muted">{t({ ja: '離任の手続きは管理者が行います。', en: 'An admin offboards people.' })}</p>}
            </section>
            <Outstanding v={v} onChanged={load.reload} />
          </>
        )}
      </Loading>
    </main>
  );
}

function Offboard({ id, onDone }: { id: number; onDone: (r: Revoked['revoked']) => void }) {
  const form = useForm(
    { reason: '', approvalRef: '' },
    {
      validate: (v) => requireFields(v, ['reason']),
      onSubmit: async (v) => {
        const r = await api<ApiJson<'/api/people/:id/offboard', '$post'>>(`/api/people/${id}/offboard`, { body: { reason: v.reason, ...(v.approvalRef.trim() ? { approvalRef: v.approvalRef } : {}) } });
        onDone(r.revoked);
      },
    },
  );
  return (
    <form id={form.id} onSubmit={form.onSubmit} noValidate aria-label={t({ ja: '離任', en: 'Offboard' })}>
      <p>{t({ ja: 'この操作で、この人は離任となり、パスキー・サインイン中のセッション・名札・未使用の登録リンクがすべて同時に失効します。元に戻せません。', en: 'This offboards the person and revokes every passkey, session, badge and unused enrolment link at once. It cannot be undone.' })}</p>
      <div class="row">
        <TextField form={form} name="reason" label={{ ja: '理由', en: 'Reason' }} required />
        <TextField form={form} name="approvalRef" label={{ ja: '承認番号（任意）', en: 'Approval reference (optional)' }} />
      </div>
      <FormProblem form={form} />
      <div class="buttons">
        <Submit form={form} kind="danger" label={{ ja: '離任にしてすべて失効させる', en: 'Offboard and revoke everything' }} />
      </div>
    </form>
  );
}

function Outstanding({ v, onChanged }: { v: OffboardingView; onChanged: () => void }) {
  const [incident, setIncident] = useState<Incident | null>(null);
  const settle = hasRole('admin', 'supervisor') && v.person.status === 'offboarded';
  const items = [
    ...v.loanedItems.map((i) =>
      i.type === 'badge'
        ? { key: `b${i.serial}`, what: t({ ja: 'QR名札 No.{n}', en: 'QR badge No. {n}' }, { n: i.serial }), detail: dateTime(i.issuedAt), path: `badges/${i.serial}` }
        : { key: `k${i.asset.id}`, what: `${label(KIND_LABEL, 'security_key')} ${i.asset.assetNumber}`, detail: i.asset.serialNumber, path: `assets/${i.asset.id}` },
    ),
    ...v.assets.map((a) => ({ key: `a${a.id}`, what: `${label(KIND_LABEL, a.kind)} ${a.assetNumber}`, detail: [a.description, a.serialNumber].filter(Boolean).join(' / '), path: `assets/${a.id}` })),
  ];
  return (
    <section class="card">
      <h2>{t({ ja: '未返却の品目', en: 'Items still out' })}</h2>
      {incident && (
        <Banner kind="warn">
          {t({ ja: '紛失として記録し、インシデントを開きました：', en: 'Recorded as lost; an incident was opened: ' })}
          <Link href={`/console/incidents/${incident.id}`}>No.{incident.id}</Link>
        </Banner>
      )}
      {items.length === 0 ? (
        <Banner kind="ok">{t({ ja: 'すべて返却済み（または紛失の届出済み）です。', en: 'Everything is back (or reported lost).' })}</Banner>
      ) : (
        <table class="list" aria-label={t({ ja: '未返却の品目', en: 'Items still out' })}>
          <thead>
            <tr>
              <th>{t({ ja: '品目', en: 'Item' })}</th>
              <th>{t({ ja: '詳細', en: 'Detail' })}</th>
              {settle && <th>{t({ ja: '操作', en: 'Actions' })}</th>}
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr key={i.key}>
                <td>{i.what}</td>
                <td>{i.detail || '—'}</td>
                {settle && (
                  <td class="actions-cell">
                    <Settle
                      url={`/api/people/${v.person.id}/offboarding/${i.path}`}
                      what={i.what}
                      onDone={(inc) => {
                        setIncident(inc);
                        onChanged();
                      }}
                    />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {v.person.status !== 'offboarded' && items.length > 0 && <p class="muted small">{t({ ja: '返却・紛失の記録は離任の手続きの後に行います。', en: 'Returns and losses are recorded here after offboarding.' })}</p>}
      {items.length === 0 && v.person.status !== 'offboarded' && <Empty>{t({ ja: '預けている品目はありません。', en: 'Nothing is out with this person.' })}</Empty>}
    </section>
  );
}

/** The answer to settling a badge or an asset: the incident opened when it was lost. */
type Settled = ApiJson<'/api/people/:id/offboarding/badges/:serial', '$post'> | ApiJson<'/api/people/:id/offboarding/assets/:assetId', '$post'>;

function Settle({ url, what, onDone }: { url: string; what: string; onDone: (incident: Incident | null) => void }) {
  const [lost, setLost] = useState(false);
  const returned = useForm({}, { onSubmit: () => api<Settled>(url, { body: { outcome: 'returned' } }).then((r) => onDone(r.incident)) });
  const lostForm = useForm(
    { location: '', circumstances: '' },
    {
      validate: (v) => requireFields(v, ['circumstances']),
      onSubmit: (v) => api<Settled>(url, { body: { outcome: 'lost', ...v } }).then((r) => onDone(r.incident)),
    },
  );
  if (lost) {
    return (
      <form id={lostForm.id} class="inline-form" onSubmit={lostForm.onSubmit} noValidate aria-label={t({ ja: '{what} の紛失', en: '{what} lost' }, { what })}>
        <TextField form={lostForm} name="location" label={{ ja: '紛失した場所', en: 'Where it was lost' }} />
        <TextField form={lostForm} name="circumstances" label={{ ja: '紛失の状況', en: 'How it was lost' }} required multiline rows={2} />
        <FormProblem form={lostForm} />
        <div class="buttons">
          <Submit form={lostForm} kind="danger" label={{ ja: '紛失として記録', en: 'Record as lost' }} />
          <button type="button" onClick={() => setLost(false)}>
            {t({ ja: 'やめる', en: 'Cancel' })}
          </button>
        </div>
      </form>
    );
  }
  return (
    <form id={returned.id} onSubmit={returned.onSubmit} noValidate>
      <div class="buttons">
        <Submit form={returned} label={{ ja: '返却された', en: 'Returned' }} />
        <button type="button" class="danger" onClick={() => setLost(true)}>
          {t({ ja: '紛失の届出', en: 'Reported lost' })}
        </button>
      </div>
      <FormProblem form={returned} />
    </form>
  );
}
