import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { launchBrowser, screenshot } from './support/browser.ts';
import { givenKioskToken, kioskBadgeAttempt, kioskBadgeEvent, rows, TIMEOUT } from './console-world.ts';
import { complianceWorlds } from './compliance-world.ts';
import { FIRST_ADMIN, FIRST_SITE } from './support/firsts.ts';

describe('the staff console: offboarding, training, schedules and anomaly rules, contract end (A4, A5, B7, C10, E5, E6)', () => {
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
    'an admin records a course, then offboards a worker in one action: the worker’s live session ends, the badge comes back and a lost laptop opens an incident',
    async () => {
      const { server, admin, api, areaId, people, enrolNew, desks } = await worlds.given();
      const badge = (await api.post<{ payload: string }>(`/api/people/${people.worker.id}/badges`)).payload;
      const token = await givenKioskToken(api, server, [areaId]);
      const laptop = await api.post<{ id: number; assetNumber: string }>('/api/assets', { kind: 'laptop', ownerType: 'city_loaned', serialNumber: 'LN-4410', custodianId: people.worker.id });
      const worker = await enrolNew(people.worker.id);
      const { page } = admin;

      // Training (A4): the area requires a course; until 渡辺 has it, the kiosk refuses him.
      await page.goto(`${server.origin}/console/areas/${areaId}`);
      const policy = page.getByRole('form', { name: '入室に必要な研修' });
      await policy.getByLabel('研修名').fill('情報セキュリティ基礎研修');
      await policy.getByRole('button', { name: '設定する' }).click();
      await page.getByText('「情報セキュリティ基礎研修」の有効な受講記録がない人は、受付端末で入室を拒否されます。').waitFor();
      expect((await kioskBadgeAttempt(server, token, areaId, badge, 'in')).event.refusalReason).toBe('training_missing');

      // Everyone is untrained; a course recorded for 渡辺 takes him off the list and lets him in.
      await page.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: 'セキュリティ研修' }).click();
      expect(await page.getByRole('heading', { name: '区域が求める研修' }).locator('xpath=..').innerText()).toContain('情報セキュリティ基礎研修');
      await expect.poll(async () => (await rows(page, '未受講・期限切れ')).map((r) => r[0]).join('|')).toContain('渡辺 健');
      await page.getByRole('link', { name: '渡辺 健' }).click();
      const course = page.getByRole('form', { name: '研修の受講を記録' });
      await course.getByLabel('研修名').fill('情報セキュリティ基礎研修');
      await course.getByRole('button', { name: '受講を記録' }).click();
      await expect.poll(() => rows(page, '研修の記録')).toEqual([['情報セキュリティ基礎研修', expect.any(String), '期限なし', '有効']]);
      await screenshot(page, 'console-person-training');
      await page.goto(`${server.origin}/console/training`);
      await page.getByRole('table', { name: '未受講・期限切れ' }).waitFor();
      const untrained = (await rows(page, '未受講・期限切れ')).map((r) => r[0]!);
      expect(untrained.join('|')).toContain('立会 太郎');
      expect(untrained.join('|')).not.toContain('渡辺 健');
      await kioskBadgeEvent(server, token, areaId, badge, 'in');

      // Offboarding (A5): one action.
      await page.goto(`${server.origin}/console/roster/${people.worker.id}`);
      await page.getByRole('link', { name: '離任の手続き・未返却品' }).click();
      const offboard = page.getByRole('form', { name: '離任' });
      await offboard.getByLabel('理由').fill('契約期間の満了');
      await offboard.getByRole('button', { name: '離任にしてすべて失効させる' }).click();
      await page.getByText(/離任にしました。パスキー 1 件、セッション 1 件、名札 1 件/).waitFor();
      const items = () => rows(page, '未返却の品目').then((r) => r.map((c) => c[0]));
      await expect.poll(items).toEqual(['QR名札 No.1', `ノートPC ${laptop.assetNumber}`]);
      await screenshot(page, 'console-offboarding');

      // The worker's session ended with it: their next call lands on the sign-in screen.
      await worker.page.reload();
      await worker.page.getByRole('button', { name: 'パスキーでサインイン' }).waitFor();

      await page.getByRole('row', { name: /QR名札 No\.1/ }).getByRole('button', { name: '返却された' }).click();
      await expect.poll(items).toEqual([`ノートPC ${laptop.assetNumber}`]);
      const row = page.getByRole('row', { name: new RegExp(laptop.assetNumber) });
      await row.getByRole('button', { name: '紛失の届出' }).click();
      const lost = page.getByRole('form', { name: /の紛失$/ });
      await lost.getByRole('button', { name: '紛失として記録' }).click();
      expect(await lost.getByLabel('紛失の状況').getAttribute('aria-invalid')).toBe('true');
      await lost.getByLabel('紛失した場所').fill('最寄り駅');
      await lost.getByLabel('紛失の状況').fill('退職日の帰宅途中に紛失したと本人から申告');
      await lost.getByRole('button', { name: '紛失として記録' }).click();
      await page.getByText('すべて返却済み（または紛失の届出済み）です。').waitFor();
      await page.getByRole('link', { name: /^No\.\d+$/ }).click();
      await page.getByRole('table', { name: '報告の期限' }).waitFor();
      expect(await page.locator('main').innerText()).toContain('退職日の帰宅途中に紛失したと本人から申告');
      expect(server.deps.sqlite.prepare('select status from assets where id = ?').get(laptop.id)).toEqual({ status: 'lost' });
      await screenshot(page, 'console-offboarding-incident');
      for (const d of desks) expect(d.errors).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'a schedule entered on the person’s page and an after-hours rule set by the admin flag an entry outside both; a malformed time is refused next to its field',
    async () => {
      const { server, admin, api, areaId, people, desks } = await worlds.given();
      const { page } = admin;
      await page.goto(`${server.origin}/console/roster/${people.worker.id}`);
      const today = await page.evaluate(() => new Date().toLocaleDateString('sv-SE'));
      const otherDay = `${today.slice(0, 7)}-${today.endsWith('-01') ? '02' : '01'}`;
      const schedule = page.getByRole('form', { name: '勤務予定の入力' });
      await schedule.getByRole('button', { name: '勤務を追加' }).click();
      await schedule.getByLabel('日付（勤務1）').fill(otherDay);
      await schedule.getByLabel('開始（勤務1）').fill('09:00');
      await schedule.getByLabel('終了（勤務1）').fill('17:30');
      await schedule.getByRole('button', { name: 'この月の予定を保存' }).click();
      await schedule.getByText('保存しました。').waitFor();
      await page.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: '勤務予定表' }).click();
      await expect.poll(() => rows(page, '勤務予定')).toEqual([['渡辺 健', otherDay, '09:00–17:30']]);

      await page.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: '異常の検知' }).click();
      const settings = page.getByRole('form', { name: '検知ルールの設定' });
      await settings.getByLabel('時間外の開始（HH:MM）').fill('25:00');
      await settings.getByRole('button', { name: '設定を保存' }).click();
      const error = settings.locator('[id$="-afterHoursStart-error"]');
      await error.waitFor();
      expect(await error.textContent()).toBe('時刻は HH:MM の形で入力してください');
      await settings.getByLabel('時間外の開始（HH:MM）').fill('00:00');
      await settings.getByLabel('時間外の終了（HH:MM）').fill('23:59');
      await settings.getByLabel('長時間在室（時間、0で無効）').fill('0');
      await settings.getByRole('button', { name: '設定を保存' }).click();
      await settings.getByText('無効のルール：長時間の在室').waitFor();

      const token = await givenKioskToken(api, server, [areaId]);
      const badge = (await api.post<{ payload: string }>(`/api/people/${people.worker.id}/badges`)).payload;
      await kioskBadgeEvent(server, token, areaId, badge, 'in');
      await page.reload();
      const flagged = () => rows(page, '検知された異常').then((r) => r.map((c) => `${c[1]}:${c[2]}`).sort());
      await expect.poll(flagged).toEqual(['勤務予定外の入室:渡辺 健', '時間外の入室:渡辺 健']);
      await screenshot(page, 'console-anomalies');
      for (const d of desks) expect(d.errors).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'a worker requests the disposal of media by name (no asset picker), sees only their own request, and cannot decide it',
    async () => {
      const { server, api, people, enrolNew, desks } = await worlds.given();
      await api.post('/api/disposal/requests', { siteId: FIRST_SITE, responsibleId: FIRST_ADMIN, items: [{ mediaName: '他人の媒体', quantity: 1, serialNumbers: '' }], method: 'shredding', plannedDate: '2999-01-01', vendor: '他社' });
      const worker = await enrolNew(people.worker.id);
      const { page } = worker;
      await page.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: '廃棄' }).click();
      const request = page.getByRole('form', { name: '廃棄申請' });
      await request.getByLabel('媒体名（品目1）').waitFor();
      expect(await request.getByLabel('登録済みの資産（品目1）').count()).toBe(0);
      await request.getByLabel('廃棄方法').selectOption('degaussing');
      await request.getByLabel('廃棄業者').fill('磁気消去サービス');
      await request.getByLabel('拠点').selectOption({ index: 1 });
      await request.getByLabel('責任者').selectOption({ index: 1 });
      await request.getByRole('button', { name: '廃棄を申請する' }).click();
      expect(await request.getByRole('alert').first().textContent()).toBe('各品目の媒体名を入力するか、資産を選んでください');
      await request.getByLabel('媒体名（品目1）').fill('磁気テープ');
      await request.getByLabel('数量（品目1）').fill('4');
      await request.getByRole('button', { name: '廃棄を申請する' }).click();
      await page.getByText('業務責任者の承認を待っています。', { exact: true }).waitFor();
      expect(await page.getByRole('form', { name: '承認' }).count()).toBe(0);
      await page.getByRole('link', { name: '廃棄申請の一覧へ' }).click();
      await expect.poll(async () => (await rows(page, '廃棄申請')).map((r) => r[1])).toEqual(['磁気テープ ×4']);
      expect(server.deps.sqlite.prepare('select count(*) as n from disposal_requests').get()).toEqual({ n: 2 });
      for (const d of desks) expect(d.errors).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'contract end: the reconciliation lists what is still out; the admin makes the city export, the auditor an evidence package, and their files download with the manifest’s SHA-256',
    async () => {
      const { server, admin, api, people, enrolNew, desks } = await worlds.given();
      await api.post('/api/assets', { kind: 'usb_memory', ownerType: 'city_loaned', serialNumber: 'CL-0099', description: '貸与USB', custodianId: people.worker.id });
      const { page } = admin;
      await page.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: '契約終了・監査' }).click();
      await page.getByText(/未精算の項目があります/).waitFor();
      expect((await rows(page, '市の貸与品'))[0]![1]).toContain('CL-0099');
      expect(await page.locator('main').innerText()).toContain('渡辺 健');
      await page.getByRole('form', { name: '市への引き渡し' }).getByRole('button', { name: '引き渡し用データを作成' }).click();
      await expect.poll(async () => (await rows(page, '作成済みのパッケージ')).map((r) => r[0])).toEqual([expect.stringContaining('市への引き渡し')]);
      await screenshot(page, 'console-contract-end');

      const auditor = await enrolNew(people.auditor.id);
      const ap = auditor.page;
      await ap.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: '契約終了・監査' }).click();
      await ap.getByRole('form', { name: '監査用の証跡パッケージ' }).waitFor();
      expect(await ap.getByRole('form', { name: '市への引き渡し' }).count()).toBe(0);
      await ap.getByRole('form', { name: '監査用の証跡パッケージ' }).getByRole('button', { name: 'パッケージを作成' }).click();
      await expect.poll(async () => (await rows(ap, '作成済みのパッケージ')).map((r) => r[0]!.replace(/\d.*$/, ''))).toEqual(['証跡パッケージ', '市への引き渡し']);
      const evidence = ap.getByRole('row', { name: /証跡パッケージ/ });
      await evidence.getByRole('button', { name: /ファイル一覧/ }).click();
      const fileLink = evidence.getByRole('link', { name: /\.csv$/ }).first();
      await fileLink.waitFor();
      const path = (await fileLink.textContent())!;
      const [download] = await Promise.all([ap.waitForEvent('download'), fileLink.click()]);
      const bytes = readFileSync((await download.path())!);
      const [manifestDownload] = await Promise.all([ap.waitForEvent('download'), evidence.getByRole('link', { name: '目録（manifest.json）' }).click()]);
      const manifest = JSON.parse(readFileSync((await manifestDownload.path())!, 'utf8')) as { files: { path: string; sha256: string; bytes: number }[] };
      const listed = manifest.files.find((f) => f.path === path)!;
      expect(listed.bytes).toBe(bytes.length);
      const { createHash } = await import('node:crypto');
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(listed.sha256);
      expect(await evidence.innerText()).toContain(listed.sha256.slice(0, 16));
      await screenshot(ap, 'console-evidence-package');
      for (const d of desks) expect(d.errors).toEqual([]);
    },
    TIMEOUT,
  );
});
