import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { apiOf, givenPerson, openDesk, setupFirstAdmin, TIMEOUT, type Desk } from './console-world.ts';

describe('addresses that work on a first day (issue 17)', () => {
  let server: RunningServer;
  let browser: Browser;
  const desks: Desk[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
  }, TIMEOUT);
  beforeEach(async () => {
    server = await startServer();
  }, TIMEOUT);
  afterEach(async () => {
    await Promise.all(desks.splice(0).map((d) => d.context.close().catch(() => undefined)));
    await server?.close();
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function desk(): Promise<Desk> {
    const d = await openDesk(browser, server);
    desks.push(d);
    return d;
  }

  it(
    'the enrolment page names the person and the expiry; on the wrong address it links to the right one; a used link says so',
    async () => {
      const admin = await desk();
      await setupFirstAdmin(admin, server);
      const api = await apiOf(admin, server);
      const person = await givenPerson(api, { name: '入場 花子', kana: 'にゅうじょう はなこ', roles: ['worker'] });
      const link = await api.post<{ url: string; expiresAt: string }>(`/api/people/${person.id}/enrolments`);

      const { page, errors } = await desk();
      await page.goto(link.url);
      await page.getByRole('heading', { name: 'パスキーの登録' }).waitFor();
      const facts = page.getByRole('status').filter({ hasText: '専用のリンク' });
      await expect.poll(() => facts.textContent()).toContain('入場 花子 さん専用のリンクです。');
      expect(await facts.textContent()).toMatch(/有効期限：\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}/);
      await screenshot(page, 'enrolment-page-ja');
      await page.getByRole('button', { name: 'Switch to English' }).click();
      await expect.poll(() => page.getByRole('status').filter({ hasText: 'This link is for' }).textContent()).toContain('This link is for 入場 花子.');
      await screenshot(page, 'enrolment-page-en');
      await page.getByRole('button', { name: '日本語に切り替え' }).click();

      // The address a new user copied from an old log: passkeys refuse it, the page says where to go.
      const wrong = link.url.replace('//localhost:', '//127.0.0.1:');
      await page.goto(wrong);
      const alerts = page.getByRole('alert').filter({ hasText: 'このアドレスではパスキーを使えません。' });
      await alerts.first().waitFor(); // said before anyone presses the button
      expect(await alerts.count()).toBe(1);
      await page.getByRole('button', { name: 'パスキーを登録' }).click();
      await expect.poll(() => alerts.count()).toBe(2); // and again where the button was pressed
      expect(await page.locator('main').textContent()).not.toMatch(/invalid domain|SecurityError/);
      const there = alerts.last().getByRole('link', { name: server.origin });
      expect(await there.getAttribute('href')).toBe(link.url);
      await screenshot(page, 'passkey-wrong-address-ja');

      // The link continues, token and all, on the right address.
      await there.click();
      await page.getByRole('button', { name: 'パスキーを登録' }).click();
      await page.getByRole('heading', { name: 'ホーム' }).waitFor();

      await page.goto(link.url);
      await expect.poll(() => page.getByRole('status').or(page.getByRole('alert')).first().textContent()).toContain('このリンクは使用済みです');
      expect(await page.getByRole('button', { name: 'パスキーを登録' }).count()).toBe(0);
      await screenshot(page, 'enrolment-link-used-ja');
      expect(errors).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'a browser that holds a live session is shown the console when it presses sign-in, not a refusal',
    async () => {
      const admin = await desk();
      await setupFirstAdmin(admin, server);
      // A tab that showed the sign-in page before the browser signed in elsewhere.
      const other = await desk();
      await other.page.goto(`${server.origin}/console`);
      await other.page.getByRole('heading', { name: 'サインイン' }).waitFor();
      await other.context.addCookies(await admin.context.cookies());
      const optionCalls: number[] = [];
      other.page.on('response', (r) => r.url().endsWith('/api/auth/login/options') && optionCalls.push(r.status()));
      await other.page.getByRole('button', { name: 'パスキーでサインイン' }).click();
      await other.page.getByRole('heading', { name: 'ホーム' }).waitFor();
      expect(optionCalls).toEqual([]);
      expect(await other.page.getByRole('alert').count()).toBe(0);
    },
    TIMEOUT,
  );
});
