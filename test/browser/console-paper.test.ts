import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { offsetAt } from '../../src/time.ts';
import { apiOf, enrolNew, givenArea, givenPerson, localInput, openDesk, rows, setupFirstAdmin, TIMEOUT, type Desk } from './console-world.ts';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const ZONE = 'Asia/Tokyo'; // the browser's and the ledger's zone
const sinceLocalMidnight = (ms: number) => (ms + offsetAt(ms, ZONE)) % (24 * HOUR);

/**
 * A stay written on paper earlier today (Asia/Tokyo), at least a minute apart at the form's minute
 * precision and both in the past: `[hoursAgo, hoursAgo - 1]` hours ago when the day is old enough, else
 * inside the part of the day gone by. The ledgers this file opens are today's, and a run just after
 * midnight would otherwise write the stay on yesterday's page (it failed so at 00:05 JST).
 */
async function pastStayToday(hoursAgo: number): Promise<[number, number]> {
  let now = Date.now();
  let sinceMidnight = sinceLocalMidnight(now);
  if (sinceMidnight >= hoursAgo * HOUR + MINUTE) return [now - hoursAgo * HOUR, now - (hoursAgo - 1) * HOUR];
  if (sinceMidnight < 3 * MINUTE) {
    await new Promise((r) => setTimeout(r, 3 * MINUTE - sinceMidnight + 1_000));
    now = Date.now();
    sinceMidnight = sinceLocalMidnight(now);
  }
  const midnight = now - sinceMidnight;
  return [midnight + Math.floor(sinceMidnight / 3), midnight + Math.floor((2 * sinceMidnight) / 3)];
}

describe('the console: a paper record entered later, then seen in the area and site ledgers (B12, B13)', () => {
  let server: RunningServer;
  let browser: Browser;
  const desks: Desk[] = [];

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  }, TIMEOUT);
  /** The first admin's desk, set up once for the tests of this file. */
  let admin: Desk | undefined;
  async function adminDesk(): Promise<Desk> {
    if (admin) return admin;
    admin = await openDesk(browser, server);
    desks.push(admin);
    await setupFirstAdmin(admin, server);
    return admin;
  }
  afterAll(async () => {
    await Promise.all(desks.map((d) => d.context.close().catch(() => undefined)));
    await browser?.close();
    await server?.close();
  });

  it(
    'B12: from the ledger page to 紙の記録を入力（事後記録）; the stay then shows 事後記録 with its recording time; B13: the site ledger lists it with the area',
    async () => {
      const desk = await adminDesk();
      const api = await apiOf(desk, server);
      // The record is made three hours before the real clock's now, so the after-hours rule (B7) would
      // add 時間外の入室 to its note whenever the test runs at night: this test is about the paper record.
      await api.patch('/api/anomaly-settings', { afterHoursStart: '00:00', afterHoursEnd: '00:00' });
      const { areaId } = await givenArea(api);
      const person = await givenPerson(api, { name: '紙記録 太郎', kana: 'かみきろく たろう', roles: ['worker'] }, [areaId]);
      const page = desk.page;

      await page.goto(`${server.origin}/console/ledger`);
      await page.getByRole('main').getByRole('link', { name: '紙の記録を入力（事後記録）' }).click();
      const form = page.getByRole('form', { name: '紙の記録の入力' });
      await form.getByLabel('名簿の絞り込み').fill('かみきろく');
      await form.getByLabel('氏名').selectOption({ label: '紙記録 太郎（かみきろく たろう）株式会社みなと情報' });
      // Times in the past, today, as written on the sheet.
      const [entry, exit] = await pastStayToday(3);
      await form.getByLabel('入室日時（紙の記載）').fill((await localInput(page, entry)).slice(0, 16));
      await form.getByLabel('退室日時（紙の記載）').fill((await localInput(page, exit)).slice(0, 16));
      await form.getByLabel('目的', { exact: true }).selectOption('保守・点検');
      await form.getByLabel('用紙の番号・参照').fill('紙台帳 No.12 の3行目');
      await form.getByLabel('後から入力する理由').fill('停電で受付端末が停止していたため紙に記録');
      await form.getByRole('button', { name: '事後記録として登録' }).click();
      await page.getByText(/紙記録 太郎 さんの事後記録を登録しました/).waitFor();
      await screenshot(page, 'console-paper-stay');
      const written = server.deps.sqlite.prepare('select method, paper_sheet, kiosk_id, direction from access_events where person_id = ? order by id').all(person.id);
      expect(written).toEqual([
        { method: 'paper', paper_sheet: '紙台帳 No.12 の3行目', kiosk_id: null, direction: 'in' },
        { method: 'paper', paper_sheet: '紙台帳 No.12 の3行目', kiosk_id: null, direction: 'out' },
      ]);

      await page.getByRole('link', { name: '管理簿で確認' }).click();
      await expect.poll(async () => (await rows(page, '入退室の記録')).map((r) => r[1])).toEqual(['紙記録 太郎かみきろく たろう']);
      const [row] = await rows(page, '入退室の記録');
      expect(row![6]).toBe('事後記録');
      // At 1024 px the remarks beside it once squeezed this column to one character a line.
      const methodCell = page.getByRole('table', { name: '入退室の記録' }).getByRole('row').nth(1).getByRole('cell').nth(6);
      const lines = await methodCell.evaluate((td) => {
        const range = document.createRange();
        range.selectNodeContents(td);
        return new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top))).size;
      });
      expect(lines).toBe(1);
      expect(row![7]).toBe('事後記録 管理 一郎が紙の記録（紙台帳 No.12 の3行目）から入力。理由：停電で受付端末が停止していたため紙に記録');
      expect(row![4]).toMatch(/^\d\d:\d\d（(\d+\/\d+ )?\d\d:\d\d 記録）$/);
      await screenshot(page, 'console-ledger-paper-row');

      await page.getByRole('main').getByRole('link', { name: '拠点の入退室管理簿' }).click();
      await expect.poll(async () => (await rows(page, '入退室の記録')).map((r) => [r[1], r[2]])).toEqual([['執務室', '紙記録 太郎かみきろく たろう']]);
      await page.getByText('対象区域：執務室').waitFor();
      await screenshot(page, 'console-site-ledger');
    },
    TIMEOUT,
  );

  it(
    "B12, B11: a registered visitor's stay written on paper is entered from the same form, choosing 来訪者; the visitor's registered purpose is the entry's",
    async () => {
      const desk = await adminDesk();
      const api = await apiOf(desk, server);
      const { areaId, siteId } = await givenArea(api, '来訪庁舎', '会議室');
      const escort = await givenPerson(api, { name: '付添 花子', kana: 'つきそい はなこ', roles: ['worker'] }, [areaId]);
      // The guard registers the visitor at the desk (B11); the paper record is the guard's too.
      const guardPerson = await givenPerson(api, { name: '警備 守', kana: 'けいび まもる', roles: ['guard'] });
      const guardDesk = await enrolNew(browser, server, api, guardPerson.id, desks);
      const visitor = await (await apiOf(guardDesk, server)).post<{ id: number }>('/api/visitors', { name: '来訪 一郎', affiliation: '株式会社来訪', purpose: '打合せ', idType: 'other', escortPersonId: escort.id, siteId });
      const page = guardDesk.page;
      await page.goto(`${server.origin}/console/paper-stays`);
      const form = page.getByRole('form', { name: '紙の記録の入力' });
      await form.getByLabel('記録された人').selectOption({ label: '来訪者（受付済み）' });
      await form.getByLabel('区域').selectOption({ label: '来訪庁舎 / 会議室' });
      await form.getByLabel('来訪者', { exact: true }).selectOption({ index: 1 });
      const [entry, exit] = await pastStayToday(2);
      await form.getByLabel('入室日時（紙の記載）').fill((await localInput(page, entry)).slice(0, 16));
      await form.getByLabel('退室日時（紙の記載）').fill((await localInput(page, exit)).slice(0, 16));
      await form.getByLabel('用紙の番号・参照').fill('来訪者台帳 No.3');
      await form.getByLabel('後から入力する理由').fill('受付端末の停止中に紙で受付したため');
      await screenshot(page, 'console-paper-stay-visitor-form');
      await form.getByRole('button', { name: '事後記録として登録' }).click();
      await page.getByText(/来訪 一郎 さんの事後記録を登録しました/).waitFor();
      await screenshot(page, 'console-paper-stay-visitor');
      const written = server.deps.sqlite.prepare('select method, visitor_id as visitorId, person_id as personId, escort_person_id as escort, purpose, direction from access_events where visitor_id = ? order by id').all(visitor.id);
      expect(written).toEqual([
        { method: 'paper', visitorId: visitor.id, personId: null, escort: escort.id, purpose: '打合せ', direction: 'in' },
        { method: 'paper', visitorId: visitor.id, personId: null, escort: escort.id, purpose: '', direction: 'out' },
      ]);
      expect(guardDesk.errors, 'page errors').toEqual([]);
    },
    TIMEOUT,
  );
});
