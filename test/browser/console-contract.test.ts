import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { apiOf, givenArea, openDesk, setupFirstAdmin, TIMEOUT, type Desk } from './console-world.ts';

describe('the 契約 page: what every document head prints (issue 16 item 1)', () => {
  let server: RunningServer;
  let browser: Browser;
  const desks: Desk[] = [];

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  }, TIMEOUT);
  afterAll(async () => {
    await Promise.all(desks.map((d) => d.context.close().catch(() => undefined)));
    await browser?.close();
    await server?.close();
  });

  it(
    'an admin enters the contract with its site; a wrong period is named beside its field; the card shows it, in Japanese and in English',
    async () => {
      const desk = await openDesk(browser, server);
      desks.push(desk);
      const { page } = desk;
      await setupFirstAdmin(desk, server);
      const api = await apiOf(desk, server);
      await givenArea(api, '本庁舎');

      await page.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: '契約', exact: true }).click();
      await page.getByText('契約はまだ登録されていません').waitFor();
      await page.getByRole('button', { name: '契約を登録' }).click();
      const form = page.getByRole('form', { name: '契約を登録' });
      await form.getByLabel('受託業務名').fill('庁内情報システム運用保守業務');
      await form.getByLabel('受託期間の開始日').fill('2027-04-01');
      await form.getByLabel('受託期間の終了日').fill('2027-03-31');
      await form.getByLabel('受託者（会社名）').fill('株式会社みなと情報');
      await form.getByLabel('受託者の所在地').fill('横浜市中区本町1-1');
      await form.getByLabel('代表者の役職').fill('代表取締役');
      await form.getByLabel('代表者の氏名').fill('港 太郎');
      await form.getByLabel('宛先の所属（任意）').fill('総務部情報政策課');
      await form.getByLabel('宛先の役職').fill('〇〇市長');
      await form.getByLabel('甲の承認課（1行に1つ）').fill('情報政策課\n財政課');
      await form.getByLabel('本庁舎').check();
      await form.getByRole('button', { name: '登録' }).click();
      await form.getByText('開始日以降の日付にしてください').waitFor();
      await screenshot(page, 'console-contract-error');
      await form.getByLabel('受託期間の開始日').fill('2026-04-01');
      await form.getByRole('button', { name: '登録' }).click();

      const card = page.getByRole('region', { name: '庁内情報システム運用保守業務' });
      await card.waitFor();
      const text = await card.textContent();
      for (const words of ['令和8年4月1日 ～ 令和9年3月31日', '株式会社みなと情報', '代表取締役　港 太郎', '総務部情報政策課　〇〇市長　様', '情報政策課、財政課', '本庁舎']) expect(text).toContain(words);
      await screenshot(page, 'console-contract');
      expect((await api.get('/api/contracts')).contracts[0].sites).toEqual([expect.objectContaining({ name: '本庁舎' })]);

      await page.getByRole('button', { name: 'Switch to English' }).click();
      await page.getByRole('heading', { name: 'Contracts', level: 1 }).waitFor();
      const en = await card.textContent();
      for (const words of ['2026-04-01 ～ 2027-03-31', 'Contract period', 'Contractor', 'Addressee at the city', 'Sites']) expect(en).toContain(words);
      await screenshot(page, 'console-contract-en');
    },
    TIMEOUT,
  );
});
