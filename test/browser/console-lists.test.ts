import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { apiOf, enrolNew, givenArea, givenKioskToken, givenPerson, openDesk, rows, setupFirstAdmin, TIMEOUT, type Desk } from './console-world.ts';
import { givenAsset } from './custody-world.ts';
import { FIRST_ADMIN, FIRST_SITE } from './support/firsts.ts';

/** An in-app move through the side menu (no reload). */
async function nav(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name, exact: true }).click();
}

/**
 * The console's list pages share one shape (issue 18 item 6): a table named for what it lists, or a plain
 * sentence when there is nothing to list, filters above it, and the error in words when the list cannot be read.
 */
describe('the console list pages: table, empty state, filters, error state (issue 18)', () => {
  let browser: Browser;
  let server: RunningServer | undefined;
  let periodServer: RunningServer | undefined;
  const desks: Desk[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
  }, TIMEOUT);
  afterAll(async () => {
    await Promise.all(desks.map((d) => d.context.close().catch(() => undefined)));
    await server?.close();
    await periodServer?.close();
    await browser?.close();
  });

  it(
    'requests, incidents, the roster, disposal requests, anomalies and refused records: rows in a named table, a sentence when empty, a filter that narrows, the server\'s refusal in words',
    async () => {
      server = await startServer();
      const admin = await openDesk(browser, server);
      desks.push(admin);
      const { page } = admin;
      await setupFirstAdmin(admin, server, undefined, { defaultRoles: true });
      const api = await apiOf(admin, server);
      const { areaId } = await givenArea(api);
      const worker = await givenPerson(api, { name: '保守 太郎', kana: 'ほしゅ たろう', roles: ['worker'] }, [areaId]);
      const laptop = await givenAsset(api, { assetNumber: 'PC-LIST-1', custodianId: worker.id });
      const workerApi = await apiOf(await enrolNew(browser, server, api, worker.id, desks), server);
      const request = await workerApi.post<{ id: number }>('/api/custody/requests', {
        responsibleId: FIRST_ADMIN,
        kind: 'carry_in',
        areaId,
        purpose: '保守作業',
        windowFrom: new Date(Date.now() - 60_000).toISOString(),
        windowTo: new Date(Date.now() + 4 * 3_600_000).toISOString(),
        items: [{ assetId: laptop.id, scan: { date: new Date().toISOString(), tool: 'ESET', definitionsDate: new Date().toISOString().slice(0, 10), result: 'clean' } }],
      });
      await workerApi.post(`/api/custody/requests/${request.id}/submit`);
      await api.post('/api/incidents', { kind: 'lost_badge', title: '名札の紛失', discoveredAt: new Date(Date.now() - 60_000).toISOString() });

      // Requests: the supervisor starts on those awaiting approval, one row per request.
      await nav(page, '持込・持出申請');
      await page.getByRole('heading', { name: '持込・持出申請' }).waitFor();
      await page.getByRole('table', { name: '申請の一覧' }).waitFor();
      const requestRows = await rows(page, '申請の一覧');
      expect(requestRows).toHaveLength(1);
      expect(requestRows[0]!.slice(0, 5)).toEqual([`申請 ${request.id}`, '持込', '承認待ち', '保守 太郎', '執務室']);
      await screenshot(page, 'lists-requests');
      // 自分の申請: the admin made none; the sentence stands where the table was.
      await page.getByRole('button', { name: '自分の申請' }).click();
      await page.getByText('該当する申請はありません。').waitFor();
      expect(await page.getByRole('table', { name: '申請の一覧' }).count()).toBe(0);

      // Incidents: the open incident, and the filter narrowing it away (none has closed).
      await nav(page, 'インシデント');
      await page.getByRole('table', { name: 'インシデント' }).waitFor();
      expect((await rows(page, 'インシデント')).map((r) => r.some((c) => c.includes('名札の紛失')))).toEqual([true]);
      await screenshot(page, 'lists-incidents');
      await page.getByLabel('表示', { exact: true }).selectOption({ label: '終結したもの' });
      await page.getByText('該当するインシデントはありません。').waitFor();
      expect(await page.getByRole('table', { name: 'インシデント' }).count()).toBe(0);

      // The roster: one row per person, the name linking to the person.
      await nav(page, '作業従事者名簿');
      await page.getByRole('table', { name: '名簿' }).waitFor();
      expect((await rows(page, '名簿')).map((r) => r[1])).toEqual(['管理 一郎', '保守 太郎']);
      await screenshot(page, 'lists-roster');

      // Disposal requests: none, then the one made.
      await nav(page, '廃棄');
      await page.getByText('廃棄申請はありません。').waitFor();
      const disposal = await api.post<{ id: number }>('/api/disposal/requests', { siteId: FIRST_SITE, responsibleId: FIRST_ADMIN, items: [{ mediaName: 'USBメモリ 8GB', quantity: 2 }], method: 'physical_destruction', plannedDate: '2999-01-01', vendor: '東京リサイクル株式会社' });
      await page.getByLabel('状態', { exact: true }).selectOption({ label: '承認待ち' });
      await page.getByRole('table', { name: '廃棄申請' }).waitFor();
      const disposalRows = await rows(page, '廃棄申請');
      expect(disposalRows.map((r) => r.slice(0, 2))).toEqual([[`No.${disposal.id}`, 'USBメモリ 8GB ×2']]);
      await screenshot(page, 'lists-disposal');

      // Anomalies and refused records: nothing yet, each says so in a sentence.
      await nav(page, '異常の検知');
      await page.getByText('検知された異常はありません。').waitFor();
      await nav(page, '拒否された記録');
      await page.getByText('該当する記録はありません。').waitFor();
      await screenshot(page, 'lists-refusals-empty');

      // A list the server refuses to read (a reason it does not know, as from a stale bookmark): the refusal in words, no table.
      await page.goto(`${server.origin}/console/refusals?reason=no_such_reason`);
      await page.getByRole('heading', { name: '拒否された記録' }).waitFor();
      const alert = page.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toMatch(/^入力を確認してください: /);
      expect(await page.getByRole('table', { name: '拒否された記録' }).count()).toBe(0);
      await screenshot(page, 'lists-refusals-error');
      expect(admin.errors).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'requests and refused records: a period kept in the address narrows the list, survives a reload, and もっと見る pages through the server\'s cursor',
    async () => {
      periodServer = await startServer();
      const server = periodServer;
      const admin = await openDesk(browser, server);
      desks.push(admin);
      const { page } = admin;
      await setupFirstAdmin(admin, server, undefined, { defaultRoles: true });
      const api = await apiOf(admin, server);
      const { areaId } = await givenArea(api);
      const worker = await givenPerson(api, { name: '保守 太郎', kana: 'ほしゅ たろう', roles: ['worker'] }, [areaId]);
      const laptop = await givenAsset(api, { assetNumber: 'PC-PERIOD-1', custodianId: worker.id });
      const workerApi = await apiOf(await enrolNew(browser, server, api, worker.id, desks), server);
      const made: number[] = [];
      for (let i = 0; i < 3; i++) {
        const r = await workerApi.post<{ id: number }>('/api/custody/requests', {
          responsibleId: FIRST_ADMIN,
          kind: 'carry_in',
          areaId,
          purpose: `保守作業 ${i + 1}`,
          windowFrom: new Date(Date.now() - 60_000).toISOString(),
          windowTo: new Date(Date.now() + 4 * 3_600_000).toISOString(),
          items: [{ assetId: laptop.id, scan: { date: new Date().toISOString(), tool: 'ESET', definitionsDate: new Date().toISOString().slice(0, 10), result: 'clean' } }],
        });
        made.push(r.id);
      }
      const DAY = 86_400_000;
      const jstDay = (ms: number) => new Date(ms + 9 * 3_600_000).toISOString().slice(0, 10);
      const today = jstDay(Date.now());
      const yesterday = jstDay(Date.now() - DAY);

      // Requests, all of them, two to a page (the page size through the address): a period of yesterday has none, said in words.
      await page.goto(`${server.origin}/console/requests?view=all&limit=2`);
      await page.getByRole('table', { name: '申請の一覧' }).waitFor();
      await page.getByLabel('開始日').fill(yesterday);
      await page.getByLabel('終了日').fill(yesterday);
      await page.getByText('選んだ期間に該当する申請はありません。').waitFor();
      expect(await page.getByRole('table', { name: '申請の一覧' }).count()).toBe(0);
      // Today: the newest two, then the third with もっと見る, and no more button after the last.
      await page.getByLabel('終了日').fill(today);
      await page.getByLabel('開始日').fill(today);
      await expect.poll(async () => (await rows(page, '申請の一覧')).map((r) => r[0])).toEqual([`申請 ${made[2]}`, `申請 ${made[1]}`]);
      expect(new URL(page.url()).searchParams.get('from')).toBe(today);
      await page.getByRole('button', { name: 'もっと見る' }).click();
      await expect.poll(async () => (await rows(page, '申請の一覧')).map((r) => r[0])).toEqual(made.map((id) => `申請 ${id}`).reverse());
      await page.getByRole('button', { name: 'もっと見る' }).waitFor({ state: 'detached' });
      // A status narrows within the period: none approved yet.
      await page.getByLabel('状態', { exact: true }).selectOption({ label: '承認済み' });
      await page.getByText('選んだ期間に該当する申請はありません。').waitFor();
      await page.getByLabel('状態', { exact: true }).selectOption({ label: '下書き' });
      await page.getByRole('table', { name: '申請の一覧' }).waitFor();
      // A reload keeps the period and the status.
      await page.reload();
      await page.getByRole('table', { name: '申請の一覧' }).waitFor();
      expect(await page.getByLabel('開始日').inputValue()).toBe(today);
      expect(await page.getByLabel('終了日').inputValue()).toBe(today);
      expect(await page.getByLabel('状態', { exact: true }).inputValue()).toBe('draft');
      expect((await rows(page, '申請の一覧')).map((r) => r[0])).toEqual([`申請 ${made[2]}`, `申請 ${made[1]}`]);
      await screenshot(page, 'lists-requests-period');
      await page.getByRole('button', { name: 'Switch to English' }).click();
      await page.getByRole('table', { name: 'Requests' }).waitFor();
      await page.getByText('Made on').waitFor();
      await screenshot(page, 'lists-requests-period-en');
      await page.getByRole('button', { name: '日本語に切り替え' }).click();
      await page.getByRole('table', { name: '申請の一覧' }).waitFor();

      // Refused records a kiosk kept past its offline window (issue 19): two ten days ago, one nine days ago.
      const token = await givenKioskToken(api, server, [areaId]);
      const badge = (await api.post<{ payload: string }>(`/api/people/${worker.id}/badges`)).payload;
      const tenDaysAgo = Date.parse(`${today}T12:00:00+09:00`) - 10 * DAY;
      for (const at of [tenDaysAgo, tenDaysAgo + 3_600_000, tenDaysAgo + DAY]) {
        const res = await fetch(`${server.origin}/api/kiosk/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ idempotencyKey: crypto.randomUUID(), areaId, direction: 'in', purpose: '定常作業', identification: { method: 'badge', payload: badge }, deviceAt: new Date(at).toISOString() }),
        });
        const body = (await res.json()) as { event: { result: string; refusalReason: string | null } };
        expect([res.status, body.event.result, body.event.refusalReason]).toEqual([201, 'refused', 'late_record']);
      }
      const times = async () => (await rows(page, '拒否された記録')).map((r) => r[0] ?? '');
      await page.goto(`${server.origin}/console/refusals?limit=1`);
      await page.getByRole('table', { name: '拒否された記録' }).waitFor();
      await page.getByLabel('開始日').fill(jstDay(tenDaysAgo));
      await page.getByLabel('終了日').fill(jstDay(tenDaysAgo));
      // One to a page: the later of that day, then the earlier with もっと見る; the next day's never.
      await expect.poll(async () => (await times()).length).toBe(1);
      const first = await times();
      await page.getByRole('button', { name: 'もっと見る' }).click();
      await expect.poll(async () => (await times()).length).toBe(2);
      const both = await times();
      expect(both[0]).toBe(first[0]);
      expect(both.every((cell) => cell.includes(jstDay(tenDaysAgo).replaceAll('-', '/')))).toBe(true);
      await page.reload();
      await page.getByRole('table', { name: '拒否された記録' }).waitFor();
      expect(await page.getByLabel('開始日').inputValue()).toBe(jstDay(tenDaysAgo));
      expect(await times()).toEqual(first);
      // The next day alone: only its one record.
      await page.getByLabel('終了日').fill(jstDay(tenDaysAgo + DAY));
      await page.getByLabel('開始日').fill(jstDay(tenDaysAgo + DAY));
      await expect.poll(async () => (await times()).every((cell) => cell.includes(jstDay(tenDaysAgo + DAY).replaceAll('-', '/')))).toBe(true);
      expect(await times()).toHaveLength(1);
      await page.getByRole('button', { name: 'もっと見る' }).click();
      await page.getByRole('button', { name: 'もっと見る' }).waitFor({ state: 'detached' });
      expect(await times()).toHaveLength(1);
      // Yesterday: none, said in words.
      await page.getByLabel('終了日').fill(yesterday);
      await page.getByLabel('開始日').fill(yesterday);
      await page.getByText('選んだ期間に該当する記録はありません。').waitFor();
      await screenshot(page, 'lists-refusals-period-empty');
      // More than 31 days at once: the server's refusal, in words.
      await page.getByLabel('開始日').fill(jstDay(Date.now() - 40 * DAY));
      await page.getByLabel('終了日').fill(today);
      await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/^入力を確認してください: 期間は一度に31日までにしてください \(要求ID [0-9a-f]{8}\)$/);
      expect(admin.errors).toEqual([]);
    },
    TIMEOUT,
  );
});
