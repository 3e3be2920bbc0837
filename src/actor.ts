import type { Role } from './db/schema/roster.ts';

/** Who is doing something: a signed-in person, an enrolled kiosk, or the system itself (CLI, timers). */
export type Actor =
  | { type: 'person'; id: number; name: string; roles: Role[]; siteIds: number[] | null; sessionId: string | null }
  /** `revokedAt` is set only while a revoked kiosk hands over what it kept (POST /api/kiosk/events, issue 19). */
  | { type: 'kiosk'; id: number; name: string; areaIds: number[]; revokedAt?: number }
  | { type: 'system'; name: string };

export const SYSTEM: Actor = { type: 'system', name: 'system' };

/** The actor a signed-in (or passkey-confirmed) person acts as. */
export function actorOfPerson(person: { id: number; name: string; roles: Role[]; siteIds: number[] | null }, sessionId: string | null): Actor {
  return { type: 'person', id: person.id, name: person.name, roles: person.roles, siteIds: person.siteIds, sessionId };
}
