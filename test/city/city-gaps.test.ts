import { describe, expect, it } from 'vitest';
import { enrol, givenPerson, type SignedIn } from '../support/client.ts';
import { givenSite } from '../support/world.ts';
import { journalCount, lastJournal, rowCounts } from '../support/db-snapshot.ts';
import { badge, custodyWorld, givenApproved, givenAsset, requestBody, scan, type CustodyWorld } from '../support/custody.ts';

/**
 * What issue 15 left open in 甲's part: a network connection names its 責任者 (F2), production-data use
 * (第15条) under 甲's prior permission (F1), a device that never moved in a single-site installation (F4).
 */

async function cityPerson(w: CustodyWorld, siteIds: number[]): Promise<SignedIn> {
  const person = await givenPerson(w.admin.client, { roles: ['city'], siteIds, name: `市職員 ${siteIds.join('-')}${Math.random().toString(36).slice(2, 6)}` });
  return enrol(w.env, w.admin.client, person.id);
}

async function cityWorld() {
  const w = await custodyWorld({ config: { cityPermissionDefault: 'all' } });
  return { ...w, city: await cityPerson(w, [w.site.siteId]) };
}

async function permit(who: SignedIn, path: string, id: number) {
  const options = await who.client.post(`/api/city/${path}/${id}/permit/options`);
  if (options.status !== 200) return { options, res: options };
  return { options, res: await who.client.post(`/api/city/${path}/${id}/permit`, { response: who.authenticator.getAssertion(options.body.options) }) };
}

const PAPER = { permitReference: '新市情第1501号', permitDate: '2026-11-19', officialName: '新潟 花子', officialSection: '情報政策課' };
// T0 is 2026-11-20, 09:00 in Tokyo.
const PERIOD = { periodFrom: '2026-11-20', periodTo: '2026-11-27' };

describe('a network connection names its 責任者 (第9条2; F2, F1)', () => {
  it('F2: the contractor asks for connection naming a 責任者 from the roster; bad input names body.responsibleId; 甲 permits that ask, signed over the 責任者; the registry prints the 責任者 and 甲\'s state', async () => {
    const w = await cityWorld();
    const custodian = await givenPerson(w.admin.client, { roles: ['worker'] });
    const laptop = await givenAsset(w.admin.client, { custodianId: custodian.id });
    // Nothing to decide before the contractor asks: 甲's options and a paper permission are 409s that say so.
    const early = await w.city.client.post(`/api/city/asset-networks/${laptop.id}/permit/options`);
    expect(early.status).toBe(409);
    expect(early.body.error.message).toMatch(/responsible person/);
    expect((await w.guard.client.post(`/api/city/asset-networks/${laptop.id}/paper`, PAPER)).status).toBe(409);

    const before = { journal: journalCount(w.env.deps.sqlite), rows: rowCounts(w.env.deps.sqlite) };
    const url = `/api/city/asset-networks/${laptop.id}/request`;
    const missing = await w.admin.client.post(url, { purpose: '保守' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.issues[0].path).toBe('body.responsibleId');
    const unknown = await w.admin.client.post(url, { responsibleId: 999_999 });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.details.issues[0].path).toBe('body.responsibleId');
    // The device's custodian is not its own 責任者 while the policy wants them distinct, nor is 甲's staff.
    const own = await w.admin.client.post(url, { responsibleId: custodian.id });
    expect(own.status).toBe(400);
    expect(own.body.error.details.issues[0]).toMatchObject({ path: 'body.responsibleId', message: expect.stringMatching(/custodian/) });
    const city = await w.admin.client.post(url, { responsibleId: w.city.personId });
    expect(city.status).toBe(400);
    expect(city.body.error.details.issues[0].path).toBe('body.responsibleId');
    for (const who of [w.guard, w.worker, w.city]) expect((await who.client.post(url, { responsibleId: w.supervisor.personId })).status).toBe(403);
    expect(journalCount(w.env.deps.sqlite)).toBe(before.journal);
    expect(rowCounts(w.env.deps.sqlite)).toEqual(before.rows);

    const asked = await w.admin.client.post(url, { responsibleId: w.supervisor.personId, purpose: '庁内システムの保守' });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    expect(asked.body.request).toMatchObject({ responsible: { id: w.supervisor.personId }, purpose: '庁内システムの保守', requestedBy: { id: w.admin.personId } });
    expect(journalCount(w.env.deps.sqlite)).toBe(before.journal + 1);
    expect(lastJournal(w.env.deps.sqlite)).toMatchObject({ action: 'network_request.filed', entity_type: 'network_request' });
    // 甲 finds the ask waiting, with its 責任者.
    const pending = (await w.city.client.get('/api/city/pending')).body;
    expect(pending.network).toEqual([expect.objectContaining({ asset: expect.objectContaining({ id: laptop.id }), network: expect.objectContaining({ request: expect.objectContaining({ responsible: { id: w.supervisor.personId, name: expect.any(String) } }) }) })]);

    // Asked again with another 責任者: 甲's options from before no longer match what is asked (409).
    const stale = await w.city.client.post(`/api/city/asset-networks/${laptop.id}/permit/options`);
    expect((await w.admin.client.post(url, { responsibleId: w.supervisor2.personId })).status).toBe(201);
    const late = await w.city.client.post(`/api/city/asset-networks/${laptop.id}/permit`, { response: w.city.authenticator.getAssertion(stale.body.options) });
    expect(late.status).toBe(409);
    const { options, res } = await permit(w.city, 'asset-networks', laptop.id);
    expect(options.body.context.request.network.request.responsible.id).toBe(w.supervisor2.personId);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    // Once 甲's permission counts, the 責任者 it was given for stays: asking again is a 409.
    expect((await w.admin.client.post(url, { responsibleId: w.supervisor.personId })).status).toBe(409);
    expect((await w.admin.client.call('PATCH', `/api/assets/${laptop.id}`, { networkApproved: true })).status).toBe(200);
    expect((await w.city.client.get('/api/city/pending')).body.network).toEqual([]);

    const listed = (await w.city.client.get('/api/assets')).body.assets.find((a: { id: number }) => a.id === laptop.id);
    expect(listed).toMatchObject({ networkApproved: true, networkCity: 'permitted', networkResponsible: expect.any(String) });
    const csv = await w.supervisor.client.get('/api/assets?format=csv');
    expect(csv.status).toBe(200);
    const text = csv.body as string;
    const [header, ...lines] = text.replace(/^\uFEFF/, '').split(/\r?\n/);
    expect(header).toContain('庁内ネットワーク');
    expect(header).toContain('接続の責任者');
    const row = lines.find((l) => l.includes(laptop.assetNumber))!;
    expect(row).toContain('接続承認済み（市（甲）: 許可済み）');
    expect(row).toContain(listed.networkResponsible);
  });
});

describe('production-data use under 甲\'s prior permission (第15条; F1, F2)', () => {
  it('F1, F2: a request names data, purpose, period, area and 責任者; reserved to 甲 it stays submitted until 甲 permits with a passkey; contractor staff cannot permit; bad input names the field', async () => {
    const w = await cityWorld();
    const own = await givenAsset(w.admin.client, { ownerType: 'personal' });
    const body = { areaId: w.site.secure.id, assetId: null, data: '住民記録システムの本番データ（抽出）', purpose: '移行テスト', ...PERIOD, responsibleId: w.supervisor.personId };
    const before = { journal: journalCount(w.env.deps.sqlite), rows: rowCounts(w.env.deps.sqlite) };
    const bad: [Record<string, unknown>, string, number][] = [
      [{ ...body, data: '' }, 'body.data', 400],
      [{ ...body, purpose: undefined }, 'body.purpose', 400],
      [{ ...body, periodTo: '2026-11-19' }, 'body.periodTo', 400],
      [{ ...body, periodFrom: '2026-11-01', periodTo: '2026-11-10' }, 'body.periodTo', 400],
      [{ ...body, responsibleId: w.admin.personId }, 'body.responsibleId', 400],
      [{ ...body, responsibleId: w.city.personId }, 'body.responsibleId', 400],
      [{ ...body, areaId: 999_999 }, 'body.areaId', 404],
      [{ ...body, assetId: own.id }, 'body.assetId', 400],
      [{ ...body, assetId: 999_999 }, 'body.assetId', 404],
    ];
    for (const [b, field, status] of bad) {
      const res = await w.admin.client.post('/api/city/production-data', b);
      expect(res.status, `${field} ${JSON.stringify(res.body)}`).toBe(status);
      expect(res.body.error.details.issues[0].path).toBe(field);
    }
    for (const who of [w.guard, w.worker, w.city]) expect((await who.client.post('/api/city/production-data', body)).status).toBe(403);
    expect(journalCount(w.env.deps.sqlite)).toBe(before.journal);
    expect(rowCounts(w.env.deps.sqlite)).toEqual(before.rows);

    const filed = await w.admin.client.post('/api/city/production-data', body);
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    expect(filed.body).toMatchObject({ status: 'submitted', responsible: { id: w.supervisor.personId }, requester: { id: w.admin.personId }, area: { id: w.site.secure.id }, city: { required: true, state: 'awaiting' } });
    expect(lastJournal(w.env.deps.sqlite)).toMatchObject({ action: 'production_data_request.filed', entity_type: 'production_data_request' });
    const id = filed.body.id as number;
    expect((await w.city.client.get('/api/city/pending')).body.productionData.map((r: { id: number }) => r.id)).toEqual([id]);

    // The contractor's staff never give 甲's permission; 甲 of another site sees nothing of it.
    for (const staff of [w.admin, w.supervisor, w.guard]) expect((await staff.client.post(`/api/city/production-data/${id}/permit/options`)).status).toBe(403);
    const other = await givenSite(w.admin.client);
    const elsewhere = await cityPerson(w, [other.siteId]);
    expect((await permit(elsewhere, 'production-data', id)).res.status).toBe(403);
    expect((await elsewhere.client.get(`/api/city/production-data/${id}`)).status).toBe(403);
    expect((await elsewhere.client.get('/api/city/production-data')).body.requests).toEqual([]);

    const journal = journalCount(w.env.deps.sqlite);
    const { options, res } = await permit(w.city, 'production-data', id);
    expect(options.body.context).toMatchObject({ subjectType: 'production_data', subjectId: id, request: { id, data: body.data } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ status: 'approved', city: { state: 'permitted', permissions: [{ channel: 'system', recordedBy: { id: w.city.personId } }] } });
    expect(journalCount(w.env.deps.sqlite)).toBe(journal + 1);
    expect(lastJournal(w.env.deps.sqlite)).toMatchObject({ action: 'city_permission.given', actor_id: String(w.city.personId) });
    expect((await w.supervisor.client.get(`/api/city/production-data/${id}`)).body.status).toBe('approved');
    expect((await w.city.client.get('/api/city/pending')).body.productionData).toEqual([]);
  });

  it('F1: a paper permission recorded by staff approves it until 甲 disputes it with a passkey; 甲 refuses another; a site whose policy does not reserve it approves at filing', async () => {
    const w = await cityWorld();
    const body = { areaId: w.site.general.id, data: '税務システムの本番データ', purpose: '障害調査', ...PERIOD, responsibleId: w.supervisor.personId };
    const filed = (await w.admin.client.post('/api/city/production-data', body)).body;
    // The one who filed it does not transcribe 甲's paper for it.
    expect((await w.admin.client.post(`/api/city/production-data/${filed.id}/paper`, PAPER)).status).toBe(403);
    const paper = await w.guard.client.post(`/api/city/production-data/${filed.id}/paper`, PAPER);
    expect(paper.status, JSON.stringify(paper.body)).toBe(201);
    expect(paper.body).toMatchObject({ status: 'approved', city: { state: 'paper' } });
    const pid = paper.body.city.permissions[0].id as number;
    expect((await w.city.client.get('/api/city/pending')).body.paper.map((p: { id: number }) => p.id)).toContain(pid);
    const options = await w.city.client.post(`/api/city/permissions/${pid}/dispute/options`, { note: '発行していない' });
    const disputed = await w.city.client.post(`/api/city/permissions/${pid}/dispute`, { response: w.city.authenticator.getAssertion(options.body.options) });
    expect(disputed.status, JSON.stringify(disputed.body)).toBe(200);
    expect(disputed.body).toMatchObject({ status: 'submitted', city: { state: 'awaiting' } });
    expect(lastJournal(w.env.deps.sqlite).action).toBe('city_permission.disputed');
    const refused = await w.city.client.post(`/api/city/production-data/${filed.id}/refuse`, { reason: '匿名化したデータを使うこと' });
    expect(refused.status).toBe(201);
    expect(refused.body).toMatchObject({ status: 'rejected', rejectReason: expect.stringContaining('匿名化'), city: { state: 'refused' } });

    await w.city.client.call('PUT', `/api/city/policies/${w.site.siteId}`, { carryIn: true, carryOut: true, disposal: true, networkConnection: true, productionData: false, responsibleDistinct: true });
    const free = await w.supervisor.client.post('/api/city/production-data', { ...body, responsibleId: w.admin.personId });
    expect(free.status).toBe(201);
    expect(free.body).toMatchObject({ status: 'approved', city: { required: false, state: 'not_required' } });
    expect((await permit(w.city, 'production-data', free.body.id)).res.status).toBe(409);
  });
});

describe('a device that never moved, in a single-site installation (F4)', () => {
  it("F4: 甲 of the only site sees and decides on a registered device that never moved; with a second site it is at none and 甲 sees nothing of it", async () => {
    const w = await cityWorld();
    const laptop = await givenAsset(w.admin.client);
    expect((await w.city.client.get(`/api/assets/${laptop.id}`)).status).toBe(200);
    expect((await w.city.client.get('/api/assets')).body.assets.map((a: { id: number }) => a.id)).toContain(laptop.id);
    expect((await w.city.client.get(`/api/city/asset-networks/${laptop.id}`)).body).toMatchObject({ site: { id: w.site.siteId } });
    expect((await w.admin.client.post(`/api/city/asset-networks/${laptop.id}/request`, { responsibleId: w.supervisor.personId })).status).toBe(201);
    expect((await permit(w.city, 'asset-networks', laptop.id)).res.status).toBe(201);

    await givenSite(w.admin.client);
    expect((await w.city.client.get(`/api/assets/${laptop.id}`)).status).toBe(403);
    expect((await w.city.client.get('/api/assets')).body.assets.map((a: { id: number }) => a.id)).not.toContain(laptop.id);
    // The contractor's staff still see it.
    expect((await w.supervisor.client.get(`/api/assets/${laptop.id}`)).status).toBe(200);
  });
});

describe("甲's home counts what awaits 甲 (F1, F3, F4)", () => {
  it("F1, F3: 今日の対応 counts 甲's permissions by kind (carry-in/out, disposal, network, production data), paper permissions to confirm and documents awaiting receipt, each in 甲's sites only", async () => {
    const w = await cityWorld();
    const other = await givenSite(w.admin.client);
    const elsewhere = await cityPerson(w, [other.siteId]);
    const home = async (who: SignedIn) => {
      const res = await who.client.get('/api/home');
      expect(res.status).toBe(200);
      return Object.fromEntries((res.body.attention as { item: string; count: number; kinds?: unknown }[]).map((a) => [a.item, a.kinds ? { count: a.count, kinds: a.kinds } : a.count]));
    };
    expect(await home(w.city)).toEqual({ city_permissions: { count: 0, kinds: { custody: 0, disposal: 0, network: 0, productionData: 0 } }, city_paper: 0, city_receipts: 0 });

    // A device carried in at the site, asked for connection; a production-data request; a carry-in waiting for 甲.
    const laptop = await givenAsset(w.admin.client);
    await w.city.client.call('PUT', `/api/city/policies/${w.site.siteId}`, { carryIn: false, carryOut: true, disposal: true, networkConnection: true, productionData: true, responsibleDistinct: true });
    await givenApproved(w, requestBody('carry_in', w.site.general.id, [laptop]));
    const entry = await badge(w, w.site.general.id, 'in');
    expect((await scan(w, w.site.general.id, 'in', laptop, entry.id)).body.movement.result).toBe('accepted');
    expect((await w.admin.client.post(`/api/city/asset-networks/${laptop.id}/request`, { responsibleId: w.supervisor.personId })).status).toBe(201);
    const data = await w.admin.client.post('/api/city/production-data', { areaId: w.site.general.id, data: '本番データ', purpose: '移行', ...PERIOD, responsibleId: w.supervisor.personId });
    const carryOut = await w.worker.client.post('/api/custody/requests', requestBody('carry_out', w.site.general.id, [laptop], { responsibleId: w.supervisor.personId }));
    expect((await w.worker.client.post(`/api/custody/requests/${carryOut.body.id}/submit`)).status).toBe(200);
    const disposal = await w.worker.client.post('/api/disposal/requests', { items: [{ mediaName: '紙の記録', quantity: 1 }], method: 'shredding', plannedDate: '2026-11-25', vendor: '株式会社裁断', siteId: w.site.siteId, responsibleId: w.admin.personId });
    expect(disposal.status).toBe(201);
    // A paper permission on the production data, and a monthly report submitted to 甲.
    expect((await w.guard.client.post(`/api/city/production-data/${data.body.id}/paper`, PAPER)).status).toBe(201);
    const submitted = await w.supervisor.client.post('/api/submissions', { kind: 'monthly_report', siteId: w.site.siteId, month: '2026-10' });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);

    expect(await home(w.city)).toEqual({ city_permissions: { count: 3, kinds: { custody: 1, disposal: 1, network: 1, productionData: 0 } }, city_paper: 1, city_receipts: 1 });
    expect(await home(elsewhere)).toEqual({ city_permissions: { count: 0, kinds: { custody: 0, disposal: 0, network: 0, productionData: 0 } }, city_paper: 0, city_receipts: 0 });
    // The contractor's staff are not shown 甲's items.
    const supervisor = (await w.supervisor.client.get('/api/home')).body.attention.map((a: { item: string }) => a.item);
    expect(supervisor).not.toContain('city_receipts');
    expect(supervisor).not.toContain('city_paper');
  });
});

describe("甲's accounts are 甲's (F4)", () => {
  const colleague = (siteIds: number[]) => ({ name: '新潟 二郎', kana: 'にいがた じろう', position: '主査', siteIds });

  it('F4: the contractor creates only the first city account of a contract; a further one, the city role given by a change, or a passkey added to 甲 is refused and writes nothing', async () => {
    const w = await cityWorld();
    const sister = await givenSite(w.admin.client);
    const contract = { name: '庁舎の運用', periodFrom: '2026-04-01', periodTo: '2027-03-31', contractor: { company: '株式会社北浜', address: '北区1-1', representativeTitle: '代表取締役', representativeName: '北浜 一郎' }, addressee: { title: '〇〇市長' } };
    expect((await w.admin.client.post('/api/contracts', { ...contract, siteIds: [w.site.siteId, sister.siteId] })).status).toBe(201);
    const orgs = (await w.admin.client.get('/api/organisations')).body.organisations;
    const person = (siteIds: number[]) => ({ name: '偽 甲', kana: 'にせ', organisationId: orgs[0].id, roles: ['city'], siteIds });
    const worker = await givenPerson(w.admin.client, { roles: ['worker'] });
    const before = { journal: journalCount(w.env.deps.sqlite), rows: rowCounts(w.env.deps.sqlite) };
    // The same site, or another site of the same contract: 甲 already has staff there.
    for (const siteIds of [[w.site.siteId], [sister.siteId]]) {
      const res = await w.admin.client.post('/api/people', person(siteIds));
      expect(res.status, JSON.stringify(res.body)).toBe(409);
      expect(res.body.error.details.issues[0].path).toBe('body.roles');
    }
    const made = await w.admin.client.patch(`/api/people/${worker.id}`, { roles: ['city'], siteIds: [sister.siteId] });
    expect(made.status).toBe(409);
    expect(made.body.error.details.issues[0].path).toBe('body.roles');
    // 甲's account: its sites and roles are not the contractor's to change, nor its passkeys to add.
    expect((await w.admin.client.patch(`/api/people/${w.city.personId}`, { siteIds: [w.site.siteId, sister.siteId] })).status).toBe(403);
    expect((await w.admin.client.post(`/api/people/${w.city.personId}/enrolments`)).status).toBe(403);
    expect(journalCount(w.env.deps.sqlite)).toBe(before.journal);
    expect(rowCounts(w.env.deps.sqlite)).toEqual(before.rows);
    // A site of no contract with no 甲 yet: the contractor creates its first city account.
    const lone = await givenSite(w.admin.client);
    expect((await w.admin.client.post('/api/people', person([lone.siteId]))).status).toBe(201);
  });

  it('F4: 甲 invites a colleague for 甲\'s sites and enrols them; 甲 lists the city accounts with who created each and when; 甲 disables one (journaled, sessions end) and the contractor cannot bring it back', async () => {
    const w = await cityWorld();
    const other = await givenSite(w.admin.client);
    const elsewhere = await cityPerson(w, [other.siteId]);
    expect((await w.admin.client.get('/api/city/staff')).status).toBe(403);
    const before = { journal: journalCount(w.env.deps.sqlite), rows: rowCounts(w.env.deps.sqlite) };
    const outside = await w.city.client.post('/api/city/staff', colleague([other.siteId]));
    expect(outside.status).toBe(400);
    expect(outside.body.error.details.issues[0].path).toBe('body.siteIds.0');
    const unnamed = await w.city.client.post('/api/city/staff', { ...colleague([w.site.siteId]), name: '' });
    expect(unnamed.status).toBe(400);
    expect(unnamed.body.error.details.issues[0].path).toBe('body.name');
    expect((await w.city.client.post(`/api/people/${w.worker.id}/enrolments`)).status).toBe(403);
    expect(journalCount(w.env.deps.sqlite)).toBe(before.journal);
    expect(rowCounts(w.env.deps.sqlite)).toEqual(before.rows);

    const invited = await w.city.client.post('/api/city/staff', colleague([w.site.siteId]));
    expect(invited.status, JSON.stringify(invited.body)).toBe(201);
    expect(lastJournal(w.env.deps.sqlite)).toMatchObject({ action: 'person.created', entity_id: String(invited.body.id), actor_id: String(w.city.personId) });
    // The contractor may not enrol the colleague's first passkey either: 甲 does, with a link 甲 issues.
    expect((await w.admin.client.post(`/api/people/${invited.body.id}/enrolments`)).status).toBe(403);
    const jiro = await enrol(w.env, w.city.client, invited.body.id);
    expect((await jiro.client.get('/api/auth/me')).body.person).toMatchObject({ id: invited.body.id, roles: ['city'] });

    const list = (await w.city.client.get('/api/city/staff')).body.staff as { id: number; createdBy: { id: number; city: boolean } | null; createdAt: string; passkeys: number; sites: { id: number }[] }[];
    expect(list.map((s) => s.id).sort()).toEqual([w.city.personId, invited.body.id].sort());
    expect(list.find((s) => s.id === w.city.personId)).toMatchObject({ createdBy: { id: w.admin.personId, city: false }, passkeys: 1, sites: [{ id: w.site.siteId }] });
    expect(list.find((s) => s.id === invited.body.id)).toMatchObject({ createdBy: { id: w.city.personId, city: true }, createdAt: expect.any(String), passkeys: 1 });
    expect((await elsewhere.client.get('/api/city/staff')).body.staff.map((s: { id: number }) => s.id)).toEqual([elsewhere.personId]);

    // Disabling: never one's own account, never the contractor's staff, never another contract's 甲.
    expect((await w.city.client.post(`/api/city/staff/${w.city.personId}/disable`, { reason: '異動' })).status).toBe(409);
    expect((await w.city.client.post(`/api/city/staff/${w.worker.id}/disable`, { reason: '異動' })).status).toBe(403);
    expect((await w.city.client.post(`/api/city/staff/${elsewhere.personId}/disable`, { reason: '異動' })).status).toBe(403);
    const noReason = await w.city.client.post(`/api/city/staff/${invited.body.id}/disable`, { reason: '' });
    expect(noReason.body.error.details.issues[0].path).toBe('body.reason');
    const journal = journalCount(w.env.deps.sqlite);
    const disabled = await w.city.client.post(`/api/city/staff/${invited.body.id}/disable`, { reason: '異動のため' });
    expect(disabled.status, JSON.stringify(disabled.body)).toBe(200);
    expect(disabled.body.status).toBe('suspended');
    expect(journalCount(w.env.deps.sqlite)).toBe(journal + 1);
    expect(lastJournal(w.env.deps.sqlite)).toMatchObject({ action: 'person.suspended', actor_id: String(w.city.personId) });
    expect((await jiro.client.get('/api/auth/me')).status).toBe(401);
    expect((await w.admin.client.post(`/api/people/${invited.body.id}/reactivate`, { reason: '戻す' })).status).toBe(403);
  });
});
