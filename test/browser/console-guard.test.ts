import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { apiOf, enrolFromLink, givenArea, givenKioskToken, givenPerson, kioskBadgeEvent, openDesk, rows, setupFirstAdmin, TIMEOUT, type Desk } from './console-world.ts';

describe('the staff console: a guard enrolled from a link, who is inside, guard records and visitors (E7, B4, B6, B11)', () => {
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
    'enrols a guard in a second browser, who then sees entries inside, records one, and logs a visitor in and out',
    async () => {
      const admin = await openDesk(browser, server);
      desks.push(admin);
      await setupFirstAdmin(admin, server);
      const api = await apiOf(admin, server);
      const { siteId, areaId } = await givenArea(api);
      const watanabe = await givenPerson(api, { name: '渡辺 健', kana: 'わたなべ けん', roles: ['worker'] }, [areaId]);
      const sato = await givenPerson(api, { name: '佐藤 次郎', kana: 'さとう じろう', roles: ['worker'] }, [areaId]);
      const guardPerson = await givenPerson(api, { name: '警備 太郎', kana: 'けいび たろう', roles: ['guard'] });

      // The admin issues the guard's enrolment link on the guard's roster page: shown as a URL and a QR.
      await admin.page.goto(`${server.origin}/console/roster/${guardPerson.id}`);
      await admin.page.getByRole('button', { name: '登録用リンクを発行' }).click();
      const url = (await admin.page.getByTestId('enrolment-url').textContent())!.trim();
      expect(url).toMatch(new RegExp(`^${server.origin}/enrol#[A-Za-z0-9_-]{20,}$`));
      const qr = admin.page.getByRole('img', { name: '登録用リンクのQRコード' });
      await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(100);
      await screenshot(admin.page, 'console-enrolment-link');

      // The guard, in their own browser with their own security key.
      const guard = await openDesk(browser, server, { portrait: true });
      desks.push(guard);
      await guard.page.goto(url);
      await guard.page.getByRole('heading', { name: '個人情報の利用目的' }).waitFor();
      await screenshot(guard.page, 'console-enrol-portrait');
      await enrolFromLink(guard, url);
      expect(await guard.page.getByTestId('me').textContent()).toContain('警備 太郎');
      const nav = guard.page.getByRole('navigation', { name: 'メニュー' });
      // 受付端末: a guard releases a kiosk's bad-scan pause there (issue 14).
      for (const item of ['在室状況', '来訪者', '警備員記録', 'QR名札', '受付端末', '自分のパスキー']) await nav.getByRole('link', { name: item }).waitFor();
      for (const item of ['作業従事者名簿', '監査ログ', '入退室管理簿']) expect(await nav.getByRole('link', { name: item }).count(), item).toBe(0);
      // The admin sees the guard's new passkey on the guard's page.
      await admin.page.reload();
      await admin.page.getByRole('cell', { name: '青いセキュリティキー' }).waitFor();

      // 渡辺 badges in at the kiosk; the guard's screen shows him inside.
      const token = await givenKioskToken(api, server, [areaId]);
      const badge = await api.post<{ payload: string }>(`/api/people/${watanabe.id}/badges`);
      await kioskBadgeEvent(server, token, areaId, badge.payload, 'in');
      await nav.getByRole('link', { name: '在室状況' }).click();
      await expect.poll(async () => (await rows(guard.page, '在室者')).map((r) => r[1])).toEqual(['渡辺 健わたなべ けん']);

      // 佐藤 forgot his badge: the guard records his entry, with the reason.
      await nav.getByRole('link', { name: '警備員記録' }).click();
      const form = guard.page.getByRole('form', { name: '入退室の記録' });
      await form.getByLabel('名簿の絞り込み').fill('さとう');
      expect(await form.getByLabel('氏名').locator('option').allTextContents()).toEqual(['選択してください', '佐藤 次郎（さとう じろう）株式会社みなと情報']);
      await form.getByLabel('氏名').selectOption({ label: '佐藤 次郎（さとう じろう）株式会社みなと情報' });
      await form.getByLabel('目的', { exact: true }).selectOption('保守・点検');
      await form.getByLabel('警備員が記録する理由').fill('名札を忘れたため、社員証で本人を確認して記録');
      await form.getByRole('button', { name: '記録する' }).click();
      await guard.page.getByText(/佐藤 次郎 さんの入室を \d\d:\d\d に記録しました/).waitFor();
      await screenshot(guard.page, 'console-guard-record');
      const recorded = server.deps.sqlite.prepare("select method, purpose, note, result from access_events where person_id = ? and direction = 'in'").get(sato.id);
      expect(recorded).toEqual({ method: 'guard', purpose: '保守・点検', note: '名札を忘れたため、社員証で本人を確認して記録', result: 'accepted' });

      // A visitor: registered with the ID type (never the number) and an escort, then into the area.
      await nav.getByRole('link', { name: '来訪者' }).click();
      const reg = guard.page.getByRole('form', { name: '来訪者の受付' });
      await reg.getByLabel('氏名').fill('スミス ジョン');
      await reg.getByLabel('所属', { exact: true }).fill('北浜システム株式会社');
      await reg.getByLabel('目的').fill('サーバ保守の立会い');
      await reg.getByLabel('確認した身分証の種類').selectOption({ label: 'パスポート' });
      await reg.getByLabel('付添者（名簿から）').selectOption(String(watanabe.id));
      await reg.getByRole('button', { name: '受け付ける' }).click();
      await guard.page.getByText('スミス ジョン さんを受け付けました。').waitFor();
      const visitorRow = guard.page.getByRole('row', { name: /スミス ジョン/ });
      expect(await visitorRow.textContent()).toContain('パスポート');
      expect(await visitorRow.textContent()).toContain('渡辺 健');
      await visitorRow.getByRole('button', { name: '入室' }).click();
      await guard.page.getByText(/スミス ジョン さんの入室を/).waitFor();
      await expect.poll(() => visitorRow.textContent()).toContain('本庁舎 / 執務室');
      await screenshot(guard.page, 'console-visitors');

      // Who is inside now: two staff and the visitor; the muster list as CSV for an evacuation.
      await nav.getByRole('link', { name: '在室状況' }).click();
      await guard.page.getByRole('button', { name: '最新の情報に更新' }).click();
      await expect.poll(async () => (await rows(guard.page, '在室者')).map((r) => r[1]).sort()).toEqual(['スミス ジョン', '佐藤 次郎さとう じろう', '渡辺 健わたなべ けん']);
      expect(await guard.page.getByTestId('inside-count').textContent()).toBe('3名');
      await screenshot(guard.page, 'console-presence');
      const csvHref = await guard.page.getByRole('link', { name: '避難確認用一覧（CSV）' }).getAttribute('href');
      expect(csvHref).toBe(`/api/sites/${siteId}/muster?format=csv`);
      const [download] = await Promise.all([guard.page.waitForEvent('download'), guard.page.getByRole('link', { name: '避難確認用一覧（CSV）' }).click()]);
      const { readFileSync } = await import('node:fs');
      const csv = readFileSync((await download.path())!);
      expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(csv.toString('utf8')).toContain('スミス ジョン');

      // The visitor leaves the area and signs out: gone from the on-site list.
      await nav.getByRole('link', { name: '来訪者' }).click();
      await visitorRow.getByRole('button', { name: '退室' }).click();
      await guard.page.getByText(/スミス ジョン さんの退室を/).waitFor();
      await visitorRow.getByRole('button', { name: '退出（受付終了）' }).click();
      await guard.page.getByText('来訪者はいません。').waitFor();
      expect(server.deps.sqlite.prepare('select signed_out_at is not null as out from visitors').get()).toEqual({ out: 1 });

      expect(admin.errors).toEqual([]);
      expect(guard.errors).toEqual([]);
    },
    TIMEOUT,
  );
});
