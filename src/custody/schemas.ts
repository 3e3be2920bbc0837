import { z } from 'zod';
import { cursor, pageLimit, periodBound } from '../http/period.ts';
import { REQUEST_STATUSES } from '../db/schema/custody.ts';
import { id, idText, instant, note, text } from '../http/fields.ts';
import type { FieldIssue } from '../http/app-error.ts';
import { idempotencyKey } from '../access/schemas.ts';
import { AuthenticationResponse } from '../auth/schemas.ts';
import { assetNumber } from '../assets/schemas.ts';
import { day } from '../ledger/schemas.ts';
import { MAX_WINDOW_MS, REQUEST_WORDS } from './request-words.ts';

export const ScanRecord = z
  .object({ date: instant, tool: text(100), definitionsDate: day, result: z.enum(['clean', 'infected', 'failed']) })
  .strict();
export type ScanInput = z.output<typeof ScanRecord>;

export const RequestItem = z
  .object({
    assetId: id,
    /** The virus-scan record of a storage asset (C5); may be filled in while the request is a draft. */
    scan: ScanRecord.nullable().default(null),
    /** Fixed equipment moves only when the requester says so explicitly (C11). */
    fixedEquipment: z.boolean().default(false),
  })
  .strict();
export type ItemInput = z.output<typeof RequestItem>;

const Protection = z.object({ encryption: z.boolean(), lockedCase: z.boolean(), note: note(300).default('') }).strict();

const Repair = z
  .object({ erasure: note(300).default(''), ndaReference: text(100, 0).default('') })
  .strict()
  .refine((r) => r.erasure !== '' || r.ndaReference !== '', { message: "state the data erasure done or the repairer's NDA reference (C8)", path: ['erasure'] });

const Items = z.array(RequestItem).min(1, 'at least one asset').max(100, 'at most 100 assets per request');

const content = {
  areaId: id,
  purpose: text(200),
  windowFrom: instant,
  windowTo: instant,
  carrierId: id,
  /** 責任者 (F2): a roster person; required on a new request. */
  responsibleId: id,
  destination: text(200, 0),
  expectedReturnAt: instant.nullable(),
  protection: Protection.nullable(),
  repair: Repair.nullable(),
  /** 持込（当日持出）: the items of a carry-in leave again within its window, under the same approval. */
  roundTrip: z.boolean(),
  items: Items,
};

/** Everything a request says, after defaults: what the checks and the insert work on. */
export interface RequestContent {
  kind: 'carry_in' | 'carry_out';
  areaId: number;
  purpose: string;
  windowFrom: number;
  windowTo: number;
  /** null: the requester carries the assets. */
  carrierId: number | null;
  /** null only on a request made before a 責任者 was asked for. */
  responsibleId: number | null;
  destination: string;
  expectedReturnAt: number | null;
  protection: z.output<typeof Protection> | null;
  repair: z.output<typeof Repair> | null;
  roundTrip: boolean;
  items: ItemInput[];
}

/** The checks between fields of one request (no database): shared by create (zod) and edit (after merging). */
export function crossFieldIssues(c: RequestContent): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (c.windowTo <= c.windowFrom) issues.push({ path: 'windowTo', message: REQUEST_WORDS.windowBackwards });
  else if (c.windowTo - c.windowFrom > MAX_WINDOW_MS) issues.push({ path: 'windowTo', message: REQUEST_WORDS.windowTooLong });
  if (c.kind === 'carry_in') {
    if (c.destination !== '') issues.push({ path: 'destination', message: 'only a carry-out has a destination' });
    if (c.expectedReturnAt !== null) issues.push({ path: 'expectedReturnAt', message: 'only a carry-out has an expected return' });
    if (c.repair !== null) issues.push({ path: 'repair', message: 'repair is a carry-out' });
  } else {
    if (c.roundTrip) issues.push({ path: 'roundTrip', message: 'only a carry-in can be a round trip (持込（当日持出）)' });
    if (c.destination === '') issues.push({ path: 'destination', message: REQUEST_WORDS.destinationRequired });
    if (c.expectedReturnAt !== null && c.expectedReturnAt <= c.windowFrom) issues.push({ path: 'expectedReturnAt', message: REQUEST_WORDS.returnTooEarly });
  }
  const seen = new Set<number>();
  c.items.forEach((item, i) => {
    if (seen.has(item.assetId)) issues.push({ path: `items.${i}.assetId`, message: 'this asset is already on the request' });
    seen.add(item.assetId);
  });
  return issues;
}

export const RequestBody = z
  .object({
    kind: z.enum(['carry_in', 'carry_out']),
    ...content,
    carrierId: id.optional(),
    destination: content.destination.default(''),
    expectedReturnAt: content.expectedReturnAt.default(null),
    protection: content.protection.default(null),
    repair: content.repair.default(null),
    roundTrip: content.roundTrip.default(false),
  })
  .strict()
  .transform((b): RequestContent => ({ ...b, carrierId: b.carrierId ?? null }))
  .superRefine((c, ctx) => {
    for (const issue of crossFieldIssues(c)) ctx.addIssue({ code: 'custom', path: issue.path.split('.'), message: issue.message });
  });

/** Editing a draft: any of the fields (not the kind); the merged request is checked as a whole. */
export const RequestPatch = z
  .object(content)
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, { message: 'nothing to change' });
export type RequestPatchInput = z.output<typeof RequestPatch>;

/**
 * Requests by when they were made (`from`/`to`: days in the ledger's zone or instants), status, kind and
 * area; newest first, paged by `cursor` (the answer's `next`). `offset` is the older way, still read.
 */
export const RequestsQuery = z
  .object({
    status: z.enum(REQUEST_STATUSES).optional(),
    kind: z.enum(['carry_in', 'carry_out']).optional(),
    areaId: idText.optional(),
    from: periodBound.optional(),
    to: periodBound.optional(),
    cursor: cursor.optional(),
    limit: pageLimit(100, 500),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .refine((q) => q.cursor === undefined || q.offset === 0, { message: 'give cursor or offset, not both', path: ['offset'] });
export type RequestsQueryInput = z.output<typeof RequestsQuery>;

export const ApproveBody = z.object({ note: note(300).default('') }).strict();
export const RejectBody = z.object({ reason: note(300, 1) }).strict();

export const KioskApprovalOptionsBody = z.object({ requestId: id }).strict();
export const KioskApprovalBody = z.object({ requestId: id, response: AuthenticationResponse }).strict();

export const MovementBody = z
  .object({
    idempotencyKey,
    areaId: id,
    direction: z.enum(['in', 'out']),
    /** The asset tag exactly as scanned (camera or keyboard wedge). */
    scannedCode: z.string().min(1, 'required').max(200),
    /** The person's identification in this visit: see movements.ts for which events are accepted. */
    accessEventId: id,
  })
  .strict();
export type MovementInput = z.output<typeof MovementBody>;

/** A 管理番号 keyed in at the kiosk because its label no longer reads (see keyed-in.ts). */
export const KeyedOptionsBody = z
  .object({ areaId: id, direction: z.enum(['in', 'out']), assetNumber, accessEventId: id })
  .strict();
export type KeyedOptionsInput = z.output<typeof KeyedOptionsBody>;

export const KeyedMovementBody = z
  .object({ idempotencyKey, areaId: id, direction: z.enum(['in', 'out']), assetNumber, accessEventId: id, response: AuthenticationResponse })
  .strict();
export type KeyedMovementInput = z.output<typeof KeyedMovementBody>;

export const VisitParam = z.object({ entryEventId: idText });
export const ExitParam = z.object({ exitEventId: idText });

export const ConfirmationsBody = z
  .object({
    answers: z
      .array(
        z
          .object({ assetId: id, answer: z.enum(['left_on_purpose', 'carried_out']), movementId: id.optional() })
          .strict()
          .refine((a) => (a.answer === 'carried_out') === (a.movementId !== undefined), {
            message: 'carried_out names the movement of the carry-out just scanned; left_on_purpose has none',
            path: ['movementId'],
          }),
      )
      .min(1, 'at least one answer')
      .max(100)
      .refine((a) => new Set(a.map((x) => x.assetId)).size === a.length, 'an asset is answered twice'),
  })
  .strict();
export type ConfirmationInput = z.output<typeof ConfirmationsBody>['answers'][number];

export const InsideQuery = z.object({ areaId: idText.optional() });
export const OutsideQuery = z.object({ overdue: z.enum(['true', 'false']).optional() });
