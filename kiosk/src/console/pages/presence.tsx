import { useEffect, useState } from 'preact/hooks';
import { t } from '../../shared/i18n.ts';
import { useSignal } from '../../shared/signal.ts';
import { api } from '../session.ts';
import { route, setQuery } from '../router.ts';
import { dateTime, time } from '../format.ts';
import type { ApiJson, Area, Site } from '../types.ts';
import { Empty, Loading, PageTitle, Tag, useLoad } from '../ui/common.tsx';
import { ListView } from '../ui/list.tsx';

async function loadPlaces() {
  const [s, a] = await Promise.all([api<ApiJson<'/api/sites'>>('/api/sites'), api<ApiJson<'/api/areas'>>('/api/areas')]);
  return { sites: s.sites, areas: a.areas };
}

/** Who is inside now, per area or per site (B6), with the muster list for an evacuation. */
export function PresencePage() {
  const places = useLoad(loadPlaces, []);
  return (
    <main>
      <PageTitle title={{ ja: '在室状況', en: 'Who is inside now' }} />
      <Loading load={places}>{(p) => (p.sites.length === 0 ? <Empty>{t({ ja: '拠点がまだありません。', en: 'No sites yet.' })}</Empty> : <Presence {...p} />)}</Loading>
    </main>
  );
}

function Presence({ sites, areas }: { sites: Site[]; areas: Area[] }) {
  const loc = useSignal(route);
  const areaId = loc.query.get('areaId');
  const siteId = areaId ? String(areas.find((a) => String(a.id) === areaId)?.siteId ?? '') : (loc.query.get('siteId') ?? String(sites[0]!.id));
  const scope = areaId ? `areaId=${areaId}` : `siteId=${siteId}`;
  const load = useLoad(() => api<ApiJson<'/api/presence'>>(`/api/presence?${scope}`), [scope]);
  const [checkedAt, setCheckedAt] = useState(new Date().toISOString());
  useEffect(() => setCheckedAt(new Date().toISOString()), [load.data]);
  useEffect(() => {
    const h = setInterval(load.reload, 30_000);
    return () => clearInterval(h);
  }, [load.reload]);
  const siteAreas = areas.filter((a) => String(a.siteId) === siteId);
  return (
    <>
      <div class="filters row">
        <div class="field">
          <label for="presence-site">{t({ ja: '拠点', en: 'Site' })}</label>
          <select id="presence-site" value={siteId} onChange={(e) => setQuery({ siteId: e.currentTarget.value, areaId: null })}>
            {sites.map((s) => (
              <option key={s.id} value={String(s.id)}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="presence-area">{t({ ja: '区域', en: 'Area' })}</label>
          <select id="presence-area" value={areaId ?? ''} onChange={(e) => setQuery({ areaId: e.currentTarget.value, siteId })}>
            <option value="">{t({ ja: '拠点内のすべての区域', en: 'Every area of the site' })}</option>
            {siteAreas.map((a) => (
              <option key={a.id} value={String(a.id)}>
                {a.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field shrink">
          <button type="button" onClick={load.reload} disabled={load.loading}>
            {t({ ja: '最新の情報に更新', en: 'Refresh' })}
          </button>
        </div>
      </div>
      <section class="card">
        <div class="page-title">
          <h2>
            {t({ ja: '在室者', en: 'Inside' })} {load.data && <span data-testid="inside-count">{t({ ja: '{n}名', en: '{n}' }, { n: load.data.inside.length })}</span>}
          </h2>
          <div class="buttons">
            <a class="button" href={`/api/sites/${siteId}/muster?format=html`} target="_blank" rel="noopener">
              {t({ ja: '避難確認用一覧を印刷', en: 'Print muster list' })}
            </a>
            <a class="button" href={`/api/sites/${siteId}/muster?format=xlsx`} download>
              {t({ ja: '避難確認用一覧（Excel形式）', en: 'Muster list (Excel)' })}
            </a>
            <a class="button" href={`/api/sites/${siteId}/muster?format=csv`} download>
              {t({ ja: '避難確認用一覧（CSV）', en: 'Muster list (CSV)' })}
            </a>
          </div>
        </div>
        <p class="muted small">
          {t({ ja: '{at} 時点（30秒ごとに自動更新）', en: 'As of {at} (refreshes every 30 s)' }, { at: dateTime(checkedAt) })}
        </p>
        <ListView
          load={load}
          rows={(d) => d.inside}
          empty={{ ja: '在室者はいません。', en: 'Nobody is inside.' }}
          label={{ ja: '在室者', en: 'Inside' }}
          rowKey={(r) => `${r.areaId}-${r.personId ?? `v${r.visitorId}`}`}
          columns={[
            { head: { ja: '区域', en: 'Area' }, cell: (r) => r.areaName },
            {
              head: { ja: '氏名', en: 'Name' },
              cell: (r) => (
                <>
                  {r.name}
                  {r.kana && <div class="muted small">{r.kana}</div>}
                </>
              ),
            },
            { head: { ja: '所属', en: 'Organisation' }, cell: (r) => r.affiliation },
            { head: { ja: '区分', en: 'Kind' }, cell: (r) => (r.kind === 'visitor' ? <Tag kind="visitor">{t({ ja: '来訪者', en: 'Visitor' })}</Tag> : t({ ja: '作業従事者', en: 'Staff' })) },
            {
              head: { ja: '入室', en: 'Entered' },
              class: 'nowrap',
              title: (r) => dateTime(r.enteredAt),
              cell: (r) => (
                <>
                  {r.sinceEarlierDay ? dateTime(r.enteredAt) : time(r.enteredAt)}
                  {r.sinceEarlierDay && (
                    <div>
                      <Tag kind="flag">{t({ ja: '前日から入室中', en: 'Inside since an earlier day' })}</Tag>
                    </div>
                  )}
                  {r.paperRecord && (
                    <div>
                      <Tag kind="flag">{t({ ja: '事後記録', en: 'Entered later' })}</Tag>
                    </div>
                  )}
                </>
              ),
            },
          ]}
        />
      </section>
    </>
  );
}
