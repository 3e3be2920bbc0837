import { useState } from 'preact/hooks';
import { t } from '../../shared/i18n.ts';
import { api, hasRole } from '../session.ts';
import { label, LEVEL_LABEL, METHOD_LABEL } from '../messages.ts';
import type { ApiJson, Area, Site } from '../types.ts';
import { Empty, Link, Loading, PageTitle, Tag, useLoad } from '../ui/common.tsx';
import { FormProblem, requireFields, Submit, TextField, useForm } from '../ui/form.tsx';
import { AreaForm } from './area-form.tsx';

async function loadAll() {
  const [s, a] = await Promise.all([api<ApiJson<'/api/sites'>>('/api/sites'), api<ApiJson<'/api/areas'>>('/api/areas')]);
  return { sites: s.sites, areas: a.areas };
}

/** Sites and their managed areas (B1). */
export function AreasPage() {
  const load = useLoad(loadAll, []);
  const admin = hasRole('admin');
  return (
    <main>
      <PageTitle title={{ ja: '拠点・区域', en: 'Sites and areas' }} />
      {admin && <SiteForm onSaved={load.reload} />}
      <Loading load={load}>
        {(d) =>
          d.sites.length === 0 ? (
            <Empty>{t({ ja: '拠点はまだありません。', en: 'No sites yet.' })}</Empty>
          ) : (
            d.sites.map((s) => <SiteCard key={s.id} site={s} areas={d.areas.filter((a) => a.siteId === s.id)} onChanged={load.reload} />)
          )
        }
      </Loading>
    </main>
  );
}

function SiteCard({ site, areas, onChanged }: { site: Site; areas: Area[]; onChanged: () => void }) {
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState(false);
  const admin = hasRole('admin');
  return (
    <section class="card" aria-labelledby={`site-${site.id}`}>
      {editing ? (
        <SiteForm
          site={site}
          onSaved={() => {
            setEditing(false);
            onChanged();
          }}
          onCancel={() => setEditing(false)}
        />
      ) : (
        <div class="page-title">
          <h2 id={`site-${site.id}`}>
            {site.name} {site.address && <span class="muted small">{site.address}</span>}
          </h2>
          {admin && (
            <button type="button" class="small" onClick={() => setEditing(true)}>
              {t({ ja: '拠点を編集', en: 'Edit site' })}
            </button>
          )}
        </div>
      )}
      {areas.length === 0 ? (
        <Empty>{t({ ja: '区域はまだありません。', en: 'No areas yet.' })}</Empty>
      ) : (
        <table class="list">
          <thead>
            <tr>
              <th>{t({ ja: '区域', en: 'Area' })}</th>
              <th>{t({ ja: 'レベル', en: 'Level' })}</th>
              <th>{t({ ja: '本人確認', en: 'Identification' })}</th>
              <th>{t({ ja: 'ルール', en: 'Rules' })}</th>
            </tr>
          </thead>
          <tbody>
            {areas.map((a) => (
              <tr key={a.id}>
                <td>
                  <Link href={`/console/areas/${a.id}`}>{a.name}</Link>
                </td>
                <td>
                  <Tag kind={a.securityLevel}>{label(LEVEL_LABEL, a.securityLevel)}</Tag>
                </td>
                <td>{a.acceptedMethods.map((m) => label(METHOD_LABEL, m)).join('、')}</td>
                <td>
                  {[
                    a.twoPersonRule && t({ ja: '二人ルール', en: 'Two-person' }),
                    a.lastPersonOutRule && t({ ja: '最終退室者', en: 'Last out' }),
                    a.carryInApproval && t({ ja: '持込み承認', en: 'Carry-in approval' }),
                    a.outOfSequence === 'refuse' && t({ ja: '順序不整合は拒否', en: 'Refuse out of sequence' }),
                  ]
                    .filter(Boolean)
                    .join('、')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {admin &&
        (adding ? (
          <AreaForm
            siteId={site.id}
            onSaved={() => {
              setAdding(false);
              onChanged();
            }}
            onCancel={() => setAdding(false)}
          />
        ) : (
          <div class="buttons">
            <button type="button" onClick={() => setAdding(true)}>
              {t({ ja: 'この拠点に区域を追加', en: 'Add an area to this site' })}
            </button>
          </div>
        ))}
    </section>
  );
}

function SiteForm({ site, onSaved, onCancel }: { site?: Site; onSaved: () => void; onCancel?: () => void }) {
  const form = useForm(
    { name: site?.name ?? '', address: site?.address ?? '' },
    {
      validate: (v) => requireFields(v, ['name']),
      onSubmit: async (v) => {
        if (site) await api(`/api/sites/${site.id}`, { method: 'PATCH', body: v });
        else await api('/api/sites', { body: v });
        form.reset();
        onSaved();
      },
    },
  );
  return (
    <form id={form.id} class={site ? 'subform' : 'card'} onSubmit={form.onSubmit} noValidate aria-label={site ? t({ ja: '拠点の編集', en: 'Edit site' }) : t({ ja: '拠点を追加', en: 'Add a site' })}>
      {!site && <h2>{t({ ja: '拠点を追加', en: 'Add a site' })}</h2>}
      <div class="row">
        <TextField form={form} name="name" label={{ ja: '拠点名', en: 'Site name' }} required />
        <TextField form={form} name="address" label={{ ja: '所在地', en: 'Address' }} />
      </div>
      <FormProblem form={form} />
      <div class="buttons">
        <Submit form={form} label={site ? { ja: '保存', en: 'Save' } : { ja: '拠点を追加', en: 'Add site' }} />
        {onCancel && (
          <button type="button" onClick={onCancel}>
            {t({ ja: 'やめる', en: 'Cancel' })}
          </button>
        )}
      </div>
    </form>
  );
}
