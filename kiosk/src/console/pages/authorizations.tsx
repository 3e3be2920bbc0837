import { useState } from 'preact/hooks';
import { t } from '../../shared/i18n.ts';
import { api, hasRole } from '../session.ts';
import { dayEnd, dayStart, localDay, validity } from '../format.ts';
import type { ApiJson, Area, Authorization, Person, Site } from '../types.ts';
import { Empty, Link, Loading, Tag, useLoad } from '../ui/common.tsx';
import { FormProblem, requireFields, SelectField, Submit, TextField, useForm } from '../ui/form.tsx';

interface Names {
  people: Person[];
  areas: Area[];
  sites: Site[];
}

async function loadNames(): Promise<Names> {
  const [p, a, s] = await Promise.all([
    api<ApiJson<'/api/people'>>('/api/people'),
    api<ApiJson<'/api/areas'>>('/api/areas'),
    api<ApiJson<'/api/sites'>>('/api/sites'),
  ]);
  return { people: p.people, areas: a.areas, sites: s.sites };
}

export function areaName(names: { areas: Area[]; sites: Site[] }, areaId: number): string {
  const a = names.areas.find((x) => x.id === areaId);
  if (!a) return `#${areaId}`;
  const site = names.sites.find((s) => s.id === a.siteId);
  return site ? `${site.name} / ${a.name}` : a.name;
}

function state(a: Authorization): { kind: string; text: string } {
  const now = Date.now();
  if (a.revokedAt) return { kind: 'revoked', text: t({ ja: '取消', en: 'Revoked' }) };
  if (a.validTo && Date.parse(a.validTo) <= now) return { kind: 'revoked', text: t({ ja: '期限切れ', en: 'Expired' }) };
  if (Date.parse(a.validFrom) > now) return { kind: 'suspended', text: t({ ja: '開始前', en: 'Not yet' }) };
  return { kind: 'active', text: t({ ja: '有効', en: 'Active' }) };
}

/** Authorizations (person × area × validity) for one person or one area; admins grant and revoke. */
export function AuthorizationsPanel({ personId, areaId }: { personId?: number; areaId?: number }) {
  const names = useLoad(loadNames, []);
  const query = personId !== undefined ? `personId=${personId}` : `areaId=${areaId}`;
  const list = useLoad(() => api<ApiJson<'/api/authorizations'>>(`/api/authorizations?${query}`), [query]);
  const admin = hasRole('admin');
  return (
    <section class="card" aria-labelledby={`auth-${query}`}>
      <h2 id={`auth-${query}`}>{t({ ja: '入室許可', en: 'Authorizations' })}</h2>
      <Loading load={names}>
        {(n) => (
          <Loading load={list}>
            {(d) => (
              <>
                {d.authorizations.length === 0 ? (
                  <Empty>{t({ ja: '入室許可はまだありません。', en: 'No authorizations yet.' })}</Empty>
                ) : (
                  <table class="list">
                    <thead>
                      <tr>
                        <th>{personId !== undefined ? t({ ja: '区域', en: 'Area' }) : t({ ja: '氏名', en: 'Person' })}</th>
                        <th>{t({ ja: '有効期間', en: 'Valid' })}</th>
                        <th>{t({ ja: '備考', en: 'Note' })}</th>
                        <th>{t({ ja: '状態', en: 'State' })}</th>
                        {admin && <th />}
                      </tr>
                    </thead>
                    <tbody>
                      {d.authorizations.map((a) => {
                        const s = state(a);
                        const person = n.people.find((p) => p.id === a.personId);
                        return (
                          <tr key={a.id}>
                            <td>
                              {personId !== undefined ? (
                                <Link href={`/console/areas/${a.areaId}`}>{areaName(n, a.areaId)}</Link>
                              ) : (
                                <Link href={`/console/roster/${a.personId}`}>{person ? `${person.name}（${person.organisationName}）` : `#${a.personId}`}</Link>
                              )}
                            </td>
                            <td class="nowrap">{validity(a.validFrom, a.validTo) || '—'}</td>
                            <td>{a.note}</td>
                            <td>
                              <Tag kind={s.kind}>{s.text}</Tag>
                            </td>
                            {admin && <td>{!a.revokedAt && <RevokeAuthorization id={a.id} onDone={list.reload} />}</td>}
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                )}
                {admin && <GrantForm names={n} personId={personId} areaId={areaId} onDone={list.reload} />}
              </>
            )}
          </Loading>
        )}
      </Loading>
    </section>
  );
}

function RevokeAuthorization({ id, onDone }: { id: number; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const form = useForm({ reason: '' }, { validate: (v) => requireFields(v, ['reason']), onSubmit: (v) => api(`/api/authorizations/${id}/revoke`, { body: v }).then(onDone) });
  if (!open) {
    return (
      <button type="button" class="small" onClick={() => setOpen(true)}>
        {t({ ja: '取り消す', en: 'Revoke' })}
      </button>
    );
  }
  return (
    <form id={form.id} onSubmit={form.onSubmit} noValidate class="inline-form">
      <TextField form={form} name="reason" label={{ ja: '取消の理由', en: 'Reason for revoking' }} required />
      <FormProblem form={form} />
      <div class="buttons">
        <Submit form={form} kind="danger" label={{ ja: '取り消す', en: 'Revoke' }} />
        <button type="button" onClick={() => setOpen(false)}>
          {t({ ja: 'やめる', en: 'Cancel' })}
        </button>
      </div>
    </form>
  );
}

function GrantForm({ names, personId, areaId, onDone }: { names: Names; personId?: number; areaId?: number; onDone: () => void }) {
  const form = useForm(
    { personId: personId ? String(personId) : '', areaId: areaId ? String(areaId) : '', validFrom: localDay(), validTo: '', note: '' },
    {
      validate: (v) => {
        const out = requireFields(v, ['personId', 'areaId', 'validFrom']);
        if (v.validTo && v.validTo < v.validFrom) out['validTo'] = { ja: '開始日以降の日付にしてください', en: 'Must not be before the start date' };
        return out;
      },
      onSubmit: async (v) => {
        await api('/api/authorizations', {
          body: { personId: Number(v.personId), areaId: Number(v.areaId), validFrom: dayStart(v.validFrom), validTo: dayEnd(v.validTo), note: v.note },
        });
        form.reset({ ...form.values, validTo: '', note: '', ...(personId ? { areaId: '' } : { personId: '' }) });
        onDone();
      },
    },
  );
  return (
    <form id={form.id} onSubmit={form.onSubmit} noValidate class="subform" aria-label={t({ ja: '入室許可を追加', en: 'Grant an authorization' })}>
      <h3>{t({ ja: '入室許可を追加', en: 'Grant an authorization' })}</h3>
      <div class="row">
        {personId === undefined && (
          <SelectField
            form={form}
            name="personId"
            label={{ ja: '氏名', en: 'Person' }}
            required
            options={names.people.filter((p) => p.status === 'active').map((p) => ({ value: String(p.id), label: `${p.name}（${p.kana}）${p.organisationName}` }))}
          />
        )}
        {areaId === undefined && (
          <SelectField form={form} name="areaId" label={{ ja: '区域', en: 'Area' }} required options={names.areas.map((a) => ({ value: String(a.id), label: areaName(names, a.id) }))} />
        )}
        <TextField form={form} name="validFrom" type="date" label={{ ja: '開始日', en: 'From' }} required />
        <TextField form={form} name="validTo" type="date" label={{ ja: '終了日（この日まで・任意）', en: 'Until (inclusive, optional)' }} />
      </div>
      <TextField form={form} name="note" label={{ ja: '備考（作業予定など）', en: 'Note (work schedule, etc.)' }} />
      <FormProblem form={form} />
      <div class="buttons">
        <Submit form={form} label={{ ja: '許可する', en: 'Grant' }} />
      </div>
    </form>
  );
}
