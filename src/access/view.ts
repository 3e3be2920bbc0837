import type { accessEvents } from '../db/schema/access.ts';
import { iso } from '../http/fields.ts';

export type AccessEvent = typeof accessEvents.$inferSelect;

export function accessEventView(e: AccessEvent) {
  const { idempotencyScope: _scope, requestHash: _hash, ...rest } = e;
  return { ...rest, occurredAt: iso(e.occurredAt), recordedAt: iso(e.recordedAt), deviceAt: iso(e.deviceAt) };
}
