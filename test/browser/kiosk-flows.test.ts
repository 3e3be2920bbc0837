import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { addVirtualAuthenticator, launchBrowser, screenshot, tabletContext } from './support/browser.ts';
import { writeQrY4m } from './support/fake-camera.ts';
import { accessEvents, badgeInByWedge, enrolKiosk, enterButton, eventually, givenBadgeWorker, kioskCode, kioskWorld, watchPage, type KioskWorld } from './kiosk-world.ts';

const TIMEOUT = 120_000;

describe('the kiosk: camera QR, security key, and offline badge entries (issue 4; B3, B4, B5)', () => {
  let world: KioskWorld;
  const browsers: Browser[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-flows-'));

  beforeAll(async () => {
    world = await kioskWorld();
  }, TIMEOUT);
  afterAll(async () => {
    await Promise.all(browsers.map((b) => b.close().catch(() => undefined)));
    await world?.server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function tablet(opts: { fakeCamera?: string } = {}): Promise<{ page: Page; errors: string[] }> {
    const browser = await launchBrowser(opts);
    browsers.push(browser);
    const context = await tabletContext(browser, world.server.origin);
    const page = await context.newPage();
    return { page, errors: watchPage(page) };
  }

  it(
    'reads a QR name badge through the camera (Chromium fake camera showing the badge)',
    async () => {
      const { site, admin, server } = world;
      const worker = await givenBadgeWorker(admin, [site.general.id], '撮影 一郎', 'さつえい いちろう');
      const video = join(dir, 'badge.y4m');
      writeQrY4m(video, worker.badge);
      const { page, errors } = await tablet({ fakeCamera: video });
      await enrolKiosk(page, server.origin, (await kioskCode(admin, [site.general.id], 'カメラ付きタブレット')).code);
      await enterButton(page).click();
      // No typing: the camera frames carry the badge, and the kiosk decodes them by itself.
      await page.getByRole('heading', { name: '入室の目的を選んでください' }).waitFor({ timeout: 30_000 });
      await page.getByRole('button', { name: '定常作業', exact: true }).click();
      await page.getByRole('status').filter({ hasText: '入室を記録しました' }).waitFor();
      await screenshot(page, 'kiosk-camera-accepted');
      const event = accessEvents(server).find((e) => e.person_id === worker.id)!;
      expect(event).toMatchObject({ result: 'accepted', method: 'badge', direction: 'in', purpose: '定常作業' });
      expect(errors).toEqual([]);
    },
    TIMEOUT,
  );

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

  it(
    'keeps two badge entries on the tablet while the server is down and sends each exactly once when it is back',
    async () => {
      const { site, admin, server } = world;
      const a = await givenBadgeWorker(admin, [site.general.id], '停電 一郎', 'ていでん いちろう');
      const b = await givenBadgeWorker(admin, [site.general.id], '停電 二郎', 'ていでん じろう');
      const { page } = await tablet();
      await enrolKiosk(page, server.origin, (await kioskCode(admin, [site.general.id], '非常口タブレット')).code);
      await enterButton(page).waitFor();
      await server.stop();
      for (const w of [a, b]) {
        await badgeInByWedge(page, w.badge, '打合せ');
        await page.getByRole('heading', { name: 'この端末に記録しました' }).waitFor();
        await page.getByRole('heading', { name: 'この端末に記録しました' }).click();
        await enterButton(page).waitFor();
      }
      await page.getByText('未送信 2件').waitFor();
      await screenshot(page, 'kiosk-offline-pending');
      expect(accessEvents(server).filter((e) => e.person_id === a.id || e.person_id === b.id)).toEqual([]);

      await server.start();
      await page.getByText('未送信 2件').waitFor({ state: 'detached', timeout: 30_000 });
      const arrived = await eventually(() => {
        const rows = accessEvents(server).filter((e) => e.person_id === a.id || e.person_id === b.id);
        expect(rows).toHaveLength(2);
        return rows;
      });
      expect(arrived.map((e) => e.person_id)).toEqual([a.id, b.id]);
      for (const e of arrived) {
        expect(e).toMatchObject({ result: 'accepted', direction: 'in' });
        expect(JSON.parse(e.flags)).toContain('recorded_offline');
        expect((e as unknown as { device_at: number | null }).device_at).not.toBeNull();
      }
      // A later retry cannot record them twice: the queue is empty and the keys are already stored.
      await new Promise((r) => setTimeout(r, 5_000));
      expect(accessEvents(server).filter((e) => e.person_id === a.id || e.person_id === b.id)).toHaveLength(2);
    },
    TIMEOUT,
  );
});
