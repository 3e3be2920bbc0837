import { and, desc, eq, inArray, ne, type SQL } from 'drizzle-orm';
import type { Ctx } from '../deps.ts';
import { transact, type Tx } from '../db/client.ts';
import { sites } from '../db/schema/areas.ts';
import { people } from '../db/schema/roster.ts';
import { submissions, type SubmissionKind } from '../db/schema/submissions.ts';
import { AppError } from '../http/app-error.ts';
import { iso } from '../http/fields.ts';
import { recordChange } from '../journal/append.ts';
import { canonicalJson, sha256Hex } from '../journal/canonical.ts';
import { assertSiteInScope, scopedSiteIds } from '../auth/scope.ts';
import { buildDocument, type LastRoster } from './documents.ts';
import type { RosterDocument } from './roster-document.ts';
import type { SubjectInput, SubmissionsQueryInput } from './schemas.ts';

export type Submission = typeof submissions.$inferSelect;

/** Everything of a submission but its content, with the names a list shows. */
const SUMMARY = {
  id: submissions.id,
  siteId: submissions.siteId,
  siteName: sites.name,
  kind: submissions.kind,
  subjectKey: submissions.subjectKey,
  subject: submissions.subject,
  title: submissions.title,
  digest: submissions.digest,
  previousId: submissions.previousId,
  submittedBy: submissions.submittedBy,
  submittedAt: submissions.submittedAt,
  status: submissions.status,
  decidedBy: submissions.decidedBy,
  decidedAt: submissions.decidedAt,
  returnComment: submissions.returnComment,
};

function namesOf(db: Tx, ids: (number | null)[]): Map<number, string> {
  const wanted = [...new Set(ids.filter((i): i is number => i !== null))];
  if (wanted.length === 0) return new Map();
  return new Map(db.select({ id: people.id, name: people.name }).from(people).where(inArray(people.id, wanted)).all().map((r) => [r.id, r.name]));
}

function summaries(db: Tx, where: SQL | undefined) {
  const rows = db.select(SUMMARY).from(submissions).innerJoin(sites, eq(sites.id, submissions.siteId)).where(where).orderBy(desc(submissions.id)).limit(500).all();
  const names = namesOf(db, rows.flatMap((r) => [r.submittedBy, r.decidedBy]));
  return rows.map((r) => ({
    ...r,
    submittedByName: names.get(r.submittedBy) ?? null,
    decidedByName: r.decidedBy === null ? null : (names.get(r.decidedBy) ?? null),
    submittedAt: iso(r.submittedAt),
    decidedAt: iso(r.decidedAt),
  }));
}

export type SubmissionSummary = ReturnType<typeof summaries>[number];

/** Only the actor's sites: 甲 of one contract never sees another's submissions (F4). */
function inScope(ctx: Ctx): SQL | undefined {
  const siteIds = scopedSiteIds(ctx.actor);
  return siteIds === null ? undefined : inArray(submissions.siteId, [...siteIds]);
}

export function listSubmissions(ctx: Ctx, q: SubmissionsQueryInput) {
  const where = and(
    inScope(ctx),
    q.status ? eq(submissions.status, q.status) : undefined,
    q.kind ? eq(submissions.kind, q.kind) : undefined,
    q.siteId ? eq(submissions.siteId, q.siteId) : undefined,
  );
  return { submissions: summaries(ctx.deps.db, where) };
}

/** One submission with its stored content; 403 outside the actor's sites, 404 when there is none. */
export function requireSubmission(ctx: Ctx, id: number): Submission {
  const row = ctx.deps.db.select().from(submissions).where(eq(submissions.id, id)).get();
  if (!row) throw AppError.notFound('submission');
  assertSiteInScope(ctx.actor, row.siteId);
  return row;
}

export function summaryOf(ctx: Ctx, id: number): SubmissionSummary {
  requireSubmission(ctx, id);
  return summaries(ctx.deps.db, eq(submissions.id, id))[0]!;
}

/** The latest submission of a subject at a site that was not returned (the one that stands). */
function standing(db: Tx, siteId: number, kind: SubmissionKind, subjectKey?: string): Submission | undefined {
  return db
    .select()
    .from(submissions)
    .where(and(eq(submissions.siteId, siteId), eq(submissions.kind, kind), subjectKey === undefined ? undefined : eq(submissions.subjectKey, subjectKey), ne(submissions.status, 'returned')))
    .orderBy(desc(submissions.id))
    .get();
}

export const lastRosterOf =
  (db: Tx): LastRoster =>
  (siteId) => {
    const row = standing(db, siteId, 'roster');
    if (!row) return null;
    const doc = JSON.parse(row.content) as RosterDocument;
    return { id: row.id, day: doc.day, entries: doc.entries };
  };

/** A returned submission of the same subject that no later one replaces yet: the new one replaces it. */
function returnedToReplace(db: Tx, siteId: number, kind: SubmissionKind, subjectKey: string): Submission | undefined {
  const returned = db
    .select()
    .from(submissions)
    .where(and(eq(submissions.siteId, siteId), eq(submissions.kind, kind), eq(submissions.subjectKey, subjectKey), eq(submissions.status, 'returned')))
    .orderBy(desc(submissions.id))
    .all();
  const replaced = replacedIds(db, returned.map((r) => r.id));
  return returned.find((r) => !replaced.has(r.id));
}

function refuseIfStanding(db: Tx, siteId: number, input: SubjectInput, subjectKey: string, content: unknown): void {
  if (input.kind === 'roster') {
    const last = standing(db, siteId, 'roster');
    if (last && (JSON.parse(last.content) as RosterDocument).entriesDigest === (content as RosterDocument).entriesDigest) {
      throw AppError.conflict('body.date', `the roster has not changed since submission No.${last.id}`);
    }
    return;
  }
  const same = standing(db, siteId, input.kind, subjectKey);
  if (same) throw AppError.conflict('body.kind', `this document was already submitted (No.${same.id}, ${same.status === 'submitted' ? 'awaiting receipt' : 'received'})`);
}

/**
 * Submits a document to 甲 (F3): the document is built now, stored exactly as submitted (canonical JSON)
 * with its SHA-256, for the site it belongs to. A document already submitted and not returned is not
 * submitted twice; one that was returned is submitted again as a new submission naming the old one.
 */
export async function submitDocument(ctx: Ctx, input: SubjectInput) {
  if (ctx.actor.type !== 'person') throw new AppError('FORBIDDEN', 'staff only');
  const submittedBy = ctx.actor.id;
  const built = await buildDocument(ctx, input, lastRosterOf(ctx.deps.db));
  const content = canonicalJson(built.content);
  const digest = sha256Hex(content);
  const { kind: _kind, ...subject } = input;
  const id = transact(ctx.deps.db, (tx) => {
    refuseIfStanding(tx, built.siteId, input, built.subjectKey, built.content);
    const previous = returnedToReplace(tx, built.siteId, input.kind, built.subjectKey);
    const row = tx
      .insert(submissions)
      .values({ siteId: built.siteId, kind: input.kind, subjectKey: built.subjectKey, subject, title: built.title, content, digest, previousId: previous?.id ?? null, submittedBy, submittedAt: ctx.deps.clock.now() })
      .returning()
      .get();
    const { content: _content, ...recorded } = row;
    recordChange(tx, ctx, { action: 'submission.submitted', entityType: 'submission', entityId: row.id, data: { ...recorded, contentBytes: Buffer.byteLength(content, 'utf8') } });
    return row.id;
  });
  return summaryOf(ctx, id);
}

/** Whether a returned submission was already submitted again. */
export function replacedIds(db: Tx, ids: number[]): Set<number> {
  if (ids.length === 0) return new Set();
  return new Set(
    db
      .select({ previousId: submissions.previousId })
      .from(submissions)
      .where(inArray(submissions.previousId, ids))
      .all()
      .map((r) => r.previousId!),
  );
}
