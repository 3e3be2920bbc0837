import { journalHead } from '../journal/read.ts';
import { eq, inArray } from 'drizzle-orm';
import type { Ctx } from '../deps.ts';
import { transact, type Tx } from '../db/client.ts';
import { disposalRecords, disposalRequests } from '../db/schema/compliance.ts';
import { assets } from '../db/schema/custody.ts';
import { recordChange } from '../journal/append.ts';
import { AppError } from '../http/app-error.ts';
import { requirePerson } from '../roster/service.ts';
import { disposalView, itemsOf, requireDisposal, type DisposalRequest } from './read.ts';
import { GONE_STATUSES } from './requests.ts';
import type { ExecutionInput } from './schemas.ts';

/** Names compared as people write them: width, spacing and case do not make a different person. */
function sameName(a: string, b: string): boolean {
  const norm = (s: string) => s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
  return norm(a) === norm(b);
}

/** The witness is a roster person other than the responsible person and the one who did it (002 §4, 003 §9(2)). */
function checkPeople(tx: Tx, input: ExecutionInput): void {
  requirePerson(tx, input.responsiblePersonId, 'body.responsiblePersonId');
  const witness = requirePerson(tx, input.witnessPersonId, 'body.witnessPersonId');
  if (sameName(witness.name, input.executorName)) throw AppError.field('body.witnessPersonId', 'the witness must be someone other than the person who carried out the disposal');
}

function checkAgainstRequest(r: DisposalRequest, input: ExecutionInput, now: number): void {
  if (r.status !== 'approved') throw new AppError('CONFLICT', `disposal request ${r.id} is ${r.status}; only an approved request is carried out (D1)`);
  if (input.executedAt > now) throw AppError.field('body.executedAt', 'is in the future');
  if (input.executedAt < r.decidedAt!) throw AppError.field('body.executedAt', 'is before the request was approved (D1)');
  if (input.method !== undefined && input.method !== r.method) throw AppError.field('body.method', `the request was approved for ${r.method}; another method needs a new request`);
}

/**
 * The execution record (D2) of an approved request: the catalogued assets become disposed and leave
 * any area, in the same transaction. One journal entry; its seq is kept on the record so that the
 * certificate (D3) can print that entry's hash for an inspector to check with `verify`.
 */
export function recordDisposal(ctx: Ctx, id: number, input: ExecutionInput) {
  return transact(ctx.deps.db, (tx) => {
    const now = ctx.deps.clock.now();
    const request = requireDisposal(tx, id);
    checkAgainstRequest(request, input, now);
    checkPeople(tx, input);
    const items = itemsOf(tx, id);
    const gone = items.find((i) => i.assetStatus !== null && GONE_STATUSES.has(i.assetStatus));
    if (gone) throw new AppError('CONFLICT', `${gone.assetNumber} is ${gone.assetStatus} since the approval; it cannot be disposed of`);

    const serialNumbers = input.serialNumbers ?? items.map((i) => i.item.serialNumbers).filter(Boolean).join(', ');
    // The record names the entry that records it, so that the certificate (D3) can print that entry's
    // hash. The entry is the next one: nothing else appends inside this transaction before it.
    const journalSeq = journalHead(tx).seq + 1;
    const record = tx
      .insert(disposalRecords)
      .values({ ...input, requestId: id, method: request.method, serialNumbers, createdAt: now, journalSeq })
      .returning()
      .get();
    const updated = tx.update(disposalRequests).set({ status: 'executed' }).where(eq(disposalRequests.id, id)).returning().get()!;
    const assetIds = items.map((i) => i.item.assetId).filter((a): a is number => a !== null);
    const disposed = assetIds.length
      ? tx.update(assets).set({ status: 'disposed', locationAreaId: null, expectedReturnAt: null, updatedAt: now }).where(inArray(assets.id, assetIds)).returning().all()
      : [];
    const entry = recordChange(tx, ctx, { action: 'disposal.executed', entityType: 'disposal_record', entityId: record.id, data: { record, request: updated, assets: disposed } });
    if (entry.seq !== journalSeq) throw new Error(`disposal record ${record.id} names seq ${journalSeq}, but its entry is seq ${entry.seq}`);
    return disposalView(tx, updated);
  });
}
