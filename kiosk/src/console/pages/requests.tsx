import type { ApiJson } from '../types.ts';
import { t } from '../../shared/i18n.ts';
import { useSignal } from '../../shared/signal.ts';
import { api, hasRole, session } from '../session.ts';
import { route, setQuery } from '../router.ts';
import { dateTime } from '../format.ts';
import { label } from '../messages.ts';
import type { RequestView } from '../custody/types.ts';
import { REQUEST_KIND_LABEL, REQUEST_STATUS_LABEL, ROUND_TRIP_LABEL } from '../../shared/custody-labels.ts';
import { Link, PageTitle, Tag } from '../ui/common.tsx';
import { DateRangeFilter, ListFilters, ListTable, ListView, listQuery, periodOfQuery, usePagedList, type TableProps } from '../ui/list.tsx';
import { allOr, QueryFilter } from './compliance-parts.tsx';

type View = 'pending' | 'mine' | 'all';

/** Carry-in and carry-out requests: approvers start on those awaiting them; everyone sees their own. */
export function RequestsPage() {
  const loc = useSignal(route);
  const me = useSignal(session)!;
  const approver = hasRole('guard', 'supervisor');
  const reader = hasRole('admin', 'guard', 'supervisor', 'auditor');
  const view = (loc.query.get('view') as View | null) ?? (approver ? 'pending' : reader ? 'all' : 'mine');
  // The period, the status and the page size are kept in the address (a reload or a shared link keeps them).
  const period = periodOfQuery(loc.query);
  const status = view === 'pending' ? '' : (loc.query.get('status') ?? '');
  const filters = listQuery(loc.query, ['from', 'to', 'limit'], { status: view === 'pending' ? 'submitted' : status });
  const { load, more } = usePagedList(
    (cursor: number | null) =>
      api<ApiJson<'/api/custody/requests'>>(`/api/custody/requests${filters}${cursor === null ? '' : `${filters ? '&' : '?'}cursor=${cursor}`}`).then((d) => ({ rows: d.requests, next: d.next })),
    [filters],
  );
  const views: { id: View; label: { ja: string; en: string } }[] = [
    ...(approver ? [{ id: 'pending' as const, label: { ja: '承認待ち', en: 'Awaiting approval' } }] : []),
    { id: 'mine', label: { ja: '自分の申請', en: 'My requests' } },
    ...(reader ? [{ id: 'all' as const, label: { ja: 'すべて', en: 'All' } }] : []),
  ];
  return (
    <main>
      <PageTitle title={{ ja: '持込・持出申請', en: 'Carry-in / carry-out requests' }}>
        {hasRole('admin', 'supervisor', 'guard', 'worker') && (
          <Link href="/console/requests/new" class="button primary">
            {t({ ja: '新しい申請', en: 'New request' })}
          </Link>
        )}
      </PageTitle>
      <div class="buttons tabs" role="group" aria-label={t({ ja: '表示', en: 'Show' })}>
        {views.map((v) => (
          <button type="button" key={v.id} aria-pressed={view === v.id} class={view === v.id ? 'primary' : ''} onClick={() => setQuery({ view: v.id })}>
            {t(v.label)}
          </button>
        ))}
      </div>
      <ListFilters>
        <DateRangeFilter id="requests-period" from={period.from} to={period.to} label={{ ja: '申請した日', en: 'Made on' }} />
        {view !== 'pending' && <QueryFilter id="requests-status" name={{ ja: '状態', en: 'Status' }} param="status" value={status} options={allOr(REQUEST_STATUS_LABEL)} />}
      </ListFilters>
      <section class="card">
        <ListView
          load={load}
          more={more}
          rows={(d) => (view === 'mine' ? d.rows.filter((r) => r.requester.id === me.person.id || r.carrier.id === me.person.id) : d.rows)}
          empty={period.chosen ? { ja: '選んだ期間に該当する申請はありません。', en: 'No requests in the chosen period.' } : { ja: '該当する申請はありません。', en: 'No requests.' }}
          {...REQUEST_TABLE}
        />
      </section>
    </main>
  );
}

const REQUEST_TABLE: TableProps<RequestView> = {
  label: { ja: '申請の一覧', en: 'Requests' },
  rowKey: (r) => r.id,
  columns: [
    { head: 'No.', cell: (r) => <Link href={`/console/requests/${r.id}`}>{t({ ja: '申請 {n}', en: 'Request {n}' }, { n: r.id })}</Link> },
    { head: { ja: '種類', en: 'Kind' }, cell: (r) => (r.roundTrip ? t(ROUND_TRIP_LABEL) : label(REQUEST_KIND_LABEL, r.kind)) },
    {
      head: { ja: '状態', en: 'Status' },
      cell: (r) => (
        <>
          <Tag kind={r.status}>{label(REQUEST_STATUS_LABEL, r.status)}</Tag>
          {r.status === 'submitted' && r.approvalsNeeded > 1 && (
            <div class="small muted">{t({ ja: '承認 {g}/{n}', en: '{g} of {n} approvals' }, { g: r.approvalsGiven, n: r.approvalsNeeded })}</div>
          )}
        </>
      ),
    },
    {
      head: { ja: '申請者・搬送者', en: 'Requester, carrier' },
      cell: (r) => (
        <>
          {r.requester.name}
          {r.carrier.id !== r.requester.id && <div class="small muted">{t({ ja: '搬送：{n}', en: 'Carrier: {n}' }, { n: r.carrier.name })}</div>}
        </>
      ),
    },
    { head: { ja: '区域', en: 'Area' }, cell: (r) => r.area.name },
    { head: { ja: '資産', en: 'Assets' }, cell: (r) => r.items.map((i) => i.assetNumber).join('、') },
    {
      head: { ja: '予定期間', en: 'Window' },
      class: 'nowrap',
      cell: (r) => (
        <>
          {dateTime(r.windowFrom)}
          <br />– {dateTime(r.windowTo)}
        </>
      ),
    },
  ],
};

export function RequestTable({ requests }: { requests: RequestView[] }) {
  return <ListTable rows={requests} {...REQUEST_TABLE} />;
}
