import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot } from './support/browser.ts';
import { apiOf, givenKioskToken, kioskBadgeAttempt, kioskBadgeEvent, localInput, rows, TIMEOUT } from './console-world.ts';
import { complianceWorlds, printToPdf, squeeze } from './compliance-world.ts';
import { FIRST_ADMIN, FIRST_SITE } from './support/firsts.ts';

describe('the staff console: disposal to certificate, incidents and their deadlines, the monthly report (D1-D3, E3, E4)', () => {
  let browser: Browser;
  const worlds = complianceWorlds(() => browser);
  
  beforeAll(async () => {
    browser = await launchBrowser();
  }, TIMEOUT);
  afterEach(() => worlds.close());
  afterAll(async () => {
    await browser?.close();
  });

  it(
    'a disposal: the admin requests it, another supervisor approves, the record refuses witness = executor, then the 廃棄証明書 prints with the serials, vendor and journal hash',
    async () => {
      const { server, admin, api, people, enrolNew, desks } = await worlds.given();
      const laptop = await api.post<{ id: number; assetNumber: string }>('/api/assets', { kind: 'laptop', ownerType: 'contractor', serialNumber: 'PC-SN-7781', description: '保守用ノートPC' });
      // A USB disk already named by an open request (made on the API): it cannot be listed twice.
      const disk = await api.post<{ id: number; assetNumber: string }>('/api/assets', { kind: 'external_disk', ownerType: 'contractor', serialNumber: 'HD-1', description: 'バックアップ用' });
      const earlier = await api.post<{ id: number }>('/api/disposal/requests', { siteId: FIRST_SITE, responsibleId: FIRST_ADMIN, items: [{ assetId: disk.id }], method: 'degaussing', plannedDate: '2999-01-01', vendor: '他社' });

      // The request, on the console: a registered laptop and two uncatalogued USB sticks.
      const { page } = admin;
      await page.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: '廃棄' }).click();
      const request = page.getByRole('form', { name: '廃棄申請' });
      await request.getByLabel('登録済みの資産（品目1）').selectOption(String(laptop.id));
      await request.getByRole('button', { name: '品目を追加' }).click();
      await request.getByLabel('媒体名（品目2）').fill('USBメモリ 8GB');
      await request.getByLabel('数量（品目2）').fill('2');
      await request.getByLabel('シリアル番号（品目2）').fill('USB-0001, USB-0002');
      await request.getByRole('button', { name: '品目を追加' }).click();
      await request.getByLabel('登録済みの資産（品目3）').selectOption(String(disk.id));
      // Sent without a method: the console names the field before anything reaches the server.
      await request.getByLabel('廃棄業者').fill('東京リサイクル株式会社');
      await request.getByLabel('拠点').selectOption({ index: 1 });
      await request.getByLabel('責任者').selectOption({ index: 1 });
      await request.getByRole('button', { name: '廃棄を申請する' }).click();
      expect(await request.getByLabel('廃棄方法').getAttribute('aria-invalid')).toBe('true');
      await request.getByLabel('廃棄方法').selectOption('physical_destruction');
      await request.getByRole('button', { name: '廃棄を申請する' }).click();
      const itemsError = request.locator('[id$="-items-error"]');
      await itemsError.waitFor();
      expect(await itemsError.textContent()).toBe(`品目3：${disk.assetNumber} はすでに廃棄申請 No.${earlier.id} に含まれています`);
      await screenshot(page, 'console-disposal-request');
      await request.getByRole('button', { name: '品目3を削除' }).click();
      await request.getByRole('button', { name: '廃棄を申請する' }).click();
      await page.getByText('申請しました。別の業務責任者の承認を待っています。').waitFor();
      const requestId = Number(/\/console\/disposal\/(\d+)/.exec(page.url())![1]);
      expect((await rows(page, '廃棄する品目')).map((r) => r[1])).toEqual([expect.stringContaining('ノートPC'), 'USBメモリ 8GB']);
      expect(await page.getByRole('button', { name: '承認する' }).count()).toBe(0); // an admin is not a supervisor

      // The supervisor approves, on their own desk.
      const boss = await enrolNew(people.boss.id);
      await boss.page.goto(`${server.origin}/console/disposal`);
      await boss.page.getByRole('link', { name: `No.${requestId}` }).click();
      await boss.page.getByRole('form', { name: '承認' }).getByRole('button', { name: '承認する' }).click();
      await boss.page.getByText('承認済み（未実施）').first().waitFor();
      const decidedAt = (server.deps.sqlite.prepare('select decided_at as t from disposal_requests where id = ?').get(requestId) as { t: number }).t;

      // The execution record: the witness is the one who did it, and the server says so next to the witness.
      const record = boss.page.getByRole('form', { name: '廃棄の実施記録' });
      while (Date.now() < decidedAt + 1_500) await boss.page.waitForTimeout(200);
      await record.getByLabel('廃棄日時').fill(await localInput(boss.page, Date.now() - 200));
      await record.getByLabel('事業者の証明書番号').fill('TR-2026-0042');
      await record.getByLabel('作業責任者').selectOption(String(people.boss.id));
      await record.getByLabel('作業者（実施した人）').fill('立会　太郎'); // a full-width space is still the same person
      await record.getByLabel('立会人').selectOption(String(people.witness.id));
      expect(await record.getByLabel('シリアル番号').inputValue()).toBe('PC-SN-7781, USB-0001, USB-0002');
      await record.getByRole('button', { name: '廃棄を記録する' }).click();
      const witnessError = record.locator('[id$="-witnessPersonId-error"]');
      await witnessError.waitFor();
      expect(await witnessError.textContent()).toBe('立会人は作業者（廃棄を実施した人）以外の人にしてください');
      expect(await record.getByLabel('立会人').getAttribute('aria-invalid')).toBe('true');
      await screenshot(boss.page, 'console-disposal-witness-refused');
      expect(server.deps.sqlite.prepare('select count(*) as n from disposal_records').get()).toEqual({ n: 0 });

      await record.getByLabel('作業者（実施した人）').fill('東京リサイクル 山田');
      await record.getByRole('button', { name: '廃棄を記録する' }).click();
      await boss.page.getByRole('heading', { name: '廃棄の実施記録' }).waitFor();
      await boss.page.getByText('廃棄済み').first().waitFor();
      const entry = server.deps.sqlite.prepare("select seq, hash from journal where action = 'disposal.executed'").get() as { seq: number; hash: string };
      expect(await boss.page.locator('code.digest').textContent()).toBe(entry.hash);
      expect(server.deps.sqlite.prepare('select status from assets where id = ?').get(laptop.id)).toEqual({ status: 'disposed' });
      await screenshot(boss.page, 'console-disposal-recorded');

      // The certificate, printed to PDF.
      const href = (await boss.page.getByRole('link', { name: '廃棄証明書を印刷' }).getAttribute('href'))!;
      const { page: cert, text } = await printToPdf(boss.context, `${server.origin}${href}`, 'console-disposal-certificate');
      const onPage = await cert.locator('body').innerText();
      for (const s of ['廃棄証明書', '東京リサイクル株式会社', 'TR-2026-0042', 'PC-SN-7781', 'USB-0001', '立会 太郎', '東京リサイクル 山田', entry.hash]) expect(onPage).toContain(s);
      if (text) {
        const flat = squeeze(text);
        for (const s of ['廃棄証明書', '東京リサイクル株式会社', 'PC-SN-7781', 'USB-0001', 'USB-0002', '物理的破壊', entry.hash]) expect(flat).toContain(s);
      }
      await cert.close();
      for (const d of desks) expect(d.errors).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'an incident opened two hours after its discovery shows its first report overdue and the rest due; a late first report is recorded and the report prints',
    async () => {
      const { server, people, enrolNew, desks } = await worlds.given();
      const boss = await enrolNew(people.boss.id);
      const { page } = boss;
      await page.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: 'インシデント' }).click();
      const form = page.getByRole('form', { name: 'インシデントの記録' });
      const discoveredAt = Date.now() - 2 * 3_600_000;
      await form.getByLabel('種別').selectOption('lost_asset');
      await form.getByLabel('件名').fill('USBメモリの紛失');
      await form.getByLabel('発見日時').fill(await localInput(page, discoveredAt));
      await form.getByLabel('紛失・漏えいしたもの').fill('USBメモリ（暗号化済み）');
      await form.getByLabel('数量').fill('1');
      await form.getByLabel('場所').fill('執務室');
      await form.getByLabel('状況（どのように起きたか）').fill('作業後の点検で所在不明が判明');
      await form.getByRole('button', { name: '記録する' }).click();
      await page.getByRole('table', { name: '報告の期限' }).waitFor();

      const deadlines = await rows(page, '報告の期限');
      expect(deadlines.map((r) => [r[0], r[3]])).toEqual([
        ['第一報（1時間以内）', '期限超過・未報告'],
        ['詳細報告（8時間以内）', '未報告（期限前）'],
        ['是正処置案（24時間以内）', '未報告（期限前）'],
        ['是正措置の実施報告（48時間以内）', '未報告（期限前）'],
      ]);
      // The due times are discovery + 1 h and + 48 h, shown in the browser's time zone.
      const shown = (ms: number) => page.evaluate((t) => new Intl.DateTimeFormat('ja-JP', { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(new Date(t)), ms);
      const stored = Math.floor(discoveredAt / 1000) * 1000;
      expect(deadlines[0]![1]).toBe(await shown(stored + 3_600_000));
      expect(deadlines[3]![1]).toBe(await shown(stored + 48 * 3_600_000));
      expect(await page.getByRole('row', { name: /第一報/ }).getAttribute('class')).toBe('overdue');
      await screenshot(page, 'console-incident-deadlines');
      // In English by the toggle, the same deadlines.
      await page.getByRole('button', { name: 'Switch to English' }).click();
      await expect.poll(async () => (await rows(page, 'Deadlines')).map((r) => r[3])).toEqual(['Overdue', 'Due', 'Due', 'Due']);
      await screenshot(page, 'console-incident-deadlines-en');
      await page.getByRole('button', { name: '日本語に切り替え' }).click();

      // The list shows it as overdue, also under the overdue filter.
      await page.getByRole('link', { name: 'インシデントの一覧へ' }).click();
      await page.getByLabel('表示').selectOption('overdue');
      await expect.poll(async () => (await rows(page, 'インシデント')).map((r) => r[1])).toEqual([expect.stringContaining('USBメモリの紛失')]);
      expect((await rows(page, 'インシデント'))[0]![4]).toContain('期限超過・未報告');
      await screenshot(page, 'console-incidents');

      // The first report, late: the stage is preselected.
      await page.getByRole('link', { name: 'USBメモリの紛失' }).click();
      const update = page.getByRole('form', { name: '報告を記録' });
      expect(await update.getByLabel('段階').inputValue()).toBe('first_report');
      await update.getByLabel('報告の内容').fill('委託元の担当課へ電話で第一報');
      await update.getByRole('button', { name: '報告を記録する' }).click();
      await expect.poll(async () => (await rows(page, '報告の期限'))[0]![3]).toBe('期限後に報告');
      expect((await rows(page, '対応の履歴')).map((r) => r[2])).toEqual(['USBメモリの紛失', '委託元の担当課へ電話で第一報']);

      const href = (await page.getByRole('link', { name: '報告書を印刷' }).getAttribute('href'))!;
      const { page: report, text } = await printToPdf(boss.context, `${server.origin}${href}`, 'console-incident-report');
      expect(await report.locator('body').innerText()).toContain('情報セキュリティインシデント報告書');
      if (text) for (const s of ['USBメモリの紛失', '執務室', '作業後の点検で所在不明が判明']) expect(squeeze(text)).toContain(s);
      await report.close();

      // The auditor reads it, with no way to change it.
      const auditor = await enrolNew(people.auditor.id);
      await auditor.page.goto(`${server.origin}${new URL(page.url()).pathname}`);
      await auditor.page.getByRole('table', { name: '報告の期限' }).waitFor();
      expect(await auditor.page.getByRole('form', { name: '報告を記録' }).count()).toBe(0);
      expect(await auditor.page.getByRole('form', { name: '終結' }).count()).toBe(0);
      await auditor.page.goto(`${server.origin}/console/incidents`);
      await auditor.page.getByRole('table', { name: 'インシデント' }).waitFor();
      expect(await auditor.page.getByRole('form', { name: 'インシデントの記録' }).count()).toBe(0);
      for (const d of desks) expect(d.errors).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'the monthly report: the month’s entries, exits, refusals, disposal and incident on screen and in the printed PDF, with the journal verified',
    async () => {
      const { server, api, areaId, people, enrolNew, desks } = await worlds.given();
      // The month's events, set up through the API as the kiosk and the desks make them.
      const boss = await enrolNew(people.boss.id);
      const bossApi = await apiOf(boss, server);
      const disposal = await api.post<{ id: number }>('/api/disposal/requests', { siteId: FIRST_SITE, responsibleId: FIRST_ADMIN, items: [{ mediaName: 'DVD-R', quantity: 3, serialNumbers: '' }], method: 'shredding', plannedDate: await boss.page.evaluate(() => new Date().toLocaleDateString('sv-SE')), vendor: '北浜処理センター' });
      await bossApi.post(`/api/disposal/requests/${disposal.id}/approve`, { note: '' });
      await new Promise((r) => setTimeout(r, 5));
      await bossApi.post(`/api/disposal/requests/${disposal.id}/execution`, {
        executedAt: new Date().toISOString(),
        vendor: '北浜処理センター',
        responsiblePersonId: people.boss.id,
        executorName: '北浜 作業員',
        witnessPersonId: people.witness.id,
        certificateNumber: 'KH-77',
      });
      await bossApi.post('/api/incidents', { kind: 'lost_badge', title: '名札の紛失', discoveredAt: new Date(Date.now() - 60_000).toISOString() });
      const token = await givenKioskToken(api, server, [areaId]);
      const badge = (await api.post<{ payload: string }>(`/api/people/${people.worker.id}/badges`)).payload;
      await kioskBadgeEvent(server, token, areaId, badge, 'in');
      await kioskBadgeEvent(server, token, areaId, badge, 'out');
      await kioskBadgeEvent(server, token, areaId, badge, 'in');
      const witnessBadge = (await api.post<{ payload: string }>(`/api/people/${people.witness.id}/badges`)).payload;
      const refused = await kioskBadgeAttempt(server, token, areaId, witnessBadge, 'in');
      expect(refused.event.refusalReason).toBe('not_authorized');

      const auditor = await enrolNew(people.auditor.id);
      const { page } = auditor;
      await page.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: '月次報告' }).click();
      const figures = page.getByRole('definition');
      await figures.first().waitFor();
      const fact = async (group: string, name: string) => {
        const dl = page.getByLabel(group, { exact: true });
        return dl.evaluate((el, n) => {
          const dts = Array.from(el.querySelectorAll('dt'));
          const dt = dts.find((d) => d.textContent?.trim() === n);
          return dt?.nextElementSibling?.textContent ?? null;
        }, name);
      };
      expect(await fact('入退室', '入室')).toBe('2');
      expect(await fact('入退室', '退室')).toBe('1');
      expect(await fact('入退室', '入室拒否')).toBe('1');
      expect(await fact('入退室', 'この区域への入室が許可されていません')).toBe('1');
      expect(await fact('入退室', '退室記録のない入室')).toBe('1');
      expect(await fact('持込・持出と資産', '廃棄の実施')).toBe('1');
      expect(await fact('インシデントと異常', 'インシデント（発見）')).toBe('1');
      await page.getByText(/記録の検証：改ざんはありません/).waitFor();
      const head = server.deps.sqlite.prepare('select seq, hash from journal order by seq desc limit 1').get() as { seq: number; hash: string };
      expect(await page.locator('code.digest').textContent()).toBe(head.hash);
      await screenshot(page, 'console-monthly-report');

      const href = (await page.getByRole('link', { name: '印刷用ページ' }).getAttribute('href'))!;
      expect(href).toMatch(/^\/api\/reports\/monthly\?month=\d{4}-\d{2}&format=html$/);
      const { page: printed, text } = await printToPdf(auditor.context, `${server.origin}${href}`, 'console-monthly-report');
      expect(await printed.locator('body').innerText()).toContain('セキュリティ保全状況報告書');
      if (text) {
        const flat = squeeze(text);
        for (const s of ['セキュリティ保全状況報告書', '入室:2', '退室:1', '入室拒否:1', '退室記録のない入室:1', '廃棄の実施:1', '発生（発見）:1', '改ざんなし']) expect(flat).toContain(s);
      }
      await printed.close();

      const csvHref = (await page.getByRole('link', { name: 'CSVをダウンロード' }).getAttribute('href'))!;
      expect(csvHref).toBe(href.replace('format=html', 'format=csv'));
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'CSVをダウンロード' }).click()]);
      // The Japanese name from filename* (RFC 5987); filename= keeps the ASCII one for older clients (decision 0024).
      expect(download.suggestedFilename()).toMatch(/^月次報告_.+_\d{4}-\d{2}\.csv$/);
      const [workbook] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Excel形式でダウンロード' }).click()]);
      expect(workbook.suggestedFilename()).toMatch(/^月次報告_.+_\d{4}-\d{2}\.xlsx$/);
      expect([...readFileSync((await workbook.path())!).subarray(0, 2)]).toEqual([0x50, 0x4b]);
      for (const d of desks) expect(d.errors).toEqual([]);
    },
    TIMEOUT,
  );
});
