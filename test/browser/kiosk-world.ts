import type { Page } from 'playwright-core';
import { createApp } from '../../src/app.ts';
import type { TestEnv } from '../support/harness.ts';
import { givenPerson, setupAdmin, type Client } from '../support/client.ts';
import { givenSite, type Site } from '../support/world.ts';
import { startServer, type RunningServer } from './support/server.ts';

/** The real server on a temp database, an admin signed in through the real passkey ceremony, and a site. */
export interface KioskWorld {
  server: RunningServer;
  admin: Client;
  site: Site;
}

export async function kioskWorld(): Promise<KioskWorld> {
  const server = await startServer();
  // The admin drives the same app and database in-process (as the HTTP tests do); the browser uses the socket.
  const env = { app: createApp(server.deps), deps: server.deps } as unknown as TestEnv;
  const admin = await setupAdmin(env);
  // This server runs on the real clock, so the after-hours rule (B7) would flag entries made at night
  // and the flags these tests check would depend on the hour they run. Its own tests set the clock.
  const rules = await admin.client.patch('/api/anomaly-settings', { afterHoursStart: '00:00', afterHoursEnd: '00:00' });
  if (rules.status !== 200) throw new Error(`switch off the after-hours rule: ${rules.status} ${JSON.stringify(rules.body)}`);
  const site = await givenSite(admin.client);
  return { server, admin: admin.client, site };
}

/** An admin registers a kiosk for `areaIds`; the one-time code is what a person types on the tablet. */
export async function kioskCode(admin: Client, areaIds: number[], name = '正面入口タブレット'): Promise<{ code: string; kioskId: number }> {
  const res = await admin.post('/api/kiosks', { name, areaIds });
  if (res.status !== 201) throw new Error(`create kiosk: ${res.status} ${JSON.stringify(res.body)}`);
  return { code: res.body.code, kioskId: res.body.kiosk.id };
}

export interface BadgeWorker {
  id: number;
  name: string;
  badge: string;
}

/** A worker authorized for `areaIds` since yesterday, or `daysAgo` (real time: the browser server runs on the system clock), with a QR badge. */
export async function givenBadgeWorker(admin: Client, areaIds: number[], name: string, kana: string, daysAgo = 1): Promise<BadgeWorker> {
  const p = await givenPerson(admin, { roles: ['worker'], name, kana });
  for (const areaId of areaIds) {
    const g = await admin.post('/api/authorizations', { personId: p.id, areaId, validFrom: new Date(Date.now() - daysAgo * 86_400_000).toISOString() });
    if (g.status !== 201) throw new Error(`authorize: ${g.status} ${JSON.stringify(g.body)}`);
  }
  const badge = await admin.post(`/api/people/${p.id}/badges`);
  if (badge.status !== 201) throw new Error(`badge: ${badge.status} ${JSON.stringify(badge.body)}`);
  return { id: p.id, name: p.name, badge: badge.body.payload };
}

/** Opens the tablet page and enrols it by typing the code the way a person might (lower case, spaces). */
export async function enrolKiosk(page: Page, origin: string, code: string): Promise<void> {
  await page.goto(`${origin}/kiosk`);
  await page.getByLabel('登録コード').fill(code.toLowerCase().replace('-', ' '));
  await page.getByRole('button', { name: '登録する' }).click();
}

export const enterButton = (page: Page) => page.getByRole('button', { name: '入室', exact: true });
export const exitButton = (page: Page) => page.getByRole('button', { name: '退室', exact: true });

// Milliseconds to wait after each key, in turn: mostly a scanner's burst, with the stalls a busy tablet
// adds, some over 300 ms (one inside the prefix). The same every run, so a failure can be repeated.
const WEDGE_GAPS = [0, 2, 340, 0, 1, 30, 0, 0, 5, 120, 0, 3, 0, 0, 310, 1, 0, 60, 0, 2, 0, 0, 450, 0];

/**
 * What a keyboard-wedge scanner does: the payload typed, then Enter, with the keys spaced irregularly
 * (pauses of over 300 ms between some), as a loaded tablet delivers them. The kiosk must not depend on
 * the timing (issue 17).
 */
export async function wedgeScan(page: Page, payload: string): Promise<void> {
  for (let i = 0; i < payload.length; i++) {
    await page.keyboard.type(payload[i]!);
    const gap = WEDGE_GAPS[i % WEDGE_GAPS.length]!;
    if (gap > 0) await page.waitForTimeout(gap);
  }
  await page.waitForTimeout(320);
  await page.keyboard.press('Enter');
}

/** Idle → 入室 → identify by wedge → a purpose button. Leaves the page on the result screen. */
export async function badgeInByWedge(page: Page, payload: string, purpose = '定常作業'): Promise<void> {
  await enterButton(page).click();
  await page.getByRole('heading', { name: '入室：本人確認' }).waitFor();
  await wedgeScan(page, payload);
  await page.getByRole('button', { name: purpose, exact: true }).click();
}

export interface EventRow {
  id: number;
  person_id: number | null;
  area_id: number;
  kiosk_id: number | null;
  direction: string;
  result: string;
  refusal_reason: string | null;
  method: string;
  purpose: string;
  flags: string;
  idempotency_key: string | null;
  device_at: number | null;
  occurred_at: number;
  recorded_at: number;
}

export function accessEvents(server: RunningServer): EventRow[] {
  return server.deps.sqlite.prepare('select * from access_events order by id').all() as EventRow[];
}

/** Polls until `check` passes (the server side of an asynchronous UI action), or throws its last error. */
export async function eventually<T>(check: () => T, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return check();
    } catch (err) {
      if (Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/**
 * Collects what the page reports as broken: uncaught exceptions and console errors (a CSP violation
 * shows up here). Network failures that a test causes on purpose (server stopped, revoked token) are
 * logged by Chromium as "Failed to load resource" and are left out.
 */
export function watchPage(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !/Failed to load resource|ERR_CONNECTION_REFUSED/.test(msg.text())) errors.push(`console: ${msg.text()}`);
  });
  return errors;
}
