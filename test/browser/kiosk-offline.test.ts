import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, persistentTablet, screenshot, tabletContext } from './support/browser.ts';
import { enrolNew, givenPerson, type Api, type Desk } from './console-world.ts';
import { accessEvents, badgeInByWedge, enrolKiosk, enterButton, eventually, givenBadgeWorker, kioskCode, kioskWorld, watchPage, type KioskWorld } from './kiosk-world.ts';

/** How many events wait in the tablet's queue (IndexedDB, as the kiosk keeps them). */
function queued(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('ledger-kiosk');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const count = open.result.transaction('outbox').objectStore('outbox').count();
          count.onsuccess = () => {
            open.result.close();
            resolve(count.result);
          };
          count.onerror = () => reject(count.error);
        };
      }),
  );
}

/** Sets the device time of the oldest queued event to `at`, as if it had waited on the tablet since then. */
function backdateOldest(page: Page, at: string): Promise<void> {
  return page.evaluate(
    (deviceAt) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('ledger-kiosk');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('outbox', 'readwrite');
          const cursor = tx.objectStore('outbox').openCursor();
          cursor.onsuccess = () => {
            const c = cursor.result;
            if (c) c.update({ ...c.value, deviceAt, body: { ...c.value.body, deviceAt } });
          };
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    at,
  );
}

/** Adds `n` events to the queue (stand-ins: this tablet never sends them, its server stays down). */
function fillQueue(page: Page, n: number, areaId: number): Promise<void> {
  return page.evaluate(
    ({ n, areaId }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('ledger-kiosk');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('outbox', 'readwrite');
          const at = new Date().toISOString();
          for (let i = 0; i < n; i++) {
            const key = `${Date.now()}-${i}-${Math.random()}`;
            tx.objectStore('outbox').add({ idempotencyKey: key, deviceAt: at, body: { idempotencyKey: key, areaId, direction: 'in', purpose: '定常作業', identification: { method: 'badge', payload: 'stand-in' }, deviceAt: at } });
          }
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    { n, areaId },
  );
}

const TIMEOUT = 120_000;

describe('the kiosk keeps badge events while the server is unreachable (B3; issue 4 kiosk 6)', () => {
  let world: KioskWorld;
  let browser: Browser;
  let serverDown = false;

  beforeAll(async () => {
    world = await kioskWorld();
    browser = await launchBrowser();
  }, TIMEOUT);
  const desks: Desk[] = [];
  afterAll(async () => {
    for (const d of desks) await d.context.close().catch(() => undefined);
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
      expect(await queued(page)).toBe(0);

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
  it(
    'opens from its offline copy after a reload and a browser restart with the server stopped, warns of a day-old queue, and sends what it kept exactly once (issue 19)',
    async () => {
      const { site, admin, server } = world;
      const early = await givenBadgeWorker(admin, [site.general.id], '高橋 三郎', 'たかはし さぶろう', 3);
      const late = await givenBadgeWorker(admin, [site.general.id], '中村 四季', 'なかむら しき');
      const { code, kioskId } = await kioskCode(admin, [site.general.id], '通用口タブレット');
      const profile = mkdtempSync(join(tmpdir(), 'ledger-tablet-'));
      let context = await persistentTablet(profile, server.origin);
      try {
        let page = context.pages()[0] ?? (await context.newPage());
        const errors = watchPage(page);
        await enrolKiosk(page, server.origin, code);
        await enterButton(page).waitFor();
        // The offline copy is complete once its worker is active: installing it kept every file.
        expect(await page.evaluate(async () => (await navigator.serviceWorker.ready).active?.state)).toBe('activated');

        await server.stop();
        serverDown = true;
        await page.reload();
        await enterButton(page).waitFor();
        await page.getByText('サーバーに接続できません').waitFor();
        await badgeInByWedge(page, early.badge, '定常作業');
        await page.getByRole('status').filter({ hasText: 'この端末に記録しました' }).waitFor();
        await page.getByRole('button', { name: 'OK' }).click();

        // Only the kiosk is kept: the console shows personal data, and the API is never cached.
        const kept = await page.evaluate(async () => {
          const paths: string[] = [];
          for (const name of await caches.keys()) for (const r of await (await caches.open(name)).keys()) paths.push(new URL(r.url).pathname);
          return paths;
        });
        expect(kept).toContain('/kiosk');
        expect(kept.filter((p) => p === '/' || p.startsWith('/console') || p.startsWith('/api') || p.startsWith('/assets/console-'))).toEqual([]);
        const consoleTab = await context.newPage();
        await expect(consoleTab.goto(`${server.origin}/console`)).rejects.toThrow(/ERR_CONNECTION_REFUSED/);
        await consoleTab.close();

        // A browser restart, or a reboot of the tablet, with the server still down.
        await context.close();
        context = await persistentTablet(profile, server.origin);
        page = context.pages()[0] ?? (await context.newPage());
        errors.push(...watchPage(page));
        await page.goto(`${server.origin}/kiosk`);
        await enterButton(page).waitFor();
        const pendingNote = page.locator('.k-idle .k-pending');
        expect(await pendingNote.textContent()).toContain('未送信 1件');
        await badgeInByWedge(page, late.badge, '打合せ');
        await page.getByRole('status').filter({ hasText: '未送信 2件' }).waitFor();
        await page.getByRole('button', { name: 'OK' }).click();
        expect(await pendingNote.textContent()).not.toContain('24時間以上');

        // The first event has waited since yesterday.
        const dayAgo = new Date(Date.now() - 25 * 3_600_000).toISOString();
        await backdateOldest(page, dayAgo);
        await page.reload();
        const stale = page.getByRole('alert').filter({ hasText: '24時間以上送信できていない記録があります' });
        await stale.waitFor();
        expect(await pendingNote.textContent()).toContain('未送信 2件');
        expect(await pendingNote.textContent()).toContain('最も古い未送信の記録：25時間前');
        await screenshot(page, 'kiosk-idle-stale-ja');
        await page.getByRole('button', { name: 'English' }).click();
        await page.getByRole('alert').filter({ hasText: 'Some records have not been sent for over 24 hours' }).waitFor();
        expect(await pendingNote.textContent()).toContain('Oldest pending record: 25 h ago');
        await screenshot(page, 'kiosk-idle-stale-en');
        await page.getByRole('button', { name: '日本語' }).click();

        await server.start();
        serverDown = false;
        await pendingNote.waitFor({ state: 'detached', timeout: 30_000 });
        await stale.waitFor({ state: 'detached' });
        expect(await queued(page)).toBe(0);
        const events = accessEvents(server).filter((e) => e.kiosk_id === kioskId);
        expect(events.map((e) => e.person_id)).toEqual([early.id, late.id]);
        for (const e of events) {
          expect(e).toMatchObject({ result: 'accepted', direction: 'in', method: 'badge' });
          expect(JSON.parse(e.flags)).toContain('recorded_offline');
        }
        expect(events[0]!.device_at).toBe(Date.parse(dayAgo));
        expect(new Set(events.map((e) => e.idempotency_key)).size).toBe(2);
        expect(errors).toEqual([]);
      } finally {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      }
    },
    TIMEOUT,
  );

  it(
    'says when the queue nears its limit and, at the limit, keeps nothing more and tells the person to call a guard (issue 19)',
    async () => {
      const { site, admin, server } = world;
      const worker = await givenBadgeWorker(admin, [site.general.id], '小林 五月', 'こばやし さつき');
      const { code } = await kioskCode(admin, [site.general.id], '搬入口タブレット');
      const context = await tabletContext(browser, server.origin);
      try {
        const page = await context.newPage();
        const errors = watchPage(page);
        await enrolKiosk(page, server.origin, code);
        await enterButton(page).waitFor();
        await server.stop();
        serverDown = true;

        await fillQueue(page, 3_999, site.general.id);
        await page.reload();
        const pendingNote = page.locator('.k-idle .k-pending');
        await pendingNote.waitFor();
        expect(await pendingNote.textContent()).toContain('未送信 3,999件');
        const limit = page.getByRole('alert').filter({ hasText: '上限（5,000件）' });
        expect(await limit.count()).toBe(0);
        await badgeInByWedge(page, worker.badge);
        await page.getByRole('status').filter({ hasText: 'この端末に記録しました' }).waitFor();
        await page.getByRole('button', { name: 'OK' }).click();
        await limit.filter({ hasText: '近づいています' }).waitFor();
        expect(await pendingNote.textContent()).toContain('未送信 4,000件');
        await screenshot(page, 'kiosk-idle-queue-nearly-full');

        await fillQueue(page, 1_000, site.general.id);
        await page.reload();
        await limit.filter({ hasText: '達しました' }).waitFor();
        await badgeInByWedge(page, worker.badge);
        const refused = page.getByRole('alert').filter({ hasText: 'この記録は保存されていません。警備員を呼んでください。' });
        await refused.waitFor();
        await screenshot(page, 'kiosk-queue-full');
        await page.getByRole('button', { name: 'OK' }).click();
        expect(await queued(page)).toBe(5_000);
        expect(errors).toEqual([]);
      } finally {
        await context.close(); // its stand-in events go with it: they are never sent
        await server.start();
        serverDown = false;
      }
    },
    TIMEOUT,
  );

  it(
    'a kiosk revoked while it held queued events hands them over as refusals naming the person, and only then goes back to enrolment (issue 19)',
    async () => {
      const { site, admin, server } = world;
      const worker = await givenBadgeWorker(admin, [site.general.id], '取消 保留子', 'とりけし ほりゅうこ');
      const { code, kioskId } = await kioskCode(admin, [site.general.id], '倉庫口タブレット');
      const context = await tabletContext(browser, server.origin);
      try {
        const page = await context.newPage();
        const errors = watchPage(page);
        await enrolKiosk(page, server.origin, code);
        await enterButton(page).waitFor();
        await server.stop();
        serverDown = true;
        await badgeInByWedge(page, worker.badge, '打合せ');
        await page.getByRole('status').filter({ hasText: 'この端末に記録しました' }).waitFor();
        await page.getByRole('button', { name: 'OK' }).click();
        expect(await queued(page)).toBe(1);
        // While the tablet is cut off, an admin revokes it (the admin's call goes in-process, not through the stopped socket).
        expect((await admin.post(`/api/kiosks/${kioskId}/revoke`)).status).toBe(200);

        await server.start();
        serverDown = false;
        const row = await eventually(() => {
          const found = accessEvents(server).find((e) => e.person_id === worker.id);
          if (!found) throw new Error('not arrived yet');
          return found;
        }, 30_000);
        expect(row).toMatchObject({ result: 'refused', refusal_reason: 'kiosk_revoked', name_snapshot: '取消 保留子', kiosk_id: kioskId });
        await expect.poll(() => queued(page), { timeout: 30_000 }).toBe(0);
        // The next check-in with the server (every 30 s) finds the kiosk revoked.
        await page.getByRole('heading', { name: 'この端末の登録' }).waitFor({ timeout: 90_000 });
        expect(accessEvents(server).filter((e) => e.person_id === worker.id)).toHaveLength(1);
        expect(errors.filter((e) => !/401/.test(e))).toEqual([]);
      } finally {
        await context.close();
        if (serverDown) await server.start();
        serverDown = false;
      }
    },
    TIMEOUT,
  );

  it(
    'an entry kept on the tablet for eight days reaches the server as a refused late record naming the person, and leaves the queue only then (issue 19)',
    async () => {
      const { site, admin, server } = world;
      // Authorized for a month: the stay it stands for, eight days ago, can then be entered from paper.
      const worker = await givenBadgeWorker(admin, [site.general.id], '八日 待子', 'ようか まちこ', 30);
      const { code } = await kioskCode(admin, [site.general.id], '通用口タブレット');
      const context = await tabletContext(browser, server.origin);
      try {
        const page = await context.newPage();
        const errors = watchPage(page);
        await enrolKiosk(page, server.origin, code);
        await enterButton(page).waitFor();
        await server.stop();
        serverDown = true;
        await badgeInByWedge(page, worker.badge, '打合せ');
        await page.getByRole('status').filter({ hasText: 'この端末に記録しました' }).waitFor();
        await page.getByRole('button', { name: 'OK' }).click();
        const eightDaysAgo = new Date(Date.now() - 8 * 86_400_000).toISOString();
        await backdateOldest(page, eightDaysAgo);
        expect(await queued(page)).toBe(1);
        expect(accessEvents(server).filter((e) => e.person_id === worker.id)).toEqual([]);

        await server.start();
        serverDown = false;
        const row = await eventually(() => {
          const found = accessEvents(server).find((e) => e.person_id === worker.id);
          if (!found) throw new Error('not arrived yet');
          return found;
        }, 30_000);
        expect(row).toMatchObject({ result: 'refused', refusal_reason: 'late_record', name_snapshot: '八日 待子', device_at: Date.parse(eightDaysAgo) });
        await expect.poll(() => queued(page), { timeout: 30_000 }).toBe(0);
        expect(errors).toEqual([]);

        // A guard finds it in the console with the person's name and enters the stay from the paper sheet (B12).
        const api: Api = { get: async (p) => (await admin.get(p)).body, post: async (p, b) => (await admin.post(p, b)).body, patch: async (p, b) => (await admin.patch(p, b)).body };
        const guardPerson = await givenPerson(api, { name: '警備 守', kana: 'けいび まもる', roles: ['guard'] });
        const guard = await enrolNew(browser, server, api, guardPerson.id, desks);
        const g = guard.page;
        await g.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: '拒否された記録' }).click();
        const kept = g.getByRole('table', { name: '拒否された記録' }).getByRole('row').filter({ hasText: '八日 待子' });
        await kept.waitFor({ timeout: 20_000 });
        expect(await kept.textContent()).toContain('端末に7日を超えて保留された記録');
        await screenshot(g, 'console-refusals-kept');
        await kept.getByRole('link', { name: '紙の記録から入力' }).click();
        const form = g.getByRole('form', { name: '紙の記録の入力' });
        await form.waitFor();
        expect(await form.getByLabel('氏名').inputValue()).toBe(String(worker.id));
        expect(await form.getByLabel('入室日時（紙の記載）').inputValue()).not.toBe('');
        await form.getByLabel('用紙の番号・参照').fill('紙台帳 No.3 の1行目');
        await form.getByLabel('目的（自由記入）').fill('打合せ');
        await form.getByLabel('後から入力する理由').fill('受付端末に8日間保留され、入室として受け付けられなかったため');
        await form.getByRole('button', { name: '事後記録として登録' }).click();
        await g.getByText('八日 待子 さんの事後記録を登録しました', { exact: false }).waitFor({ timeout: 20_000 });
        expect(accessEvents(server).filter((e) => e.person_id === worker.id).map((e) => [e.result, e.method])).toEqual([
          ['refused', 'badge'],
          ['accepted', 'paper'],
        ]);
        expect(guard.errors).toEqual([]);
      } finally {
        await context.close();
        if (serverDown) await server.start();
        serverDown = false;
      }
    },
    TIMEOUT,
  );
});
