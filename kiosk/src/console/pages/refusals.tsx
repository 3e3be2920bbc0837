import type { ApiJson } from '../types.ts';
import { t } from '../../shared/i18n.ts';
import { useSignal } from '../../shared/signal.ts';
import { api, hasRole } from '../session.ts';
import { route, setQuery } from '../router.ts';
import { dateTime, localDateTime } from '../format.ts';
import { label, REFUSAL_LABEL } from '../messages.ts';
import { Link, PageTitle } from '../ui/common.tsx';
import { DateRangeFilter, ListFilters, ListView, listQuery, periodOfQuery, usePagedList } from '../ui/list.tsx';

type Refusal = ApiJson<'/api/access/refusals'>['refusals'][number];

/** Records a kiosk kept too long or after it was revoked: never entries, but maybe real stays (issue 19). */
const KEPT = 'late_record,kiosk_revoked';

/** Where a guard enters the stay a kept record stands for, from the paper sheet of that day (B12). */
function paperLink(r: Refusal): string {
  const at = localDateTime(new Date(r.occurredAt));
  return `/console/paper-stays?personId=${r.personId}&areaId=${r.areaId}&${r.direction === 'in' ? 'entryAt' : 'exitAt'}=${encodeURIComponent(at)}`;
}

/**
 * Refusals across areas for a period (the last 31 days unless one is chosen; at most 31 days), newest
 * first, paged with もっと見る; by default those a kiosk kept and could not deliver as entries. The
 * period and the reason are kept in the address.
 */
export function RefusalsPage() {
  const loc = useSignal(route);
  const which = loc.query.get('reason') ?? KEPT;
  const period = periodOfQuery(loc.query);
  const filters = listQuery(loc.query, ['from', 'to'], { reason: which, limit: loc.query.get('limit') ?? 200 });
  const { load: list, more } = usePagedList(
    (cursor: number | null) => api<ApiJson<'/api/access/refusals'>>(`/api/access/refusals${filters}${cursor === null ? '' : `&cursor=${cursor}`}`).then((d) => ({ rows: d.refusals, next: d.next })),
    [filters],
  );
  const mayEnter = hasRole('guard', 'supervisor', 'admin');
  return (
    <main>
      <PageTitle title={{ ja: '拒否された記録', en: 'Refused records' }} />
      <p class="muted">
        {t({
          ja: '受け付けられなかった入退室です（期間を選ばないときは直近31日、一度に選べるのは31日まで）。受付端末に長く保留されていた記録や、登録を取り消された端末の記録は、実際の入退室だった場合、紙の記録から事後記録として入力できます。',
          en: 'Entries and exits not accepted (the last 31 days unless you choose a period; at most 31 days at a time). A record a kiosk kept too long, or one from a kiosk since revoked, can be entered from the paper sheet if the stay was real.',
        })}
      </p>
      <ListFilters>
        <DateRangeFilter id="refusals-period" from={period.from} to={period.to} label={{ ja: '端末の記録日', en: 'Recorded on the kiosk' }} />
        <div class="field">
          <label for="refusals-which">{t({ ja: '表示する記録', en: 'Show' })}</label>
          <select id="refusals-which" value={which} onChange={(e) => setQuery({ reason: e.currentTarget.value })}>
            <option value={KEPT}>{t({ ja: '端末に保留されていた記録', en: 'Kept on a kiosk' })}</option>
            <option value="">{t({ ja: 'すべての拒否', en: 'Every refusal' })}</option>
          </select>
        </div>
      </ListFilters>
      <ListView
        load={list}
        more={more}
        rows={(d) => d.rows}
        empty={period.chosen ? { ja: '選んだ期間に該当する記録はありません。', en: 'Nothing in the chosen period.' } : { ja: '該当する記録はありません。', en: 'Nothing to show.' }}
        label={{ ja: '拒否された記録', en: 'Refused records' }}
        rowKey={(r) => r.id}
        columns={[
          { head: { ja: '日時（端末の記録）', en: 'Time (on the kiosk)' }, class: 'nowrap', cell: (r) => dateTime(r.occurredAt) },
          { head: { ja: '区域', en: 'Area' }, class: 'nowrap', cell: (r) => r.areaName },
          { head: { ja: '入退室', en: 'Direction' }, class: 'nowrap', cell: (r) => (r.direction === 'in' ? t({ ja: '入室', en: 'In' }) : t({ ja: '退室', en: 'Out' })) },
          { head: { ja: '氏名', en: 'Name' }, class: 'nowrap', cell: (r) => r.name ?? t({ ja: '（不明）', en: '(unknown)' }) },
          { head: { ja: '理由', en: 'Reason' }, cell: (r) => label(REFUSAL_LABEL, r.refusalReason) },
          { head: { ja: '受信日時', en: 'Received' }, class: 'nowrap', cell: (r) => dateTime(r.recordedAt) },
          {
            head: '',
            cell: (r) =>
              mayEnter &&
              r.personId !== null &&
              (r.refusalReason === 'late_record' || r.refusalReason === 'kiosk_revoked') && (
                <Link class="button" href={paperLink(r)}>
                  {t({ ja: '紙の記録から入力', en: 'Enter from paper' })}
                </Link>
              ),
          },
        ]}
      />
    </main>
  );
}
