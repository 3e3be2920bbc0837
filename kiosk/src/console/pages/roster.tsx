import type { ApiJson } from '../types.ts';
import { useEffect, useState } from 'preact/hooks';
import { t } from '../../shared/i18n.ts';
import { useSignal } from '../../shared/signal.ts';
import { api, hasRole } from '../session.ts';
import { route, setQuery } from '../router.ts';
import { label, ROLE_LABEL, STATUS_LABEL } from '../messages.ts';
import { validity } from '../format.ts';
import { Link, PageTitle, Tag, useLoad } from '../ui/common.tsx';
import { ListView } from '../ui/list.tsx';
import { DownloadLink } from './compliance-parts.tsx';

type Row = ApiJson<'/api/people'>['people'][number];

/** The roster as a file: the same filters, never the sensitive fields. */
function downloadUrl(q: string, status: string, format: 'csv' | 'xlsx'): string {
  const p = new URLSearchParams();
  if (q) p.set('q', q);
  if (status) p.set('status', status);
  p.set('format', format);
  return `/api/people?${p}`;
}

/** The roster (作業従事者名簿), sorted by kana as the server returns it. */
export function RosterPage() {
  const loc = useSignal(route);
  const q = loc.query.get('q') ?? '';
  const status = loc.query.get('status') ?? '';
  const [typed, setTyped] = useState(q);
  const [sensitive, setSensitive] = useState(false);
  useEffect(() => {
    const h = setTimeout(() => typed !== q && setQuery({ q: typed.trim() }), 250);
    return () => clearTimeout(h);
  }, [typed]);
  const params = new URLSearchParams();
  if (q) params.set('q', q);
  if (status) params.set('status', status);
  if (sensitive) params.set('include', 'sensitive');
  const load = useLoad(() => api<ApiJson<'/api/people'>>(`/api/people?${params}`), [params.toString()]);
  const mayReadSensitive = hasRole('admin', 'supervisor', 'auditor');
  return (
    <main>
      <PageTitle title={{ ja: '作業従事者名簿', en: 'Roster' }}>
        <DownloadLink href={downloadUrl(q, status, 'xlsx')}>{t({ ja: 'Excel形式でダウンロード', en: 'Download Excel' })}</DownloadLink>
        <DownloadLink href={downloadUrl(q, status, 'csv')}>{t({ ja: 'CSVをダウンロード', en: 'Download CSV' })}</DownloadLink>
        {hasRole('admin') && (
          <Link href="/console/roster/new" class="button primary">
            {t({ ja: '新しい人を登録', en: 'Add a person' })}
          </Link>
        )}
      </PageTitle>
      <div class="filters row">
        <div class="field">
          <label for="roster-search">{t({ ja: '検索（氏名・ふりがな）', en: 'Search (name or kana)' })}</label>
          <input id="roster-search" type="search" value={typed} onInput={(e) => setTyped(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="roster-status">{t({ ja: '状態', en: 'Status' })}</label>
          <select id="roster-status" value={status} onChange={(e) => setQuery({ status: e.currentTarget.value })}>
            <option value="">{t({ ja: 'すべて', en: 'All' })}</option>
            {(['active', 'suspended', 'offboarded'] as const).map((s) => (
              <option key={s} value={s}>
                {label(STATUS_LABEL, s)}
              </option>
            ))}
          </select>
        </div>
        {mayReadSensitive && (
          <div class="field shrink">
            <button type="button" onClick={() => setSensitive(!sensitive)} aria-pressed={sensitive}>
              {sensitive ? t({ ja: '連絡先・国籍を隠す', en: 'Hide sensitive fields' }) : t({ ja: '連絡先・国籍を表示', en: 'Show sensitive fields' })}
            </button>
          </div>
        )}
      </div>
      {sensitive && (
        <p class="banner warn">{t({ ja: '連絡先・国籍の閲覧は監査ログに記録されます。', en: 'Reading contact and nationality is recorded in the journal.' })}</p>
      )}
      <ListView
        load={load}
        rows={(d) => d.people}
        empty={{ ja: '該当する人はいません。', en: 'Nobody matches.' }}
        label={{ ja: '名簿', en: 'Roster' }}
        rowKey={(p) => p.id}
        columns={[
          { head: { ja: 'ふりがな', en: 'Kana' }, class: 'kana', cell: (p) => p.kana },
          { head: { ja: '氏名', en: 'Name' }, cell: (p) => <Link href={`/console/roster/${p.id}`}>{p.name}</Link> },
          { head: { ja: '所属', en: 'Organisation' }, cell: (p) => p.organisationName },
          { head: { ja: '役割', en: 'Roles' }, cell: (p) => p.roles.map((r) => label(ROLE_LABEL, r)).join('・') },
          { head: { ja: '有効期間', en: 'Valid' }, class: 'nowrap', cell: (p) => validity(p.validFrom, p.validTo) || '—' },
          { head: { ja: '状態', en: 'Status' }, cell: (p) => <Tag kind={p.status}>{label(STATUS_LABEL, p.status)}</Tag> },
          ...(sensitive
            ? [
                { head: { ja: '連絡先', en: 'Contact' }, cell: (p: Row) => p.contact },
                { head: { ja: '国籍', en: 'Nationality' }, cell: (p: Row) => p.nationality },
              ]
            : []),
        ]}
      />
    </main>
  );
}
