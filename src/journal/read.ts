import { and, asc, desc, eq, gt, gte, like, lt, lte, type SQL } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { journal } from '../db/schema/journal.ts';
import { iso } from '../http/fields.ts';

export function journalHead(db: Tx): { seq: number; hash: string | null } {
  const head = db.select({ seq: journal.seq, hash: journal.hash }).from(journal).orderBy(desc(journal.seq)).limit(1).get();
  return head ?? { seq: 0, hash: null };
}

// A6: the journal records whole person rows; its reading view withholds the sensitive fields.
// The chain is still checkable: verification works on the stored rows, not on this view.
const RESTRICTED_KEYS = new Set(['contact', 'nationality']);

function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, RESTRICTED_KEYS.has(k) ? '[restricted]' : redact(v)]));
}

/** What an inspection looks for in the journal (issue 18): every given part must match. */
export interface JournalFilter {
  /** An action (`asset.registered`), or every action under a prefix (`custody.*`). */
  action?: string;
  entityType?: string;
  entityId?: string;
  actorType?: 'person' | 'kiosk' | 'system';
  actorId?: string;
  /** Instants (epoch ms): from inclusive, to exclusive. */
  from?: number;
  to?: number;
}

/**
 * How many sequence numbers one filtered page looks through at most. A filter no index serves (an action,
 * an actor) would otherwise read the whole journal for a rare match: at 5 M entries, seconds of the
 * request loop. A page that reaches this span before filling up ends there, and `next` (or `previous`)
 * says where to go on; a client pages until the cursor is null.
 */
export const FILTER_SPAN = 20_000;

export interface JournalPage {
  entries: ReturnType<typeof entryView>[];
  next: number | null;
  previous: number | null;
}

function entryView({ data, payloadSalt: _salt, ...row }: typeof journal.$inferSelect) {
  return { ...row, at: iso(row.at), data: data === null ? null : redact(JSON.parse(data)) };
}

/** The first seq whose entry is at or after `at` (head + 1 when none): entries are appended in time order. */
function firstSeqAtOrAfter(db: Tx, at: number, head: number): number {
  let lo = 1;
  let hi = head + 1;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    const row = db.select({ seq: journal.seq, at: journal.at }).from(journal).where(gte(journal.seq, mid)).orderBy(asc(journal.seq)).limit(1).get();
    if (!row) hi = mid;
    else if (row.at >= at) hi = Math.min(mid, row.seq);
    else lo = row.seq + 1;
  }
  return lo;
}

function filterConditions(f: JournalFilter): SQL[] {
  const out: SQL[] = [];
  if (f.action !== undefined) out.push(f.action.endsWith('*') ? like(journal.action, `${f.action.slice(0, -1).replace(/[%_\\]/g, '\\$&')}%`) : eq(journal.action, f.action));
  if (f.entityType !== undefined) out.push(eq(journal.entityType, f.entityType));
  if (f.entityId !== undefined) out.push(eq(journal.entityId, f.entityId));
  if (f.actorType !== undefined) out.push(eq(journal.actorType, f.actorType));
  if (f.actorId !== undefined) out.push(eq(journal.actorId, f.actorId));
  if (f.from !== undefined) out.push(gte(journal.at, f.from));
  if (f.to !== undefined) out.push(lt(journal.at, f.to));
  return out;
}

/**
 * A page of entries, oldest first, with the recorded content parsed back (sensitive fields withheld):
 * after a seq going forwards, or before one (the newest page when null) going backwards, each matching
 * `filter`. A date range is turned into a seq range first, so it reads only its own part of the journal.
 */
export function readJournal(db: Tx, page: { after: number } | { before: number | null }, limit: number, filter: JournalFilter = {}, span = FILTER_SPAN): JournalPage {
  const head = journalHead(db).seq;
  const conditions = filterConditions(filter);
  // The seq range the filter's dates allow: [low, high).
  const low = filter.from !== undefined ? firstSeqAtOrAfter(db, filter.from, head) : 1;
  const high = filter.to !== undefined ? firstSeqAtOrAfter(db, filter.to, head) : head + 1;
  const filtered = conditions.length > 0;
  if ('after' in page) {
    const start = Math.max(page.after + 1, low);
    const end = filtered ? Math.min(high, start + span) : high;
    const rows = db.select().from(journal).where(and(gte(journal.seq, start), lt(journal.seq, end), ...conditions)).orderBy(asc(journal.seq)).limit(limit).all();
    const full = rows.length === limit;
    const next = full ? rows.at(-1)!.seq : end < high ? end - 1 : null;
    return { entries: rows.map(entryView), next, previous: null };
  }
  const stop = Math.min(page.before ?? head + 1, high);
  const begin = filtered ? Math.max(low, stop - span) : low;
  const rows = db.select().from(journal).where(and(gte(journal.seq, begin), lt(journal.seq, stop), ...conditions)).orderBy(desc(journal.seq)).limit(limit).all();
  const full = rows.length === limit;
  const previous = full ? rows.at(-1)!.seq : begin > low ? begin : null;
  // Pages read backwards (newest first) are still returned oldest first.
  rows.reverse();
  return { entries: rows.map(entryView), next: null, previous };
}
