import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot, tabletContext } from './support/browser.ts';
import { accessEvents, badgeInByWedge, enrolKiosk, enterButton, eventually, givenBadgeWorker, kioskCode, kioskWorld, watchPage, type KioskWorld } from './kiosk-world.ts';

const TIMEOUT = 120_000;

describe('the kiosk keeps badge events while the server is unreachable (B3; issue 4 kiosk 6)', () => {
  let world: KioskWorld;
  let browser: Browser;
  let serverDown = false;

  beforeAll(async () => {
    world = await kioskWorld();
    browser = await launchBrowser();
  }, TIMEOUT);
  afterAll(async () => {
    await browser?.close();
    if (serverDown) await world.server.start(); // a failed test may leave it stopped
    await world?.server.close();
  });

  it(
    'records two badge entries offline, says so, keeps them through failed retries and sends each exactly once, in order, when the server is back',
    async () => {
      const { site, admin, server } = world;
      const first = await givenBadgeWorker(admin, [site.general.id], '伊藤 一美', 'いとう かずみ');
      const second = await givenBadgeWorker(admin, [site.general.id], '渡辺 二郎', 'わたなべ じろう');
      const { code, kioskId } = await kioskCode(admin, [site.general.id]);
      const context = await tabletContext(browser, server.origin);
      const page = await context.newPage();
      const errors = watchPage(page);
      let failedSends = 0;
      page.on('requestfailed', (r) => {
        if (r.url().endsWith('/api/kiosk/events')) failedSends += 1;
      });
      await enrolKiosk(page, server.origin, code);
      await enterButton(page).waitFor();

      await server.stop();
      serverDown = true;

      await badgeInByWedge(page, first.badge, '定常作業');
      const kept = page.getByRole('status').filter({ hasText: 'この端末に記録しました' });
      await kept.waitFor();
      expect(await kept.textContent()).toContain('まだ確定していません');
      expect(await kept.textContent()).toContain('未送信 1件');
      await screenshot(page, 'kiosk-offline-recorded');
      await kept.click();

      // Passkeys need the server: the button says so instead of failing silently.
      await enterButton(page).click();
      await page.getByRole('heading', { name: '入室：本人確認' }).waitFor();
      await page.getByText('オフライン中は使えません').waitFor();
      await page.getByRole('button', { name: 'セキュリティキーで確認' }).click();
      await page.getByRole('alert').filter({ hasText: 'サーバーに接続できないため、セキュリティキーは使えません' }).waitFor();
      await screenshot(page, 'kiosk-identify-offline');
      await page.getByRole('button', { name: '戻る' }).click();

      await badgeInByWedge(page, second.badge, '打合せ');
      await page.getByRole('status').filter({ hasText: '未送信 2件' }).waitFor();
      await page.getByRole('button', { name: 'OK' }).click();
      const pendingNote = page.locator('.k-idle .k-pending');
      await pendingNote.waitFor();
      expect(await pendingNote.textContent()).toContain('未送信 2件');
      await page.getByText('サーバーに接続できません').waitFor();
      await screenshot(page, 'kiosk-idle-pending');
      expect(accessEvents(server).filter((e) => e.kiosk_id === kioskId)).toEqual([]);

      // The sender keeps retrying while the server is down and never drops the queue.
      await eventually(() => expect(failedSends).toBeGreaterThanOrEqual(4), 30_000);
      expect(await pendingNote.textContent()).toContain('未送信 2件');

      await server.start();
      serverDown = false;
      await pendingNote.waitFor({ state: 'detached', timeout: 30_000 });
      const outbox = await page.evaluate(
        () =>
          new Promise<number>((resolve, reject) => {
            const open = indexedDB.open('ledger-kiosk');
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const count = open.result.transaction('outbox').objectStore('outbox').count();
              count.onsuccess = () => resolve(count.result);
              count.onerror = () => reject(count.error);
            };
          }),
      );
      expect(outbox).toBe(0);

      const events = accessEvents(server).filter((e) => e.kiosk_id === kioskId);
      expect(events.map((e) => e.person_id)).toEqual([first.id, second.id]);
      for (const e of events) {
        expect(e).toMatchObject({ result: 'accepted', direction: 'in', method: 'badge' });
        expect(JSON.parse(e.flags)).toContain('recorded_offline');
        expect(e.device_at).not.toBeNull();
        expect(e.occurred_at).toBe(e.device_at);
        expect(e.recorded_at).toBeGreaterThan(e.device_at!);
      }
      expect(events[0]!.device_at!).toBeLessThan(events[1]!.device_at!);
      expect(events.map((e) => e.purpose)).toEqual(['定常作業', '打合せ']);
      expect(new Set(events.map((e) => e.idempotency_key)).size).toBe(2);
      expect(errors).toEqual([]);
    },
    TIMEOUT,
  );
});
