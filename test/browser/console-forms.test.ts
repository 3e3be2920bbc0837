import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { apiOf, enrolFromLink, givenPerson, openDesk, setupFirstAdmin, TIMEOUT, type Desk } from './console-world.ts';

describe('the staff console: field errors, the language toggle, idle timeout and an ended session (E7)', () => {
  let server: RunningServer;
  let browser: Browser;
  const desks: Desk[] = [];

  // Each test has its own server and database: the first-admin link works only while there is no admin.
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

  async function adminDesk(): Promise<Desk> {
    const desk = await openDesk(browser, server);
    desks.push(desk);
    await setupFirstAdmin(desk, server);
    return desk;
  }

  it(
    'shows the server’s field errors next to their fields, and the client’s own checks without a request',
    async () => {
      const desk = await adminDesk();
      const { page } = desk;
      const posts: string[] = [];
      page.on('request', (r) => r.method() === 'POST' && posts.push(new URL(r.url()).pathname));

      await page.goto(`${server.origin}/console/roster/new`);
      await page.getByRole('button', { name: '登録', exact: true }).click();
      for (const field of ['氏名', 'ふりがな', '所属組織']) {
        const input = page.getByLabel(field, { exact: true });
        expect(await input.getAttribute('aria-invalid'), field).toBe('true');
        const describedBy = (await input.getAttribute('aria-describedby'))!;
        expect(await page.locator(`[id="${describedBy.split(' ').at(-1)}"]`).textContent()).toBe('入力してください');
      }
      expect(posts).not.toContain('/api/people');

      // Kana is the server's rule: it refuses, and its message stands under the kana field.
      await page.getByLabel('氏名', { exact: true }).fill('山田 太郎');
      await page.getByLabel('ふりがな', { exact: true }).fill('Yamada Taro');
      await page.getByLabel('所属組織', { exact: true }).selectOption({ label: '株式会社みなと情報' });
      const [refused] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/people') && r.request().method() === 'POST'), page.getByRole('button', { name: '登録', exact: true }).click()]);
      expect(refused.status()).toBe(400);
      const kana = page.getByLabel('ふりがな', { exact: true });
      await expect.poll(() => kana.getAttribute('aria-invalid')).toBe('true');
      const kanaError = page.locator(`[id="${(await kana.getAttribute('aria-describedby'))!.split(' ').at(-1)}"]`);
      expect(await kanaError.textContent()).toBe('かな（ひらがな・カタカナ）で入力してください');
      // The error sits right under its own field, and nothing else is marked.
      const [fieldBox, errorBox] = [(await kana.boundingBox())!, (await kanaError.boundingBox())!];
      expect(errorBox.y).toBeGreaterThanOrEqual(fieldBox.y + fieldBox.height - 1);
      expect(errorBox.y).toBeLessThan(fieldBox.y + fieldBox.height + 40);
      expect(Math.abs(errorBox.x - fieldBox.x)).toBeLessThan(5);
      expect(await page.getByLabel('氏名', { exact: true }).getAttribute('aria-invalid')).toBeNull();
      expect(await page.getByLabel('氏名', { exact: true }).inputValue()).toBe('山田 太郎');
      await screenshot(page, 'console-field-errors');

      // In English the same server message reads in English.
      await page.getByRole('button', { name: 'Switch to English' }).click();
      await page.getByText('Must be written in kana').waitFor();
      await page.getByRole('button', { name: '日本語に切り替え' }).click();

      await kana.fill('やまだ たろう');
      await page.getByRole('button', { name: '登録', exact: true }).click();
      await page.getByText('登録しました。').waitFor();

      // A duplicate organisation: the server's conflict names the field, shown under it.
      await page.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: '所属組織' }).click();
      const orgForm = page.getByRole('form', { name: '組織を追加' });
      await orgForm.getByLabel('名称').fill('株式会社みなと情報');
      await orgForm.getByLabel('ふりがな').fill('かぶしきがいしゃみなとじょうほう');
      await orgForm.getByRole('button', { name: '追加' }).click();
      await orgForm.getByText('同じ名前の組織がすでにあります').waitFor();
      expect(await orgForm.getByLabel('名称').getAttribute('aria-invalid')).toBe('true');
      expect(await orgForm.getByLabel('ふりがな').getAttribute('aria-invalid')).toBeNull();
      expect(desk.errors).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'switches the whole console to English and back, and remembers the choice',
    async () => {
      const desk = await adminDesk();
      const { page } = desk;
      const nav = page.getByRole('navigation', { name: 'メニュー' });
      await nav.getByRole('link', { name: '作業従事者名簿' }).click();
      await page.getByRole('heading', { name: '作業従事者名簿' }).waitFor();
      await page.getByRole('button', { name: 'Switch to English' }).click();
      const enNav = page.getByRole('navigation', { name: 'Menu' });
      await page.getByRole('heading', { name: 'Roster' }).waitFor();
      for (const item of ['Home', 'Who is inside', 'Visitors', 'Daily ledger', 'Roster', 'Organisations', 'Sites and areas', 'Kiosks', 'Badges', 'Journal', 'My passkeys']) {
        await enNav.getByRole('link', { name: item, exact: true }).waitFor();
      }
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
      expect(await page.getByRole('columnheader').allTextContents()).toEqual(['Kana', 'Name', 'Organisation', 'Roles', 'Valid', 'Status']);
      expect(await page.getByRole('cell', { name: 'Admin', exact: true }).count()).toBe(1);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
      // No Japanese left in the console's own words (names in the data stay as they are; the way back to
      // Japanese is offered in Japanese, as language pickers do).
      const chrome = await page.evaluate(() => {
        const clone = document.body.cloneNode(true) as HTMLElement;
        clone.querySelectorAll('tbody, [data-testid="me"], .lang-toggle').forEach((n) => n.remove());
        return clone.innerText;
      });
      expect(chrome).not.toMatch(/[\u3040-\u30ff\u4e00-\u9faf]/);
      await screenshot(page, 'console-roster-english');
      await page.reload();
      await page.getByRole('heading', { name: 'Roster' }).waitFor();
      await page.getByRole('button', { name: '日本語に切り替え' }).click();
      await page.getByRole('heading', { name: '作業従事者名簿' }).waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('ja');
      expect(desk.errors).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'returns to the sign-in screen after 15 minutes without input, and when the server ends the session',
    async () => {
      const desk = await openDesk(browser, server);
      desks.push(desk);
      const { page } = desk;
      await page.clock.install();
      await setupFirstAdmin(desk, server, { name: '時計 守', kana: 'とけい まもる' });
      await page.clock.fastForward('10:00');
      await page.getByTestId('me').waitFor();
      await page.keyboard.press('Tab'); // input: the idle time starts again
      await page.clock.fastForward('10:00');
      expect(await page.getByTestId('me').count()).toBe(1);
      await page.clock.fastForward('05:30');
      await page.getByText('15分間操作がなかったため、サインアウトしました。').waitFor();
      expect(await page.getByTestId('me').count()).toBe(0);
      await screenshot(page, 'console-idle-signed-out');
      // The session ended on the server too, not only on the screen.
      expect((await desk.context.request.get(`${server.origin}/api/auth/me`)).status()).toBe(401);

      // Signed in again, the server ends the session (here: signed out from elsewhere); the next call's 401 returns here.
      await page.getByRole('button', { name: 'パスキーでサインイン' }).click();
      await page.getByTestId('me').waitFor();
      const api = await apiOf(desk, server);
      await api.post('/api/auth/logout');
      await page.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: '作業従事者名簿' }).click();
      await page.getByText('セッションが終了しました。もう一度サインインしてください。').waitFor();
      await page.getByRole('button', { name: 'パスキーでサインイン' }).waitFor();
      expect(desk.errors).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'shows a worker only their own screens',
    async () => {
      const admin = await adminDesk();
      const api = await apiOf(admin, server);
      const worker = await givenPerson(api, { name: '作業 五郎', kana: 'さぎょう ごろう', roles: ['worker'] });
      const link = await api.post<{ url: string }>(`/api/people/${worker.id}/enrolments`);
      const desk = await openDesk(browser, server);
      desks.push(desk);
      await enrolFromLink(desk, link.url);
      const nav = desk.page.getByRole('navigation', { name: 'メニュー' });
      expect(await nav.getByRole('link').allTextContents()).toEqual(['ホーム', '持込・持出申請', '資産の所在', '廃棄', '自分のパスキー']);
      await nav.getByRole('link', { name: '自分のパスキー' }).click();
      await desk.page.getByRole('cell', { name: '青いセキュリティキー' }).waitFor();
      await screenshot(desk.page, 'console-my-passkeys');
      await desk.page.goto(`${server.origin}/console/roster`);
      await desk.page.getByRole('heading', { name: 'この画面を見る権限がありません' }).waitFor();
      expect(desk.errors).toEqual([]);
    },
    TIMEOUT,
  );
});
