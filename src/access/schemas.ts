import { z } from 'zod';
import { id, idText, instant, note, text } from '../http/fields.ts';
import { AuthenticationResponse } from '../auth/schemas.ts';

export const idempotencyKey = z.string().min(8).max(100).regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only');

/**
 * The keys a kiosk makes (kiosk/src/kiosk/keys.ts): a UUID in its 8-4-4-4-12 form, version 7 (ordered
 * by time) from current kiosks, version 4 from kiosks built before issue 20, or the 32 hex digits those
 * made where crypto.randomUUID was missing. Whatever else arrives at a kiosk route was not made by a kiosk.
 */
const KIOSK_KEY = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}|[0-9a-f]{32})$/;
export const kioskIdempotencyKey = z.string().max(36).regex(KIOSK_KEY, 'a UUID (version 7, or 4 from an older kiosk)');

const base = {
  idempotencyKey: kioskIdempotencyKey,
  areaId: id,
  direction: z.enum(['in', 'out']),
  purpose: text(200, 0).default(''),
};

const badgePayload = z.string().min(1).max(400);

const purposeOnEntry = (b: { direction: 'in' | 'out'; purpose: string }) => b.direction === 'out' || b.purpose.length > 0;
const purposeIssue = { message: 'required for an entry', path: ['purpose'] };

export const KioskEventBody = z
  .object({
    ...base,
    identification: z.discriminatedUnion('method', [
      z.object({ method: z.literal('passkey'), response: AuthenticationResponse }).strict(),
      z.object({ method: z.literal('badge'), payload: badgePayload }).strict(),
    ]),
    /** Present only on events the kiosk kept while the server was unreachable. */
    deviceAt: instant.optional(),
  })
  .strict()
  .refine(purposeOnEntry, purposeIssue)
  .refine((b) => b.deviceAt === undefined || b.identification.method === 'badge', { message: 'only badge events can be recorded offline', path: ['deviceAt'] });
export type KioskEventInput = z.output<typeof KioskEventBody>;

/**
 * A badge read before the kiosk asks anything (issue 17). No direction when it was scanned at the idle
 * screen, before the person chose one.
 */
export const BadgeIdentifyBody = z.object({ idempotencyKey: kioskIdempotencyKey, areaId: id, direction: z.enum(['in', 'out']).optional(), payload: badgePayload }).strict();
export type BadgeIdentifyInput = z.output<typeof BadgeIdentifyBody>;

export const GuardEventBody = z
  .object({ ...base, idempotencyKey: idempotencyKey.optional(), personId: id, reason: note(300, 1) })
  .strict()
  .refine(purposeOnEntry, purposeIssue);

export const VisitorEventBody = z.object({ idempotencyKey: idempotencyKey.optional(), areaId: id, direction: z.enum(['in', 'out']) }).strict();

export const PresenceQuery = z.object({ areaId: idText.optional(), siteId: idText.optional() }).refine((q) => (q.areaId === undefined) !== (q.siteId === undefined), {
  message: 'give areaId or siteId',
  path: ['areaId'],
});

export const CsvHtmlFormat = z.object({ format: z.enum(['json', 'csv', 'xlsx', 'html']).default('json') });

/**
 * A stay transcribed from a paper sheet (B12): a roster person or a registered visitor, the entry and
 * exit the sheet gives (or one of them), the purpose of an entry, why it is entered later, and the
 * sheet's reference.
 */
export const PaperStayBody = z
  .object({
    areaId: id,
    personId: id.optional(),
    visitorId: id.optional(),
    entryAt: instant.optional(),
    exitAt: instant.optional(),
    purpose: text(200, 0).default(''),
    reason: note(300, 1),
    sheet: text(100, 1),
  })
  .strict()
  .refine((b) => (b.personId === undefined) !== (b.visitorId === undefined), { message: 'give personId or visitorId, not both', path: ['personId'] })
  .refine((b) => b.entryAt !== undefined || b.exitAt !== undefined, { message: 'give the entry time, the exit time or both', path: ['entryAt'] })
  .refine((b) => b.entryAt === undefined || b.exitAt === undefined || b.exitAt > b.entryAt, { message: 'the exit must come after the entry', path: ['exitAt'] })
  .refine((b) => b.entryAt === undefined || b.purpose.length > 0, { message: 'required for an entry', path: ['purpose'] });
export type PaperStayInput = z.output<typeof PaperStayBody>;
