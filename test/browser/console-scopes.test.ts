import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { apiOf, enrolNew, givenArea, openDesk, setupFirstAdmin, TIMEOUT, type Desk } from './console-world.ts';

describe('site scopes in the console (F4)', () => {
  let browser: Browser;
  let server: RunningServer | undefined;
  const desks: Desk[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
  }, TIMEOUT);
  afterAll(async () => {
    await Promise.all(desks.map((d) => d.context.close().catch(() => undefined)));
    await server?.close();
    await browser?.close();
  });

  it(
    'an admin adds 甲 staff: every site by default, the server’s refusal shown on the sites field, then the chosen site; 甲 sees the site named in the header and only that site',
    async () => {
      server = await startServer();
      const admin = await openDesk(browser, server);
      desks.push(admin);
      const page = admin.page;
      await setupFirstAdmin(admin, server);
      const api = await apiOf(admin, server);
      const north = await givenArea(api, '北庁舎', '執務室');
      await givenArea(api, '南庁舎', 'サーバ室');
      await api.post('/api/organisations', { name: '新潟市', kana: 'にいがたし' });

      // An unscoped admin's header names no sites.
      expect(await page.getByTestId('scope').count()).toBe(0);

      await page.goto(`${server.origin}/console/roster/new`);
      const form = page.locator('form.card');
      await form.getByLabel('氏名').fill('市 職員');
      await form.getByLabel('ふりがな').fill('し しょくいん');
      await form.getByLabel('所属組織').selectOption({ label: '新潟市' });
      await form.getByRole('checkbox', { name: '作業従事者' }).setChecked(false);
      await form.getByRole('checkbox', { name: '委託元担当者（甲）' }).setChecked(true);
      await form.getByTestId('city-role-note').waitFor();
      const sites = form.getByRole('group', { name: '担当する拠点' });
      expect(await sites.getByRole('checkbox', { name: 'すべての拠点' }).isChecked()).toBe(true);

      // Left at every site, the server refuses and the console says why on the sites field.
      await form.getByRole('button', { name: '登録' }).click();
      await sites.getByText('委託元担当者（甲）は担当する拠点を選んでください').waitFor();
      await screenshot(page, 'scopes-person-form-refused');

      await sites.getByRole('checkbox', { name: 'すべての拠点' }).setChecked(false);
      await sites.getByRole('checkbox', { name: '北庁舎' }).setChecked(true);
      await screenshot(page, 'scopes-person-form-site');
      await form.getByRole('button', { name: '登録' }).click();
      await page.getByText('登録しました。').waitFor();
      const saved = page.getByRole('form', { name: '名簿の編集' }).getByRole('group', { name: '担当する拠点' });
      expect(await saved.getByRole('checkbox', { name: '北庁舎' }).isChecked()).toBe(true);
      expect(await saved.getByRole('checkbox', { name: 'すべての拠点' }).isChecked()).toBe(false);
      const personId = Number(/\/console\/roster\/(\d+)/.exec(page.url())![1]);
      const person = await api.get<{ roles: string[]; siteIds: number[] }>(`/api/people/${personId}`);
      expect(person).toMatchObject({ roles: ['city'], siteIds: [north.siteId] });

      // 甲 signs in with their own passkey: the header names their site, and the site list holds only it.
      const city = await enrolNew(browser, server, api, personId, desks);
      await city.page.getByTestId('scope').filter({ hasText: '北庁舎' }).waitFor();
      expect(await city.page.getByTestId('scope').textContent()).toBe('担当拠点：北庁舎');
      await screenshot(city.page, 'scopes-city-header');
      await city.page.getByRole('button', { name: 'Switch to English' }).click();
      await city.page.getByTestId('scope').filter({ hasText: 'Sites: 北庁舎' }).waitFor();
      await screenshot(city.page, 'scopes-city-header-en');
      await city.page.getByRole('button', { name: '日本語に切り替え' }).click();
      const cityApi = await apiOf(city, server);
      const seen = await cityApi.get<{ sites: { name: string }[] }>('/api/sites');
      expect(seen.sites.map((s) => s.name)).toEqual(['北庁舎']);
    },
    TIMEOUT,
  );
});
