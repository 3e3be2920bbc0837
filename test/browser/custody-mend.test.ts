import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot } from './support/browser.ts';
import { enrolNew, givenPerson, TIMEOUT } from './console-world.ts';
import { closeWorld, custodyWorld, givenAsset, type CustodyWorld } from './custody-world.ts';

describe('a request the requester can mend (issue 17)', () => {
  let browser: Browser;
  let world: CustodyWorld | undefined;

  beforeAll(async () => {
    browser = await launchBrowser();
  }, TIMEOUT);
  afterAll(async () => {
    await closeWorld(world);
    await browser?.close().catch(() => undefined);
  });

  it(
    'the form refuses a storage asset without its virus-scan record in the server’s words; the requester then withdraws the pending request',
    async () => {
      world = await custodyWorld(browser);
      const { server, api, areaId, desks } = world;
      const worker = await givenPerson(api, { name: '保守 太郎', kana: 'ほしゅ たろう', roles: ['worker'] }, [areaId]);
      await givenAsset(api, { assetNumber: 'USB-0042', kind: 'usb_memory', custodianId: worker.id });
      const desk = await enrolNew(browser, server, api, worker.id, desks);
      const w = desk.page;
      const requestCount = () => (server.deps.sqlite.prepare('select count(*) as n from custody_requests').get() as { n: number }).n;

      await w.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: '持込・持出申請' }).click();
      await w.getByRole('link', { name: '新しい申請' }).click();
      const form = w.getByRole('form', { name: '持込・持出の申請' });
      await form.waitFor();
      await form.getByLabel('区域').selectOption({ label: '本庁舎 / 執務室' });
      await form.getByLabel('目的', { exact: true }).fill('データの受け渡し');
      await form.getByLabel('責任者').selectOption({ index: 1 });
      await form.getByRole('button', { name: /＋ USB-0042/ }).click();
      await form.getByRole('button', { name: '申請する' }).click();
      // Found by its id: the form's accessible name changes with the language.
      const itemsError = w.locator('form [id$="-items-error"]');
      await itemsError.waitFor();
      expect(await itemsError.textContent()).toBe('USB-0042 にはウイルスチェックの記録がないため承認できません');
      expect(requestCount()).toBe(0);
      await screenshot(w, 'custody-mend-scan-refused');
      await w.getByRole('button', { name: 'Switch to English' }).click();
      expect(await itemsError.textContent()).toBe('USB-0042 has no virus-scan record and cannot be approved');
      await screenshot(w, 'custody-mend-scan-refused-en');
      await w.getByRole('button', { name: '日本語に切り替え' }).click();

      // With the record filled in, the request is made and submitted.
      const item = form.getByRole('listitem', { name: 'USB-0042' });
      const today = await w.evaluate(() => new Date().toISOString().slice(0, 10));
      await item.getByLabel('チェック日').fill(today);
      await item.getByLabel('チェックツール').fill('ウイルスバスター');
      await item.getByLabel('定義ファイルの日付').fill(today);
      await item.getByLabel('結果').selectOption('clean');
      await form.getByRole('button', { name: '申請する' }).click();
      await w.getByText(/を提出しました。承認を待っています。/).waitFor();
      const requestId = Number(/\/console\/requests\/(\d+)/.exec(w.url())![1]);

      // Pending: the requester sees 編集 and 取り下げ; withdrawing asks once more.
      const mend = w.getByRole('region', { name: '申請の変更・取り下げ' });
      await mend.getByRole('link', { name: '編集' }).waitFor();
      await screenshot(w, 'custody-mend-pending');
      await w.getByRole('button', { name: 'Switch to English' }).click();
      await w.getByRole('region', { name: 'Change or withdraw the request' }).getByRole('button', { name: 'Withdraw' }).waitFor();
      await screenshot(w, 'custody-mend-pending-en');
      await w.getByRole('button', { name: '日本語に切り替え' }).click();

      // Editing keeps it awaiting approval.
      await mend.getByRole('link', { name: '編集' }).click();
      const edit = w.getByRole('form', { name: '持込・持出の申請' });
      await edit.getByLabel('目的', { exact: true }).fill('データの受け渡し（2回目）');
      await screenshot(w, 'custody-mend-edit');
      await edit.getByRole('button', { name: '変更を保存する' }).click();
      await w.getByText(`申請 ${requestId} の変更を保存しました。`).waitFor();
      const summary = w.getByRole('region', { name: '申請の内容' });
      expect(await summary.textContent()).toContain('データの受け渡し（2回目）');
      expect(await summary.textContent()).toContain('承認待ち');

      await mend.getByRole('button', { name: '取り下げ' }).click();
      const confirm = mend.getByRole('group', { name: '取り下げの確認' });
      await confirm.waitFor();
      await screenshot(w, 'custody-mend-withdraw-confirm');
      await confirm.getByRole('button', { name: '取り下げる' }).click();
      await summary.getByText('取り下げ済み').waitFor();
      expect(await mend.count()).toBe(0);
      const row = server.deps.sqlite.prepare('select status from custody_requests where id = ?').get(requestId) as { status: string };
      expect(row.status).toBe('withdrawn');
      const journal = server.deps.sqlite.prepare("select count(*) as n from journal where action = 'custody_request.withdrawn'").get() as { n: number };
      expect(journal.n).toBe(1);
      await screenshot(w, 'custody-mend-withdrawn');
      expect(desk.errors).toEqual([]);
    },
    TIMEOUT,
  );
});
