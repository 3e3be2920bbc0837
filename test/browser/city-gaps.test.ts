import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot } from './support/browser.ts';
import { enrolNew, givenPerson, TIMEOUT } from './console-world.ts';
import { closeWorld, custodyWorld, type CustodyWorld } from './custody-world.ts';
import { FIRST_SITE } from './support/firsts.ts';

/**
 * 甲's part, the gaps of issue 15 in the console: the contractor files a production-data request naming its
 * 責任者 (第15条; F1, F2), 甲 finds it on the home's 今日の対応 and permits it with a passkey, then invites a
 * colleague of the city (F4): the list says who created each city account.
 */
describe("production data under 甲's permission, 甲's home and 甲's own accounts in the console (F1, F2, F4)", () => {
  let browser: Browser;
  let w: CustodyWorld | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  }, TIMEOUT);
  afterAll(async () => {
    await closeWorld(w);
    await browser?.close().catch(() => undefined);
  });

  it(
    'F1, F2, F4: the admin files 本番データの使用 with a 責任者; 甲 sees it counted at home, permits it with a passkey, and invites a colleague',
    async () => {
      w = await custodyWorld(browser, { cityPermissionDefault: 'all' });
      const { server, api } = w;
      await givenPerson(api, { name: '監督 花子', kana: 'かんとく はなこ', roles: ['supervisor'] });
      const organisationId = (await api.get<{ organisations: { id: number }[] }>('/api/organisations')).organisations[0]!.id;
      const cityPerson = await api.post<{ id: number }>('/api/people', { name: '新潟 市子', kana: 'にいがた いちこ', organisationId, roles: ['city'], siteIds: [FIRST_SITE] });
      const city = await enrolNew(browser, server, api, cityPerson.id, w.desks);
      const a = w.admin.page;
      const c = city.page;

      // The admin files the request (the site's policy reserves production data to 甲 by default).
      await a.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: '本番データの使用' }).click();
      const form = a.getByRole('form', { name: '本番データの使用を申請' });
      await form.getByLabel('使用する本番データ').fill('住民記録システムの本番データ（抽出）');
      await form.getByLabel('目的').fill('移行テスト');
      await form.getByLabel('使用する区域').selectOption({ index: 1 });
      // Bad input is said on its field: the admin who files it is not its 責任者.
      await form.getByLabel('責任者').selectOption({ label: '管理 一郎' });
      await form.getByRole('button', { name: '申請する' }).click();
      await form.getByText('責任者は、申請する人以外の人にしてください').waitFor({ timeout: 20_000 });
      await form.getByLabel('責任者').selectOption({ label: '監督 花子' });
      await form.getByRole('button', { name: '申請する' }).click();
      const card = a.getByRole('article', { name: '本番データ申請 1' });
      await card.getByText('許可待ち').first().waitFor({ timeout: 20_000 });
      await screenshot(a, 'production-data-filed');

      // 甲's home counts it, by kind, and links to 甲's page, where 甲 permits with the passkey.
      await c.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: 'ホーム' }).click();
      const today = c.getByRole('region', { name: '今日の対応' });
      await today.getByRole('link', { name: '甲の許可を待つ申請 1' }).waitFor({ timeout: 20_000 });
      await today.getByText('本番データ 1').waitFor();
      await today.getByText('確認を待つ書面の許可はありません').waitFor();
      await today.getByText('受領を待つ書類はありません').waitFor();
      await screenshot(c, 'city-home-today');
      await today.getByRole('link', { name: '甲の許可を待つ申請 1' }).click();
      const pending = c.getByRole('article', { name: '本番データ申請 1' });
      await pending.getByText('監督 花子', { exact: false }).waitFor({ timeout: 20_000 });
      await pending.getByRole('button', { name: '許可する' }).click();
      await c.getByText('許可を待つ申請はありません。').waitFor({ timeout: 20_000 });
      expect(server.deps.sqlite.prepare("select p.status, c.channel, c.credential_id is not null as signed from production_data_requests p join city_permissions c on c.subject_type = 'production_data' and c.subject_id = p.id").get()).toEqual({ status: 'approved', channel: 'system', signed: 1 });

      // 甲 invites a colleague: the list says who created each city account.
      const staff = c.getByRole('region', { name: '市（甲）の担当者' });
      const invite = staff.getByRole('form', { name: '担当者を招待' });
      await invite.getByLabel('氏名').fill('新潟 二郎');
      await invite.getByLabel('ふりがな').fill('にいがた じろう');
      await invite.getByRole('button', { name: '招待して登録用リンクを発行' }).click();
      await staff.getByText('新潟 二郎 さんにこの登録用リンクを渡してください', { exact: false }).waitFor({ timeout: 20_000 });
      const first = staff.getByRole('row').filter({ hasText: '（自分）' });
      expect(await first.textContent()).toContain('新潟 市子');
      expect(await first.textContent()).toContain('管理 一郎（受託者）');
      const invited = staff.getByRole('row').filter({ hasText: '新潟 二郎' });
      await invited.getByText('新潟 市子（市）').waitFor({ timeout: 20_000 });
      await screenshot(c, 'city-page-staff');
      await a.reload();
      await a.getByRole('article', { name: '本番データ申請 1' }).getByText('使用できる').waitFor({ timeout: 20_000 });
      await screenshot(a, 'production-data-approved');

      // The same screens in English.
      await c.getByRole('button', { name: 'Switch to English' }).click();
      await c.getByRole('region', { name: "The city's staff" }).waitFor({ timeout: 20_000 });
      await screenshot(c, 'city-page-staff-en');
      await c.getByRole('navigation').getByRole('link', { name: 'Production data' }).click();
      await c.getByRole('article', { name: 'Production-data request 1' }).getByText('Approved').first().waitFor({ timeout: 20_000 });
      await screenshot(c, 'production-data-en');
      await c.getByRole('navigation').getByRole('link', { name: 'Home' }).click();
      await c.getByRole('region', { name: 'Today' }).waitFor({ timeout: 20_000 });
      await screenshot(c, 'city-home-today-en');
      for (const d of w.desks) expect(d.errors, 'page errors').toEqual([]);
    },
    TIMEOUT,
  );
});
