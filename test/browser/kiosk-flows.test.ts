import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { addVirtualAuthenticator, launchBrowser, screenshot, tabletContext } from './support/browser.ts';
import { accessEvents, enrolKiosk, enterButton, eventually, givenBadgeWorker, kioskCode, kioskWorld, watchPage, type KioskWorld } from './kiosk-world.ts';

const TIMEOUT = 120_000;

describe('the kiosk: a security key enrolled through the console, used at the door (issue 4; B4, E7)', () => {
  let world: KioskWorld;
  const browsers: Browser[] = [];

  beforeAll(async () => {
    world = await kioskWorld();
  }, TIMEOUT);
  afterAll(async () => {
    await Promise.all(browsers.map((b) => b.close().catch(() => undefined)));
    await world?.server.close();
  });

  async function tablet(): Promise<{ page: Page; errors: string[] }> {
    const browser = await launchBrowser();
    browsers.push(browser);
    const context = await tabletContext(browser, world.server.origin);
    const page = await context.newPage();
    return { page, errors: watchPage(page) };
  }

  it(
    'identifies a worker by a security key (Chrome virtual authenticator) in a passkey-only area',
    async () => {
      const { site, admin, server } = world;
      const worker = await givenBadgeWorker(admin, [site.secure.id], '鍵持 花子', 'かぎもち はなこ');
      const link = await admin.post(`/api/people/${worker.id}/enrolments`);
      const { page, errors } = await tablet();
      await addVirtualAuthenticator(page);
      // The worker registers their key through the console's enrolment page, on this same authenticator.
      await page.goto(link.body.url);
      await page.getByRole('button', { name: 'パスキーを登録' }).click();
      await eventually(() => {
        const row = server.deps.sqlite.prepare('select count(*) n from credentials where person_id = ?').get(worker.id) as { n: number };
        expect(row.n).toBe(1);
      });
      await enrolKiosk(page, server.origin, (await kioskCode(admin, [site.secure.id], 'サーバ室前タブレット')).code);
      await enterButton(page).click();
      await page.getByRole('button', { name: 'セキュリティキーで確認' }).click();
      await page.getByRole('button', { name: '保守・点検', exact: true }).click();
      await page.getByRole('status').filter({ hasText: '入室を記録しました' }).waitFor();
      await screenshot(page, 'kiosk-passkey-accepted');
      const event = accessEvents(server).find((e) => e.person_id === worker.id)!;
      expect(event).toMatchObject({ result: 'accepted', method: 'passkey', area_id: site.secure.id });
      expect(errors).toEqual([]);
    },
    TIMEOUT,
  );

});
