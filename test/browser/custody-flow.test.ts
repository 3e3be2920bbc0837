import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot, tabletContext } from './support/browser.ts';
import { writeQrY4m } from './support/fake-camera.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { apiOf, enrolFromLink, givenArea, givenPerson, openDesk, rows, setupFirstAdmin, TIMEOUT, type Api, type Desk } from './console-world.ts';
import { enrolKiosk, enterButton, eventually, exitButton, wedgeScan, watchPage } from './kiosk-world.ts';

/** What <input type="datetime-local"> holds for an instant, in the page's own time zone. */
function localInput(page: Page, ms: number): Promise<string> {
  return page.evaluate((t) => {
    const d = new Date(t);
    const p = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
  }, ms);
}

async function enrolNew(browser: Browser, server: RunningServer, api: Api, personId: number, desks: Desk[]): Promise<Desk> {
  const link = await api.post<{ url: string }>(`/api/people/${personId}/enrolments`);
  const desk = await openDesk(browser, server);
  desks.push(desk);
  await enrolFromLink(desk, link.url);
  return desk;
}

interface MovementRow {
  asset_id: number | null;
  direction: string;
  result: string;
  refusal_reason: string | null;
  person_id: number;
}

describe('asset custody through the UI: request, approval, the kiosk scan, custody view, exit reconciliation (issue 5)', () => {
  let server: RunningServer;
  let browser: Browser;
  let kioskBrowser: Browser;
  let dir: string;
  const desks: Desk[] = [];

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    dir = mkdtempSync(join(tmpdir(), 'custody-flow-'));
  }, TIMEOUT);
  afterAll(async () => {
    await Promise.all(desks.map((d) => d.context.close().catch(() => undefined)));
    await browser?.close();
    await kioskBrowser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it(
    'a worker requests a carry-in, a guard approves it, the kiosk camera reads the laptop, the console shows it inside, the exit asks about it; an unapproved USB stick is refused',
    async () => {
      const admin = await openDesk(browser, server);
      desks.push(admin);
      await setupFirstAdmin(admin, server);
      const api = await apiOf(admin, server);
      const { areaId } = await givenArea(api);
      const worker = await givenPerson(api, { name: '保守 太郎', kana: 'ほしゅ たろう', roles: ['worker'] }, [areaId]);
      const guardPerson = await givenPerson(api, { name: '警備 守', kana: 'けいび まもる', roles: ['guard'] });
      const laptop = await api.post<{ id: number; tag: string }>('/api/assets', { assetNumber: 'PC-2026-001', kind: 'laptop', ownerType: 'contractor', description: '保守用ノートPC', custodianId: worker.id });
      const usb = await api.post<{ id: number; tag: string }>('/api/assets', { assetNumber: 'USB-0042', kind: 'usb_memory', ownerType: 'contractor' });

      // The worker writes the request on the console. A window that has already ended is refused by the server, next to the field.
      const workerDesk = await enrolNew(browser, server, api, worker.id, desks);
      const w = workerDesk.page;
      await w.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: '持込・持出申請' }).click();
      await w.getByRole('link', { name: '新しい申請' }).click();
      const form = w.getByRole('form', { name: '持込・持出の申請' });
      await form.waitFor();
      await form.getByLabel('区域').selectOption({ label: '本庁舎 / 執務室' });
      await form.getByLabel('目的', { exact: true }).fill('庁内サーバの保守作業');
      await form.getByRole('button', { name: '＋ PC-2026-001（ノートPC）' }).click();
      const item = form.getByRole('listitem', { name: 'PC-2026-001' });
      await item.getByLabel('チェック日').fill(await w.evaluate(() => new Date().toISOString().slice(0, 10)));
      await item.getByLabel('チェックツール').fill('ウイルスバスター');
      await item.getByLabel('定義ファイルの日付').fill(await w.evaluate(() => new Date().toISOString().slice(0, 10)));
      await item.getByLabel('結果').selectOption('clean');
      await form.getByLabel('予定期間の開始').fill(await localInput(w, Date.now() - 3 * 3_600_000));
      await form.getByLabel('予定期間の終了').fill(await localInput(w, Date.now() - 3_600_000));
      await form.getByRole('button', { name: '申請する' }).click();
      const windowError = form.locator('[id$="-windowTo-error"]');
      await windowError.waitFor();
      expect(await windowError.textContent()).toContain('the planned window has already ended');
      expect(await form.getByLabel('予定期間の終了').getAttribute('aria-invalid')).toBe('true');
      await screenshot(w, 'custody-request-field-error');
      await form.getByLabel('予定期間の開始').fill(await localInput(w, Date.now() - 60_000));
      await form.getByLabel('予定期間の終了').fill(await localInput(w, Date.now() + 8 * 3_600_000));
      await form.getByRole('button', { name: '申請する' }).click();
      await w.getByText(/を提出しました。承認を待っています。/).waitFor();
      const requestId = Number(/\/console\/requests\/(\d+)/.exec(w.url())![1]);
      await screenshot(w, 'custody-request-submitted');
      expect(await w.getByRole('button', { name: '承認' }).count()).toBe(0);

      // A guard approves it on the console, from the list of those awaiting approval.
      const guardDesk = await enrolNew(browser, server, api, guardPerson.id, desks);
      const g = guardDesk.page;
      await g.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: '持込・持出申請' }).click();
      await g.getByRole('link', { name: `申請 ${requestId}` }).click();
      await g.getByRole('table', { name: '申請の資産' }).waitFor();
      expect((await rows(g, '申請の資産'))[0]).toEqual(expect.arrayContaining(['PC-2026-001', 'ノートPC']));
      await g.getByRole('form', { name: '承認' }).getByRole('button', { name: '承認' }).click();
      await g.getByText(`承認：警備 守`, { exact: false }).waitFor();
      expect(await g.getByRole('region', { name: '申請の内容' }).textContent()).toContain('承認済み');
      await screenshot(g, 'custody-request-approved');

      // The kiosk: the camera sees nothing for a few seconds each time it opens, then the laptop's label.
      const video = join(dir, 'laptop.y4m');
      writeQrY4m(video, laptop.tag, { leadInFrames: 50, frames: 30 });
      kioskBrowser = await launchBrowser({ fakeCamera: video });
      const context = await tabletContext(kioskBrowser, server.origin);
      const k = await context.newPage();
      const errors = watchPage(k);
      const created = await api.post<{ code: string }>('/api/kiosks', { name: '執務室入口タブレット', areaIds: [areaId] });
      await enrolKiosk(k, server.origin, created.code);
      const badge = (await api.post<{ payload: string }>(`/api/people/${worker.id}/badges`)).payload;

      await enterButton(k).click();
      await k.getByRole('heading', { name: '入室：本人確認' }).waitFor();
      await wedgeScan(k, badge);
      await k.getByRole('button', { name: '定常作業', exact: true }).click();
      await k.getByRole('status').filter({ hasText: '入室を記録しました' }).waitFor();
      await k.getByRole('button', { name: '持込・持出の機器をスキャン' }).click();
      await k.getByRole('heading', { name: /持ち込む機器をスキャン/ }).waitFor();

      // The USB stick has no request: refused, with the reason in plain words.
      await wedgeScan(k, usb.tag);
      const refused = k.getByRole('alert').filter({ hasText: '持ち込めません' });
      await refused.waitFor();
      expect(await refused.textContent()).toContain('USB-0042（USBメモリ）');
      expect(await refused.textContent()).toContain('この機器には承認済みの申請がありません。');
      await screenshot(k, 'kiosk-asset-refused');

      // The laptop, held up to the camera: accepted under the approved request.
      await k.getByRole('button', { name: '次の機器をスキャン' }).click();
      const accepted = k.getByRole('status').filter({ hasText: '持込を記録しました' });
      await accepted.waitFor({ timeout: 20_000 });
      expect(await accepted.textContent()).toContain('PC-2026-001（ノートPC）');
      await screenshot(k, 'kiosk-asset-accepted');
      const moves = () => server.deps.sqlite.prepare('select asset_id, direction, result, refusal_reason, person_id from movements order by id').all() as MovementRow[];
      expect(moves()).toEqual([
        { asset_id: usb.id, direction: 'in', result: 'refused', refusal_reason: 'no_approval', person_id: worker.id },
        { asset_id: laptop.id, direction: 'in', result: 'accepted', refusal_reason: null, person_id: worker.id },
      ]);
      await k.getByRole('button', { name: '終わる' }).click();
      await exitButton(k).waitFor();

      // The guard's custody view: the laptop is inside the area, in the worker's custody.
      await g.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: '資産の所在' }).click();
      await g.getByRole('table', { name: '執務室の資産' }).waitFor();
      expect((await rows(g, '執務室の資産'))[0]).toEqual(expect.arrayContaining(['PC-2026-001', 'ノートPC', '区域内', '保守 太郎']));
      await screenshot(g, 'console-custody-inside');

      // At exit the kiosk asks about the laptop carried in during this stay; the worker leaves it on purpose.
      await exitButton(k).click();
      await k.getByRole('heading', { name: '退室：本人確認' }).waitFor();
      await wedgeScan(k, badge);
      await k.getByRole('heading', { name: /持ち込んだ機器の確認/ }).waitFor();
      const row = k.getByRole('listitem', { name: 'PC-2026-001' });
      expect(await row.textContent()).toContain('ノートPC');
      await screenshot(k, 'kiosk-exit-reconcile');
      await row.getByRole('button', { name: '置いていく（意図的に残す）' }).click();
      await k.getByRole('button', { name: '確認を記録する' }).click();
      await k.getByRole('status').filter({ hasText: '機器の確認を記録しました' }).waitFor();
      const confirmations = await eventually(() => {
        const r = server.deps.sqlite.prepare('select asset_id as assetId, answer, person_id as personId from exit_confirmations').all();
        expect(r).toHaveLength(1);
        return r;
      });
      expect(confirmations).toEqual([{ assetId: laptop.id, answer: 'left_on_purpose', personId: worker.id }]);
      await enterButton(k).waitFor({ timeout: 15_000 });
      expect(await k.content()).not.toContain('保守 太郎');

      // The day's 持込・持出管理簿 shows the carry-in with its approver and the refusal.
      const { page: a } = admin;
      await a.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: '持込・持出管理簿' }).click();
      await a.getByRole('table', { name: '持込・持出の記録' }).waitFor();
      expect((await rows(a, '持込・持出の記録'))[0]).toEqual(expect.arrayContaining(['PC-2026-001', '保守 太郎', '警備 守']));
      expect((await rows(a, '拒否の記録'))[0]).toEqual(expect.arrayContaining(['保守 太郎', 'USB-0042', '承認済みの申請なし']));
      await screenshot(a, 'console-custody-ledger');

      expect(errors).toEqual([]);
      for (const d of desks) expect(d.errors).toEqual([]);
    },
    TIMEOUT,
  );
});
