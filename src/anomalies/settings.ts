import { eq, getTableColumns, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Ctx, Deps } from '../deps.ts';
import { transact, type Tx } from '../db/client.ts';
import { prepared } from '../db/prepared.ts';
import { anomalySettings } from '../db/schema/compliance.ts';
import { iso } from '../http/fields.ts';
import { recordChange } from '../journal/append.ts';
import { hhmm } from '../schedules/schemas.ts';

export type AnomalySettings = Omit<typeof anomalySettings.$inferSelect, 'id'>;
type Setting = Exclude<keyof AnomalySettings, 'updatedAt'>;

const SETTINGS_ID = 1;
const COLUMNS = getTableColumns(anomalySettings);

/** Until an admin changes them, the rules run on the schema's defaults: the table may hold no row. */
export const DEFAULT_SETTINGS: AnomalySettings = {
  afterHoursStartMinute: COLUMNS.afterHoursStartMinute.default as number,
  afterHoursEndMinute: COLUMNS.afterHoursEndMinute.default as number,
  rareAreaLookbackDays: COLUMNS.rareAreaLookbackDays.default as number,
  rareAreaMaxVisits: COLUMNS.rareAreaMaxVisits.default as number,
  longStayHours: COLUMNS.longStayHours.default as number,
  refusalsThreshold: COLUMNS.refusalsThreshold.default as number,
  refusalsWindowMinutes: COLUMNS.refusalsWindowMinutes.default as number,
  updatedAt: 0,
};

/** The settings the rules run on: one prepared primary-key read per recorded event. */
export function readSettings(tx: Tx): AnomalySettings {
  const row = prepared(tx, 'anomalies.settings', (db) => db.select().from(anomalySettings).where(eq(anomalySettings.id, sql.placeholder('id'))).prepare()).get({ id: SETTINGS_ID });
  if (!row) return DEFAULT_SETTINGS;
  const { id: _id, ...settings } = row;
  return settings;
}

const minute = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM').transform((s) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3)));
const count = (max: number) => z.number().int().min(0).max(max);

/**
 * What an admin may change. Zero switches a rule off (a look-back of 0 days, a stay of 0 hours, a
 * threshold of 0 refusals); after-hours is off when it starts and ends at the same time.
 */
export const SettingsPatch = z
  .object({
    afterHoursStart: minute,
    afterHoursEnd: minute,
    rareAreaLookbackDays: count(365),
    rareAreaMaxVisits: count(100),
    longStayHours: count(24 * 7),
    refusalsThreshold: count(100),
    refusalsWindowMinutes: z.number().int().min(1).max(24 * 60),
  })
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, { message: 'change at least one setting', path: [] });
export type SettingsPatchInput = z.output<typeof SettingsPatch>;

export function settingsView(s: AnomalySettings) {
  return {
    afterHoursStart: hhmm(s.afterHoursStartMinute),
    afterHoursEnd: hhmm(s.afterHoursEndMinute),
    rareAreaLookbackDays: s.rareAreaLookbackDays,
    rareAreaMaxVisits: s.rareAreaMaxVisits,
    longStayHours: s.longStayHours,
    refusalsThreshold: s.refusalsThreshold,
    refusalsWindowMinutes: s.refusalsWindowMinutes,
    updatedAt: s.updatedAt === 0 ? null : iso(s.updatedAt),
    rulesOff: [
      ...(s.afterHoursStartMinute === s.afterHoursEndMinute ? ['after_hours'] : []),
      ...(s.rareAreaLookbackDays === 0 ? ['rare_area'] : []),
      ...(s.longStayHours === 0 ? ['long_stay'] : []),
      ...(s.refusalsThreshold === 0 ? ['repeated_refusals'] : []),
    ],
  };
}

export function getSettings(deps: Deps) {
  return settingsView(readSettings(deps.db));
}

/** Changes the rules' settings (B7) with one journal entry holding the whole new row. */
export function updateSettings(ctx: Ctx, patch: SettingsPatchInput) {
  return transact(ctx.deps.db, (tx) => {
    const { afterHoursStart, afterHoursEnd, ...counts } = patch;
    const next: AnomalySettings = {
      ...readSettings(tx),
      ...(Object.fromEntries(Object.entries(counts).filter(([, v]) => v !== undefined)) as Partial<Record<Setting, number>>),
      ...(afterHoursStart !== undefined ? { afterHoursStartMinute: afterHoursStart } : {}),
      ...(afterHoursEnd !== undefined ? { afterHoursEndMinute: afterHoursEnd } : {}),
      updatedAt: ctx.deps.clock.now(),
    };
    tx.insert(anomalySettings).values({ id: SETTINGS_ID, ...next }).onConflictDoUpdate({ target: anomalySettings.id, set: next }).run();
    const view = settingsView(next);
    recordChange(tx, ctx, { action: 'anomaly_settings.updated', entityType: 'anomaly_settings', entityId: SETTINGS_ID, data: { ...next, view } });
    return view;
  });
}
