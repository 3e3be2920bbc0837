import { useState } from 'preact/hooks';
import { t, type Msg } from '../../shared/i18n.ts';
import { useSignal } from '../../shared/signal.ts';
import { api, hasRole } from '../session.ts';
import { route } from '../router.ts';
import { dateTime } from '../format.ts';
import { ID_TYPE_LABEL, label, STATUS_LABEL } from '../messages.ts';
import type { AccessOutcome, ApiJson, Area, InsideRow, Person, Site, Visitor } from '../types.ts';
import { Empty, ErrorBanner, Loading, PageTitle, Tag, useLoad } from '../ui/common.tsx';
import { DateRangeFilter, ListFilters, listQuery, MoreButton, periodOfQuery, usePagedList } from '../ui/list.tsx';
import { QueryFilter } from './compliance-parts.tsx';
import { FormProblem, requireFields, SelectField, Submit, TextField, useForm } from '../ui/form.tsx';
import { areaName } from './authorizations.tsx';
import { OutcomeBanner } from './guard-record.tsx';

/** The server's version of the visitor notice (src/visitors/service.ts), recorded with each registration. */
const VISITOR_NOTICE_VERSION = 'visitor-notice-2026-11';

/** What the page needs beside the visitors: the sites, areas and roster (escorts), and who is in which area now. */
interface World {
  sites: Site[];
  areas: Area[];
  people: Person[];
  inside: InsideRow[];
}

async function loadWorld(): Promise<World> {
  const [s, a, p] = await Promise.all([api<ApiJson<'/api/sites'>>('/api/sites'), api<ApiJson<'/api/areas'>>('/api/areas'), api<ApiJson<'/api/people'>>('/api/people?status=active')]);
  const inside = (await Promise.all(s.sites.map((site) => api<ApiJson<'/api/presence'>>(`/api/presence?siteId=${site.id}`)))).flatMap((r) => r.inside);
  return { sites: s.sites, areas: a.areas, people: p.people, inside };
}

/** Which visitors the list shows, as the address keeps it (`status`): those on site unless another is chosen. */
type Shown = 'on_site' | 'signed_out' | 'all';
const SHOWN: { value: Shown; label: Msg }[] = [
  { value: 'on_site', label: { ja: '構内の来訪者', en: 'Visitors on site' } },
  { value: 'signed_out', label: { ja: '退出済みの来訪者', en: 'Signed out' } },
  { value: 'all', label: { ja: 'すべての来訪者', en: 'All visitors' } },
];

/**
 * Visitors: the registration form, then the list by status and by the day they were registered (kept
 * in the address), newest first; the server sends a page at a time and もっと見る asks for the next.
 */
export function VisitorsPage() {
  const loc = useSignal(route);
  const shown = SHOWN.find((o) => o.value === loc.query.get('status')) ?? SHOWN[0]!;
  const period = periodOfQuery(loc.query);
  const filters = listQuery(loc.query, ['from', 'to', 'limit'], { status: shown.value === 'all' ? null : shown.value });
  const load = useLoad(loadWorld, []);
  const { load: list, more } = usePagedList(
    (cursor: number | null) => api<ApiJson<'/api/visitors'>>(`/api/visitors${filters}${cursor === null ? '' : `${filters ? '&' : '?'}cursor=${cursor}`}`).then((d) => ({ rows: d.visitors, next: d.next })),
    [filters],
  );
  const reload = () => {
    load.reload();
    list.reload();
  };
  const mayRecord = hasRole('guard', 'supervisor');
  return (
    <main>
      <PageTitle title={{ ja: '来訪者', en: 'Visitors' }} />
      <Loading load={load}>
        {(w) => (
          <>
            {mayRecord && <RegisterVisitor world={w} onDone={reload} />}
            <section class="card">
              <h2>{t(shown.label)}</h2>
              <ListFilters>
                <DateRangeFilter id="visitors-period" from={period.from} to={period.to} label={{ ja: '受付日', en: 'Registered on' }} />
                <QueryFilter id="visitors-status" name={{ ja: '表示', en: 'Show' }} param="status" value={shown.value} options={SHOWN.map((o) => ({ value: o.value, label: t(o.label) }))} />
              </ListFilters>
              <Loading load={list}>
                {(d) =>
                  d.rows.length === 0 ? (
                    <>
                      <Empty>{period.chosen ? t({ ja: '選んだ期間に受け付けた来訪者はいません。', en: 'No visitors registered in the chosen period.' }) : t({ ja: '来訪者はいません。', en: 'No visitors.' })}</Empty>
                      <MoreButton more={more} />
                    </>
                  ) : (
                    <>
                      <table class="list" aria-label={t({ ja: '来訪者', en: 'Visitors' })}>
                        <thead>
                          <tr>
                            <th>{t({ ja: '氏名・所属・目的', en: 'Name, organisation, purpose' })}</th>
                            <th>{t({ ja: '付添者・身分証', en: 'Escort, ID checked' })}</th>
                            <th>{t({ ja: '受付・現在地', en: 'Registered, now' })}</th>
                            {mayRecord && <th>{t({ ja: '操作', en: 'Actions' })}</th>}
                          </tr>
                        </thead>
                        <tbody>
                          {d.rows.map((v) => (
                            <VisitorRow key={v.id} visitor={v} world={w} mayRecord={mayRecord} onChanged={reload} />
                          ))}
                        </tbody>
                      </table>
                      <MoreButton more={more} />
                    </>
                  )
                }
              </Loading>
            </section>
          </>
        )}
      </Loading>
    </main>
  );
}

function VisitorRow({ visitor: v, world: w, mayRecord, onChanged }: { visitor: Visitor; world: World; mayRecord: boolean; onChanged: () => void }) {
  const escort = w.people.find((p) => p.id === v.escortPersonId);
  const where = w.inside.filter((r) => r.visitorId === v.id);
  const siteAreas = w.areas.filter((a) => a.siteId === v.siteId);
  const [areaId, setAreaId] = useState(String(where[0]?.areaId ?? siteAreas[0]?.id ?? ''));
  const [outcome, setOutcome] = useState<AccessOutcome | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const act = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    setOutcome(null);
    try {
      const r = await fn();
      if (r && typeof r === 'object' && 'event' in r) setOutcome(r as AccessOutcome);
      onChanged();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const move = (direction: 'in' | 'out') => act(() => api<ApiJson<'/api/visitors/:id/events', '$post'>>(`/api/visitors/${v.id}/events`, { body: { areaId: Number(areaId), direction, idempotencyKey: crypto.randomUUID() } }));
  return (
    <tr>
      <td>
        <strong>{v.name}</strong>
        <div class="muted small">{v.affiliation}</div>
        <div class="small">
          {t({ ja: '目的', en: 'Purpose' })}: {v.purpose}
        </div>
      </td>
      <td>
        {escort?.name ?? `#${v.escortPersonId}`}
        <div class="muted small">{label(ID_TYPE_LABEL, v.idType)}</div>
      </td>
      <td>
        <div class="nowrap small">{dateTime(v.registeredAt)}</div>
        {v.status === 'signed_out' ? <Tag kind="revoked">{label(STATUS_LABEL, v.status)}</Tag> : where.map((r) => areaName(w, r.areaId)).join('、') || t({ ja: '区域外', en: 'Not in an area' })}
      </td>
      {mayRecord && (
        <td class="actions-cell">
          {v.status === 'on_site' && (
            <>
              <div class="row tight">
                <select aria-label={t({ ja: '{name} の区域', en: 'Area for {name}' }, { name: v.name })} value={areaId} onChange={(e) => setAreaId(e.currentTarget.value)}>
                  {siteAreas.map((a) => (
                    <option key={a.id} value={String(a.id)}>
                      {a.name}
                    </option>
                  ))}
                </select>
              </div>
              <div class="buttons">
                <button type="button" class="small" disabled={busy || !areaId} onClick={() => move('in')}>
                  {t({ ja: '入室', en: 'Enter' })}
                </button>
                <button type="button" class="small" disabled={busy || !areaId} onClick={() => move('out')}>
                  {t({ ja: '退室', en: 'Exit' })}
                </button>
                <button type="button" class="small" disabled={busy} onClick={() => act(() => api(`/api/visitors/${v.id}/sign-out`, { method: 'POST' }))}>
                  {t({ ja: '退出（受付終了）', en: 'Sign out' })}
                </button>
              </div>
            </>
          )}
          {outcome && <OutcomeBanner outcome={outcome} />}
          <ErrorBanner error={error} />
        </td>
      )}
    </tr>
  );
}

function RegisterVisitor({ world, onDone }: { world: World; onDone: () => void }) {
  const [done, setDone] = useState<string | null>(null);
  const form = useForm(
    { name: '', affiliation: '', purpose: '', idType: '', escortPersonId: '', siteId: world.sites.length === 1 ? String(world.sites[0]!.id) : '' },
    {
      validate: (v) => requireFields(v, ['name', 'affiliation', 'purpose', 'idType', 'escortPersonId', 'siteId']),
      onSubmit: async (v) => {
        const created = await api<ApiJson<'/api/visitors', '$post'>>('/api/visitors', { body: { ...v, escortPersonId: Number(v.escortPersonId), siteId: Number(v.siteId) } });
        setDone(created.name);
        form.reset({ ...form.values, name: '', affiliation: '', purpose: '', idType: '' });
        onDone();
      },
    },
  );
  return (
    <form id={form.id} class="card" onSubmit={form.onSubmit} noValidate aria-label={t({ ja: '来訪者の受付', en: 'Register a visitor' })}>
      <h2>{t({ ja: '来訪者の受付', en: 'Register a visitor' })}</h2>
      <div class="notice small">
        <p>
          {t({
            ja: '来訪者に伝えてください：氏名・所属・目的は入退室管理簿の作成と委託元の監査のためにだけ使い、契約の定める期間保管します。身分証は種類だけを記録し、番号は記録しません。',
            en: 'Tell the visitor: name, organisation and purpose are used only for the entry/exit ledger and the city’s audit, and kept for the period the contract requires. Only the type of ID is recorded, never its number.',
          })}
        </p>
        <p class="muted">
          {t({ ja: '通知の版', en: 'Notice version' })}: {VISITOR_NOTICE_VERSION}
        </p>
      </div>
      <div class="row">
        <TextField form={form} name="name" label={{ ja: '氏名', en: 'Name' }} required />
        <TextField form={form} name="affiliation" label={{ ja: '所属', en: 'Organisation' }} required />
        <TextField form={form} name="purpose" label={{ ja: '目的', en: 'Purpose' }} required />
      </div>
      <div class="row">
        <SelectField
          form={form}
          name="idType"
          label={{ ja: '確認した身分証の種類', en: 'Type of ID checked' }}
          hint={{ ja: '番号は記録しません', en: 'The number is never recorded' }}
          required
          options={Object.keys(ID_TYPE_LABEL).map((k) => ({ value: k, label: label(ID_TYPE_LABEL, k) }))}
        />
        <SelectField
          form={form}
          name="escortPersonId"
          label={{ ja: '付添者（名簿から）', en: 'Escort (from the roster)' }}
          required
          options={world.people.map((p) => ({ value: String(p.id), label: `${p.name}（${p.organisationName}）` }))}
        />
        <SelectField form={form} name="siteId" label={{ ja: '拠点', en: 'Site' }} required options={world.sites.map((s) => ({ value: String(s.id), label: s.name }))} />
      </div>
      <FormProblem form={form} />
      {done && <p class="banner ok">{t({ ja: '{name} さんを受け付けました。', en: '{name} registered.' }, { name: done })}</p>}
      <div class="buttons">
        <Submit form={form} label={{ ja: '受け付ける', en: 'Register' }} />
      </div>
    </form>
  );
}
