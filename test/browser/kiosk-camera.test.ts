import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot, tabletContext } from './support/browser.ts';
import { writeQrY4m } from './support/fake-camera.ts';
import { accessEvents, enrolKiosk, enterButton, givenBadgeWorker, kioskCode, kioskWorld, watchPage, type KioskWorld } from './kiosk-world.ts';

const TIMEOUT = 120_000;

/** A camera pointed at a wall: grey frames with no QR code in them. */
function writeBlankY4m(path: string, width = 640, height = 480): void {
  const frame = Buffer.concat([Buffer.from('FRAME\n'), Buffer.alloc(width * height, 180), Buffer.alloc((width * height) / 2, 128)]);
  writeFileSync(path, Buffer.concat([Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`), frame, frame]));
}

// Counts the camera streams the page opens, so a test can check they are all stopped (a test hook
// injected by the test, not part of the product).
const TRACK_STREAMS = `(() => {
  const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  window.__streams = [];
  navigator.mediaDevices.getUserMedia = async (c) => { const s = await original(c); window.__streams.push(s); return s; };
})();`;

describe('the kiosk camera reads a QR name badge (B4, B5)', () => {
  let world: KioskWorld;
  let dir: string;
  const browsers: Browser[] = [];

  beforeAll(async () => {
    world = await kioskWorld();
    dir = mkdtempSync(join(tmpdir(), 'kiosk-camera-'));
  }, TIMEOUT);
  afterAll(async () => {
    await Promise.all(browsers.map((b) => b.close().catch(() => undefined)));
    await world?.server.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it(
    'decodes the badge held up to the camera and records the entry with the name on screen (B3, B5)',
    async () => {
      const { site, admin, server } = world;
      const worker = await givenBadgeWorker(admin, [site.general.id], '鈴木 一郎', 'すずき いちろう');
      const video = join(dir, 'badge.y4m');
      writeQrY4m(video, worker.badge);
      const browser = await launchBrowser({ fakeCamera: video });
      browsers.push(browser);
      const context = await tabletContext(browser, server.origin);
      const page = await context.newPage();
      const errors = watchPage(page);
      const { code, kioskId } = await kioskCode(admin, [site.general.id]);
      await enrolKiosk(page, server.origin, code);

      await enterButton(page).click();
      // Nothing typed, nothing tapped: the camera alone identifies the worker. It reads the badge as soon
      // as the identify screen starts it, so that screen may be gone before the test looks (on a busy
      // machine the test is the slow one): the test waits for what stays, the question naming the holder.
      await page.getByRole('heading', { name: '入室の目的を選んでください' }).waitFor({ timeout: 20_000 });
      expect(await page.getByRole('region', { name: '名札で確認しました' }).textContent()).toContain('鈴木 一郎');
      await page.getByRole('button', { name: '定常作業', exact: true }).click();
      const accepted = page.getByRole('status').filter({ hasText: '入室を記録しました' });
      await accepted.waitFor();
      expect(await accepted.textContent()).toContain('鈴木 一郎');
      await screenshot(page, 'kiosk-camera-accepted-landscape');
      const events = accessEvents(server).filter((e) => e.kiosk_id === kioskId);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ person_id: worker.id, direction: 'in', result: 'accepted', method: 'badge', purpose: '定常作業' });
      expect(errors).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'shows the live camera inside a framing guide and releases the camera when the person leaves the screen (kiosk 3)',
    async () => {
      const { site, admin, server } = world;
      const video = join(dir, 'blank.y4m');
      writeBlankY4m(video);
      const browser = await launchBrowser({ fakeCamera: video });
      browsers.push(browser);
      const context = await tabletContext(browser, server.origin);
      await context.addInitScript(TRACK_STREAMS);
      const page = await context.newPage();
      const errors = watchPage(page);
      const { code } = await kioskCode(admin, [site.general.id], 'カメラ枠テスト');
      await enrolKiosk(page, server.origin, code);

      await enterButton(page).click();
      await page.getByText('名札のQRコードを枠の中に映してください').waitFor();
      await page.waitForFunction(() => {
        const v = document.querySelector('video');
        return v !== null && v.videoWidth > 0 && !v.paused;
      });
      expect(await page.locator('.k-frame').isVisible()).toBe(true);
      await screenshot(page, 'kiosk-identify-camera-landscape');
      const live = await page.evaluate(() => (window as unknown as { __streams: MediaStream[] }).__streams.flatMap((s) => s.getTracks().map((t) => t.readyState)));
      expect(live).toEqual(['live']);

      await page.getByRole('button', { name: '戻る' }).click();
      await enterButton(page).waitFor();
      const after = await page.evaluate(() => (window as unknown as { __streams: MediaStream[] }).__streams.flatMap((s) => s.getTracks().map((t) => t.readyState)));
      expect(after).toEqual(['ended']);
      expect(await page.locator('video').count()).toBe(0);
      expect(errors).toEqual([]);
    },
    TIMEOUT,
  );
});
