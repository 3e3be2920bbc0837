import { useState } from 'preact/hooks';
import { t } from '../../shared/i18n.ts';
import { useSignal } from '../../shared/signal.ts';
import { api, hasRole } from '../session.ts';
import { route } from '../router.ts';
import { label, ROLE_LABEL, STATUS_LABEL } from '../messages.ts';
import { validity } from '../format.ts';
import type { ApiJson, Person } from '../types.ts';
import { Banner, Link, Loading, PageTitle, Tag, useLoad } from '../ui/common.tsx';
import { FormProblem, requireFields, Submit, TextField, useForm } from '../ui/form.tsx';
import { PersonFields, personPatch, personValues, validatePerson } from './person-form.tsx';
import { AuthorizationsPanel } from './authorizations.tsx';
import { PersonBadges } from './person-badges.tsx';
import { PersonPasskeys } from './person-passkeys.tsx';
import { PersonTraining } from './training.tsx';
import { PersonSchedule } from './schedules.tsx';

/** One person: details (editable by admins), sensitive fields on request, status, and what hangs off them. */
export function PersonPage({ id }: { id: number }) {
  const loc = useSignal(route);
  const [sensitive, setSensitive] = useState(false);
  const person = useLoad(() => api<ApiJson<'/api/people/:id'>>(`/api/people/${id}${sensitive ? '?include=sensitive' : ''}`), [id, sensitive]);
  const admin = hasRole('admin');
  return (
    <main>
      <PageTitle title={{ ja: '名簿の詳細', en: 'Roster entry' }}>
        {hasRole('admin', 'supervisor', 'auditor') && <Link href={`/console/roster/${id}/offboarding`}>{t({ ja: '離任の手続き・未返却品', en: 'Offboarding, items out' })}</Link>}
        <Link href="/console/roster">{t({ ja: '名簿に戻る', en: 'Back to the roster' })}</Link>
      </PageTitle>
      {loc.query.get('created') && <Banner kind="ok">{t({ ja: '登録しました。', en: 'Added.' })}</Banner>}
      <Loading load={person}>
        {(p) => (
          <>
            <section class="card">
              <h2>
                {p.name} <span class="muted">{p.kana}</span> <Tag kind={p.status}>{label(STATUS_LABEL, p.status)}</Tag>
              </h2>
              {admin ? <EditPerson key={String(p.contact !== undefined)} person={p} sensitive={p.contact !== undefined} onSaved={person.reload} /> : <PersonDetails person={p} />}
              {hasRole('admin', 'supervisor', 'auditor') && (
                <div class="buttons">
                  <button type="button" onClick={() => setSensitive(!sensitive)} aria-pressed={sensitive}>
                    {sensitive ? t({ ja: '連絡先・国籍を隠す', en: 'Hide sensitive fields' }) : t({ ja: '連絡先・国籍を表示', en: 'Show sensitive fields' })}
                  </button>
                  {sensitive && <span class="muted small">{t({ ja: 'この閲覧は監査ログに記録されました。', en: 'This read was recorded in the journal.' })}</span>}
                </div>
              )}
              {sensitive && !admin && (
                <dl class="facts">
                  <dt>{t({ ja: '連絡先', en: 'Contact' })}</dt>
                  <dd>{p.contact || '—'}</dd>
                  <dt>{t({ ja: '国籍', en: 'Nationality' })}</dt>
                  <dd>{p.nationality || '—'}</dd>
                </dl>
              )}
            </section>
            {admin && <StatusPanel person={p} onChanged={person.reload} />}
            {hasRole('admin', 'supervisor', 'auditor') && <AuthorizationsPanel personId={p.id} />}
            {hasRole('admin', 'auditor') && <PersonBadges person={p} />}
            {admin && <PersonPasskeys person={p} />}
            {hasRole('admin', 'supervisor', 'auditor') && <PersonTraining personId={p.id} />}
            {hasRole('admin', 'supervisor', 'auditor') && <PersonSchedule personId={p.id} />}
          </>
        )}
      </Loading>
    </main>
  );
}

function PersonDetails({ person: p }: { person: Person }) {
  return (
    <dl class="facts">
      <dt>{t({ ja: '所属', en: 'Organisation' })}</dt>
      <dd>{p.organisationName}</dd>
      <dt>{t({ ja: '役職', en: 'Position' })}</dt>
      <dd>{p.position || '—'}</dd>
      <dt>{t({ ja: '担当業務', en: 'Duties' })}</dt>
      <dd>{p.duties || '—'}</dd>
      <dt>{t({ ja: '専門性・資格', en: 'Expertise' })}</dt>
      <dd>{p.expertise || '—'}</dd>
      <dt>{t({ ja: '役割', en: 'Roles' })}</dt>
      <dd>{p.roles.map((r) => label(ROLE_LABEL, r)).join('・')}</dd>
      <dt>{t({ ja: '担当する拠点', en: 'Sites' })}</dt>
      <dd data-testid="person-sites">{p.siteIds === null ? t({ ja: 'すべての拠点', en: 'Every site' }) : <SiteNames ids={p.siteIds} />}</dd>
      <dt>{t({ ja: '有効期間', en: 'Valid' })}</dt>
      <dd>{validity(p.validFrom, p.validTo) || t({ ja: '期限なし', en: 'No limit' })}</dd>
    </dl>
  );
}

function EditPerson({ person, sensitive, onSaved }: { person: Person; sensitive: boolean; onSaved: () => void }) {
  const orgs = useLoad(async () => {
    const [o, s] = await Promise.all([api<ApiJson<'/api/organisations'>>('/api/organisations'), api<ApiJson<'/api/sites'>>('/api/sites')]);
    return { organisations: o.organisations, sites: s.sites };
  }, []);
  const [saved, setSaved] = useState(false);
  const before = personValues(person);
  const form = useForm(before, {
    validate: validatePerson,
    onSubmit: async (v) => {
      setSaved(false);
      const patch = personPatch(before, v, sensitive);
      if (!patch) return;
      await api(`/api/people/${person.id}`, { method: 'PATCH', body: patch });
      setSaved(true);
      onSaved();
    },
  });
  return (
    <Loading load={orgs}>
      {(d) => (
        <form id={form.id} onSubmit={form.onSubmit} noValidate aria-label={t({ ja: '名簿の編集', en: 'Edit roster entry' })}>
          <PersonFields form={form} organisations={d.organisations} sites={d.sites} sensitive={sensitive} />
          <FormProblem form={form} />
          {saved && <Banner kind="ok">{t({ ja: '保存しました。', en: 'Saved.' })}</Banner>}
          <div class="buttons">
            <Submit form={form} label={{ ja: '変更を保存', en: 'Save changes' }} />
          </div>
        </form>
      )}
    </Loading>
  );
}

function StatusPanel({ person, onChanged }: { person: Person; onChanged: () => void }) {
  const suspending = person.status === 'active';
  const form = useForm(
    { reason: '', approvalRef: '' },
    {
      validate: (v) => requireFields(v, ['reason']),
      onSubmit: async (v) => {
        await api(`/api/people/${person.id}/${suspending ? 'suspend' : 'reactivate'}`, { body: { reason: v.reason, ...(v.approvalRef.trim() ? { approvalRef: v.approvalRef } : {}) } });
        form.reset();
        onChanged();
      },
    },
  );
  if (person.status === 'offboarded') return null;
  return (
    <section class="card">
      <h2>{suspending ? t({ ja: '利用停止', en: 'Suspend' }) : t({ ja: '利用再開', en: 'Reactivate' })}</h2>
      <p class="muted">
        {suspending
          ? t({ ja: '停止すると、すべての端末で入室できなくなり、サインイン中のセッションも終了します。', en: 'A suspended person is refused at every kiosk and signed out everywhere.' })
          : t({ ja: '再開すると、入室許可の範囲で再び入室できます。', en: 'Reactivated, they may enter again within their authorizations.' })}
      </p>
      <form id={form.id} onSubmit={form.onSubmit} noValidate>
        <div class="row">
          <TextField form={form} name="reason" label={{ ja: '理由', en: 'Reason' }} required multiline />
          <TextField form={form} name="approvalRef" label={{ ja: '承認番号（任意）', en: 'Approval reference (optional)' }} />
        </div>
        <FormProblem form={form} />
        <div class="buttons">
          <Submit form={form} kind={suspending ? 'danger' : 'primary'} label={suspending ? { ja: '利用停止する', en: 'Suspend' } : { ja: '利用を再開する', en: 'Reactivate' }} />
        </div>
      </form>
    </section>
  );
}

/** The names of a person's sites, as far as the reader's own scope shows them. */
function SiteNames({ ids }: { ids: number[] }) {
  const sites = useLoad(() => api<ApiJson<'/api/sites'>>('/api/sites'), []);
  return <Loading load={sites}>{(d) => <>{d.sites.filter((s) => ids.includes(s.id)).map((s) => s.name).join('・') || '—'}</>}</Loading>;
}
