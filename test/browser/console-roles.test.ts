import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { apiOf, enrolNew, givenArea, givenPerson, openDesk, setupFirstAdmin, TIMEOUT, type Desk } from './console-world.ts';
import { givenAsset } from './custody-world.ts';
import { FIRST_ADMIN, FIRST_SITE } from './support/firsts.ts';

const APPROVE_REASON = '承認には警備員・受付または業務責任者の役割が必要です';

/** The header's name and roles, as the person reads it. */
const header = (page: Page) => page.getByTestId('me');

/** An in-app move through the side menu (no reload). */
async function nav(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name, exact: true }).click();
}

/** The signed-in admin ticks or unticks `role` on their own roster entry and saves. */
async function setOwnRole(page: Page, role: string, held: boolean): Promise<void> {
  await nav(page, 'ホーム');
  await page.getByRole('link', { name: '自分の役割を変える' }).click();
  const form = page.getByRole('form', { name: '名簿の編集' });
  await form.waitFor();
  await form.getByRole('checkbox', { name: role, exact: true }).setChecked(held);
  await form.getByRole('button', { name: '変更を保存' }).click();
  await page.getByText('保存しました。').waitFor();
}

describe('roles you can see (issue 17)', () => {
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
    'the first admin gets admin and supervisor by default; without an approver role the approve button says why; granting supervisor updates the header and the button without a reload',
    async () => {
      server = await startServer();
      const admin = await openDesk(browser, server);
      desks.push(admin);
      const page = admin.page;

      // Setup shows the roles with supervisor ticked by default; the admin keeps the default.
      await page.goto(`${server.origin}/setup#not-a-real-token-but-long-enough`);
      expect(await page.getByRole('checkbox', { name: '業務責任者' }).isChecked()).toBe(true);
      expect(await page.getByRole('checkbox', { name: '警備員・受付' }).isChecked()).toBe(false);
      await screenshot(page, 'roles-setup');
      await setupFirstAdmin(admin, server, undefined, { defaultRoles: true });
      expect(await header(page).textContent()).toBe('管理 一郎 (管理者・業務責任者)');
      const panel = page.getByRole('region', { name: 'できること' });
      await expect.poll(() => panel.getByRole('term').allTextContents()).toEqual(['管理者', '業務責任者']);
      await panel.getByText('持込・持出と廃棄の申請を承認・却下し').waitFor();
      await screenshot(page, 'roles-home');
      await page.getByRole('button', { name: 'Switch to English' }).click();
      await page.getByRole('region', { name: 'What you can do' }).waitFor();
      expect(await header(page).textContent()).toBe('管理 一郎 (Admin, Supervisor)');
      await screenshot(page, 'roles-home-en');
      await page.getByRole('button', { name: '日本語に切り替え' }).click();

      // A worker's carry-in request awaits approval.
      const api = await apiOf(admin, server);
      const { areaId } = await givenArea(api);
      const worker = await givenPerson(api, { name: '保守 太郎', kana: 'ほしゅ たろう', roles: ['worker'] }, [areaId]);
      const laptop = await givenAsset(api, { assetNumber: 'PC-ROLE-1', custodianId: worker.id });
      const workerApi = await apiOf(await enrolNew(browser, server, api, worker.id, desks), server);
      const request = await workerApi.post<{ id: number }>('/api/custody/requests', { responsibleId: FIRST_ADMIN, 
        kind: 'carry_in', areaId, purpose: '保守作業', windowFrom: new Date(Date.now() - 60_000).toISOString(), windowTo: new Date(Date.now() + 4 * 3_600_000).toISOString(),
        items: [{ assetId: laptop.id, scan: { date: new Date().toISOString(), tool: 'ESET', definitionsDate: new Date().toISOString().slice(0, 10), result: 'clean' } }],
      });
      await workerApi.post(`/api/custody/requests/${request.id}/submit`);

      // From here on the page is never reloaded: a marker on the window would be lost if it were.
      await page.evaluate(() => ((window as unknown as { unreloaded: boolean }).unreloaded = true));

      // The admin gives up supervisor: the header says so at once.
      await setOwnRole(page, '業務責任者', false);
      await expect.poll(() => header(page).textContent()).toBe('管理 一郎 (管理者)');
      await nav(page, 'ホーム');
      // The home page renders after the click returns: wait for what it shows, not for the click.
      await expect.poll(() => panel.getByRole('term').allTextContents()).toEqual(['管理者']);
      await expect.poll(() => panel.getByRole('listitem').allTextContents()).toEqual([
        '持込の承認には警備員・受付または業務責任者の役割が必要です',
        '持出・廃棄の承認と管理簿の確認印には業務責任者の役割が必要です',
      ]);
      await screenshot(page, 'roles-home-admin-only');

      // Without an approver role, the request shows approve and reject disabled, with the reason and who could.
      await nav(page, '持込・持出申請');
      await page.getByRole('link', { name: `申請 ${request.id}`, exact: true }).click();
      const approve = page.getByRole('button', { name: '承認', exact: true });
      await approve.waitFor();
      expect(await approve.isDisabled()).toBe(true);
      expect(await approve.getAttribute('aria-describedby').then((id) => page.locator(`[id="${id}"]`).textContent())).toBe(APPROVE_REASON);
      expect(await page.getByRole('button', { name: '却下', exact: true }).isDisabled()).toBe(true);
      await screenshot(page, 'roles-approve-disabled');
      await page.getByRole('button', { name: 'Switch to English' }).click();
      await page.getByText('Approving needs the guard or supervisor role').waitFor();
      await screenshot(page, 'roles-approve-disabled-en');
      await page.getByRole('button', { name: '日本語に切り替え' }).click();
      const requestPath = new URL(page.url()).pathname;

      // A disposal request and the daily ledger's sign-off say who could, too.
      const disposal = await workerApi.post<{ id: number }>('/api/disposal/requests', { siteId: FIRST_SITE, responsibleId: FIRST_ADMIN, items: [{ mediaName: 'DVD-R', quantity: 1, serialNumbers: '' }], method: 'shredding', plannedDate: '2999-01-01', vendor: '北浜処理センター' });
      await nav(page, '廃棄');
      await page.getByRole('link', { name: `No.${disposal.id}`, exact: true }).click();
      await page.getByText('承認には業務責任者の役割が必要です', { exact: true }).waitFor();
      expect(await page.getByRole('button', { name: '承認', exact: true }).isDisabled()).toBe(true);
      await nav(page, '入退室管理簿');
      await page.getByText('管理簿の承認には業務責任者の役割が必要です', { exact: true }).waitFor();
      expect(await page.getByRole('button', { name: 'パスキーで承認する' }).isDisabled()).toBe(true);

      // Granting themselves supervisor: header and button change without a reload.
      await setOwnRole(page, '業務責任者', true);
      await expect.poll(() => header(page).textContent()).toBe('管理 一郎 (管理者・業務責任者)');
      await nav(page, '持込・持出申請');
      await page.getByRole('link', { name: `申請 ${request.id}`, exact: true }).click();
      expect(new URL(page.url()).pathname).toBe(requestPath);
      const enabled = page.getByRole('form', { name: '承認' }).getByRole('button', { name: '承認' });
      await enabled.waitFor();
      expect(await enabled.isEnabled()).toBe(true);
      expect(await page.getByText(APPROVE_REASON).count()).toBe(0);
      await nav(page, '入退室管理簿');
      expect(await page.getByRole('button', { name: 'パスキーで承認する' }).isEnabled()).toBe(true);
      expect(await page.getByText('管理簿の承認には業務責任者の役割が必要です').count()).toBe(0);
      expect(await page.evaluate(() => (window as unknown as { unreloaded?: boolean }).unreloaded)).toBe(true);

      expect(desks.flatMap((d) => d.errors)).toEqual([]);
    },
    TIMEOUT,
  );
});
