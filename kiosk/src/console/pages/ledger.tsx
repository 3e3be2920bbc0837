import { startAuthentication } from '@simplewebauthn/browser';
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { t } from '../../shared/i18n.ts';
import { useSignal } from '../../shared/signal.ts';
import { api, hasRole } from '../session.ts';
import { route, setQuery } from '../router.ts';
import { dateTime, ledgerDay, localDay } from '../format.ts';
import type { ApiJson, Ceremony, DailyLedger } from '../types.ts';
import { Banner, Empty, ErrorBanner, Link, Loading, PageTitle, useLoad } from '../ui/common.tsx';
import { DisabledAction } from '../ui/disabled-action.tsx';
import { needsRole } from '../roles.ts';
import { areaName } from './authorizations.tsx';
import { RefusalsTable, StaysTable } from './ledger-tables.tsx';

async function loadPlaces() {
  const [s, a] = await Promise.all([api<ApiJson<'/api/sites'>>('/api/sites'), api<ApiJson<'/api/areas'>>('/api/areas')]);
  return { sites: s.sites, areas: a.areas };
}

export const ledgerUrl = (areaId: number | string, day: string, format: DocumentFormat, section?: 'refusals') => `/api/areas/${areaId}/ledger?date=${day}&format=${format}${section ? `&section=${section}` : ''}`;

/** A daily document's formats: JSON for the screen, the print page, CSV (one table a file) and an Excel workbook. */
export type DocumentFormat = 'json' | 'csv' | 'xlsx' | 'html';

/** The daily 入退室管理簿 of one area (B10): on screen, print page, CSV, passkey sign-off, corrections. */
export function LedgerPage() {
  return (
    <main>
      <PageTitle title={{ ja: '入退室管理簿', en: 'Daily entry/exit ledger' }} />
      <p class="buttons">
        <Link class="button" href="/console/site-ledger">
          {t({ ja: '拠点の入退室管理簿', en: 'Site ledger (all areas)' })}
        </Link>
        {(hasRole('guard') || hasRole('supervisor') || hasRole('admin')) && (
          <Link class="button" href="/console/paper-stays">
            {t({ ja: '紙の記録を入力（事後記録）', en: 'Enter a paper record' })}
          </Link>
        )}
      </p>
      <AreaDayChooser idPrefix="ledger">{(areaId, day) => <Ledger key={`${areaId}-${day}`} areaId={areaId} day={day} />}</AreaDayChooser>
    </main>
  );
}

/** The area and the day of a daily ledger, kept in the query string (shared by both daily ledgers). */
export function AreaDayChooser({ idPrefix, children }: { idPrefix: string; children: (areaId: string, day: string) => ComponentChildren }) {
  const places = useLoad(loadPlaces, []);
  const loc = useSignal(route);
  const day = loc.query.get('date') ?? localDay();
  return (
    <Loading load={places}>
      {(p) => {
        const areaId = loc.query.get('areaId') ?? (p.areas[0] ? String(p.areas[0].id) : '');
        return (
          <>
            <div class="filters row">
              <div class="field">
                <label for={`${idPrefix}-area`}>{t({ ja: '区域', en: 'Area' })}</label>
                <select id={`${idPrefix}-area`} value={areaId} onChange={(e) => setQuery({ areaId: e.currentTarget.value })}>
                  {p.areas.map((a) => (
                    <option key={a.id} value={String(a.id)}>
                      {areaName(p, a.id)}
                    </option>
                  ))}
                </select>
              </div>
              <div class="field">
                <label for={`${idPrefix}-date`}>{t({ ja: '日付', en: 'Date' })}</label>
                <input id={`${idPrefix}-date`} type="date" value={day} max={localDay()} onChange={(e) => e.currentTarget.value && setQuery({ date: e.currentTarget.value })} />
              </div>
            </div>
            {areaId ? children(areaId, day) : <Empty>{t({ ja: '区域がまだありません。', en: 'No areas yet.' })}</Empty>}
          </>
        );
      }}
    </Loading>
  );
}

function Ledger({ areaId, day }: { areaId: string; day: string }) {
  const load = useLoad(() => api<DailyLedger>(ledgerUrl(areaId, day, 'json')), [areaId, day]);
  return (
    <Loading load={load}>
      {(l) => (
        <>
          <LedgerHead ledger={l} url={(format, section) => ledgerUrl(areaId, day, format, section)} signoffBase={`/api/areas/${l.area.id}/ledger/${l.day}/signoff`} reload={load.reload}>
            {t(
              { ja: '入室 {entries} 件　退室 {exits} 件　未退室 {missing} 件　入室拒否 {refusals} 件', en: 'Entries: {entries}, exits: {exits}, without exit: {missing}, refused: {refusals}' },
              { entries: l.totals.entries, exits: l.totals.exits, missing: l.totals.missingExits, refusals: l.totals.refusals },
            )}
          </LedgerHead>
          <section class="card">
            <h2>{t({ ja: '入退室の記録', en: 'Stays' })}</h2>
            {l.stays.length === 0 ? <Empty>{t({ ja: 'この日の入退室記録はありません。', en: 'No entries or exits on this day.' })}</Empty> : <StaysTable ledger={l} onCorrected={load.reload} />}
          </section>
          <section class="card">
            <h2>{t({ ja: '入室拒否の記録', en: 'Refusals' })}</h2>
            {l.refusals.length === 0 ? <Empty>{t({ ja: 'なし', en: 'None' })}</Empty> : <RefusalsTable ledger={l} />}
          </section>
        </>
      )}
    </Loading>
  );
}

/** The supervisor's passkey sign-off over a daily ledger's digest; `base` is its signoff route. */
interface LedgerHeadProps {
  ledger: Pick<DailyLedger, 'signoff' | 'digest' | 'day' | 'eraDay' | 'area'>;
  url: (format: DocumentFormat, section?: 'refusals') => string;
  signoffBase: string;
  reload: () => void;
  /** The day's totals, in words. */
  children: ComponentChildren;
}

/** The head of a daily ledger (入退室管理簿 or 持込・持出管理簿): area and day, print page, Excel, CSV, totals, sign-off. */
export function LedgerHead({ ledger: l, url, signoffBase, reload, children }: LedgerHeadProps) {
  return (
    <section class="card ledger-head">
      <div class="page-title">
        <h2>
          {l.area.site.name} / {l.area.name} — {ledgerDay(l.day, l.eraDay)}
        </h2>
        <div class="buttons">
          <a class="button" href={url('html')} target="_blank" rel="noopener">
            {t({ ja: '印刷用ページ', en: 'Print page' })}
          </a>
          <a class="button" href={url('xlsx')} download>
            {t({ ja: 'Excel形式でダウンロード', en: 'Download Excel' })}
          </a>
          <a class="button" href={url('csv')} download>
            {t({ ja: 'CSVをダウンロード', en: 'Download CSV' })}
          </a>
          <a class="button" href={url('csv', 'refusals')} download>
            {t({ ja: '拒否の記録（CSV）', en: 'Refusals (CSV)' })}
          </a>
          <button type="button" onClick={reload}>
            {t({ ja: '更新', en: 'Refresh' })}
          </button>
        </div>
      </div>
      <p class="totals">{children}</p>
      <SignOff ledger={l} base={signoffBase} onSigned={reload} />
    </section>
  );
}

export function SignOff({ ledger, base, onSigned }: { ledger: Pick<DailyLedger, 'signoff' | 'digest'>; base: string; onSigned: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const s = ledger.signoff;
  const standing = s !== null && !s.superseded && s.digestMatches;
  const sign = async () => {
    setBusy(true);
    setError(null);
    try {
      const { options } = await api<Ceremony<'/api/areas/:id/ledger/:date/signoff/options' | '/api/sites/:id/ledger/:date/signoff/options'>>(`${base}/options`, { method: 'POST' });
      const response = await startAuthentication({ optionsJSON: options });
      await api(base, { body: { response } });
      onSigned();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="signoff" data-testid="signoff">
      {s === null && <Banner kind="warn">{t({ ja: '未承認', en: 'Not signed off' })}</Banner>}
      {s !== null && standing && (
        <Banner kind="ok">
          {t({ ja: '承認済み：{name}（{at}）', en: 'Signed off by {name} at {at}' }, { name: s.personName, at: dateTime(s.signedAt) })}
        </Banner>
      )}
      {s !== null && !standing && (
        <Banner kind="warn">
          {s.superseded
            ? t({ ja: '承認後に訂正がありました。再承認が必要です（前回：{name}、{at}）。', en: 'Corrected after sign-off: sign again (last: {name}, {at}).' }, { name: s.personName, at: dateTime(s.signedAt) })
            : t({ ja: '承認後に記録が変わりました。再承認が必要です（前回：{name}、{at}）。', en: 'The records changed after sign-off: sign again (last: {name}, {at}).' }, { name: s.personName, at: dateTime(s.signedAt) })}
        </Banner>
      )}
      <p class="muted small">
        {t({ ja: 'ダイジェスト（SHA-256）', en: 'Digest (SHA-256)' })}: <code class="digest">{ledger.digest}</code>
      </p>
      {hasRole('supervisor') && !standing && (
        <div class="buttons">
          <button type="button" class="primary" onClick={sign} disabled={busy}>
            {busy ? t({ ja: 'パスキーを確認中…', en: 'Checking passkey…' }) : t({ ja: 'パスキーで承認する', en: 'Sign off with passkey' })}
          </button>
          <span class="muted small">{t({ ja: '承認は、この画面の内容（ダイジェスト）に対する署名として記録されます。', en: 'The sign-off is recorded as a signature over this content (its digest).' })}</span>
        </div>
      )}
      {!hasRole('supervisor') && !standing && (
        <div class="buttons">
          <DisabledAction label={{ ja: 'パスキーで承認する', en: 'Sign off with passkey' }} reason={needsRole({ ja: '管理簿の承認', en: 'Signing off the ledger' }, ['supervisor'])} />
        </div>
      )}
      <ErrorBanner error={error} />
    </div>
  );
}
