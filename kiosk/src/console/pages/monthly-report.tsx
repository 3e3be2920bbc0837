import { t } from '../../shared/i18n.ts';
import { useSignal } from '../../shared/signal.ts';
import { api } from '../session.ts';
import { route, setQuery } from '../router.ts';
import { dateTime, localDay } from '../format.ts';
import { label, REFUSAL_LABEL } from '../messages.ts';
import { ANOMALY_LABEL, INCIDENT_KIND_LABEL } from '../compliance-messages.ts';
import type { MonthlyReport } from '../compliance-types.ts';
import type { ApiJson, Site } from '../types.ts';
import { Banner, Empty, Loading, PageTitle, useLoad } from '../ui/common.tsx';
import { DownloadLink, Figures, PrintLink } from './compliance-parts.tsx';

/** The report's address; the site is named when there are several (with one, the server takes it). */
export const monthlyUrl = (siteId: string | null, month: string, format: 'json' | 'csv' | 'xlsx' | 'html') => `/api/reports/monthly?month=${month}${siteId === null ? '' : `&siteId=${siteId}`}&format=${format}`;

const nonZero = (counts: Record<string, number>) => Object.entries(counts).filter(([, n]) => n > 0);

/** When the state figures stand: the month's end, or now while the month still runs. */
const asOf = (r: MonthlyReport) => (r.asOf === r.period.to ? { ja: '月末時点', en: 'end of month' } : { ja: '現在', en: 'now' });

/** The monthly 自己点検 / セキュリティ保全状況報告書 (E3) of one site (F4): pick a site and a month, read the figures, print or download CSV. */
export function MonthlyReportPage() {
  const sites = useLoad(() => api<ApiJson<'/api/sites'>>('/api/sites'), []);
  return (
    <main>
      <PageTitle title={{ ja: '月次報告（自己点検）', en: 'Monthly report (self-inspection)' }} />
      <Loading load={sites}>{(s) => (s.sites.length === 0 ? <Empty>{t({ ja: '拠点がまだありません。', en: 'No sites yet.' })}</Empty> : <MonthlyReportOf sites={s.sites} />)}</Loading>
    </main>
  );
}

function MonthlyReportOf({ sites }: { sites: Site[] }) {
  const loc = useSignal(route);
  const month = loc.query.get('month') ?? localDay().slice(0, 7);
  const siteId = loc.query.get('siteId') ?? String(sites[0]!.id);
  const named = sites.length === 1 ? null : siteId;
  const load = useLoad(() => api<MonthlyReport>(monthlyUrl(named, month, 'json')), [siteId, month]);
  return (
    <>
      <div class="filters row">
        <div class="field">
          <label for="report-site">{t({ ja: '拠点', en: 'Site' })}</label>
          <select id="report-site" value={siteId} onChange={(e) => setQuery({ siteId: e.currentTarget.value })}>
            {sites.map((s) => (
              <option key={s.id} value={String(s.id)}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="report-month">{t({ ja: '対象月', en: 'Month' })}</label>
          <input id="report-month" type="month" value={month} max={localDay().slice(0, 7)} onChange={(e) => e.currentTarget.value && setQuery({ month: e.currentTarget.value })} />
        </div>
      </div>
      <Loading load={load}>
        {(r) => {
          const when = asOf(r);
          return (
          <>
            <section class="card">
              <div class="page-title">
                <h2>
                  {r.site.name}　{r.month}（{r.period.eraFrom}〜{r.period.eraTo}）
                </h2>
                <div class="buttons">
                  <PrintLink href={monthlyUrl(named, month, 'html')}>{t({ ja: '印刷用ページ', en: 'Print page' })}</PrintLink>
                  <DownloadLink href={monthlyUrl(named, month, 'xlsx')}>{t({ ja: 'Excel形式でダウンロード', en: 'Download Excel' })}</DownloadLink>
                  <DownloadLink href={monthlyUrl(named, month, 'csv')}>{t({ ja: 'CSVをダウンロード', en: 'Download CSV' })}</DownloadLink>
                </div>
              </div>
              {r.journal.verification.ok ? (
                <Banner kind="ok">{t({ ja: '記録の検証：改ざんはありません（{n} 件）', en: 'Journal verified: no alteration ({n} entries)' }, { n: r.journal.verification.count })}</Banner>
              ) : (
                <Banner kind="error">{t({ ja: '記録の検証：第{seq}号に不整合があります', en: 'Journal verification failed at #{seq}' }, { seq: r.journal.verification.seq ?? '?' })}</Banner>
              )}
              <p class="muted small">
                {t({ ja: '最新記録のハッシュ（第{seq}号）', en: 'Head hash (#{seq})' }, { seq: r.journal.headSeq })}: <code class="digest">{r.journal.headHash ?? '—'}</code>
                <br />
                {t({ ja: '出力日時', en: 'Generated' })}: {dateTime(r.generatedAt)}
              </p>
            </section>
            <div class="report-grid">
              <section class="card">
                <h2>{t({ ja: '入退室', en: 'Entries and exits' })}</h2>
                <Figures
                  label={{ ja: '入退室', en: 'Entries and exits' }}
                  items={[
                    [{ ja: '入室', en: 'Entries' }, r.access.entries],
                    [{ ja: 'うち来訪者', en: 'of which visitors' }, r.access.visitorEntries],
                    [{ ja: '退室', en: 'Exits' }, r.access.exits],
                    [{ ja: '入室拒否', en: 'Refusals' }, r.access.refusals],
                    ...nonZero(r.access.refusalsByReason).map(([k, n]): [string, number] => [`　${label(REFUSAL_LABEL, k)}`, n]),
                    [{ ja: '退室記録のない入室', en: 'Stays with no exit' }, r.access.staysWithoutExit],
                  ]}
                />
              </section>
              <section class="card">
                <h2>{t({ ja: '持込・持出と資産', en: 'Carry-in/out and assets' })}</h2>
                <Figures
                  label={{ ja: '持込・持出と資産', en: 'Carry-in/out and assets' }}
                  items={[
                    [{ ja: '持込', en: 'Carried in' }, r.custody.carriedIn],
                    [{ ja: '持出', en: 'Carried out' }, r.custody.carriedOut],
                    [{ ja: '持込・持出の拒否', en: 'Movements refused' }, r.custody.refused],
                    [{ ja: '申請の承認', en: 'Requests approved' }, r.custody.decisions.carry_in.approved + r.custody.decisions.carry_out.approved],
                    [{ ja: '申請の却下', en: 'Requests rejected' }, r.custody.decisions.carry_in.rejected + r.custody.decisions.carry_out.rejected],
                    [{ ja: `区域内の資産（${when.ja}）`, en: `Assets inside (${when.en})` }, r.assets.inside],
                    [{ ja: `持出中・貸出中（${when.ja}）`, en: `Assets out (${when.en})` }, r.assets.outside],
                    [{ ja: `返却期限切れ（${when.ja}）`, en: `Overdue (${when.en})` }, r.assets.overdue],
                    [{ ja: '廃棄の実施', en: 'Disposals' }, r.disposals.total],
                  ]}
                />
              </section>
              <section class="card">
                <h2>{t({ ja: '名簿と研修', en: 'Roster and training' })}</h2>
                <Figures
                  label={{ ja: '名簿と研修', en: 'Roster and training' }}
                  items={[
                    [{ ja: '名簿掲載者（有効）', en: 'Active people' }, r.roster.activePeople],
                    [{ ja: '研修受講済み（有効）', en: 'Trained (current)' }, r.training.current],
                    [{ ja: '研修の期限切れ', en: 'Training lapsed' }, r.training.expired],
                    [{ ja: '研修未受講', en: 'Untrained' }, r.training.untrained],
                    [{ ja: '要配慮情報の閲覧', en: 'Sensitive reads' }, r.roster.sensitiveReads],
                  ]}
                />
              </section>
              <section class="card">
                <h2>{t({ ja: 'インシデントと異常', en: 'Incidents and anomalies' })}</h2>
                <Figures
                  label={{ ja: 'インシデントと異常', en: 'Incidents and anomalies' }}
                  items={[
                    [{ ja: 'インシデント（発見）', en: 'Incidents (discovered)' }, r.incidents.total],
                    ...nonZero(r.incidents.byKind).map(([k, n]): [string, number] => [`　${label(INCIDENT_KIND_LABEL, k)}`, n]),
                    [{ ja: `未完了（${when.ja}）`, en: `Open (${when.en})` }, r.incidents.openNow],
                    [{ ja: '異常の検知', en: 'Anomalies' }, r.anomalies.total],
                    ...nonZero(r.anomalies.byKind).map(([k, n]): [string, number] => [`　${label(ANOMALY_LABEL, k)}`, n]),
                  ]}
                />
              </section>
            </div>
          </>
          );
        }}
      </Loading>
    </>
  );
}
