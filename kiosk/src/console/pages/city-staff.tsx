import { useState } from 'preact/hooks';
import { t } from '../../shared/i18n.ts';
import type { ApiJson } from '../types.ts';
import { api } from '../session.ts';
import { dateTime } from '../format.ts';
import { Banner, ErrorBanner, Loading, Tag, useLoad } from '../ui/common.tsx';
import { CheckGroup, FormProblem, requireFields, Submit, TextField, useForm } from '../ui/form.tsx';

type StaffRow = ApiJson<'/api/city/staff'>['staff'][number];

/**
 * 甲's own accounts (F4): the city's staff of the signed-in 甲's sites, who created each and when, a colleague
 * invited with a one-time passkey link 甲 hands over, and an account disabled. The contractor creates only the
 * contract's first city account; every further one comes from here.
 */
export function CityStaff({ sites }: { sites: { id: number; name: string }[] }) {
  const load = useLoad(() => api<ApiJson<'/api/city/staff'>>('/api/city/staff'), []);
  const [link, setLink] = useState<{ name: string; url: string } | null>(null);
  return (
    <section class="card" id="staff" aria-label={t({ ja: '市（甲）の担当者', en: "The city's staff" })}>
      <h2>{t({ ja: '市（甲）の担当者', en: "The city's staff" })}</h2>
      <p class="muted small">{t({ ja: '市の担当者の利用者は市が管理します。受託者が登録できるのは契約の最初の一人だけです。', en: "The city's accounts are the city's: the contractor registers only a contract's first one." })}</p>
      <Loading load={load}>
        {(d) => (
          <table class="list" aria-label={t({ ja: '市の担当者の一覧', en: "The city's staff" })}>
            <thead>
              <tr>
                <th>{t({ ja: '氏名', en: 'Name' })}</th>
                <th>{t({ ja: '拠点', en: 'Sites' })}</th>
                <th>{t({ ja: '登録した人', en: 'Created by' })}</th>
                <th>{t({ ja: '登録日時', en: 'Created' })}</th>
                <th>{t({ ja: '状態', en: 'Status' })}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {d.staff.map((s) => (
                <StaffLine key={s.id} s={s} onChanged={load.reload} onLink={(url) => setLink({ name: s.name, url })} />
              ))}
            </tbody>
          </table>
        )}
      </Loading>
      {link && (
        <Banner kind="ok">
          {t({ ja: '{name} さんにこの登録用リンクを渡してください（72時間有効、1回限り）：', en: 'Give {name} this enrolment link (72 hours, once):' }, { name: link.name })} <code>{link.url}</code>
        </Banner>
      )}
      <InviteForm sites={sites} onDone={(id, name) => void issue(id).then((url) => (setLink({ name, url }), load.reload()))} />
    </section>
  );
}

async function issue(personId: number): Promise<string> {
  const res = await api<ApiJson<'/api/people/:id/enrolments', '$post'>>(`/api/people/${personId}/enrolments`, { method: 'POST' });
  return res.url;
}

function StaffLine({ s, onChanged, onLink }: { s: StaffRow; onChanged: () => void; onLink: (url: string) => void }) {
  const [error, setError] = useState<unknown>(null);
  const [asking, setAsking] = useState(false);
  const disable = useForm(
    { reason: '' },
    {
      validate: (v) => requireFields(v, ['reason']),
      onSubmit: async (v) => {
        await api(`/api/city/staff/${s.id}/disable`, { body: v });
        onChanged();
      },
    },
  );
  const by = s.createdBy ? `${s.createdBy.name}${s.createdBy.city ? t({ ja: '（市）', en: ' (city)' }) : t({ ja: '（受託者）', en: ' (contractor)' })}` : t({ ja: '初期設定', en: 'setup' });
  return (
    <tr>
      <td>
        {s.name}
        {s.position && <span class="muted small">　{s.position}</span>}
        {s.self && <span class="muted small"> {t({ ja: '（自分）', en: '(you)' })}</span>}
      </td>
      <td>{s.sites.map((x) => x.name).join('、')}</td>
      <td>{by}</td>
      <td>{dateTime(s.createdAt)}</td>
      <td>
        {s.status === 'active' ? <Tag kind="ok">{t({ ja: '有効', en: 'Active' })}</Tag> : <Tag kind="flag">{t({ ja: '停止', en: 'Disabled' })}</Tag>}
        {s.status === 'active' && s.passkeys === 0 && <span class="muted small">　{t({ ja: 'パスキー未登録', en: 'no passkey yet' })}</span>}
      </td>
      <td>
        {s.status === 'active' && !s.self && (
          <>
            {s.passkeys === 0 && (
              <button type="button" onClick={() => void issue(s.id).then(onLink, setError)}>
                {t({ ja: '登録用リンクを発行', en: 'Issue an enrolment link' })}
              </button>
            )}
            {asking ? (
              <form id={disable.id} onSubmit={disable.onSubmit} noValidate aria-label={t({ ja: '{name} を停止', en: 'Disable {name}' }, { name: s.name })}>
                <TextField form={disable} name="reason" label={{ ja: '停止の理由', en: 'Reason' }} required />
                <FormProblem form={disable} />
                <Submit form={disable} label={{ ja: '停止する', en: 'Disable' }} kind="danger" />
              </form>
            ) : (
              <button type="button" onClick={() => setAsking(true)}>
                {t({ ja: '停止…', en: 'Disable…' })}
              </button>
            )}
          </>
        )}
        <ErrorBanner error={error} />
      </td>
    </tr>
  );
}

function InviteForm({ sites, onDone }: { sites: { id: number; name: string }[]; onDone: (id: number, name: string) => void }) {
  const form = useForm(
    { name: '', kana: '', position: '', siteIds: sites.length === 1 ? [String(sites[0]!.id)] : ([] as string[]) },
    {
      validate: (v) => requireFields(v, ['name', 'kana', 'siteIds']),
      onSubmit: async (v) => {
        const person = await api<ApiJson<'/api/city/staff', '$post'>>('/api/city/staff', { body: { name: v.name, kana: v.kana, position: v.position, siteIds: v.siteIds.map(Number) } });
        form.reset();
        onDone(person.id, person.name);
      },
    },
  );
  return (
    <form id={form.id} class="card" onSubmit={form.onSubmit} noValidate aria-label={t({ ja: '担当者を招待', en: 'Invite a colleague' })}>
      <h3>{t({ ja: '市の担当者を招待する', en: 'Invite a colleague from the city' })}</h3>
      <div class="row">
        <TextField form={form} name="name" label={{ ja: '氏名', en: 'Name' }} required />
        <TextField form={form} name="kana" label={{ ja: 'ふりがな', en: 'Kana' }} required />
        <TextField form={form} name="position" label={{ ja: '所属・役職（任意）', en: 'Section, title (optional)' }} />
      </div>
      <CheckGroup form={form} name="siteIds" label={{ ja: '担当する拠点', en: 'Sites' }} options={sites.map((s) => ({ value: String(s.id), label: s.name }))} required />
      <FormProblem form={form} />
      <div class="buttons">
        <Submit form={form} label={{ ja: '招待して登録用リンクを発行', en: 'Invite and issue an enrolment link' }} />
      </div>
    </form>
  );
}
