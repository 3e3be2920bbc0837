import { t } from '../../shared/i18n.ts';
import { useSignal } from '../../shared/signal.ts';
import { api, hasRole } from '../session.ts';
import { route, setQuery } from '../router.ts';
import { ledgerDay, localDay } from '../format.ts';
import type { ApiJson, SiteLedger } from '../types.ts';
import { Empty, Link, Loading, PageTitle, useLoad } from '../ui/common.tsx';
import { SignOff, type DocumentFormat } from './ledger.tsx';
import { RefusalsTable, StaysTable } from './ledger-tables.tsx';

export const siteLedgerUrl = (siteId: number | string, day: string, format: DocumentFormat, section?: 'refusals') => `/api/sites/${siteId}/ledger?date=${day}&format=${format}${section ? `&section=${section}` : ''}`;

/** The daily 入退室管理簿 of a whole site (B13): every managed area in time order, print, CSV and sign-off. */
export function SiteLedgerPage() {
  const sites = useLoad(() => api<ApiJson<'/api/sites'>>('/api/sites'), []);
  const loc = useSignal(route);
  const day = loc.query.get('date') ?? localDay();
  return (
    <main>
      <PageTitle title={{ ja: '拠点の入退室管理簿', en: 'Daily ledger of a site' }} />
      <p class="muted">
        {t({ ja: '拠点内のすべての管理区域の入退室を、時刻順に区域名を添えて一つの管理簿にまとめたものです。区域ごとの管理簿は', en: 'Every managed area of the site in one record, in time order with the area named. The per-area ledger is on ' })}
        <Link href={`/console/ledger?date=${day}`}>{t({ ja: '入退室管理簿（区域別）', en: 'the area ledger page' })}</Link>
        {t({ ja: 'にあります。', en: '.' })}
      </p>
      <Loading load={sites}>
        {({ sites: list }) => {
          const siteId = loc.query.get('siteId') ?? (list[0] ? String(list[0].id) : '');
          return (
            <>
              <div class="filters row">
                <div class="field">
                  <label for="site-ledger-site">{t({ ja: '拠点', en: 'Site' })}</label>
                  <select id="site-ledger-site" value={siteId} onChange={(e) => setQuery({ siteId: e.currentTarget.value })}>
                    {list.map((s) => (
                      <option key={s.id} value={String(s.id)}>
                        {s.name}
                      </option>
                    ))}
                  </select>
                </div>
                <div class="field">
                  <label for="site-ledger-date">{t({ ja: '日付', en: 'Date' })}</label>
                  <input id="site-ledger-date" type="date" value={day} max={localDay()} onChange={(e) => e.currentTarget.value && setQuery({ date: e.currentTarget.value })} />
                </div>
              </div>
              {siteId ? <Ledger key={`${siteId}-${day}`} siteId={siteId} day={day} /> : <Empty>{t({ ja: '拠点がまだありません。', en: 'No sites yet.' })}</Empty>}
            </>
          );
        }}
      </Loading>
    </main>
  );
}

function Ledger({ siteId, day }: { siteId: string; day: string }) {
  const load = useLoad(() => api<SiteLedger>(siteLedgerUrl(siteId, day, 'json')), [siteId, day]);
  return (
    <Loading load={load}>
      {(l) => (
        <>
          <section class="card ledger-head">
            <div class="page-title">
              <h2>
                {l.site.name} — {ledgerDay(l.day, l.eraDay)}
              </h2>
              <div class="buttons">
                <a class="button" href={siteLedgerUrl(siteId, day, 'html')} target="_blank" rel="noopener">
                  {t({ ja: '印刷用ページ', en: 'Print page' })}
                </a>
                <a class="button" href={siteLedgerUrl(siteId, day, 'xlsx')} download>
                  {t({ ja: 'Excel形式でダウンロード', en: 'Download Excel' })}
                </a>
                <a class="button" href={siteLedgerUrl(siteId, day, 'csv')} download>
                  {t({ ja: 'CSVをダウンロード', en: 'Download CSV' })}
                </a>
                <a class="button" href={siteLedgerUrl(siteId, day, 'csv', 'refusals')} download>
                  {t({ ja: '拒否の記録（CSV）', en: 'Refusals (CSV)' })}
                </a>
                <button type="button" onClick={load.reload}>
                  {t({ ja: '更新', en: 'Refresh' })}
                </button>
              </div>
            </div>
            <p class="muted">{t({ ja: '対象区域：{areas}', en: 'Areas covered: {areas}' }, { areas: l.areas.map((a) => a.name).join('、') })}</p>
            <p class="totals">
              {t(
                { ja: '入室 {entries} 件　退室 {exits} 件　未退室 {missing} 件　入室拒否 {refusals} 件', en: 'Entries: {entries}, exits: {exits}, without exit: {missing}, refused: {refusals}' },
                { entries: l.totals.entries, exits: l.totals.exits, missing: l.totals.missingExits, refusals: l.totals.refusals },
              )}
            </p>
            <SignOff ledger={l} base={`/api/sites/${l.site.id}/ledger/${l.day}/signoff`} onSigned={load.reload} />
          </section>
          <section class="card">
            <h2>{t({ ja: '入退室の記録', en: 'Stays' })}</h2>
            {l.stays.length === 0 ? <Empty>{t({ ja: 'この日の入退室記録はありません。', en: 'No entries or exits on this day.' })}</Empty> : <StaysTable ledger={l} onCorrected={load.reload} withArea />}
          </section>
          <section class="card">
            <h2>{t({ ja: '入室拒否の記録', en: 'Refusals' })}</h2>
            {l.refusals.length === 0 ? <Empty>{t({ ja: 'なし', en: 'None' })}</Empty> : <RefusalsTable ledger={l} withArea />}
          </section>
          {(hasRole('guard') || hasRole('supervisor')) && (
            <p>
              <Link href="/console/paper-stays">{t({ ja: '紙の記録を入力（事後記録）', en: 'Enter a paper record (entered later)' })}</Link>
            </p>
          )}
        </>
      )}
    </Loading>
  );
}
