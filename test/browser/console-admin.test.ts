import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { openDesk, rows, setupFirstAdmin, signOut, TIMEOUT, type Desk } from './console-world.ts';

describe('the staff console: first admin and the admin screens (E7, A1, B1, B2, B5)', () => {
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
    'sets up the first admin from the printed link, keeps the roster, areas, authorizations, badges and kiosks, then signs out and in again',
    async () => {
      const desk = await openDesk(browser, server);
      desks.push(desk);
      const { page } = desk;

      // The setup page: the purpose notice (E8) is there before anything is collected.
      await page.goto(`${server.origin}/setup#not-a-real-token-but-long-enough`);
      await page.getByRole('heading', { name: '個人情報の利用目的' }).waitFor();
      await screenshot(page, 'console-setup');
      await setupFirstAdmin(desk, server);
      await expect.poll(() => page.getByTestId('me').textContent()).toContain('管理 一郎');
      const nav = page.getByRole('navigation', { name: 'メニュー' });
      for (const item of ['作業従事者名簿', '所属組織', '拠点・区域', '受付端末', 'QR名札', '監査ログ']) await nav.getByRole('link', { name: item }).waitFor();
      expect(await nav.getByRole('link', { name: '警備員記録' }).count()).toBe(0);
      await screenshot(page, 'console-home-admin');

      // Organisations: the first came with the setup; a second one is added and the list is in kana order.
      await nav.getByRole('link', { name: '所属組織' }).click();
      const orgForm = page.getByRole('form', { name: '組織を追加' });
      await orgForm.getByLabel('名称').fill('青葉設備株式会社');
      await orgForm.getByLabel('ふりがな').fill('あおばせつび');
      await orgForm.getByRole('button', { name: '追加' }).click();
      await page.getByRole('cell', { name: '青葉設備株式会社' }).waitFor();
      expect((await rows(page, '所属組織')).map((r) => r[1])).toEqual(['青葉設備株式会社', '株式会社みなと情報']);
      await screenshot(page, 'console-organisations');

      // The roster: two workers, shown in kana order with the admin between them.
      for (const w of [
        { name: '渡辺 健', kana: 'わたなべ けん' },
        { name: '青木 さくら', kana: 'あおき さくら' },
      ]) {
        await nav.getByRole('link', { name: '作業従事者名簿' }).click();
        await page.getByRole('link', { name: '新しい人を登録' }).click();
        await page.getByLabel('氏名').fill(w.name);
        await page.getByLabel('ふりがな').fill(w.kana);
        await page.getByLabel('所属組織').selectOption({ label: '青葉設備株式会社' });
        await page.getByLabel('役職').fill('主任');
        if (w.name === '渡辺 健') await screenshot(page, 'console-person-new');
        await page.getByRole('button', { name: '登録', exact: true }).click();
        await page.getByText('登録しました。').waitFor();
      }
      await nav.getByRole('link', { name: '作業従事者名簿' }).click();
      await page.getByRole('table', { name: '名簿' }).waitFor();
      await expect.poll(async () => (await rows(page, '名簿')).map((r) => r[0])).toEqual(['あおき さくら', 'かんり いちろう', 'わたなべ けん']);
      await screenshot(page, 'console-roster');
      await page.getByLabel('検索（氏名・ふりがな）').fill('わたなべ');
      await expect.poll(async () => (await rows(page, '名簿')).map((r) => r[1])).toEqual(['渡辺 健']);

      // Sites and areas with their policy: a secure area defaults to passkey and guard only (B4).
      await nav.getByRole('link', { name: '拠点・区域' }).click();
      const siteForm = page.getByRole('form', { name: '拠点を追加' });
      await siteForm.getByLabel('拠点名').fill('本庁舎');
      await siteForm.getByLabel('所在地').fill('横浜市中区港町1-1');
      await siteForm.getByRole('button', { name: '拠点を追加' }).click();
      await page.getByRole('heading', { name: /本庁舎/ }).waitFor();
      for (const area of [
        { name: '執務室', level: 'general' },
        { name: 'サーバ室', level: 'secure' },
      ]) {
        await page.getByRole('button', { name: 'この拠点に区域を追加' }).click();
        const areaForm = page.getByRole('form', { name: '区域を追加' });
        await areaForm.getByLabel('区域名').fill(area.name);
        await areaForm.getByLabel('セキュリティレベル').selectOption(area.level);
        if (area.level === 'secure') {
          expect(await areaForm.getByRole('checkbox', { name: 'QR名札' }).isChecked()).toBe(false);
          await areaForm.getByRole('checkbox', { name: '最終退室者ルール' }).check();
          await areaForm.getByRole('checkbox', { name: '二人ルール（一人での在室に警告）' }).check();
          await screenshot(page, 'console-area-new');
        }
        await areaForm.getByRole('button', { name: '区域を追加' }).click();
        await page.getByRole('link', { name: area.name }).waitFor();
      }
      await expect.poll(() => page.getByRole('row', { name: /サーバ室/ }).textContent()).toContain('二人ルール');
      await screenshot(page, 'console-areas');

      // Authorizations: from the area (渡辺 into 執務室) and from the person (青木 into サーバ室).
      await page.getByRole('link', { name: '執務室' }).click();
      const grant = page.getByRole('form', { name: '入室許可を追加' });
      await grant.getByLabel('氏名').selectOption({ label: '渡辺 健（わたなべ けん）青葉設備株式会社' });
      await grant.getByLabel('備考（作業予定など）').fill('平日 9:00-18:00');
      await grant.getByRole('button', { name: '許可する' }).click();
      await page.getByRole('link', { name: '渡辺 健（青葉設備株式会社）' }).waitFor();
      await screenshot(page, 'console-area');

      await nav.getByRole('link', { name: '作業従事者名簿' }).click();
      await page.getByRole('link', { name: '青木 さくら' }).click();
      await page.getByRole('heading', { name: /青木 さくら/ }).waitFor();
      const grant2 = page.getByRole('form', { name: '入室許可を追加' });
      await grant2.getByLabel('区域').selectOption({ label: '本庁舎 / サーバ室' });
      await grant2.getByRole('button', { name: '許可する' }).click();
      await page.getByRole('link', { name: '本庁舎 / サーバ室' }).waitFor();
      expect(await page.getByRole('row', { name: /本庁舎 \/ サーバ室/ }).textContent()).toContain('有効');

      // A badge for 青木, and its printable sheet.
      await page.getByRole('button', { name: '名札を発行' }).click();
      await page.getByText(/名札 No\.\d+ を発行しました/).waitFor();
      const printLink = page.getByRole('link', { name: '名札を印刷' });
      const sheetUrl = await printLink.getAttribute('href');
      const sheet = await desk.context.request.get(`${server.origin}${sheetUrl}`);
      expect(sheet.status()).toBe(200);
      const sheetHtml = await sheet.text();
      expect(sheetHtml).toContain('青木 さくら');
      expect(sheetHtml).toContain('<svg');
      await screenshot(page, 'console-person');

      // Contact and nationality only on request, and the read is journaled (A6).
      const sensitiveReads = () => (server.deps.sqlite.prepare("select count(*) as n from journal where action = 'person.sensitive_read'").get() as { n: number }).n;
      expect(await page.getByLabel('連絡先').count()).toBe(0);
      await page.getByRole('button', { name: '連絡先・国籍を表示' }).click();
      await page.getByLabel('連絡先').fill('090-0000-0000');
      await page.getByLabel('国籍').fill('日本');
      expect(sensitiveReads()).toBe(1);
      await page.getByRole('button', { name: '変更を保存' }).click();
      await page.getByText('保存しました。').waitFor();
      expect(server.deps.sqlite.prepare("select contact, nationality from people where name = '青木 さくら'").get()).toEqual({ contact: '090-0000-0000', nationality: '日本' });

      // Suspension with a reason, then reactivation.
      await page.getByLabel('理由', { exact: true }).fill('契約期間の一時中断');
      await page.getByRole('button', { name: '利用停止する' }).click();
      await page.getByRole('heading', { name: /青木 さくら.*停止中/ }).waitFor();
      await page.getByLabel('理由', { exact: true }).fill('契約再開');
      await page.getByRole('button', { name: '利用を再開する' }).click();
      await page.getByRole('heading', { name: /青木 さくら.*有効/ }).waitFor();
      expect(server.deps.sqlite.prepare("select action from journal where action in ('person.suspended', 'person.reactivated') order by seq").all()).toEqual([{ action: 'person.suspended' }, { action: 'person.reactivated' }]);

      // A kiosk: the one-time code as text and as a QR image, and it really enrols a tablet.
      await nav.getByRole('link', { name: '受付端末' }).click();
      const kioskForm = page.getByRole('form', { name: '端末を登録' });
      await kioskForm.getByLabel('端末の名前（設置場所）').fill('1階 正面入口');
      await kioskForm.getByRole('checkbox', { name: '本庁舎 / 執務室' }).check();
      await kioskForm.getByRole('button', { name: '登録してコードを発行' }).click();
      const code = (await page.getByTestId('kiosk-code').textContent())!.trim();
      expect(code).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
      const qr = page.getByRole('img', { name: '登録コードのQRコード' });
      await qr.waitFor();
      await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(100);
      expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
      await screenshot(page, 'console-kiosk-code');
      const enrolled = await fetch(`${server.origin}/api/kiosk/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
      expect(enrolled.status).toBe(201);
      await page.getByRole('button', { name: '閉じる' }).click();
      await page.reload();
      const kioskRow = page.getByRole('row', { name: /1階 正面入口/ });
      await expect.poll(() => kioskRow.textContent()).toContain('登録済み');
      await screenshot(page, 'console-kiosks');
      await kioskRow.getByRole('button', { name: '失効' }).click();
      await kioskRow.getByRole('button', { name: '失効を確定' }).click();
      await expect.poll(() => kioskRow.getByRole('button').count()).toBe(0);
      expect(await kioskRow.locator('.tag').textContent()).toBe('失効');
      expect(server.deps.sqlite.prepare('select revoked_at is not null as revoked from kiosks').get()).toEqual({ revoked: 1 });

      // The badges screen lists 青木's badge.
      await nav.getByRole('link', { name: 'QR名札' }).click();
      await page.getByRole('heading', { name: '発行済みの名札' }).waitFor();
      const badgeRow = page.getByRole('row', { name: /青木 さくら（青葉設備株式会社）/ });
      await badgeRow.waitFor();
      await screenshot(page, 'console-badges');
      await badgeRow.getByRole('button', { name: '紛失として失効' }).click();
      await badgeRow.getByLabel('状況（いつ・どこで）').fill('11/22 朝、通勤途中で紛失');
      await badgeRow.getByRole('button', { name: '失効させる' }).click();
      await page.getByText('有効な名札はありません。').waitFor();
      expect(server.deps.sqlite.prepare('select revoke_reason as reason from badges').all()).toEqual([{ reason: 'lost' }]);

      // Sign out, then in again with the same security key (usernameless).
      await signOut(page);
      await screenshot(page, 'console-signin');
      expect(await page.getByTestId('me').count()).toBe(0);
      await page.getByRole('button', { name: 'パスキーでサインイン' }).click();
      // Back where the session ended, signed in again.
      await page.getByRole('heading', { name: '発行済みの名札' }).waitFor();
      expect(await page.getByTestId('me').textContent()).toContain('管理 一郎');
      expect(desk.errors).toEqual([]);
    },
    TIMEOUT,
  );
});
