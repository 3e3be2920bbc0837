import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { enrol, givenPerson, type SignedIn } from '../support/client.ts';
import { givenSite } from '../support/world.ts';
import { journalCount, lastJournal, rowCounts } from '../support/db-snapshot.ts';
import { badge, custodyWorld, givenApproved, givenAsset, requestBody, scan, type CustodyWorld } from '../support/custody.ts';

/**
 * 第9条2 of 新潟市's articles (C7, F1): the contractor marks a device approved for the city's network only
 * with 甲's prior permission where the site's policy reserves it — given by 甲 with a passkey over the
 * device's digest, or transcribed from paper and later confirmed or disputed by 甲.
 */

async function cityPerson(w: CustodyWorld, siteIds: number[]): Promise<SignedIn> {
  const person = await givenPerson(w.admin.client, { roles: ['city'], siteIds, name: `市職員 ${siteIds.join('-')}${Math.random().toString(36).slice(2, 6)}` });
  return enrol(w.env, w.admin.client, person.id);
}

async function cityWorld() {
  const w = await custodyWorld({ config: { cityPermissionDefault: 'all' } });
  return { ...w, city: await cityPerson(w, [w.site.siteId]) };
}

async function permitNetwork(who: SignedIn, assetId: number) {
  const options = await who.client.post(`/api/city/asset-networks/${assetId}/permit/options`);
  if (options.status !== 200) return { options, res: options };
  const response = who.authenticator.getAssertion(options.body.options);
  return { options, res: await who.client.post(`/api/city/asset-networks/${assetId}/permit`, { response }) };
}

/** The contractor asks 甲 to let the device connect, naming its 責任者 (F2): 甲 decides on that ask. */
async function ask(w: CustodyWorld, assetId: number, responsibleId = w.supervisor.personId) {
  const res = await w.admin.client.post(`/api/city/asset-networks/${assetId}/request`, { responsibleId, purpose: '庁内システムの保守' });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

const mark = (w: CustodyWorld, assetId: number, networkApproved = true) => w.admin.client.call('PATCH', `/api/assets/${assetId}`, { networkApproved });
const PAPER = { permitReference: '新市情第901号', permitDate: '2026-11-19', officialName: '新潟 花子', officialSection: '情報政策課' };

describe("甲's prior permission to connect a device to the city's network (第9条2; C7, F1)", () => {
  it('C7, F1: marking a device network-approved is a 409 naming body.networkApproved until 甲 permits with a passkey bound to the device; then the contractor marks it, each step one journal entry', async () => {
    const w = await cityWorld();
    const laptop = await givenAsset(w.admin.client);
    const before = { journal: journalCount(w.env.deps.sqlite), rows: rowCounts(w.env.deps.sqlite) };
    const refused = await mark(w, laptop.id);
    expect(refused.status).toBe(409);
    expect(refused.body.error.details.issues[0].path).toBe('body.networkApproved');
    expect(refused.body.error.message).toMatch(/prior permission/);
    // Registering a device already marked is refused the same way.
    const marked = await w.admin.client.post('/api/assets', { kind: 'desktop', ownerType: 'city_loaned', networkApproved: true });
    expect(marked.status).toBe(409);
    expect(marked.body.error.details.issues[0].path).toBe('body.networkApproved');
    expect(journalCount(w.env.deps.sqlite)).toBe(before.journal);
    expect(rowCounts(w.env.deps.sqlite)).toEqual(before.rows);

    await ask(w, laptop.id);
    const column = await w.guard.client.get(`/api/city/asset-networks/${laptop.id}`);
    expect(column.body).toMatchObject({ site: { id: w.site.siteId }, request: { responsible: { id: w.supervisor.personId } }, contractor: { approved: false }, city: { required: true, state: 'awaiting', permissions: [] } });

    const { options, res } = await permitNetwork(w.city, laptop.id);
    expect(options.body.context).toMatchObject({ subjectType: 'asset_network', subjectId: laptop.id, digest: column.body.digest, request: { asset: { id: laptop.id } } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.network.city).toMatchObject({ state: 'permitted', permissions: [{ channel: 'system', recordedBy: { id: w.city.personId }, digest: column.body.digest }] });
    expect(res.body.asset.networkApproved).toBe(false);
    expect(lastJournal(w.env.deps.sqlite)).toMatchObject({ action: 'city_permission.given', entity_type: 'city_permission', actor_id: String(w.city.personId) });
    // 甲's permission does not mark the device; the contractor does, now allowed.
    const journal = journalCount(w.env.deps.sqlite);
    const ok = await mark(w, laptop.id);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.networkApproved).toBe(true);
    expect(journalCount(w.env.deps.sqlite)).toBe(journal + 1);
    expect(lastJournal(w.env.deps.sqlite).action).toBe('asset.updated');
    expect((await w.admin.client.get(`/api/city/asset-networks/${laptop.id}`)).body).toMatchObject({ contractor: { approved: true }, city: { state: 'permitted' } });
    // The registry, the list of network-approved devices, says where 甲's permission stands.
    const list = (await w.supervisor.client.get('/api/assets')).body.assets as { id: number; networkApproved: boolean; networkCity: string }[];
    expect(list.find((a) => a.id === laptop.id)).toMatchObject({ networkApproved: true, networkCity: 'permitted' });
    // A second permission is a 409; a personal device is never open to one (C7).
    expect((await permitNetwork(w.city, laptop.id)).res.status).toBe(409);
    const own = await givenAsset(w.admin.client, { ownerType: 'personal' });
    const personal = await permitNetwork(w.city, own.id);
    expect(personal.res.status).toBe(409);
    expect(personal.res.body.error.message).toMatch(/personal devices/);
  });

  it('F1, F4: only 甲 of the device\'s site permits: contractor staff get 403, 甲 of another site 403 (on the column too), a stale digest 409; nothing written', async () => {
    const w = await cityWorld();
    const laptop = await givenAsset(w.admin.client);
    const other = await givenSite(w.admin.client);
    // With two sites, a device that never moved is at none: the column and the permission say so.
    const nowhere = await w.admin.client.get(`/api/city/asset-networks/${laptop.id}`);
    expect(nowhere.body).toMatchObject({ site: null, city: { required: true } });
    const noSite = await mark(w, laptop.id);
    expect(noSite.status).toBe(409);
    expect(noSite.body.error.message).toMatch(/no site/);
    expect((await permitNetwork(w.city, laptop.id)).res.status).toBe(409);
    expect((await w.city.client.get(`/api/city/asset-networks/${laptop.id}`)).status).toBe(403);

    // Carried in at the first site (its carry-in not reserved to 甲 here), it is that site's device.
    await w.city.client.call('PUT', `/api/city/policies/${w.site.siteId}`, { carryIn: false, carryOut: true, disposal: true, networkConnection: true, productionData: true, responsibleDistinct: true });
    await givenApproved(w, requestBody('carry_in', w.site.general.id, [laptop]));
    const entry = await badge(w, w.site.general.id, 'in');
    expect((await scan(w, w.site.general.id, 'in', laptop, entry.id)).body.movement.result).toBe('accepted');
    await ask(w, laptop.id);

    const elsewhere = await cityPerson(w, [other.siteId]);
    const before = { journal: journalCount(w.env.deps.sqlite), permissions: rowCounts(w.env.deps.sqlite).city_permissions };
    for (const staff of [w.admin, w.supervisor, w.guard, w.worker]) {
      expect((await staff.client.post(`/api/city/asset-networks/${laptop.id}/permit/options`)).status).toBe(403);
      expect((await staff.client.post(`/api/city/asset-networks/${laptop.id}/refuse`, { reason: '不可' })).status).toBe(403);
    }
    expect((await permitNetwork(elsewhere, laptop.id)).res.status).toBe(403);
    expect((await elsewhere.client.get(`/api/city/asset-networks/${laptop.id}`)).status).toBe(403);
    expect((await w.worker.client.get(`/api/city/asset-networks/${laptop.id}`)).status).toBe(403);
    // The device changed after 甲 was shown it: the signature covers what it was, so 409.
    const options = await w.city.client.post(`/api/city/asset-networks/${laptop.id}/permit/options`);
    expect((await w.admin.client.call('PATCH', `/api/assets/${laptop.id}`, { serialNumber: 'SN-CHANGED' })).status).toBe(200);
    const stale = await w.city.client.post(`/api/city/asset-networks/${laptop.id}/permit`, { response: w.city.authenticator.getAssertion(options.body.options) });
    expect(stale.status).toBe(409);
    expect(journalCount(w.env.deps.sqlite)).toBe(before.journal + 1);
    expect(rowCounts(w.env.deps.sqlite).city_permissions).toBe(before.permissions);
    const permitted = await permitNetwork(w.city, laptop.id);
    expect(permitted.res.status).toBe(201);
    expect(permitted.res.body.network.site).toEqual({ id: w.site.siteId, name: expect.any(String) });
    expect((await mark(w, laptop.id)).status).toBe(200);
  });

  it('F1: a paper permission transcribed by staff counts at once; 甲 disputes it and the device is no longer network-approved (one journal entry); 甲 refuses, then may permit later', async () => {
    const w = await cityWorld();
    const laptop = await givenAsset(w.admin.client);
    await ask(w, laptop.id);
    const missing = await w.guard.client.post(`/api/city/asset-networks/${laptop.id}/paper`, { ...PAPER, permitReference: '' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.issues[0].path).toBe('body.permitReference');
    expect((await w.worker.client.post(`/api/city/asset-networks/${laptop.id}/paper`, PAPER)).status).toBe(403);
    expect((await w.city.client.post(`/api/city/asset-networks/${laptop.id}/paper`, PAPER)).status).toBe(403);
    const recorded = await w.guard.client.post(`/api/city/asset-networks/${laptop.id}/paper`, PAPER);
    expect(recorded.status, JSON.stringify(recorded.body)).toBe(201);
    expect(recorded.body.network.city).toMatchObject({ state: 'paper', permissions: [{ channel: 'paper', paper: PAPER, recordedBy: { id: w.guard.personId } }] });
    expect(lastJournal(w.env.deps.sqlite).action).toBe('city_permission.paper_recorded');
    expect((await mark(w, laptop.id)).status).toBe(200);

    const pending = (await w.city.client.get('/api/city/pending')).body;
    const paper = pending.paper.find((p: { subjectType: string; subjectId: number }) => p.subjectType === 'asset_network' && p.subjectId === laptop.id);
    expect(paper).toBeTruthy();
    const journal = journalCount(w.env.deps.sqlite);
    const options = await w.city.client.post(`/api/city/permissions/${paper.id}/dispute/options`, { note: 'この許可書は発行していない' });
    const disputed = await w.city.client.post(`/api/city/permissions/${paper.id}/dispute`, { response: w.city.authenticator.getAssertion(options.body.options) });
    expect(disputed.status, JSON.stringify(disputed.body)).toBe(200);
    expect(disputed.body).toMatchObject({ asset: { networkApproved: false }, network: { contractor: { approved: false }, city: { state: 'awaiting' } } });
    expect(journalCount(w.env.deps.sqlite)).toBe(journal + 1);
    const entry = lastJournal(w.env.deps.sqlite);
    expect(entry.action).toBe('city_permission.disputed');
    expect(JSON.parse(entry.data).asset_network.asset).toMatchObject({ id: laptop.id, networkApproved: false });
    expect((await mark(w, laptop.id)).status).toBe(409);

    const refusedBody = await w.city.client.post(`/api/city/asset-networks/${laptop.id}/refuse`, { reason: '' });
    expect(refusedBody.body.error.details.issues[0].path).toBe('body.reason');
    const refused = await w.city.client.post(`/api/city/asset-networks/${laptop.id}/refuse`, { reason: 'ウイルス対策ソフトの確認が未了' });
    expect(refused.status).toBe(201);
    expect(refused.body.network.city.state).toBe('refused');
    expect(lastJournal(w.env.deps.sqlite).action).toBe('city_permission.refused');
    expect((await mark(w, laptop.id)).status).toBe(409);
    // Unlike a request, a device may be asked about again: 甲 permits it after the refusal.
    expect((await permitNetwork(w.city, laptop.id)).res.status).toBe(201);
    expect((await mark(w, laptop.id)).status).toBe(200);
  });

  it("C7: a site whose policy does not reserve network connection lets the contractor mark a device alone, as before", async () => {
    const w = await cityWorld();
    await w.city.client.call('PUT', `/api/city/policies/${w.site.siteId}`, { carryIn: true, carryOut: true, disposal: true, networkConnection: false, productionData: true, responsibleDistinct: true });
    const laptop = await givenAsset(w.admin.client, { networkApproved: true });
    expect(laptop).toMatchObject({ networkApproved: true });
    const other = await givenAsset(w.admin.client);
    expect((await mark(w, other.id)).status).toBe(200);
    expect((await w.admin.client.get(`/api/city/asset-networks/${other.id}`)).body.city).toMatchObject({ required: false, state: 'not_required' });
    expect((await permitNetwork(w.city, other.id)).res.status).toBe(409);
  });

  it("F1: 甲's confirm or dispute of a paper permission is signed with 甲's own passkey over the permission, the answer and the note; another answer, another person's key or no passkey is refused and writes nothing", async () => {
    const w = await cityWorld();
    const laptop = await givenAsset(w.admin.client);
    await ask(w, laptop.id, w.admin.personId);
    const recorded = await w.supervisor.client.post(`/api/city/asset-networks/${laptop.id}/paper`, PAPER);
    const permissionId = recorded.body.network.city.permissions[0].id as number;
    // A colleague of 甲 at the same site, invited by 甲 (the contractor creates only the contract's first city account).
    const invited = await w.city.client.post('/api/city/staff', { name: '市職員 同僚', kana: 'しのしょくいん', siteIds: [w.site.siteId] });
    const elsewhere = await enrol(w.env, w.city.client, invited.body.id);
    const before = { journal: journalCount(w.env.deps.sqlite), rows: rowCounts(w.env.deps.sqlite) };

    const options = await w.city.client.post(`/api/city/permissions/${permissionId}/confirm/options`, { note: '原本を確認した' });
    expect(options.status).toBe(200);
    expect(options.body.context).toMatchObject({ review: 'confirmed', note: '原本を確認した', permission: { id: permissionId, paper: PAPER, recordedBy: { id: w.supervisor.personId } } });
    // The challenge commits to the digest of what 甲 is shown: 16 random bytes, then SHA-256 of the digest.
    const committed = Buffer.from(options.body.options.challenge, 'base64url').subarray(16);
    expect(committed.equals(createHash('sha256').update(options.body.context.digest, 'utf8').digest())).toBe(true);
    const assertion = w.city.authenticator.getAssertion(options.body.options);
    // Signed for "confirm", presented as a dispute: 409.
    expect((await w.city.client.post(`/api/city/permissions/${permissionId}/dispute`, { response: assertion })).status).toBe(409);
    // Another 甲's key on this challenge: 403.
    const theirs = await w.city.client.post(`/api/city/permissions/${permissionId}/confirm/options`, { note: '原本を確認した' });
    expect((await w.city.client.post(`/api/city/permissions/${permissionId}/confirm`, { response: elsewhere.authenticator.getAssertion({ ...theirs.body.options, allowCredentials: [] }) })).status).toBe(403);
    expect(journalCount(w.env.deps.sqlite)).toBe(before.journal);
    expect(rowCounts(w.env.deps.sqlite).city_permissions).toBe(before.rows.city_permissions);
    expect(w.env.deps.sqlite.prepare('select review from city_permissions where id = ?').get(permissionId)).toEqual({ review: null });

    const fresh = await w.city.client.post(`/api/city/permissions/${permissionId}/confirm/options`, { note: '原本を確認した' });
    const confirmed = await w.city.client.post(`/api/city/permissions/${permissionId}/confirm`, { response: w.city.authenticator.getAssertion(fresh.body.options) });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    expect(confirmed.body.network.city).toMatchObject({ state: 'permitted', permissions: [{ review: 'confirmed', reviewNote: '原本を確認した', reviewDigest: fresh.body.context.digest }] });
    expect(journalCount(w.env.deps.sqlite)).toBe(before.journal + 1);
    expect(lastJournal(w.env.deps.sqlite)).toMatchObject({ action: 'city_permission.confirmed', actor_id: String(w.city.personId) });
    const stored = w.env.deps.sqlite.prepare('select review_credential_id as credentialId, review_digest as digest from city_permissions where id = ?').get(permissionId) as { credentialId: string; digest: string };
    expect(stored.digest).toBe(fresh.body.context.digest);
    expect(w.env.deps.sqlite.prepare('select person_id as personId from credentials where id = ?').get(stored.credentialId)).toEqual({ personId: w.city.personId });
  });

  it('C7, F1: a first inventory imported from CSV cannot bring devices already marked network-approved where 甲 reserves it: 409 naming the row, nothing imported', async () => {
    const w = await cityWorld();
    const before = { journal: journalCount(w.env.deps.sqlite), assets: rowCounts(w.env.deps.sqlite).assets };
    const res = await w.admin.client.post('/api/assets/import', { csv: 'asset_number,kind,owner_type,network_approved\nPC-IMP-1,laptop,city_loaned,0\nPC-IMP-2,desktop,city_loaned,1\n' });
    expect(res.status).toBe(409);
    expect(res.body.error.details.issues[0].path).toBe('body.rows.1.networkApproved');
    expect(journalCount(w.env.deps.sqlite)).toBe(before.journal);
    expect(rowCounts(w.env.deps.sqlite).assets).toBe(before.assets);
  });
});
