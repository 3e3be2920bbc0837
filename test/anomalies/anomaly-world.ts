import { expect } from 'vitest';
import { testEnv, type TestEnv } from '../support/harness.ts';
import { setupAdmin, signedInAs, type SignedIn } from '../support/client.ts';
import { badgeEvent, givenKiosk, givenSite, givenWorker, type KioskClient, type Site, type Worker } from '../support/world.ts';
import { tokyo } from '../ledger/ledger-world.ts';

export { tokyo };

export interface AnomalyWorld {
  env: TestEnv;
  admin: SignedIn;
  supervisor: SignedIn;
  auditor: SignedIn;
  site: Site;
  kiosk: KioskClient;
}

/**
 * A site whose two areas both take QR badges (so one worker can use either), one kiosk serving both,
 * a supervisor and an auditor. The clock starts at 09:00 Tokyo on 2026-11-20; sessions last a month.
 */
export async function anomalyWorld(): Promise<AnomalyWorld> {
  // Days pass between the kiosk's scans here: its silence is not what these tests are about (test/kiosks).
  const env = testEnv({ now: tokyo('2026-11-20T09:00'), config: { sessionIdleMs: 40 * 86_400_000, sessionAbsoluteMs: 40 * 86_400_000, kioskSilentAfterMinutes: 0 } });
  const admin = await setupAdmin(env);
  const site = await givenSite(admin.client, { acceptedMethods: ['passkey', 'badge', 'guard'] });
  const kiosk = await givenKiosk(env, admin.client, [site.general.id, site.secure.id]);
  const supervisor = await signedInAs(env, admin.client, ['supervisor']);
  const auditor = await signedInAs(env, admin.client, ['auditor']);
  return { env, admin, supervisor, auditor, site, kiosk };
}

export function worker(w: AnomalyWorld, areaIds = [w.site.general.id, w.site.secure.id], fields: { name?: string; kana?: string } = {}): Promise<Worker> {
  return givenWorker(w.admin.client, areaIds, fields);
}

export interface RecordedEvent {
  id: number;
  result: 'accepted' | 'refused';
  refusalReason: string | null;
  flags: string[];
}

/** A badge scan at the kiosk at `when` (Tokyo wall-clock or epoch ms); returns the recorded event. */
export async function scanAt(w: AnomalyWorld, who: Pick<Worker, 'badge'>, areaId: number, direction: 'in' | 'out', when: string | number): Promise<RecordedEvent> {
  w.env.clock.set(typeof when === 'string' ? tokyo(when) : when);
  const res = await w.kiosk.post('/api/kiosk/events', badgeEvent(areaId, who.badge, direction));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.event;
}

export interface AnomalyRow {
  id: number;
  kind: string;
  person_id: number | null;
  area_id: number | null;
  access_event_id: number | null;
  detail: Record<string, unknown>;
  incident_id: number | null;
}

export function anomalyRows(env: TestEnv): AnomalyRow[] {
  return (env.deps.sqlite.prepare('select * from anomalies order by id').all() as (AnomalyRow & { detail: string })[]).map((r) => ({ ...r, detail: JSON.parse(r.detail) }));
}

export function anomaliesOfEvent(env: TestEnv, eventId: number): string[] {
  return anomalyRows(env)
    .filter((a) => a.access_event_id === eventId)
    .map((a) => a.kind);
}
