import { INCIDENT_STAGES } from '../db/schema/compliance.ts';
import { iso } from '../http/fields.ts';

export type Stage = (typeof INCIDENT_STAGES)[number];

const HOUR = 3_600_000;

/** 002 §2(4) イ–オ: first report 1 h, details 8 h, corrective plan 24 h, corrective action 48 h after discovery. */
export const STAGE_HOURS: Record<Stage, number> = { first_report: 1, detail_report: 8, corrective_plan: 24, corrective_action: 48 };

/**
 * met: reported by the deadline; late: reported after it; overdue: not reported and the deadline has
 * passed; pending: not reported, still within the deadline.
 */
export type DeadlineState = 'met' | 'late' | 'overdue' | 'pending';

export interface Deadline {
  stage: Stage;
  dueAt: string;
  reportedAt: string | null;
  state: DeadlineState;
}

/**
 * Each stage's deadline and whether an update of that stage meets it. `at` is the clock's now; for a
 * closed incident the clock stops at its closing, so an unreported stage due later stays pending.
 */
export function deadlinesOf(discoveredAt: number, updates: readonly { stage: string; at: number }[], at: number): Deadline[] {
  return INCIDENT_STAGES.map((stage) => {
    const due = discoveredAt + STAGE_HOURS[stage] * HOUR;
    const first = updates.filter((u) => u.stage === stage).reduce<number | null>((min, u) => (min === null || u.at < min ? u.at : min), null);
    const state: DeadlineState = first !== null ? (first <= due ? 'met' : 'late') : at > due ? 'overdue' : 'pending';
    return { stage, dueAt: iso(due), reportedAt: iso(first), state };
  });
}
