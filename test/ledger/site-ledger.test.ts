import { describe, expect, it } from 'vitest';
import { enrol, givenPerson, signedInAs } from '../support/client.ts';
import { givenWorker } from '../support/world.ts';
import { journalCount, lastJournal } from '../support/db-snapshot.ts';
import { badgeAt, DAY, ledgerWorld, rawGet, tokyo, worker, type LedgerWorld } from './ledger-world.ts';

const siteLedgerOf = async (w: LedgerWorld, client = w.supervisor.client, day = DAY) => {
  const res = await client.get(`/api/sites/${w.site.siteId}/ledger?date=${day}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};

/** Two areas' traffic on DAY, interleaved in time: the site record must put them in one order. */
async function twoAreas(w: LedgerWorld) {
  const a = await worker(w, { name: '執務 一郎' });
  const b = await givenWorker(w.admin.client, [w.site.general.id, w.site.secure.id], { name: '両方 二郎' });
  await badgeAt(w, a, 'in', tokyo('2026-11-20T08:30'));
  w.env.clock.set(tokyo('2026-11-20T09:00'));
  await w.supervisor.client.post('/api/access/guard-events', { areaId: w.site.secure.id, direction: 'in', purpose: '保守・点検', personId: b.id, reason: '鍵の不調' });
  w.env.clock.set(tokyo('2026-11-20T09:15'));
  await badgeAt(w, b, 'in', tokyo('2026-11-20T10:00'));
  await badgeAt(w, a, 'out', tokyo('2026-11-20T12:00'));
  await badgeAt(w, b, 'out', tokyo('2026-11-20T13:00'));
  w.env.clock.set(tokyo('2026-11-20T18:00'));
  return { a, b };
}

async function signSite(w: LedgerWorld, day = DAY) {
  const options = await w.supervisor.client.post(`/api/sites/${w.site.siteId}/ledger/${day}/signoff/options`);
  expect(options.status, JSON.stringify(options.body)).toBe(200);
  const response = w.supervisor.authenticator.getAssertion(options.body.options);
  return { options: options.body, res: await w.supervisor.client.post(`/api/sites/${w.site.siteId}/ledger/${day}/signoff`, { response }) };
}

describe("the site's daily record (B13)", () => {
  it('B13: lists every managed area of the site with its stays in time order and the area named, in JSON, CSV and print', async () => {
    const w = await ledgerWorld();
    await twoAreas(w);
    const l = await siteLedgerOf(w);
    expect(l.areas.map((a: any) => a.name).sort()).toEqual(['サーバ室', '執務室']);
    expect(l.stays.map((s: any) => [s.entryAt, s.area.name, s.name])).toEqual([
      ['2026-11-20T08:30:00.000+09:00', '執務室', '執務 一郎'],
      ['2026-11-20T09:00:00.000+09:00', 'サーバ室', '両方 二郎'],
      ['2026-11-20T10:00:00.000+09:00', '執務室', '両方 二郎'],
    ]);
    expect(l.totals).toMatchObject({ stays: 3, entries: 3, exits: 2, missingExits: 1 });
    expect(l.signoff).toBeNull();

    const csv = (await rawGet(w.env, w.supervisor.client, `/api/sites/${w.site.siteId}/ledger?date=${DAY}&format=csv`)).bytes;
    expect(csv.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(true);
    const lines = csv.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).toBe('区域,氏名,ふりがな,所属,区分,目的,入室日時,退室日時,認証方法,備考');
    expect(lines.slice(1, 4).map((x) => x.split(',')[0])).toEqual(['執務室', 'サーバ室', '執務室']);

    const page = (await rawGet(w.env, w.supervisor.client, `/api/sites/${w.site.siteId}/ledger?date=${DAY}&format=html`)).bytes.toString('utf8');
    expect(page).toContain('入退室管理簿（拠点）');
    expect(page).toContain('class="sheet ledger site-ledger"');
    expect(page.indexOf('執務 一郎')).toBeLessThan(page.indexOf('両方 二郎'));
    expect(page).toContain('未承認');
  });

  it('B13: a supervisor signs the site record off with a passkey; a later change shows it no longer stands; a correction supersedes it', async () => {
    const w = await ledgerWorld();
    const { b } = await twoAreas(w);
    const before = await siteLedgerOf(w);
    const journalBefore = journalCount(w.env.deps.sqlite);
    const { options, res } = await signSite(w);
    expect(options.context).toEqual({ digest: before.digest });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ ledger: 'site', siteId: w.site.siteId, day: DAY, digest: before.digest, personId: w.supervisor.personId });
    expect(journalCount(w.env.deps.sqlite)).toBe(journalBefore + 1);
    expect(lastJournal(w.env.deps.sqlite)).toMatchObject({ action: 'ledger.signed_off', entity_type: 'site_ledger_signoff' });
    expect((await siteLedgerOf(w)).signoff).toMatchObject({ personId: w.supervisor.personId, superseded: false, digestMatches: true });
    expect((await w.supervisor.client.post(`/api/sites/${w.site.siteId}/ledger/${DAY}/signoff/options`)).status).toBe(409);
    // The area's own ledger is not signed by the site's sign-off.
    expect((await w.supervisor.client.get(`/api/areas/${w.site.secure.id}/ledger?date=${DAY}`)).body.signoff).toBeNull();

    // A later exit in one area changes the site's record: the sign-off no longer matches.
    w.env.clock.set(tokyo('2026-11-20T19:00'));
    await w.supervisor.client.post('/api/access/guard-events', { areaId: w.site.secure.id, direction: 'out', purpose: '', personId: b.id, reason: '作業終了' });
    const changed = await siteLedgerOf(w);
    expect(changed.signoff).toMatchObject({ superseded: false, digestMatches: false });
    const page = (await rawGet(w.env, w.supervisor.client, `/api/sites/${w.site.siteId}/ledger?date=${DAY}&format=html`)).bytes.toString('utf8');
    expect(page).toContain('承認後に記録が変わりました — 再承認が必要');

    // Signed again, then a supervisor's correction in one area supersedes the site's sign-off too.
    const again = await signSite(w);
    expect(again.res.status, JSON.stringify(again.res.body)).toBe(201);
    const stay = (await w.supervisor.client.get(`/api/areas/${w.site.general.id}/ledger?date=${DAY}`)).body.stays.find((s: any) => s.name === '執務 一郎');
    w.env.clock.set(tokyo('2026-11-20T20:00'));
    const fix = await w.supervisor.client.post('/api/access/corrections', { eventId: stay.exitEventId, kind: 'void', reason: '誤読取' });
    expect(fix.status, JSON.stringify(fix.body)).toBe(201);
    expect(fix.body.supersededSiteSignoffIds).toEqual([again.res.body.id]);
    expect((await siteLedgerOf(w)).signoff).toMatchObject({ superseded: true });
  });

  it('B13: a supervisor of another site gets 403 on this site record; a worker gets 403; an unknown site is 404', async () => {
    const w = await ledgerWorld();
    await twoAreas(w);
    const other = await w.admin.client.post('/api/sites', { name: '別庁舎' });
    const elsewhere = await givenPerson(w.admin.client, { roles: ['supervisor'], siteIds: [other.body.id] });
    const outsider = await enrol(w.env, w.admin.client, elsewhere.id);
    expect((await outsider.client.get(`/api/sites/${w.site.siteId}/ledger?date=${DAY}`)).status).toBe(403);
    expect((await outsider.client.post(`/api/sites/${w.site.siteId}/ledger/${DAY}/signoff/options`)).status).toBe(403);
    const workerSession = await signedInAs(w.env, w.admin.client, ['worker']);
    expect((await workerSession.client.get(`/api/sites/${w.site.siteId}/ledger?date=${DAY}`)).status).toBe(403);
    expect((await w.supervisor.client.get(`/api/sites/999999/ledger?date=${DAY}`)).status).toBe(404);
  });
});
