import { describe, expect, it } from 'vitest';
import { testEnv, T0 } from '../support/harness.ts';
import { enrol, givenPerson, setupAdmin, signedInAs } from '../support/client.ts';
import { badgeEvent, givenKiosk, givenSite, givenWorker } from '../support/world.ts';
import { custodyWorld, givenAsset, givenSubmitted, HOUR, requestBody } from '../support/custody.ts';

const stepsOf = (body: { steps: { step: string; done: boolean }[] }) => Object.fromEntries(body.steps.map((s) => [s.step, s.done]));
const countsOf = (body: { attention: { item: string; count: number }[] }) => Object.fromEntries(body.attention.map((a) => [a.item, a.count]));

describe('GET /api/home (issue 17, item 2)', () => {
  it('walks the first-day steps in order until the first entry, then lists no steps', async () => {
    const env = testEnv();
    const admin = await setupAdmin(env);
    const home = async () => {
      const res = await admin.client.get('/api/home');
      expect(res.status).toBe(200);
      return res.body;
    };
    let h = await home();
    expect(h.setUp).toBe(false);
    expect(h.steps.map((s: { step: string }) => s.step)).toEqual(['organisation', 'roster', 'areas', 'authorizations', 'badges', 'kiosk', 'first_entry']);
    expect(stepsOf(h)).toEqual({ organisation: true, roster: false, areas: false, authorizations: false, badges: false, kiosk: false, first_entry: false });

    const site = await givenSite(admin.client);
    const worker = await givenWorker(admin.client, [site.general.id]);
    h = await home();
    expect(stepsOf(h)).toEqual({ organisation: true, roster: true, areas: true, authorizations: true, badges: true, kiosk: false, first_entry: false });
    const kiosk = await givenKiosk(env, admin.client, [site.general.id]);
    expect(stepsOf(await home()).kiosk).toBe(true);

    const refused = await kiosk.post('/api/kiosk/events', badgeEvent(site.general.id, `${worker.badge.slice(0, -4)}AAAA`, 'in'));
    expect(refused.body.event.result).toBe('refused');
    expect(stepsOf(await home()).first_entry).toBe(false);
    const entered = await kiosk.post('/api/kiosk/events', badgeEvent(site.general.id, worker.badge, 'in'));
    expect(entered.body.event.result).toBe('accepted');
    h = await home();
    expect(h).toMatchObject({ setUp: true, steps: [] });
  });

  it('counts what each role acts on: a guard the carry-ins, a supervisor carry-outs and unsigned ledgers, never one’s own request', async () => {
    const w = await custodyWorld();
    const laptop = await givenAsset(w.admin.client);
    const stick = await givenAsset(w.admin.client, { kind: 'usb_memory', hasStorage: true, assetNumber: 'USB-0001' });
    await givenSubmitted(w.worker.client, requestBody('carry_in', w.site.general.id, [laptop]));
    await givenSubmitted(w.worker.client, requestBody('carry_out', w.site.general.id, [stick]));
    const guard = countsOf((await w.guard.client.get('/api/home')).body);
    expect(guard).toMatchObject({ carry_approvals: 1, missing_exits: 0, overdue_returns: 0, incident_deadlines: 0 });
    expect(guard).not.toHaveProperty('unsigned_ledgers');
    expect(guard).not.toHaveProperty('city_permissions');
    expect(countsOf((await w.supervisor.client.get('/api/home')).body)).toMatchObject({ carry_approvals: 2, disposal_approvals: 0, unsigned_ledgers: 0 });
    // The worker decides nothing: no approvals listed at all.
    expect(countsOf((await w.worker.client.get('/api/home')).body)).toEqual({});

    // An entry yesterday with no exit: a missing exit today, and yesterday's ledger is unsigned.
    w.env.clock.set(T0 - 20 * HOUR);
    const entry = await w.kiosk.post('/api/kiosk/events', badgeEvent(w.site.general.id, w.worker.badge, 'in'));
    expect(entry.body.event.result).toBe('accepted');
    w.env.clock.set(T0 + 60_000);
    const supRes = await w.supervisor.client.get("/api/home");
    expect(supRes.status, JSON.stringify(supRes.body)).toBe(200);
    const sup = supRes.body;
    expect(countsOf(sup)).toMatchObject({ missing_exits: 1, unsigned_ledgers: 1 });
    expect(sup.attention.find((a: { item: string }) => a.item === 'unsigned_ledgers').first).toEqual({ areaId: w.site.general.id, day: '2026-11-19' });
  });

  it('counts only the person’s sites; 甲 sees only what waits for 甲', async () => {
    const env = testEnv({ config: { cityPermissionDefault: 'all' } });
    const admin = await setupAdmin(env);
    const siteA = await givenSite(admin.client);
    const siteB = await givenSite(admin.client);
    const worker = await signedInAs(env, admin.client, ['worker']);
    const laptop = await givenAsset(admin.client);
    await givenSubmitted(worker.client, requestBody('carry_in', siteA.general.id, [laptop]));
    const scoped = async (roles: ('supervisor' | 'city')[], siteIds: number[]) => enrol(env, admin.client, (await givenPerson(admin.client, { roles, siteIds })).id);
    const supA = await scoped(['supervisor'], [siteA.siteId]);
    const supB = await scoped(['supervisor'], [siteB.siteId]);
    const cityA = await scoped(['city'], [siteA.siteId]);
    const cityB = await scoped(['city'], [siteB.siteId]);
    expect(countsOf((await supA.client.get('/api/home')).body).carry_approvals).toBe(1);
    expect(countsOf((await supB.client.get('/api/home')).body).carry_approvals).toBe(0);
    const city = (await cityA.client.get('/api/home')).body;
    expect(city.steps).toEqual([]);
    expect(countsOf(city)).toEqual({ city_permissions: 1, city_paper: 0, city_receipts: 0 });
    expect(countsOf((await cityB.client.get('/api/home')).body)).toEqual({ city_permissions: 0, city_paper: 0, city_receipts: 0 });
    // Site B's supervisor sees site B's first-day steps: no area authorizes anyone there yet.
    const b = (await supB.client.get('/api/home')).body;
    expect(stepsOf(b)).toMatchObject({ areas: true, authorizations: false, kiosk: false });
  });
});
