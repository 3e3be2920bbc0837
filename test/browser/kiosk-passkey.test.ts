import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { addVirtualAuthenticator, launchBrowser, screenshot, tabletContext } from './support/browser.ts';
import { tokenOf, type Client } from '../support/client.ts';
import { accessEvents, enrolKiosk, enterButton, exitButton, givenBadgeWorker, kioskCode, kioskWorld, watchPage, type KioskWorld } from './kiosk-world.ts';

const TIMEOUT = 120_000;
// The package's exports do not list its UMD bundle, so it is read by path (the same installed version).
const WEBAUTHN_UMD = readFileSync(join(process.cwd(), 'node_modules/@simplewebauthn/browser/dist/bundle/index.umd.min.js'), 'utf8');

/**
 * Puts the worker's passkey on the virtual security key: the real registration ceremony, run in the
 * page with @simplewebauthn/browser against the admin-issued enrolment link (what the console's
 * enrolment page does). It leaves a staff session cookie in this browser, as a real shared browser would.
 */
async function registerPasskey(page: Page, admin: Client, personId: number): Promise<void> {
  const link = await admin.post(`/api/people/${personId}/enrolments`);
  if (link.status !== 201) throw new Error(`enrolment link: ${link.status} ${JSON.stringify(link.body)}`);
  await page.evaluate(WEBAUTHN_UMD);
  const result = await page.evaluate(async (token) => {
    const browser = (globalThis as unknown as { SimpleWebAuthnBrowser: { startRegistration(o: { optionsJSON: unknown }): Promise<unknown> } }).SimpleWebAuthnBrowser;
    const post = async (path: string, body: unknown) => {
      const res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return res.json();
    };
    const { options: optionsJSON } = await post('/api/auth/registration/options', { token });
    return post('/api/auth/registration/verify', { token, response: await browser.startRegistration({ optionsJSON }) });
  }, tokenOf(link.body.url));
  expect(result).toMatchObject({ personId });
}

describe('the kiosk identifies a worker with a security key (B4, B6, E7)', () => {
  let world: KioskWorld;
  let browser: Browser;

  beforeAll(async () => {
    world = await kioskWorld();
    browser = await launchBrowser();
  }, TIMEOUT);
  afterAll(async () => {
    await browser?.close();
    await world?.server.close();
  });

  it(
    'enters a passkey-only area with the security key, then exits with the last-person-out warning (B4, B6)',
    async () => {
      const { site, admin, server } = world;
      const worker = await givenBadgeWorker(admin, [site.secure.id], '高橋 真理', 'たかはし まり');
      const context = await tabletContext(browser, server.origin);
      const page = await context.newPage();
      const errors = watchPage(page);
      await addVirtualAuthenticator(page);
      await page.goto(`${server.origin}/kiosk`);
      await registerPasskey(page, admin, worker.id);
      expect((await context.cookies()).length).toBeGreaterThan(0); // the kiosk must work despite it

      // A kiosk for two areas asks once which door it stands at, and remembers.
      const { code, kioskId } = await kioskCode(admin, [site.general.id, site.secure.id]);
      await enrolKiosk(page, server.origin, code);
      await page.getByRole('heading', { name: 'この端末で受け付ける区域' }).waitFor();
      await screenshot(page, 'kiosk-choose-area');
      await page.getByRole('button', { name: 'サーバ室' }).click();
      await enterButton(page).waitFor();
      expect(await page.locator('.k-area-name').textContent()).toBe('サーバ室');
      await page.reload();
      await enterButton(page).waitFor();
      expect(await page.locator('.k-area-name').textContent()).toBe('サーバ室');

      await enterButton(page).click();
      await page.getByRole('heading', { name: '入室：本人確認' }).waitFor();
      // Passkey only here: no camera, no badge reader.
      expect(await page.locator('video, .k-camera').count()).toBe(0);
      await screenshot(page, 'kiosk-identify-passkey-only');
      await page.getByRole('button', { name: 'セキュリティキーで確認' }).click();
      await page.getByRole('heading', { name: '入室の目的を選んでください' }).waitFor();
      await page.getByLabel('その他の目的（自由記述）').fill('サーバ増設作業');
      await page.getByRole('button', { name: 'この目的で入室' }).click();
      const accepted = page.getByRole('status').filter({ hasText: '入室を記録しました' });
      await accepted.waitFor();
      expect(await accepted.textContent()).toContain('高橋 真理');
      const [entry] = accessEvents(server);
      expect(entry).toMatchObject({ person_id: worker.id, kiosk_id: kioskId, area_id: site.secure.id, direction: 'in', result: 'accepted', method: 'passkey', purpose: 'サーバ増設作業' });
      await accepted.click();

      await exitButton(page).click();
      await page.getByRole('heading', { name: '退室：本人確認' }).waitFor();
      await page.getByRole('button', { name: 'セキュリティキーで確認' }).click();
      const exited = page.getByRole('status').filter({ hasText: '退室を記録しました' });
      await exited.waitFor();
      await page.getByRole('alert').filter({ hasText: '最後の退室者です' }).waitFor();
      await screenshot(page, 'kiosk-exit-last-person-out');
      const events = accessEvents(server);
      expect(events).toHaveLength(2);
      expect(events[1]).toMatchObject({ person_id: worker.id, direction: 'out', result: 'accepted', method: 'passkey' });
      expect(JSON.parse(events[1]!.flags)).toContain('last_person_out');
      await page.getByRole('button', { name: 'OK' }).click();
      await enterButton(page).waitFor();
      expect(await page.content()).not.toContain('高橋');
      expect(errors).toEqual([]);
    },
    TIMEOUT,
  );
});
