import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot } from './support/browser.ts';
import type { RunningServer } from './support/server.ts';
import { apiOf, enrolNew, givenKioskToken, givenPerson, kioskBadgeEvent, signOut, TIMEOUT } from './console-world.ts';
import { closeWorld, custodyWorld, givenAsset, type CustodyWorld } from './custody-world.ts';
import { FIRST_ADMIN, FIRST_SITE } from './support/firsts.ts';

/** 甲's own staff member of the world's site, enrolled at a desk of their own. */
async function cityDesk(browser: Browser, w: CustodyWorld) {
  const organisationId = (await w.api.get<{ organisations: { id: number }[] }>('/api/organisations')).organisations[0]!.id;
  const person = await w.api.post<{ id: number }>('/api/people', { name: '新潟 市子', kana: 'にいがた いちこ', organisationId, roles: ['city'], siteIds: [FIRST_SITE] });
  return { person, desk: await enrolNew(browser, w.server, w.api, person.id, w.desks) };
}

/** Every API answer of 403 the page receives: a screen of 甲's menu must not need one. */
function watchRefusals(page: Page): string[] {
  const refused: string[] = [];
  page.on('response', (r) => {
    if (r.status() === 403 && new URL(r.url()).pathname.startsWith('/api/')) refused.push(`${r.request().method()} ${new URL(r.url()).pathname}`);
  });
  return refused;
}

async function kioskMovement(server: RunningServer, token: string, areaId: number, direction: 'in' | 'out', tag: string, accessEventId: number) {
  const res = await fetch(`${server.origin}/api/kiosk/movements`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ idempotencyKey: crypto.randomUUID(), areaId, direction, scannedCode: tag, accessEventId }),
  });
  const body = (await res.json()) as { movement: { result: string } };
  if (res.status !== 201) throw new Error(`kiosk movement: ${res.status} ${JSON.stringify(body)}`);
  return body.movement;
}

describe("甲's console: the network permission on the asset's page, and 甲's own menu (C7, F1, F4)", () => {
  let browser: Browser;
  const worlds: CustodyWorld[] = [];
  beforeAll(async () => {
    browser = await launchBrowser();
  }, TIMEOUT);
  afterAll(async () => {
    for (const w of worlds) await closeWorld(w);
    await browser?.close().catch(() => undefined);
  });

  it(
    "C7, F1: the admin cannot approve a laptop's network connection until 甲 permits it on the asset's page with a passkey; then the registry lists it approved with 甲's permission",
    async () => {
      const w = await custodyWorld(browser);
      worlds.push(w);
      const { server, api, areaId } = w;
      const worker = await givenPerson(api, { name: '保守 太郎', kana: 'ほしゅ たろう', roles: ['worker'] }, [areaId]);
      const guardPerson = await givenPerson(api, { name: '警備 守', kana: 'けいび まもる', roles: ['guard'] });
      const laptop = await givenAsset(api, { assetNumber: 'PC-NET-1', custodianId: worker.id, description: '保守用ノートPC' });
      const { desk } = await cityDesk(browser, w);
      const c = desk.page;

      // 甲 reserves network connection at the site (the harness starts from reserving nothing).
      await c.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: '市（甲）の許可' }).click();
      const policy = c.getByRole('form', { name: '本庁舎 の許可の方針' });
      await policy.getByLabel('市のネットワークへの接続').check();
      await policy.getByRole('button', { name: '方針を保存' }).click();
      await expect.poll(() => server.deps.sqlite.prepare('select network_connection as n from city_policies').get(), { timeout: 20_000 }).toEqual({ n: 1 });

      // The laptop is carried in (the contractor's own approval suffices for carrying in here).
      const workerApi = await apiOf(await enrolNew(browser, server, api, worker.id, w.desks), server);
      const guardApi = await apiOf(await enrolNew(browser, server, api, guardPerson.id, w.desks), server);
      const window = { windowFrom: new Date(Date.now() - 60_000).toISOString(), windowTo: new Date(Date.now() + 4 * 3_600_000).toISOString() };
      const scan = { date: new Date().toISOString(), tool: 'ESET', definitionsDate: new Date().toISOString().slice(0, 10), result: 'clean' };
      const carryIn = await workerApi.post<{ id: number }>('/api/custody/requests', { kind: 'carry_in', areaId, purpose: '保守作業', responsibleId: FIRST_ADMIN, ...window, items: [{ assetId: laptop.id, scan }] });
      await workerApi.post(`/api/custody/requests/${carryIn.id}/submit`);
      expect((await guardApi.post<{ status: string }>(`/api/custody/requests/${carryIn.id}/approve`, {})).status).toBe('approved');
      const token = await givenKioskToken(api, server, [areaId]);
      const badge = (await api.post<{ payload: string }>(`/api/people/${worker.id}/badges`)).payload;
      const entry = (await kioskBadgeEvent(server, token, areaId, badge, 'in')) as unknown as { event: { id: number } };
      expect((await kioskMovement(server, token, areaId, 'in', laptop.tag, entry.event.id)).result).toBe('accepted');

      // The admin tries to approve the connection first: refused, saying what is missing, in Japanese.
      const a = w.admin.page;
      await a.goto(`${server.origin}/console/assets/${laptop.id}`);
      const network = a.getByRole('region', { name: '庁内ネットワークへの接続' });
      await network.getByRole('region', { name: '甲の許可' }).getByText('許可待ち').waitFor({ timeout: 20_000 });
      await network.getByRole('button', { name: '接続を承認する' }).click();
      await network.getByText('市（甲）の事前許可がありません', { exact: false }).waitFor({ timeout: 20_000 });
      expect(server.deps.sqlite.prepare('select network_approved as n from assets where id = ?').get(laptop.id)).toEqual({ n: 0 });
      await screenshot(a, 'asset-network-awaiting');

      // The admin asks the city for the connection, naming its 責任者 (F2); 甲 decides on that ask.
      const ask = network.getByRole('form', { name: '接続の申請' });
      await ask.getByLabel('責任者').selectOption({ label: '管理 一郎' });
      await ask.getByLabel('接続の目的（任意）').fill('庁内システムの保守');
      await ask.getByRole('button', { name: '接続を申請' }).click();
      await network.getByText('接続の責任者：管理 一郎').waitFor({ timeout: 20_000 });
      expect(server.deps.sqlite.prepare('select responsible_id as r from network_requests where asset_id = ?').get(laptop.id)).toEqual({ r: FIRST_ADMIN });
      await screenshot(a, 'asset-network-asked');

      // 甲 finds the laptop in the registry and permits with the passkey.
      await c.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: '資産台帳' }).click();
      await c.getByRole('link', { name: 'PC-NET-1' }).click();
      const cityNetwork = c.getByRole('region', { name: '庁内ネットワークへの接続' });
      await cityNetwork.getByRole('button', { name: '許可する' }).click();
      await cityNetwork.getByRole('region', { name: '甲の許可' }).getByText('許可済み').first().waitFor({ timeout: 20_000 });
      expect(server.deps.sqlite.prepare("select channel, recorded_by as by, credential_id is not null as signed from city_permissions where subject_type = 'asset_network'").get()).toEqual({ channel: 'system', by: expect.any(Number), signed: 1 });
      await screenshot(c, 'asset-network-city-permitted');

      // The admin approves now.
      await a.reload();
      await network.getByRole('button', { name: '接続を承認する' }).click();
      await network.getByText('接続を承認済み').waitFor({ timeout: 20_000 });
      expect(server.deps.sqlite.prepare('select network_approved as n from assets where id = ?').get(laptop.id)).toEqual({ n: 1 });
      await screenshot(a, 'asset-network-approved');
      await a.goto(`${server.origin}/console/assets`);
      const row = a.getByRole('row').filter({ hasText: 'PC-NET-1' });
      await row.getByText('接続承認').waitFor({ timeout: 20_000 });
      expect(await row.textContent()).toContain('甲：許可済み');
      await screenshot(a, 'asset-registry-network');

      // 甲's word on a paper permission is signed too: the admin transcribes 甲's permit for a second PC,
      // and 甲 confirms it on 市（甲）の許可 with the passkey.
      const dock = await givenAsset(api, { assetNumber: 'PC-NET-2', kind: 'desktop' });
      const dockIn = await workerApi.post<{ id: number }>('/api/custody/requests', { kind: 'carry_in', areaId, purpose: '保守作業', responsibleId: FIRST_ADMIN, ...window, items: [{ assetId: dock.id, scan }] });
      await workerApi.post(`/api/custody/requests/${dockIn.id}/submit`);
      await guardApi.post(`/api/custody/requests/${dockIn.id}/approve`, {});
      expect((await kioskMovement(server, token, areaId, 'in', dock.tag, entry.event.id)).result).toBe('accepted');
      await a.goto(`${server.origin}/console/assets/${dock.id}`);
      const dockAsk = network.getByRole('form', { name: '接続の申請' });
      await dockAsk.getByLabel('責任者').selectOption({ label: '管理 一郎' });
      await dockAsk.getByRole('button', { name: '接続を申請' }).click();
      const paper = a.getByRole('form', { name: '書面による許可の記録' });
      await paper.getByLabel('許可書の番号').fill('新市情第77号');
      await paper.getByLabel('市の担当課').fill('情報政策課');
      await paper.getByLabel('市の担当者名').fill('新潟 花子');
      await paper.getByRole('button', { name: '書面の許可を記録' }).click();
      await network.getByRole('region', { name: '甲の許可' }).getByText('書面で許可（市の確認待ち）').waitFor({ timeout: 20_000 });
      await c.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: '市（甲）の許可' }).click();
      const review = c.getByRole('group', { name: '書面の許可 新市情第77号' });
      await c.getByRole('link', { name: '機器 PC-NET-2 の庁内ネットワーク接続' }).waitFor({ timeout: 20_000 });
      await review.getByLabel('確認の備考（任意）').fill('原本を確認');
      await review.getByRole('button', { name: '確認する（パスキー）' }).click();
      await c.getByText('確認を待つ書面の許可はありません。').waitFor({ timeout: 20_000 });
      expect(server.deps.sqlite.prepare("select review, review_note as note, review_credential_id is not null as signed from city_permissions where permit_reference = '新市情第77号'").get()).toEqual({ review: 'confirmed', note: '原本を確認', signed: 1 });
      await c.goto(`${server.origin}/console/assets/${dock.id}`);
      await c.getByRole('region', { name: '甲の許可' }).getByText('市が確認済み').waitFor({ timeout: 20_000 });
      await screenshot(c, 'asset-network-paper-confirmed');
      for (const d of w.desks) expect(d.errors, 'page errors').toEqual([]);
    },
    TIMEOUT,
  );

  it(
    "F4: a person holding only the city role sees in the menu the screens that are theirs, and every one of them opens without a refusal",
    async () => {
      const w = await custodyWorld(browser);
      worlds.push(w);
      const { desk } = await cityDesk(browser, w);
      const c = desk.page;
      await signOut(c);
      await c.getByRole('button', { name: 'パスキーでサインイン' }).click();
      await c.getByRole('heading', { name: 'ホーム' }).waitFor();
      const refused = watchRefusals(c);
      const menu = c.getByRole('navigation', { name: 'メニュー' });
      const names = (await menu.getByRole('link').allTextContents()).map((s) => s.trim());
      expect(names).toEqual(['ホーム', '入退室管理簿', '拠点の管理簿（全区域）', '持込・持出申請', '市（甲）の許可', '本番データの使用', '資産の所在', '資産台帳', '持込・持出管理簿', '契約', '廃棄', '月次報告', '受領待ちの書類', '自分のパスキー']);
      await screenshot(c, 'city-menu');
      for (const name of names) {
        await menu.getByRole('link', { name, exact: true }).click();
        await expect.poll(() => menu.getByRole('link', { name, exact: true }).getAttribute('aria-current'), { timeout: 20_000 }).toBe('page');
        await c.locator('main h1').first().waitFor();
        await expect.poll(() => c.getByText('読み込み中…').count(), { timeout: 30_000 }).toBe(0);
        expect(await c.getByText('この画面を見る権限がありません').count(), name).toBe(0);
        expect(await c.getByText('この操作の権限がありません', { exact: false }).count(), name).toBe(0);
        expect(refused, name).toEqual([]);
      }
      expect(desk.errors, 'page errors').toEqual([]);
    },
    TIMEOUT,
  );
});
