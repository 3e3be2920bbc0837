import { expect } from 'vitest';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { issueSetupLink } from '../../src/auth/enrolments.ts';
import { addVirtualAuthenticator, tabletContext } from './support/browser.ts';
import type { RunningServer } from './support/server.ts';

export const TIMEOUT = 180_000;

export interface Desk {
  context: BrowserContext;
  page: Page;
  /** Uncaught exceptions and console errors other than failed loads (the 401 of a signed-out /api/auth/me). */
  errors: string[];
  /** The desk's own virtual security key. */
  key: { cdp: CDPSession; authenticatorId: string };
}

/** A staff member's browser: its own context (cookies) and its own virtual security key. */
export async function openDesk(browser: Browser, server: RunningServer, opts: { portrait?: boolean } = {}): Promise<Desk> {
  const context = await tabletContext(browser, server.origin, opts.portrait ? 'portrait' : 'landscape');
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !/Failed to load resource/.test(msg.text())) errors.push(`console: ${msg.text()}`);
  });
  const key = await addVirtualAuthenticator(page);
  return { context, page, errors, key };
}

/**
 * The first admin, from the one-time link the server prints on first start, through the setup page.
 * Admin only unless `defaultRoles`: the tests give other roles to the people they are about.
 */
export async function setupFirstAdmin(desk: Desk, server: RunningServer, who = { name: '管理 一郎', kana: 'かんり いちろう' }, opts: { defaultRoles?: boolean } = {}): Promise<void> {
  const { page } = desk;
  await page.goto(issueSetupLink(server.deps).url);
  await page.getByRole('heading', { name: '最初の管理者の登録' }).waitFor();
  await page.getByLabel('氏名').fill(who.name);
  await page.getByLabel('ふりがな', { exact: true }).fill(who.kana);
  await page.getByLabel('所属組織', { exact: true }).fill('株式会社みなと情報');
  await page.getByLabel('所属組織のふりがな').fill('かぶしきがいしゃみなとじょうほう');
  if (!opts.defaultRoles) await page.getByRole('checkbox', { name: '業務責任者' }).uncheck();
  await page.getByRole('button', { name: 'パスキーを登録して始める' }).click();
  await page.getByRole('heading', { name: 'ホーム' }).waitFor();
  await expect.poll(() => page.url()).toBe(`${server.origin}/console`);
}

/** Enrols from an admin-issued link in this desk's own browser, with its own security key. */
export async function enrolFromLink(desk: Desk, url: string, passkeyName = '青いセキュリティキー'): Promise<void> {
  const { page } = desk;
  await page.goto(url);
  await page.getByRole('heading', { name: 'パスキーの登録' }).waitFor();
  await page.getByLabel('パスキーの名前').fill(passkeyName);
  await page.getByRole('button', { name: 'パスキーを登録' }).click();
  await page.getByRole('heading', { name: 'ホーム' }).waitFor();
}

/** A person enrolled from an admin-issued link in a new desk of their own (added to `desks` for closing). */
export async function enrolNew(browser: Browser, server: RunningServer, api: Api, personId: number, desks: Desk[]): Promise<Desk> {
  const link = await api.post<{ url: string }>(`/api/people/${personId}/enrolments`);
  const desk = await openDesk(browser, server);
  desks.push(desk);
  await enrolFromLink(desk, link.url);
  return desk;
}

/**
 * The person takes their security key from the desk to another page (the kiosk at the door): the
 * desk's credentials are copied into a virtual authenticator of that page.
 */
export async function carryKeyTo(desk: Desk, page: Page): Promise<void> {
  const { credentials } = await desk.key.cdp.send('WebAuthn.getCredentials', { authenticatorId: desk.key.authenticatorId });
  const there = await addVirtualAuthenticator(page);
  for (const credential of credentials) await there.cdp.send('WebAuthn.addCredential', { authenticatorId: there.authenticatorId, credential });
}

export interface Api {
  get<T = any>(path: string): Promise<T>;
  post<T = any>(path: string, body?: unknown): Promise<T>;
  patch<T = any>(path: string, body?: unknown): Promise<T>;
}

/**
 * The API as the signed-in desk's browser calls it (its cookie, its CSRF token): quick set-up of data
 * that the test is not about. Throws on any refusal.
 */
export async function apiOf(desk: Desk, server: RunningServer): Promise<Api> {
  const req = desk.context.request;
  const me = await req.get(`${server.origin}/api/auth/me`);
  if (!me.ok()) throw new Error(`not signed in: ${me.status()}`);
  const csrf = ((await me.json()) as { csrfToken: string }).csrfToken;
  const check = async (res: Awaited<ReturnType<typeof req.get>>, what: string): Promise<any> => {
    if (!res.ok()) throw new Error(`${what}: ${res.status()} ${await res.text()}`);
    return res.status() === 204 ? undefined : res.json();
  };
  return {
    get: async (path) => check(await req.get(`${server.origin}${path}`), `GET ${path}`),
    post: async (path, body = {}) => check(await req.post(`${server.origin}${path}`, { data: body, headers: { 'x-csrf-token': csrf } }), `POST ${path}`),
    patch: async (path, body = {}) => check(await req.patch(`${server.origin}${path}`, { data: body, headers: { 'x-csrf-token': csrf } }), `PATCH ${path}`),
  };
}

/** An area for the tests that are not about creating one: a site with a general area (badges accepted). */
export async function givenArea(api: Api, siteName = '本庁舎', areaName = '執務室') {
  const site = await api.post<{ id: number }>('/api/sites', { name: siteName });
  const area = await api.post<{ id: number }>('/api/areas', { siteId: site.id, name: areaName, securityLevel: 'general' });
  return { siteId: site.id, areaId: area.id };
}

/** A roster person (roles as given), authorized for `areaIds` since yesterday. */
export async function givenPerson(api: Api, p: { name: string; kana: string; roles: string[] }, areaIds: number[] = []) {
  const orgs = await api.get<{ organisations: { id: number }[] }>('/api/organisations');
  const person = await api.post<{ id: number; name: string }>('/api/people', { ...p, organisationId: orgs.organisations[0]!.id });
  for (const areaId of areaIds) await api.post('/api/authorizations', { personId: person.id, areaId, validFrom: new Date(Date.now() - 86_400_000).toISOString() });
  return person;
}

/** A kiosk for `areaIds`, enrolled with its one-time code: its device token, as the tablet would hold it. */
export async function givenKioskToken(api: Api, server: RunningServer, areaIds: number[]): Promise<string> {
  const created = await api.post<{ code: string }>('/api/kiosks', { name: '正面入口タブレット', areaIds });
  const res = await fetch(`${server.origin}/api/kiosk/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: created.code }) });
  if (res.status !== 201) throw new Error(`kiosk enrol: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/** A badge entry or exit posted by the kiosk, as the tablet does after scanning a badge: accepted or refused. */
export async function kioskBadgeAttempt(server: RunningServer, token: string, areaId: number, payload: string, direction: 'in' | 'out') {
  const res = await fetch(`${server.origin}/api/kiosk/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ idempotencyKey: crypto.randomUUID(), areaId, direction, purpose: direction === 'in' ? '定常作業' : '', identification: { method: 'badge', payload } }),
  });
  const body = (await res.json()) as { event: { result: string; refusalReason: string | null } };
  if (res.status !== 201) throw new Error(`kiosk event: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

/** A badge entry or exit that the kiosk must accept. */
export async function kioskBadgeEvent(server: RunningServer, token: string, areaId: number, payload: string, direction: 'in' | 'out') {
  const body = await kioskBadgeAttempt(server, token, areaId, payload, direction);
  if (body.event.result !== 'accepted') throw new Error(`kiosk event refused: ${JSON.stringify(body)}`);
  return body;
}

/** The signed-in desk's sign-out, then the sign-in screen. */
export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'サインアウト' }).click();
  await page.getByRole('button', { name: 'パスキーでサインイン' }).waitFor();
}

/** Cell texts of a table's body rows. */
export async function rows(page: Page, tableName: string): Promise<string[][]> {
  return page.getByRole('table', { name: tableName }).locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => (td.textContent ?? '').trim())));
}

/** What <input type="datetime-local"> holds for an instant, in the page's own time zone (to the second). */
export function localInput(page: Page, ms: number): Promise<string> {
  return page.evaluate((t) => {
    const d = new Date(t);
    const p = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
  }, ms);
}
