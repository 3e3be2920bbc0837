import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { writeQrSequenceY4m } from './support/fake-camera.ts';
import { enterButton, wedgeScan } from './kiosk-world.ts';
import { launchBrowser, screenshot } from './support/browser.ts';
import type { RunningServer } from './support/server.ts';
import { apiOf, enrolNew, givenArea, givenKioskToken, givenPerson, kioskBadgeEvent, signOut, TIMEOUT } from './console-world.ts';
import { closeWorld, custodyWorld, givenAsset, movements, openKiosk, type CustodyWorld } from './custody-world.ts';
import { FIRST_ADMIN, FIRST_SITE } from './support/firsts.ts';

/** A movement posted by the kiosk for the person identified by `accessEventId`, as the tablet does after a scan. */
async function kioskMovement(server: RunningServer, token: string, areaId: number, direction: 'in' | 'out', tag: string, accessEventId: number) {
  const res = await fetch(`${server.origin}/api/kiosk/movements`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ idempotencyKey: crypto.randomUUID(), areaId, direction, scannedCode: tag, accessEventId }),
  });
  const body = (await res.json()) as { movement: { result: string; refusalReason: string | null } };
  if (res.status !== 201) throw new Error(`kiosk movement: ${res.status} ${JSON.stringify(body)}`);
  return body.movement;
}

describe("甲's day in the console (F1, F4)", () => {
  let browser: Browser;
  let dir: string;
  const browsers: Browser[] = [];
  const worlds: CustodyWorld[] = [];
  beforeAll(async () => {
    browser = await launchBrowser();
    dir = mkdtempSync(join(tmpdir(), 'city-permission-'));
  }, TIMEOUT);
  afterAll(async () => {
    for (const w of worlds) await closeWorld(w);
    await Promise.all([browser, ...browsers].map((b) => b?.close().catch(() => undefined)));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it(
    "F1, F3, F4: 甲's day — signs in with a passkey, reserves carry-out to the city, permits a carry-out with the passkey (the kiosk refused it before and accepts it after), acknowledges last month's report, and sees nothing of another contract's site",
    async () => {
      const world = await custodyWorld(browser);
      worlds.push(world);
      const { server, api, areaId, desks } = world;
      const worker = await givenPerson(api, { name: '持出 三郎', kana: 'もちだし さぶろう', roles: ['worker'] }, [areaId]);
      const boss = await givenPerson(api, { name: '監督 次郎', kana: 'かんとく じろう', roles: ['supervisor'] });
      const guardPerson = await givenPerson(api, { name: '警備 守', kana: 'けいび まもる', roles: ['guard'] });
      const cityPerson = await api.post<{ id: number }>('/api/people', {
        name: '新潟 市子',
        kana: 'にいがた いちこ',
        organisationId: (await api.get<{ organisations: { id: number }[] }>('/api/organisations')).organisations[0]!.id,
        roles: ['city'],
        siteIds: [FIRST_SITE],
      });
      const laptop = await givenAsset(api, { assetNumber: 'PC-CITY-1', custodianId: worker.id });

      // 甲 enrols and signs in with a passkey (the virtual authenticator), reserves carry-out to the city and leaves carry-in to the contractor at this site.
      const cityDesk = await enrolNew(browser, server, api, cityPerson.id, desks);
      const c = cityDesk.page;
      // Every later day starts with the passkey sign-in.
      await signOut(c);
      await c.getByRole('button', { name: 'パスキーでサインイン' }).click();
      await c.getByRole('heading', { name: 'ホーム' }).waitFor();
      await c.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: '市（甲）の許可' }).click();
      const policy = c.getByRole('form', { name: '本庁舎 の許可の方針' });
      await policy.waitFor();
      await policy.getByLabel('区域への持込').uncheck();
      await policy.getByLabel('庁舎外への持出').check();
      await policy.getByRole('button', { name: '方針を保存' }).click();
      await expect.poll(() => server.deps.sqlite.prepare('select carry_in as carryIn, carry_out as carryOut from city_policies').get(), { timeout: 20_000 }).toEqual({ carryIn: 0, carryOut: 1 });

      const workerApi = await apiOf(await enrolNew(browser, server, api, worker.id, desks), server);
      const guardApi = await apiOf(await enrolNew(browser, server, api, guardPerson.id, desks), server);
      const bossApi = await apiOf(await enrolNew(browser, server, api, boss.id, desks), server);
      const window = { windowFrom: new Date(Date.now() - 60_000).toISOString(), windowTo: new Date(Date.now() + 4 * 3_600_000).toISOString() };
      const scan = { date: new Date().toISOString(), tool: 'ESET', definitionsDate: new Date().toISOString().slice(0, 10), result: 'clean' };
      const items = [{ assetId: laptop.id, scan }];
      const carryIn = await workerApi.post<{ id: number }>('/api/custody/requests', { kind: 'carry_in', areaId, purpose: '作業用', responsibleId: boss.id, ...window, items });
      await workerApi.post(`/api/custody/requests/${carryIn.id}/submit`);
      expect((await guardApi.post<{ status: string }>(`/api/custody/requests/${carryIn.id}/approve`, {})).status).toBe('approved');
      const carryOut = await workerApi.post<{ id: number }>('/api/custody/requests', { kind: 'carry_out', areaId, purpose: '持ち帰り', destination: '本社開発室', responsibleId: FIRST_ADMIN, ...window, items });
      await workerApi.post(`/api/custody/requests/${carryOut.id}/submit`);
      expect((await bossApi.post<{ status: string }>(`/api/custody/requests/${carryOut.id}/approve`, {})).status).toBe('submitted');

      const token = await givenKioskToken(api, server, [areaId]);
      const badge = (await api.post<{ payload: string }>(`/api/people/${worker.id}/badges`)).payload;
      const entry = (await kioskBadgeEvent(server, token, areaId, badge, 'in')) as unknown as { event: { id: number } };
      expect((await kioskMovement(server, token, areaId, 'in', laptop.tag, entry.event.id)).result).toBe('accepted');
      expect(await kioskMovement(server, token, areaId, 'out', laptop.tag, entry.event.id)).toMatchObject({ result: 'refused', refusalReason: 'city_permission_missing' });

      // 甲 sees the carry-out waiting, with both columns on its page, and permits it with the passkey.
      await c.reload();
      const waiting = c.getByRole('article', { name: `持込・持出申請 ${carryOut.id}` });
      await waiting.waitFor({ timeout: 20_000 });
      await expect.poll(() => waiting.textContent()).toContain('本社開発室');
      await screenshot(c, 'city-awaiting');
      await waiting.getByRole('button', { name: '許可する' }).click();
      await c.getByText('許可を待つ申請はありません。').waitFor({ timeout: 20_000 });
      await c.goto(`${server.origin}/console/requests/${carryOut.id}`);
      const city = c.getByRole('region', { name: '甲の許可' });
      await city.getByText('許可済み').first().waitFor({ timeout: 20_000 });
      await c.getByRole('region', { name: '乙の承認' }).getByText('監督 次郎', { exact: false }).waitFor();
      await screenshot(c, 'city-request-permitted');
      const permission = server.deps.sqlite.prepare('select channel, recorded_by as recordedBy, credential_id is not null as signed from city_permissions').get();
      expect(permission).toEqual({ channel: 'system', recordedBy: cityPerson.id, signed: 1 });

      // The worker's carry-out is now accepted at the kiosk.
      expect((await kioskMovement(server, token, areaId, 'out', laptop.tag, entry.event.id)).result).toBe('accepted');
      expect(movements(server).map((m) => [m.direction, m.result, m.refusal_reason])).toEqual([
        ['in', 'accepted', null],
        ['out', 'refused', 'city_permission_missing'],
        ['out', 'accepted', null],
      ]);

      // The same day (F3, F4): 甲 acknowledges last month's report for this site with the passkey, and sees
      // nothing of another contract's site, whose report was submitted too.
      const other = await givenArea(api, '北区分室', '端末室');
      const now = new Date(new Date().toLocaleString('en-US', { timeZone: 'Asia/Tokyo' }));
      const last = new Date(now.getFullYear(), now.getMonth() - 1, 1);
      const month = `${last.getFullYear()}-${String(last.getMonth() + 1).padStart(2, '0')}`;
      const report = await bossApi.post<{ id: number; title: string }>('/api/submissions', { kind: 'monthly_report', siteId: FIRST_SITE, month });
      const elsewhere = await bossApi.post<{ id: number }>('/api/submissions', { kind: 'monthly_report', siteId: other.siteId, month });
      await c.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: '受領待ちの書類' }).click();
      await c.getByRole('link', { name: report.title }).click();
      await c.getByRole('button', { name: '受領を確認（パスキー）' }).click();
      await c.getByText('受領済み', { exact: true }).waitFor({ timeout: 20_000 });
      expect(server.deps.sqlite.prepare('select status, decided_by as decidedBy from submissions where id = ?').get(report.id)).toEqual({ status: 'acknowledged', decidedBy: cityPerson.id });
      await c.goto(`${server.origin}/console/receipts/${elsewhere.id}`);
      await c.getByRole('heading', { name: 'この書類を見る権限がありません' }).waitFor();
      expect(await c.content()).not.toContain('北区分室');
      await c.goto(`${server.origin}/console/receipts`);
      await c.getByRole('heading', { name: '受領待ちの書類' }).waitFor();
      expect(await c.getByText('北区分室').count()).toBe(0);
      await screenshot(c, 'city-day-receipts');
      for (const d of desks) expect(d.errors.filter((e) => !(d === cityDesk && /403/.test(e))), 'page errors').toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'F1: the kiosk says in Japanese that a carry-in reserved to 甲 (the default) waits for the city, after the guard approved it',
    async () => {
      const world = await custodyWorld(browser, { cityPermissionDefault: 'all' });
      worlds.push(world);
      const { api, areaId, desks, server } = world;
      const worker = await givenPerson(api, { name: '保守 太郎', kana: 'ほしゅ たろう', roles: ['worker'] }, [areaId]);
      const guardPerson = await givenPerson(api, { name: '警備 守', kana: 'けいび まもる', roles: ['guard'] });
      const laptop = await givenAsset(api, { assetNumber: 'PC-CITY-2', custodianId: worker.id });
      const workerApi = await apiOf(await enrolNew(browser, server, api, worker.id, desks), server);
      const guardApi = await apiOf(await enrolNew(browser, server, api, guardPerson.id, desks), server);
      const window = { windowFrom: new Date(Date.now() - 60_000).toISOString(), windowTo: new Date(Date.now() + 4 * 3_600_000).toISOString() };
      const scan = { date: new Date().toISOString(), tool: 'ESET', definitionsDate: new Date().toISOString().slice(0, 10), result: 'clean' };
      const carryIn = await workerApi.post<{ id: number }>('/api/custody/requests', { kind: 'carry_in', areaId, purpose: '作業用', responsibleId: FIRST_ADMIN, ...window, items: [{ assetId: laptop.id, scan }] });
      await workerApi.post(`/api/custody/requests/${carryIn.id}/submit`);
      expect((await guardApi.post<{ status: string }>(`/api/custody/requests/${carryIn.id}/approve`, {})).status).toBe('submitted');

      const badge = (await api.post<{ payload: string }>(`/api/people/${worker.id}/badges`)).payload;
      const video = join(dir, 'badge.y4m');
      writeQrSequenceY4m(video, [badge]);
      const camera = await launchBrowser({ fakeCamera: video });
      browsers.push(camera);
      const { page: k, errors } = await openKiosk(camera, world, [areaId]);
      await enterButton(k).click();
      await k.getByRole('button', { name: '定常作業', exact: true }).click({ timeout: 20_000 });
      await k.getByRole('status').filter({ hasText: '入室を記録しました' }).waitFor();
      await k.getByRole('button', { name: '持込・持出の機器をスキャン' }).click();
      await k.getByRole('heading', { name: /持ち込む機器をスキャン/ }).waitFor();
      await wedgeScan(k, laptop.tag);
      const refused = k.getByRole('alert').filter({ hasText: '持ち込めません' });
      await refused.waitFor({ timeout: 20_000 });
      expect(await refused.textContent()).toContain('市（甲）の事前の許可が必要ですが、まだ許可されていません。');
      await screenshot(k, 'kiosk-city-permission-missing');
      expect(movements(server).map((m) => [m.result, m.refusal_reason])).toEqual([['refused', 'city_permission_missing']]);
      expect(errors).toEqual([]);
    },
    TIMEOUT,
  );
});
