import type { ApiJson } from '../types.ts';
import { useState } from 'preact/hooks';
import { t } from '../../shared/i18n.ts';
import { api, hasRole } from '../session.ts';
import { Banner, Link, Loading, PageTitle, useLoad } from '../ui/common.tsx';
import { AreaForm, PolicySummary } from './area-form.tsx';
import { AuthorizationsPanel } from './authorizations.tsx';
import { AreaTrainingPolicy } from './training.tsx';

/** One area: its policy (admins edit it) and who is authorized to enter. */
export function AreaPage({ id }: { id: number }) {
  const load = useLoad(async () => {
    const [area, sites] = await Promise.all([api<ApiJson<'/api/areas/:id'>>(`/api/areas/${id}`), api<ApiJson<'/api/sites'>>('/api/sites')]);
    return { area, site: sites.sites.find((s) => s.id === area.siteId) };
  }, [id]);
  const [saved, setSaved] = useState(false);
  return (
    <main>
      <PageTitle title={{ ja: '区域', en: 'Area' }}>
        <Link href="/console/areas">{t({ ja: '拠点・区域に戻る', en: 'Back to sites and areas' })}</Link>
      </PageTitle>
      <Loading load={load}>
        {({ area, site }) => (
          <>
            <section class="card">
              <h2>
                {site?.name} / {area.name}
              </h2>
              {saved && <Banner kind="ok">{t({ ja: '保存しました。', en: 'Saved.' })}</Banner>}
              {hasRole('admin') ? (
                <AreaForm
                  key={area.id}
                  siteId={area.siteId}
                  area={area}
                  onSaved={() => {
                    setSaved(true);
                    load.reload();
                  }}
                />
              ) : (
                <PolicySummary area={area} />
              )}
              <div class="buttons">
                {hasRole('guard', 'supervisor', 'admin', 'auditor') && (
                  <Link class="button" href={`/console/presence?areaId=${area.id}`}>
                    {t({ ja: '在室状況を見る', en: 'Who is inside' })}
                  </Link>
                )}
                {hasRole('supervisor', 'auditor', 'admin') && (
                  <Link class="button" href={`/console/ledger?areaId=${area.id}`}>
                    {t({ ja: '入退室管理簿', en: 'Daily ledger' })}
                  </Link>
                )}
              </div>
            </section>
            <AuthorizationsPanel areaId={area.id} />
            <AreaTrainingPolicy areaId={area.id} />
          </>
        )}
      </Loading>
    </main>
  );
}
