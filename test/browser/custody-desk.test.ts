import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import jsQRModule from 'jsqr';
import { launchBrowser, screenshot } from './support/browser.ts';
import { apiOf, carryKeyTo, enrolNew, givenPerson, rows, TIMEOUT } from './console-world.ts';
import { enterButton, wedgeScan } from './kiosk-world.ts';
import { closeWorld, custodyWorld, givenAsset, movements, openKiosk, type CustodyWorld } from './custody-world.ts';
import { FIRST_ADMIN, FIRST_SITE } from './support/firsts.ts';

// jsqr is CommonJS: under vitest its function is the default export's default.
const jsQR = ((jsQRModule as unknown as { default?: unknown }).default ?? jsQRModule) as (data: Uint8ClampedArray, w: number, h: number) => { data: string } | null;

describe('asset custody at the desk and at the door: the registry and its labels, on-the-spot approval, the ledger sign-off (issue 5)', () => {
  let browser: Browser;
  const worlds: CustodyWorld[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
  }, TIMEOUT);
  afterAll(async () => {
    for (const w of worlds) await closeWorld(w);
    await browser?.close();
  });

  it(
    'an admin registers assets (a duplicate number refused at the field), imports a CSV (bad rows named), prints a label sheet whose QR codes decode, and reports an asset lost',
    async () => {
      const world = await custodyWorld(browser);
      worlds.push(world);
      const { page } = world.admin;
      await page.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: '資産台帳' }).click();
      const register = async (number: string) => {
        await page.getByRole('button', { name: '資産を登録' }).click();
        const form = page.getByRole('form', { name: '資産を登録' });
        await form.getByLabel('管理番号').fill(number);
        await form.getByLabel('種別').selectOption({ label: 'ノートPC' });
        await form.getByLabel('所有区分').selectOption({ label: '受託者所有' });
        await form.getByLabel('説明').fill('設計用ノートPC');
        await form.getByRole('button', { name: '登録' }).click();
        return form;
      };
      await register('PC-X-1');
      await page.getByRole('link', { name: 'PC-X-1' }).waitFor();
      const again = await register('PC-X-1');
      const numberError = again.locator('[id$="-assetNumber-error"]');
      await numberError.waitFor();
      expect(await numberError.textContent()).toBe('管理番号 PC-X-1 はすでに登録されています');
      await again.getByLabel('所有区分').selectOption({ label: '私物' });
      await again.getByText('私物は持込・持出できません').waitFor();
      await screenshot(page, 'console-asset-register-error');
      await again.getByRole('button', { name: 'やめる' }).click();

      const csvForm = page.getByRole('form', { name: 'CSVから一括登録' });
      await csvForm.getByLabel('CSVの内容').fill('asset_number,kind,owner_type\nUSB-1,usb_memory,contractor\nUSB-2,toaster,contractor\n');
      await csvForm.getByRole('button', { name: '一括登録' }).click();
      const problem = csvForm.getByRole('alert');
      await problem.waitFor();
      expect(await problem.textContent()).toContain('rows.1.kind');
      expect(world.server.deps.sqlite.prepare("select count(*) as n from assets where asset_number like 'USB-%'").get()).toEqual({ n: 0 });
      await csvForm.getByLabel('CSVの内容').fill('asset_number,kind,owner_type\nUSB-1,usb_memory,contractor\nUSB-2,external_disk,city_loaned\n');
      await csvForm.getByRole('button', { name: '一括登録' }).click();
      await csvForm.getByText('2件を登録しました。').waitFor();
      await page.getByRole('link', { name: 'USB-2' }).waitFor();

      // A sheet for two of them: two labels, each QR code read back to its asset's tag.
      await page.getByRole('checkbox', { name: 'PC-X-1 を選ぶ' }).check();
      await page.getByRole('checkbox', { name: 'USB-2 を選ぶ' }).check();
      const sheetLink = page.getByRole('link', { name: '選んだ2件のラベルを印刷（A4・24面）' });
      const sheet = await world.admin.context.newPage();
      await sheet.goto(`${world.server.origin}${await sheetLink.getAttribute('href')}`);
      expect(await sheet.locator('.label').count()).toBe(2);
      // Each label's QR drawn on a canvas in the page; its pixels decoded here with jsQR.
      const images = await sheet.evaluate(async () => {
        const out: number[][] = [];
        for (const svg of Array.from(document.querySelectorAll('svg.qr'))) {
          const img = new Image();
          img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(svg))}`;
          await img.decode();
          const canvas = Object.assign(document.createElement('canvas'), { width: 240, height: 240 });
          const ctx = canvas.getContext('2d')!;
          ctx.drawImage(img, 0, 0, 240, 240);
          out.push(Array.from(ctx.getImageData(0, 0, 240, 240).data));
        }
        return out;
      });
      const decoded = images.map((px) => jsQR(Uint8ClampedArray.from(px), 240, 240)?.data ?? '');
      const tags = world.server.deps.sqlite.prepare("select asset_number as n from assets where asset_number in ('PC-X-1', 'USB-2') order by id").all() as { n: string }[];
      expect(decoded).toEqual(tags.map((t) => expect.stringMatching(new RegExp(`^LA1:${t.n}:[0-9A-Z]$`))));
      await screenshot(sheet, 'console-asset-label-sheet');
      await sheet.close();

      // The asset's page: its label, then reported lost with a note.
      await page.getByRole('link', { name: 'PC-X-1' }).click();
      await page.getByRole('heading', { name: '資産の詳細' }).waitFor();
      const label = page.getByRole('img', { name: 'PC-X-1 のQRラベル' });
      await expect.poll(() => label.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
      const status = page.getByRole('form', { name: '状態の変更' });
      await status.getByLabel('新しい状態').selectOption({ label: '紛失' });
      await status.getByLabel('経緯・備考').fill('打合せ後に所在不明');
      await status.getByRole('button', { name: '状態を変更' }).click();
      await page.locator('h2 .tag', { hasText: '紛失' }).waitFor();
      expect((await rows(page, '監査ログ')).map((r) => r[2])).toEqual(['資産の登録', '資産の紛失の届出']);
      await screenshot(page, 'console-asset-detail');
      expect(world.admin.errors).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'a guard approves a carry-in on the spot at the kiosk with their own security key; the supervisor signs the day\'s 持込・持出管理簿 off',
    async () => {
      const world = await custodyWorld(browser);
      worlds.push(world);
      const { server, api, areaId, desks } = world;
      const worker = await givenPerson(api, { name: '搬入 花子', kana: 'はんにゅう はなこ', roles: ['worker'] }, [areaId]);
      const guardPerson = await givenPerson(api, { name: '警備 守', kana: 'けいび まもる', roles: ['guard'] });
      const boss = await givenPerson(api, { name: '監督 次郎', kana: 'かんとく じろう', roles: ['supervisor'] });
      const disk = await givenAsset(api, { assetNumber: 'HDD-7', kind: 'external_disk', custodianId: worker.id });
      const workerDesk = await enrolNew(browser, server, api, worker.id, desks);
      const workerApi = await apiOf(workerDesk, server);
      const today = new Date().toISOString().slice(0, 10);
      const scan = { date: new Date().toISOString(), tool: 'ESET', definitionsDate: today, result: 'clean' };
      const draft = await workerApi.post<{ id: number }>('/api/custody/requests', { responsibleId: FIRST_ADMIN, 
        kind: 'carry_in', areaId, purpose: 'バックアップの持込', windowFrom: new Date(Date.now() - 60_000).toISOString(), windowTo: new Date(Date.now() + 4 * 3_600_000).toISOString(),
        items: [{ assetId: disk.id, scan }],
      });
      await workerApi.post(`/api/custody/requests/${draft.id}/submit`);
      const guardDesk = await enrolNew(browser, server, api, guardPerson.id, desks);

      // No camera on this tablet: the barcode reader identifies and scans. The request is not approved yet.
      const { page: k, errors } = await openKiosk(browser, world, [areaId]);
      await carryKeyTo(guardDesk, k);
      const badge = (await api.post<{ payload: string }>(`/api/people/${worker.id}/badges`)).payload;
      await enterButton(k).click();
      await k.getByRole('heading', { name: '入室：本人確認' }).waitFor();
      await wedgeScan(k, badge);
      await k.getByRole('button', { name: '定常作業', exact: true }).click();
      await k.getByRole('button', { name: '持込・持出の機器をスキャン' }).click();
      await k.getByText('カメラが見つかりません。').waitFor();
      await wedgeScan(k, disk.tag);
      await k.getByRole('alert').filter({ hasText: 'この機器には承認済みの申請がありません。' }).waitFor();

      await k.getByRole('button', { name: '警備員によるその場承認' }).click();
      await k.getByLabel('申請番号', { exact: true }).fill(String(draft.id));
      await k.getByRole('button', { name: '申請を表示' }).click();
      const facts = k.getByRole('definition');
      await facts.filter({ hasText: 'HDD-7（外付けディスク）' }).waitFor();
      expect(await facts.allTextContents()).toEqual(expect.arrayContaining(['搬入 花子', 'バックアップの持込']));
      await screenshot(k, 'kiosk-spot-approval');
      await k.getByRole('button', { name: '自分のセキュリティキーで承認' }).click();
      await k.getByText(`申請 ${draft.id} をその場承認しました。`, { exact: false }).waitFor();
      const approvals = server.deps.sqlite.prepare('select approver_id as approverId, decision, on_the_spot as onTheSpot from custody_approvals').all();
      expect(approvals).toEqual([{ approverId: guardPerson.id, decision: 'approved', onTheSpot: 1 }]);
      await k.getByRole('button', { name: '戻る' }).click();
      await wedgeScan(k, disk.tag);
      await k.getByRole('status').filter({ hasText: '持込を記録しました' }).waitFor();
      expect(movements(server).map((m) => [m.result, m.refusal_reason])).toEqual([
        ['refused', 'no_approval'],
        ['accepted', null],
      ]);

      // The supervisor signs the day off with a passkey; the print page names the on-the-spot approval.
      const supervisor = await enrolNew(browser, server, api, boss.id, desks);
      const s = supervisor.page;
      await s.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: '持込・持出管理簿' }).click();
      await s.getByRole('table', { name: '持込・持出の記録' }).waitFor();
      expect((await rows(s, '持込・持出の記録'))[0]).toEqual(expect.arrayContaining(['HDD-7', '搬入 花子', '警備 守その場承認']));
      await s.getByRole('button', { name: 'パスキーで承認する' }).click();
      await s.getByText(/承認済み：監督 次郎/).waitFor();
      expect(server.deps.sqlite.prepare("select person_id as personId from ledger_signoffs where ledger = 'custody'").all()).toEqual([{ personId: boss.id }]);
      await screenshot(s, 'console-custody-ledger-signed');
      const print = await supervisor.context.newPage();
      await print.goto(`${server.origin}${await s.getByRole('link', { name: '印刷用ページ' }).getAttribute('href')}`);
      const printed = await print.locator('body').innerText();
      for (const word of ['持込・持出管理簿', 'HDD-7', '搬入 花子', '警備 守', '監督 次郎']) expect(printed).toContain(word);
      await print.close();
      const [download] = await Promise.all([s.waitForEvent('download'), s.getByRole('link', { name: 'CSVをダウンロード' }).click()]);
      const csv = readFileSync((await download.path())!);
      expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(csv.subarray(3).toString('utf8')).toContain('HDD-7');
      expect(errors).toEqual([]);
      for (const d of desks) expect(d.errors).toEqual([]);
    },
    TIMEOUT,
  );

});
