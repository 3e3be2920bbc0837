import type { ApiJson } from '../types.ts';
import { t, type Msg } from '../../shared/i18n.ts';
import { useSignal } from '../../shared/signal.ts';
import { api, hasRole } from '../session.ts';
import { route, setQuery } from '../router.ts';
import { dateTime } from '../format.ts';
import { label } from '../messages.ts';
import type { CustodyAsset } from '../custody/types.ts';
import { ASSET_STATUS_LABEL, CLASSIFICATION_LABEL, KIND_LABEL, OWNER_LABEL } from '../../shared/custody-labels.ts';
import { Empty, Link, Loading, PageTitle, Tag, useLoad } from '../ui/common.tsx';
import { RequestTable } from './requests.tsx';

type View = 'inside' | 'outside' | 'person' | 'mine';
const VIEWS: { id: View; label: Msg; staff: boolean }[] = [
  { id: 'inside', label: { ja: '区域内の資産', en: 'Inside, by area' }, staff: true },
  { id: 'outside', label: { ja: '持出中の資産', en: 'Outside' }, staff: true },
  { id: 'person', label: { ja: '人別', en: 'By person' }, staff: true },
  { id: 'mine', label: { ja: '自分の保管', en: 'My custody' }, staff: false },
];

/** Where every asset is (C10): inside by area, outside with expected return and overdue flagged, per person. */
export function CustodyPage() {
  const loc = useSignal(route);
  const staff = hasRole('admin', 'guard', 'supervisor', 'auditor');
  // 甲 reads what is inside and outside at their sites; they hold nothing and read no roster (F4).
  const views = hasRole('city') ? VIEWS.filter((v) => v.id === 'inside' || v.id === 'outside') : VIEWS.filter((v) => staff || !v.staff);
  const view = (loc.query.get('view') as View | null) ?? views[0]!.id;
  return (
    <main>
      <PageTitle title={{ ja: '資産の所在', en: 'Asset custody' }} />
      <div class="buttons tabs" role="group" aria-label={t({ ja: '表示', en: 'Show' })}>
        {views.map((v) => (
          <button type="button" key={v.id} aria-pressed={view === v.id} class={view === v.id ? 'primary' : ''} onClick={() => setQuery({ view: v.id, personId: null })}>
            {t(v.label)}
          </button>
        ))}
      </div>
      {view === 'inside' && <Inside />}
      {view === 'outside' && <Outside />}
      {view === 'person' && <ByPerson personId={loc.query.get('personId')} />}
      {view === 'mine' && <Held url="/api/custody/mine" />}
    </main>
  );
}

function Inside() {
  const load = useLoad(() => api<ApiJson<'/api/custody/inside'>>('/api/custody/inside'), []);
  return (
    <Loading load={load}>
      {(d) => (
        <>
          <p class="muted small">{t({ ja: '{at} 時点', en: 'As of {at}' }, { at: dateTime(d.at) })}</p>
          {d.areas.length === 0 ? (
            <section class="card">
              <Empty>{t({ ja: '区域内に持ち込まれている資産はありません。', en: 'No assets are inside any area.' })}</Empty>
            </section>
          ) : (
            d.areas.map((a) => (
              <section class="card" key={a.areaId}>
                <h2>
                  {a.areaName} <span class="muted small">{t({ ja: '{n}件', en: '{n} assets' }, { n: a.assets.length })}</span>
                </h2>
                <CustodyTable assets={a.assets} name={t({ ja: '{area}の資産', en: 'Assets in {area}' }, { area: a.areaName })} />
              </section>
            ))
          )}
        </>
      )}
    </Loading>
  );
}

function Outside() {
  const load = useLoad(() => api<ApiJson<'/api/custody/outside'>>('/api/custody/outside'), []);
  return (
    <Loading load={load}>
      {(d) => (
        <section class="card">
          <p class="muted small">{t({ ja: '{at} 時点', en: 'As of {at}' }, { at: dateTime(d.at) })}</p>
          {d.overdueCount > 0 && (
            <p class="banner warn" role="status">
              {t({ ja: '返却期限を過ぎた資産が {n} 件あります。', en: '{n} assets are past their expected return.' }, { n: d.overdueCount })}
            </p>
          )}
          {d.assets.length === 0 ? <Empty>{t({ ja: '持出中の資産はありません。', en: 'No assets are outside.' })}</Empty> : <CustodyTable assets={d.assets} name={t({ ja: '持出中の資産', en: 'Assets outside' })} />}
        </section>
      )}
    </Loading>
  );
}

function ByPerson({ personId }: { personId: string | null }) {
  const people = useLoad(() => api<ApiJson<'/api/people'>>('/api/people'), []);
  return (
    <>
      <Loading load={people}>
        {(d) => (
          <div class="filters row">
            <div class="field">
              <label for="custody-person">{t({ ja: '氏名', en: 'Person' })}</label>
              <select id="custody-person" value={personId ?? ''} onChange={(e) => setQuery({ personId: e.currentTarget.value })}>
                <option value="">{t({ ja: '選択してください', en: 'Choose…' })}</option>
                {d.people.map((p) => (
                  <option key={p.id} value={String(p.id)}>
                    {p.name}（{p.organisationName}）
                  </option>
                ))}
              </select>
            </div>
          </div>
        )}
      </Loading>
      {personId && <Held key={personId} url={`/api/custody/people/${personId}`} />}
    </>
  );
}

/** What one person holds now and the requests they made or carry. */
function Held({ url }: { url: string }) {
  const load = useLoad(() => api<ApiJson<'/api/custody/mine'> | ApiJson<'/api/custody/people/:id'>>(url), [url]);
  return (
    <Loading load={load}>
      {(d) => (
        <>
          <section class="card">
            <h2>{t({ ja: '{name} さんが保管している資産', en: 'Assets held by {name}' }, { name: d.person.name })}</h2>
            {d.assets.length === 0 ? <Empty>{t({ ja: 'ありません。', en: 'None.' })}</Empty> : <CustodyTable assets={d.assets} name={t({ ja: '保管している資産', en: 'Assets held' })} />}
          </section>
          <section class="card">
            <h2>{t({ ja: '申請', en: 'Requests' })}</h2>
            {d.requests.length === 0 ? <Empty>{t({ ja: 'ありません。', en: 'None.' })}</Empty> : <RequestTable requests={d.requests} />}
          </section>
        </>
      )}
    </Loading>
  );
}

function CustodyTable({ assets, name }: { assets: CustodyAsset[]; name: string }) {
  const reader = hasRole('admin', 'guard', 'supervisor', 'auditor');
  return (
    <table class="list" aria-label={name}>
      <thead>
        <tr>
          <th>{t({ ja: '管理番号', en: 'Asset number' })}</th>
          <th>{t({ ja: '種別', en: 'Kind' })}</th>
          <th>{t({ ja: '所有', en: 'Owner' })}</th>
          <th>{t({ ja: '情報区分', en: 'Classification' })}</th>
          <th>{t({ ja: '状態', en: 'Status' })}</th>
          <th>{t({ ja: '保管者', en: 'Custodian' })}</th>
          <th>{t({ ja: '返却・持出の予定', en: 'Return or out by' })}</th>
        </tr>
      </thead>
      <tbody>
        {assets.map((a) => {
          const roundTrip = 'roundTrip' in a ? a.roundTrip : null;
          return (
            <tr key={a.id} class={a.overdue || roundTrip?.overdue ? 'missing' : undefined}>
              <td class="asset-number">{reader ? <Link href={`/console/assets/${a.id}`}>{a.assetNumber}</Link> : a.assetNumber}</td>
              <td>{label(KIND_LABEL, a.kind)}</td>
              <td>{label(OWNER_LABEL, a.ownerType)}</td>
              <td>{a.classification === 'none' ? '' : label(CLASSIFICATION_LABEL, a.classification)}</td>
              <td>
                <Tag kind={a.status}>{label(ASSET_STATUS_LABEL, a.status)}</Tag>
              </td>
              <td>{a.custodianName ?? ''}</td>
              <td class="nowrap">
                {a.expectedReturnAt ? dateTime(a.expectedReturnAt) : ''}
                {roundTrip && (
                  <div>
                    {t({ ja: '持込（当日持出）：{at} までに持出', en: 'Round trip: out by {at}' }, { at: dateTime(roundTrip.dueOutAt) })}
                    {roundTrip.overdue && (
                      <div>
                        <strong class="missing-exit">{t({ ja: '持出期限超過', en: 'Past its carry-out time' })}</strong>
                      </div>
                    )}
                  </div>
                )}
                {a.overdue && (
                  <div>
                    <strong class="missing-exit">{t({ ja: '期限超過', en: 'Overdue' })}</strong>
                  </div>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
