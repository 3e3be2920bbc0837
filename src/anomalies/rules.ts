import type { Deps } from '../deps.ts';
import type { Tx } from '../db/client.ts';
import type { AccessFlag } from '../db/schema/access.ts';
import { presenceOf, type Subject } from '../access/presence.ts';
import { scheduleVerdict, type ScheduleVerdict } from '../schedules/service.ts';
import type { IncidentInput } from '../incidents/service.ts';
import { inWindow, localInstant } from './local-time.ts';
import { kioskRefusals, personRefusals, recentEntries, refusalBurstRaised } from './queries.ts';
import { readSettings, type AnomalySettings } from './settings.ts';
import type { AnomalyKind } from './words.ts';

const HOUR = 3_600_000;
const DAY = 86_400_000;

/** One access event as the rules see it, before it is written. */
export interface AccessFacts {
  areaId: number;
  areaName: string;
  direction: 'in' | 'out';
  result: 'accepted' | 'refused';
  /** The flags the entry/exit rules already set (out_of_sequence among them). */
  flags: readonly AccessFlag[];
  subject: Subject | null;
  kioskId: number | null;
  /** When it happened (a device time for an offline event). */
  at: number;
  now: number;
  /** The subject's stay in the area, when the entry/exit rules already read it (null: not inside). */
  stay?: { entryEventId: number; enteredAt: number } | null;
}

export interface PendingAnomaly {
  kind: AnomalyKind;
  detail: Record<string, unknown>;
  incident: IncidentInput | null;
}

export interface Assessment {
  flags: AccessFlag[];
  pending: PendingAnomaly[];
}

export const NO_ANOMALY: Assessment = { flags: [], pending: [] };

function raise(out: Assessment, kind: AnomalyKind & AccessFlag, detail: Record<string, unknown>, incident: IncidentInput | null = null): void {
  out.flags.push(kind);
  out.pending.push({ kind, detail, incident });
}

/**
 * An entry (B7): outside the person's 勤務予定表, after hours and not on a scheduled shift, or into an
 * area the person seldom enters though they come in regularly elsewhere (someone new is not flagged
 * everywhere on their first day: the look-back must hold more than N of their entries).
 */
function assessEntry(tx: Tx, deps: Deps, s: AnomalySettings, f: AccessFacts, out: Assessment): void {
  const local = localInstant(f.at, deps.config.timeZone);
  const personId = f.subject?.personId;
  let verdict: ScheduleVerdict = 'unscheduled';
  if (personId !== undefined) {
    verdict = scheduleVerdict(tx, personId, local);
    if (verdict === 'outside') raise(out, 'outside_schedule', { day: local.day, minute: local.minute });
  }
  if (verdict !== 'covered' && inWindow(local.minute, s.afterHoursStartMinute, s.afterHoursEndMinute)) {
    raise(out, 'after_hours', { day: local.day, minute: local.minute, window: [s.afterHoursStartMinute, s.afterHoursEndMinute] });
  }
  if (personId !== undefined && s.rareAreaLookbackDays > 0) {
    const from = f.at - s.rareAreaLookbackDays * DAY;
    const here = recentEntries(tx, personId, f.areaId, from, f.at, s.rareAreaMaxVisits + 1);
    if (here <= s.rareAreaMaxVisits && recentEntries(tx, personId, null, from, f.at, s.rareAreaMaxVisits + 1) > s.rareAreaMaxVisits) {
      raise(out, 'rare_area', { visitsInArea: here, lookbackDays: s.rareAreaLookbackDays, maxVisits: s.rareAreaMaxVisits });
    }
  }
}

/** An exit (B7) ending a stay longer than the setting: read from presence before the exit removes it. */
function assessExit(tx: Tx, s: AnomalySettings, f: AccessFacts, out: Assessment): void {
  if (s.longStayHours === 0 || !f.subject) return;
  const stay = f.stay !== undefined ? f.stay : presenceOf(tx, f.areaId, f.subject);
  if (stay) longStay(s, stay, f.at, out);
}

function longStay(s: AnomalySettings, stay: { entryEventId: number; enteredAt: number }, at: number, out: Assessment): void {
  if (s.longStayHours > 0 && at - stay.enteredAt > s.longStayHours * HOUR) {
    raise(out, 'long_stay', { entryEventId: stay.entryEventId, enteredAt: new Date(stay.enteredAt).toISOString(), hours: Math.floor((at - stay.enteredAt) / HOUR), limitHours: s.longStayHours });
  }
}

/**
 * The exit of a stay written on paper and entered later (B12): the stay is known from the timeline, not
 * from who is inside now, so the long-stay rule is applied to the entry it closes (a night spent inside
 * is a long stay as at the kiosk).
 */
export function assessPastExit(tx: Tx, stay: { entryEventId: number; enteredAt: number }, at: number): Assessment {
  const out: Assessment = { flags: [], pending: [] };
  longStay(readSettings(tx), stay, at, out);
  return out;
}

/**
 * A refusal (B7, E4): the Nth within M minutes for the same person or at the same kiosk raises one
 * anomaly and opens one incident; later refusals of the same burst are refused and logged as usual.
 */
function assessRefusal(tx: Tx, s: AnomalySettings, f: AccessFacts, out: Assessment): void {
  if (s.refusalsThreshold === 0) return;
  const since = f.at - s.refusalsWindowMinutes * 60_000;
  const personId = f.subject?.personId ?? null;
  // The event being recorded is not written yet: N - 1 earlier refusals make it the Nth.
  const earlier = s.refusalsThreshold - 1;
  const personHit = personId !== null && personRefusals(tx, personId, since, f.at, earlier) >= earlier;
  const kioskHit = f.kioskId !== null && kioskRefusals(tx, f.kioskId, since, f.at, earlier) >= earlier;
  if (!personHit && !kioskHit) return;
  const raised = refusalBurstRaised(tx, { personId, kioskId: f.kioskId }, f.now - s.refusalsWindowMinutes * 60_000);
  const scopes = [...(personHit && !raised.person ? ['person'] : []), ...(kioskHit && !raised.kiosk ? ['kiosk'] : [])];
  if (scopes.length === 0) return;
  const who = scopes.includes('person') ? `作業従事者ID ${personId}` : `端末ID ${f.kioskId}`;
  raise(out, 'repeated_refusals', { scopes, personId, kioskId: f.kioskId, threshold: s.refusalsThreshold, windowMinutes: s.refusalsWindowMinutes }, {
    kind: 'repeated_refusals',
    title: `入室拒否の繰り返し（${who}、${s.refusalsWindowMinutes}分間に${s.refusalsThreshold}回）`,
    whatLost: '',
    quantity: null,
    location: f.areaName,
    circumstances: `${s.refusalsWindowMinutes}分以内に${s.refusalsThreshold}回の入室拒否（${scopes.includes('person') ? '同一人物' : ''}${scopes.length === 2 ? '・' : ''}${scopes.includes('kiosk') ? '同一端末' : ''}）。`,
    personId,
    assetId: null,
    discoveredAt: f.now,
  });
}

/**
 * The anomaly rules (B7) for one access event, run in the transaction that records it. They only read;
 * the caller writes the event with these flags and then the anomaly rows (see record.ts).
 */
export function assessAccess(tx: Tx, deps: Deps, f: AccessFacts): Assessment {
  const s = readSettings(tx);
  const out: Assessment = { flags: [], pending: [] };
  if (f.result === 'refused') assessRefusal(tx, s, f, out);
  else if (f.direction === 'in') assessEntry(tx, deps, s, f, out);
  else assessExit(tx, s, f, out);
  if (f.flags.includes('out_of_sequence')) out.pending.push({ kind: 'out_of_sequence', detail: { direction: f.direction }, incident: null });
  return out;
}
