import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot } from './support/browser.ts';
import { englishWords, printToPdf } from './support/pdf.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { apiOf, enrolNew, givenArea, givenPerson, openDesk, rows, setupFirstAdmin, signOut, TIMEOUT, type Desk } from './console-world.ts';

describe("the city's day with submitted documents (F3, F4)", () => {
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
    "a supervisor submits last month's report; 甲 signs in with a passkey, opens it, acknowledges it with the passkey; another contract's site stays out of sight",
    async () => {
      const admin = await openDesk(browser, server);
      desks.push(admin);
      await setupFirstAdmin(admin, server);
      const api = await apiOf(admin, server);
      const siteA = await givenArea(api, '本庁舎', '執務室');
      const siteB = await givenArea(api, '北区分室', '端末室');
      const boss = await givenPerson(api, { name: '監督 花子', kana: 'かんとく はなこ', roles: ['supervisor'] });
      const cityFields = { name: '新潟 市子', kana: 'にいがた いちこ', roles: ['city'], siteIds: [siteA.siteId] };
      const cityPerson = await givenPerson(api, cityFields);

      // The supervisor submits last month's report for 本庁舎 from the console; 北区分室's goes in by the API.
      const supervisor = await enrolNew(browser, server, api, boss.id, desks);
      const { page: sp } = supervisor;
      await sp.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: '提出書類' }).click();
      await sp.getByRole('table', { name: '提出が必要な書類' }).waitFor();
      const due = await rows(sp, '提出が必要な書類');
      const reportRow = due.findIndex((r) => r[0]!.includes('セキュリティ保全状況報告書') && r[1]!.includes('本庁舎'));
      expect(reportRow, JSON.stringify(due)).toBeGreaterThanOrEqual(0);
      const [, y, m] = /(\d{4})年(\d{1,2})月分/.exec(due[reportRow]![1]!)!;
      const month = `${y}-${m!.padStart(2, '0')}`;
      const title = `セキュリティ保全状況報告書（${y}年${Number(m)}月分）`;
      await screenshot(sp, 'console-submissions-staff');
      await sp.getByRole('table', { name: '提出が必要な書類' }).getByRole('row').nth(reportRow + 1).getByRole('button', { name: '提出する' }).click();
      await sp.getByText('甲に提出しました。受領の確認を待っています。').waitFor({ timeout: 60_000 });
      const mine = Number(/submissions\/(\d+)/.exec(sp.url())![1]);
      const supApi = await apiOf(supervisor, server);
      const other = await supApi.post<{ id: number }>('/api/submissions', { kind: 'monthly_report', siteId: siteB.siteId, month });

      // 甲 enrols, then signs in again with the passkey the way every later day starts.
      const city = await enrolNew(browser, server, api, cityPerson.id, desks);
      const { page } = city;
      await signOut(page);
      await page.getByRole('button', { name: 'パスキーでサインイン' }).click();
      await page.getByRole('heading', { name: 'ホーム' }).waitFor();
      const nav = page.getByRole('navigation', { name: 'メニュー' });
      await expect(nav.getByRole('link', { name: '提出書類' }).count()).resolves.toBe(0);
      await nav.getByRole('link', { name: '受領待ちの書類' }).click();
      await page.getByRole('table', { name: '受領待ち' }).waitFor();
      const waiting = await rows(page, '受領待ち');
      expect(waiting.map((r) => r[0])).toEqual([`No.${mine}`]);
      expect(waiting[0]!.join('|')).toContain(title);
      expect(JSON.stringify(waiting)).not.toContain('北区分室');
      await screenshot(page, 'console-receipts-city');

      await page.getByRole('link', { name: title }).click();
      await page.getByRole('heading', { name: `No.${mine} ${title}` }).waitFor();
      await screenshot(page, 'console-submission-awaiting');
      const doc = await city.context.newPage();
      await doc.goto(`${server.origin}/api/submissions/${mine}/document`);
      await doc.getByRole('heading', { name: 'セキュリティ保全状況報告書' }).waitFor();
      await doc.getByText('甲の受領: まだ確認されていません').waitFor();
      await screenshot(doc, 'console-submission-document');
      await doc.close();

      await page.getByRole('button', { name: '受領を確認（パスキー）' }).click();
      await page.getByText('受領の署名を検証しました', { exact: false }).waitFor();
      await page.getByText('受領済み', { exact: true }).waitFor();
      await screenshot(page, 'console-submission-received');
      const row = server.deps.sqlite.prepare('select status, decided_by from submissions where id = ?').get(mine) as { status: string; decided_by: number };
      expect(row).toEqual({ status: 'acknowledged', decided_by: cityPerson.id });

      // Another contract's site: its submission's address gives the refusal page, and the list never shows it.
      await page.goto(`${server.origin}/console/receipts/${other.id}`);
      await page.getByRole('heading', { name: 'この書類を見る権限がありません' }).waitFor();
      expect(await page.content()).not.toContain('北区分室');
      await screenshot(page, 'console-submission-refused');
      await page.goto(`${server.origin}/console/receipts`);
      await page.getByRole('table', { name: '受領済み・差し戻し' }).waitFor();
      expect((await rows(page, '受領済み・差し戻し')).map((r) => r[0])).toEqual([`No.${mine}`]);
      expect(await page.getByText('北区分室').count()).toBe(0);

      // 甲 returns the roster with a comment; the supervisor sees it and submits it again.
      const roster = await supApi.post<{ id: number; title: string }>('/api/submissions', { kind: 'roster', siteId: siteA.siteId, date: new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Tokyo' }) });
      await page.goto(`${server.origin}/console/receipts/${roster.id}`);
      await page.getByRole('heading', { name: `No.${roster.id} ${roster.title}` }).waitFor();
      const back = page.getByRole('form', { name: '差し戻し' });
      await back.getByRole('button', { name: '差し戻す' }).click();
      await back.getByText('入力してください').waitFor();
      await back.getByLabel('差し戻しの理由（提出者に伝わります）').fill('業務責任者の連絡先の記載がありません');
      await back.getByRole('button', { name: '差し戻す' }).click();
      await page.getByText('差し戻しの理由：業務責任者の連絡先の記載がありません').waitFor();
      await sp.goto(`${server.origin}/console/submissions`);
      await sp.getByRole('listitem').filter({ hasText: '業務責任者の連絡先の記載がありません' }).waitFor();
      await screenshot(sp, 'console-submissions-returned');
      await sp.getByRole('button', { name: '作り直して再提出する' }).click();
      await sp.getByText('甲に提出しました。受領の確認を待っています。').waitFor();
      await sp.getByRole('link', { name: `差し戻された提出番号 ${roster.id} の再提出` }).waitFor();
      const again = Number(/submissions\/(\d+)/.exec(sp.url())![1]);
      const rosterDoc = await supervisor.context.newPage();
      await rosterDoc.goto(`${server.origin}/api/submissions/${again}/document`);
      await rosterDoc.getByRole('heading', { name: '作業従事者名簿' }).waitFor();
      expect(await rosterDoc.getByRole('cell', { name: '監督 花子' }).count()).toBeGreaterThan(0);
      expect(await rosterDoc.getByText('新潟 市子').count(), "甲's staff are not on the contractor's roster").toBe(0);
      await screenshot(rosterDoc, 'console-submission-roster-document');
      await rosterDoc.close();
      const html = await (await supervisor.context.request.get(`${server.origin}/api/submissions/${again}/document`)).text();
      const printed = await printToPdf(browser, html, 'submission-roster');
      await printed.page.close();
      expect(printed.sizes.every((s) => s.includes('A4')), printed.sizes.join()).toBe(true);
      const digest = (server.deps.sqlite.prepare('select digest from submissions where id = ?').get(again) as { digest: string }).digest;
      expect(englishWords(printed.pages.join('\n'), [digest])).toEqual([]);
      expect(city.errors.filter((e) => !/403/.test(e))).toEqual([]);
      expect(supervisor.errors).toEqual([]);
    },
    TIMEOUT,
  );
});
