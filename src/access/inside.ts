import { eq } from 'drizzle-orm';
import type { Deps } from '../deps.ts';
import { areas, sites } from '../db/schema/areas.ts';
import { AppError } from '../http/app-error.ts';
import { iso } from '../http/fields.ts';
import type { Table } from '../http/csv.ts';
import type { TabularDocument } from '../http/xlsx.ts';
import { html, printPage, raw } from '../http/html.ts';
import { eraDate, localDateTime, workingDay } from '../time.ts';
import { requireArea } from '../areas/service.ts';
import { whoIsInside } from './presence.ts';
import { PAPER_RECORD } from '../ledger/words.ts';

/** The flag for someone inside since before today: a forgotten exit, or a night shift, to check at a muster. */
export const SINCE_EARLIER_DAY = '前日から入室中';

/** Who is inside an area, or every area of a site, now (B6); `sinceEarlierDay` when the entry is from before today. */
export function insideNow(deps: Deps, q: { areaId?: number | undefined; siteId?: number | undefined }) {
  let areaIds: number[];
  if (q.areaId !== undefined) areaIds = [requireArea(deps.db, q.areaId, 'query.areaId').id];
  else {
    if (!deps.db.select({ id: sites.id }).from(sites).where(eq(sites.id, q.siteId!)).get()) throw AppError.unknown('query.siteId', 'site');
    areaIds = deps.db.select({ id: areas.id }).from(areas).where(eq(areas.siteId, q.siteId!)).all().map((a) => a.id);
  }
  const tz = deps.config.timeZone;
  const today = workingDay(deps.clock.now(), tz);
  return whoIsInside(deps.db, areaIds).map((r) => ({ ...r, kind: r.personId !== null ? 'person' : 'visitor', enteredAt: iso(r.enteredAt), sinceEarlierDay: workingDay(r.enteredAt, tz) < today }));
}

/** What a muster line notes beside the entry time: an entry from an earlier day, an entry from paper. */
const remarksOf = (r: { sinceEarlierDay: boolean; paperRecord: boolean }) => [...(r.sinceEarlierDay ? [SINCE_EARLIER_DAY] : []), ...(r.paperRecord ? [PAPER_RECORD] : [])];

export const MUSTER_TITLE = '在室者一覧（避難確認用）';
const MUSTER_HEADERS = ['区域', '氏名', 'ふりがな', '所属', '区分', '入室日時', '備考'];

/** The muster list for an evacuation: everyone inside the site, as CSV, a workbook or a printable page. */
export function musterList(deps: Deps, siteId: number, format: 'json' | 'csv' | 'xlsx' | 'html') {
  const site = deps.db.select().from(sites).where(eq(sites.id, siteId)).get();
  if (!site) throw AppError.notFound('site');
  const rows = insideNow(deps, { siteId });
  const tz = deps.config.timeZone;
  const now = deps.clock.now();
  // Answered through c.json like every JSON answer, so that its instants carry the zone's offset (decision 0031).
  if (format === 'json') return { json: { site: { id: site.id, name: site.name }, at: iso(now), count: rows.length, inside: rows } };
  const local = (i: string) => localDateTime(Date.parse(i), tz);
  if (format === 'csv' || format === 'xlsx') {
    const table: Table = { title: '在室者', headers: MUSTER_HEADERS, dates: ['入室日時'], rows: rows.map((r) => [r.areaName, r.name, r.kana, r.affiliation, r.kind === 'person' ? '作業従事者' : '来訪者', local(r.enteredAt), remarksOf(r).join('、')]) };
    const document: TabularDocument = {
      title: MUSTER_TITLE,
      subject: `${site.name}　${localDateTime(now, tz)} 現在　${rows.length} 名`,
      eraDate: eraDate(workingDay(now, tz), tz),
      orientation: 'portrait',
      tables: [table],
      file: `muster-${site.id}`,
      name: `在室者一覧_${site.name}`,
    };
    return { format, document };
  }
  const body = html`<main class="sheet"><h1>${MUSTER_TITLE}</h1>
<p class="meta">${site.name} — ${localDateTime(now, tz)} 現在 — ${rows.length} 名</p>
<table><thead><tr><th>区域</th><th>氏名</th><th>所属</th><th>区分</th><th>入室</th><th>確認</th></tr></thead><tbody>
${rows.map((r) => html`<tr${r.sinceEarlierDay ? raw(' class="since-earlier-day"') : ''}><td>${r.areaName}</td><td>${r.name}<br><small>${r.kana ?? ''}</small></td><td>${r.affiliation}</td><td>${r.kind === 'person' ? '作業従事者' : '来訪者'}</td><td>${local(r.enteredAt)}${remarksOf(r).map((m) => html`<br><strong>${m}</strong>`)}</td><td class="check">□</td></tr>`)}
</tbody></table></main>`;
  return { contentType: 'text/html; charset=utf-8', body: printPage({ title: `在室者一覧 ${site.name}`, body }) };
}
