import { randomUUID } from 'node:crypto';
import type { Ctx, Deps } from '../deps.ts';
import { ManualClock } from '../clock.ts';
import { SYSTEM, actorOfPerson, type Actor } from '../actor.ts';
import type { Person } from '../roster/standing.ts';
import type { Area } from '../areas/service.ts';
import { issueBadge } from '../badges/service.ts';
import { createKiosk, enrolKiosk } from '../kiosks/service.ts';
import { recordKioskEvent } from '../access/kiosk-event.ts';
import { recordByGuard, recordVisitorAccess } from '../access/guard.ts';
import { registerVisitor } from '../visitors/service.ts';
import { dayBounds } from '../time.ts';

const MINUTE = 60_000;

/**
 * One realistic working day through the kiosk and guard services, as it would arrive from the door:
 * badge entries to the office in the morning with purposes, guard-recorded visits to the server room
 * (passkey-only; the demo people hold no security keys), a visitor with an escort, a refusal for
 * someone without authorization, a forgotten exit, and badge exits in the evening.
 */
export async function generateDay(deps: Deps, day: string, roster: Person[], office: Area, serverRoom: Area, siteId: number): Promise<string> {
  const clock = new ManualClock(dayBounds(day, deps.config.timeZone).start);
  const at = (hour: number, minute: number) => clock.set(dayBounds(day, deps.config.timeZone).start + (hour * 60 + minute) * MINUTE);
  const dayDeps: Deps = { ...deps, clock };
  const system: Ctx = { deps: dayDeps, actor: SYSTEM, requestId: 'demo-day' };

  at(7, 30);
  const created = createKiosk(system, { name: '4階 正面入口', areaIds: [office.id] });
  const enrolled = enrolKiosk(dayDeps, 'demo-day', created.code);
  const kiosk: Ctx = { deps: dayDeps, actor: { type: 'kiosk', id: enrolled.kiosk.id, name: enrolled.kiosk.name, areaIds: [office.id] }, requestId: 'demo-day' };
  const guardPerson = roster.find((p) => p.roles.includes('guard'))!;
  const guard: Ctx = { deps: dayDeps, actor: actorOfPerson(guardPerson, null), requestId: 'demo-day' };
  const workers = roster.filter((p) => p.roles.includes('worker'));
  const badges = new Map(workers.map((w) => [w.id, issueBadge(system, w.id).payload]));
  const purposes = office.purposes;
  const badgeEvent = (personId: number, direction: 'in' | 'out', purpose = '') =>
    recordKioskEvent(kiosk, { idempotencyKey: randomUUID(), areaId: office.id, direction, purpose, identification: { method: 'badge', payload: badges.get(personId)! } });

  let events = 0;
  for (const [i, w] of workers.entries()) {
    at(8, 10 + i * 2);
    await badgeEvent(w.id, 'in', purposes[i % purposes.length]!);
    events++;
  }
  for (const [i, w] of workers.slice(0, 4).entries()) {
    at(10, 5 + i * 7);
    recordByGuard(guard, { areaId: serverRoom.id, direction: 'in', purpose: '保守・点検', personId: w.id, reason: 'セキュリティキー未配布のため警備員が確認' });
    at(11, 40 + i * 3);
    recordByGuard(guard, { areaId: serverRoom.id, direction: 'out', purpose: '', personId: w.id, reason: '退室確認' });
    events += 2;
  }
  at(13, 0);
  const visitor = registerVisitor(guard, { name: '市 監査子', affiliation: '市 情報政策課', purpose: '定例立入検査', idType: 'employee_id', escortPersonId: workers[0]!.id, siteId });
  recordVisitorAccess(guard, visitor.id, { areaId: office.id, direction: 'in' });
  at(14, 30);
  recordVisitorAccess(guard, visitor.id, { areaId: office.id, direction: 'out' });
  events += 2;

  // Someone on the roster without an office authorization tries the door (A2/B2: refused and recorded).
  const auditor = roster.find((p) => p.roles.includes('auditor'))!;
  const stranger = issueBadge(system, auditor.id).payload;
  at(15, 12);
  await recordKioskEvent(kiosk, { idempotencyKey: randomUUID(), areaId: office.id, direction: 'in', purpose: '打合せ', identification: { method: 'badge', payload: stranger } });
  events++;

  // Everyone leaves in the evening except the last worker, who forgets to badge out (a missing exit).
  for (const [i, w] of workers.slice(0, -1).entries()) {
    at(17, 30 + i);
    await badgeEvent(w.id, 'out');
    events++;
  }
  return `demo day ${day}: ${events} access events (${workers.length} workers, 1 visitor, 1 refusal, 1 missing exit) through kiosk "${created.kiosk.name}"`;
}
