import { describe, expect, it } from 'vitest';
import { enrol, givenPerson, type SignedIn } from '../support/client.ts';
import { givenSite } from '../support/world.ts';
import { journalCount, lastJournal, rowCounts } from '../support/db-snapshot.ts';
import { badge, custodyWorld, FIRST_ADMIN_ID, givenAsset, givenSubmitted, requestBody, scan, type CustodyWorld } from '../support/custody.ts';

/** A custody world whose sites reserve everything to 甲 by default (新潟市's articles), with 甲's own staff member for its site. */
async function cityWorld() {
  const w = await custodyWorld({ config: { cityPermissionDefault: 'all' } });
  const city = await cityPerson(w, [w.site.siteId]);
  return { ...w, city };
}

async function cityPerson(w: CustodyWorld, siteIds: number[]): Promise<SignedIn> {
  const person = await givenPerson(w.admin.client, { roles: ['city'], siteIds, name: `市職員 ${siteIds.join('-')}${Math.random().toString(36).slice(2, 6)}` });
  return enrol(w.env, w.admin.client, person.id);
}

/** The contractor's own approval, as today: the supervisor (and a second one for 重要情報). */
async function contractorApproves(w: CustodyWorld, id: number) {
  const res = await w.supervisor.client.post(`/api/custody/requests/${id}/approve`, {});
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

/** 甲's ceremony: options bound to the request, 甲's own passkey, the permission. */
async function cityPermits(who: SignedIn, id: number) {
  const options = await who.client.post(`/api/city/custody-requests/${id}/permit/options`);
  if (options.status !== 200) return { options, res: options };
  const response = who.authenticator.getAssertion(options.body.options);
  return { options, res: await who.client.post(`/api/city/custody-requests/${id}/permit`, { response }) };
}

/** 甲's word on a paper permission, signed with 甲's passkey over the permission (the note is asked with the options). */
async function cityReviews(who: SignedIn, permissionId: number, word: 'confirm' | 'dispute', note: string) {
  const options = await who.client.post(`/api/city/permissions/${permissionId}/${word}/options`, { note });
  if (options.status !== 200) return options;
  return who.client.post(`/api/city/permissions/${permissionId}/${word}`, { response: who.authenticator.getAssertion(options.body.options) });
}

describe('甲 in the system: prior permission on carry-in and carry-out (F1, F4)', () => {
  it('F1: a carry-out the default policy reserves to 甲 is not approved by the contractor alone, and the kiosk refuses it as city_permission_missing until 甲 permits with a passkey', async () => {
    const w = await cityWorld();
    const laptop = await givenAsset(w.admin.client);
    // In first: a carry-in reserved to 甲 too.
    const carryIn = await givenSubmitted(w.worker.client, requestBody('carry_in', w.site.general.id, [laptop]));
    expect(carryIn.city).toMatchObject({ required: true, state: 'awaiting' });
    const afterContractor = await contractorApproves(w, carryIn.id);
    expect(afterContractor.status).toBe('submitted');
    expect(lastJournal(w.env.deps.sqlite).action).toBe('custody_request.contractor_approved');
    // No further contractor approval is taken, on the console or on the spot at the kiosk.
    expect((await w.supervisor2.client.post(`/api/custody/requests/${carryIn.id}/approve`, {})).status).toBe(409);
    expect((await w.kiosk.post('/api/kiosk/approvals/options', { requestId: carryIn.id })).status).toBe(409);
    const entry = await badge(w, w.site.general.id, 'in');
    const refusedIn = await scan(w, w.site.general.id, 'in', laptop, entry.id);
    expect(refusedIn.body.movement).toMatchObject({ result: 'refused', refusalReason: 'city_permission_missing', requestId: carryIn.id });
    const permitted = await cityPermits(w.city, carryIn.id);
    expect(permitted.options.body.context).toMatchObject({ subjectType: 'custody_request', subjectId: carryIn.id, request: { id: carryIn.id } });
    expect(permitted.res.status, JSON.stringify(permitted.res.body)).toBe(201);
    expect(permitted.res.body).toMatchObject({ status: 'approved', city: { state: 'permitted', permissions: [{ channel: 'system', recordedBy: { id: w.city.personId } }] } });
    expect(lastJournal(w.env.deps.sqlite)).toMatchObject({ action: 'city_permission.given', actor_id: String(w.city.personId) });
    expect((await scan(w, w.site.general.id, 'in', laptop, entry.id)).body.movement.result).toBe('accepted');

    // Then out: 甲 permits first, the contractor second; either order approves it.
    const out = await givenSubmitted(w.worker.client, requestBody('carry_out', w.site.general.id, [laptop]));
    expect((await cityPermits(w.city, out.id)).res.body.status).toBe('submitted');
    expect((await scan(w, w.site.general.id, 'out', laptop, entry.id)).body.movement.refusalReason).toBe('no_approval');
    expect((await contractorApproves(w, out.id)).status).toBe('approved');
    expect((await scan(w, w.site.general.id, 'out', laptop, entry.id)).body.movement.result).toBe('accepted');
  });

  it('F1: contractor staff (admin, supervisor, guard) get 403 giving 甲 permission; a city person outside the site gets 403; nothing written', async () => {
    const w = await cityWorld();
    const laptop = await givenAsset(w.admin.client);
    const r = await givenSubmitted(w.worker.client, requestBody('carry_in', w.site.general.id, [laptop]));
    const before = rowCounts(w.env.deps.sqlite);
    for (const staff of [w.admin, w.supervisor, w.guard, w.worker]) {
      expect((await staff.client.post(`/api/city/custody-requests/${r.id}/permit/options`)).status).toBe(403);
      expect((await staff.client.post(`/api/city/custody-requests/${r.id}/refuse`, { reason: '不可' })).status).toBe(403);
    }
    // A supervisor who got hold of 甲's options still cannot present an assertion as 甲's permission.
    const options = await w.city.client.post(`/api/city/custody-requests/${r.id}/permit/options`);
    const forged = await w.supervisor.client.post(`/api/city/custody-requests/${r.id}/permit`, { response: w.supervisor.authenticator.getAssertion({ ...options.body.options, allowCredentials: [] }) });
    expect(forged.status).toBe(403);
    const otherSite = await givenSite(w.admin.client);
    const elsewhere = await cityPerson(w, [otherSite.siteId]);
    const outside = await cityPermits(elsewhere, r.id);
    expect(outside.res.status).toBe(403);
    expect((await elsewhere.client.get(`/api/custody/requests/${r.id}`)).status).toBe(403);
    expect((await elsewhere.client.get(`/api/city/policies/${w.site.siteId}`)).status).toBe(403);
    expect((await elsewhere.client.get('/api/city/pending')).body.custody).toEqual([]);
    // 甲's own passkey on another city person's challenge is refused too.
    const theirs = await w.city.client.post(`/api/city/custody-requests/${r.id}/permit/options`);
    expect((await w.city.client.post(`/api/city/custody-requests/${r.id}/permit`, { response: elsewhere.authenticator.getAssertion({ ...theirs.body.options, allowCredentials: [] }) })).status).toBe(403);
    const after = rowCounts(w.env.deps.sqlite);
    expect(after.city_permissions).toBe(before.city_permissions);
    expect(after.custody_requests).toBe(before.custody_requests);
    expect(w.env.deps.sqlite.prepare('select count(*) as n from journal where action like ?').get('city_permission.%')).toEqual({ n: 0 });
    // The city person of the site sees it waiting.
    expect((await w.city.client.get('/api/city/pending')).body.custody.map((x: { id: number }) => x.id)).toEqual([r.id]);
  });

  it('F1: 甲 refuses with a reason: the request is rejected and nothing moves under it', async () => {
    const w = await cityWorld();
    const laptop = await givenAsset(w.admin.client);
    const r = await givenSubmitted(w.worker.client, requestBody('carry_in', w.site.general.id, [laptop]));
    const bad = await w.city.client.post(`/api/city/custody-requests/${r.id}/refuse`, { reason: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues[0].path).toBe('body.reason');
    const res = await w.city.client.post(`/api/city/custody-requests/${r.id}/refuse`, { reason: '作業計画書が未提出' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'rejected', city: { state: 'refused' } });
    expect(res.body.rejectReason).toContain('作業計画書が未提出');
    expect(lastJournal(w.env.deps.sqlite).action).toBe('city_permission.refused');
    expect((await w.supervisor.client.post(`/api/custody/requests/${r.id}/approve`, {})).status).toBe(409);
  });

  it('F1: a paper permission transcribed by staff counts at once; 甲 confirms it with one journal entry; a disputed one stops counting and the kiosk refuses again', async () => {
    const w = await cityWorld();
    const [a, b] = [await givenAsset(w.admin.client), await givenAsset(w.admin.client)];
    const paper = { permitReference: '新市情第123号', permitDate: '2026-11-19', officialName: '新潟 太郎', officialSection: '情報政策課' };
    const first = await givenSubmitted(w.worker.client, requestBody('carry_in', w.site.general.id, [a]));
    const second = await givenSubmitted(w.worker.client, requestBody('carry_in', w.site.general.id, [b]));
    await contractorApproves(w, first.id);
    await contractorApproves(w, second.id);
    const missing = await w.guard.client.post(`/api/city/custody-requests/${first.id}/paper`, { ...paper, officialSection: '' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.issues[0].path).toBe('body.officialSection');
    expect((await w.worker.client.post(`/api/city/custody-requests/${first.id}/paper`, paper)).status).toBe(403);
    expect((await w.city.client.post(`/api/city/custody-requests/${first.id}/paper`, paper)).status).toBe(403);
    const recorded = await w.guard.client.post(`/api/city/custody-requests/${first.id}/paper`, paper);
    expect(recorded.status, JSON.stringify(recorded.body)).toBe(201);
    expect(recorded.body).toMatchObject({ status: 'approved', city: { state: 'paper', permissions: [{ channel: 'paper', paper, recordedBy: { id: w.guard.personId }, review: null }] } });
    expect(lastJournal(w.env.deps.sqlite).action).toBe('city_permission.paper_recorded');
    expect((await w.supervisor.client.post(`/api/city/custody-requests/${second.id}/paper`, { ...paper, permitReference: '新市情第124号' })).status).toBe(201);

    const pending = (await w.city.client.get('/api/city/pending')).body;
    expect(pending.paper.map((p: { subjectId: number }) => p.subjectId).sort()).toEqual([first.id, second.id].sort());
    const [firstPermission, secondPermission] = [recorded.body.city.permissions[0].id, pending.paper.find((p: { subjectId: number }) => p.subjectId === second.id).id];

    expect((await w.supervisor.client.post(`/api/city/permissions/${firstPermission}/confirm/options`, {})).status).toBe(403);
    expect((await w.supervisor.client.post(`/api/city/permissions/${firstPermission}/confirm`, { response: {} })).status).toBe(403);
    // 甲's word is signed with a passkey now: a body without one names body.response and changes nothing.
    const unsigned = await w.city.client.post(`/api/city/permissions/${firstPermission}/confirm`, { note: '原本を確認' });
    expect(unsigned.status).toBe(400);
    expect(unsigned.body.error.details.issues.map((i: { path: string }) => i.path)).toContain('body.response');
    const journal = journalCount(w.env.deps.sqlite);
    const confirmed = await cityReviews(w.city, firstPermission, 'confirm', '原本を確認');
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    expect(confirmed.body).toMatchObject({ status: 'approved', city: { state: 'permitted', permissions: [{ review: 'confirmed', reviewedBy: { id: w.city.personId }, reviewNote: '原本を確認', reviewDigest: expect.stringMatching(/^[0-9a-f]{64}$/) }] } });
    expect(journalCount(w.env.deps.sqlite)).toBe(journal + 1);
    expect((await w.city.client.post(`/api/city/permissions/${firstPermission}/dispute/options`, { note: '取り消し' })).status).toBe(409);

    const noReason = await w.city.client.post(`/api/city/permissions/${secondPermission}/dispute/options`, { note: '' });
    expect(noReason.body.error.details.issues[0].path).toBe('body.note');
    const disputed = await cityReviews(w.city, secondPermission, 'dispute', 'この許可書は発行していない');
    expect(disputed.body).toMatchObject({ status: 'submitted', city: { state: 'awaiting' } });
    expect(lastJournal(w.env.deps.sqlite).action).toBe('city_permission.disputed');
    const entry = await badge(w, w.site.general.id, 'in');
    expect((await scan(w, w.site.general.id, 'in', a, entry.id)).body.movement.result).toBe('accepted');
    expect((await scan(w, w.site.general.id, 'in', b, entry.id)).body.movement).toMatchObject({ result: 'refused', refusalReason: 'city_permission_missing' });
  });

  it("F1, F4: the site's policy is 甲's: only a city person of the site changes it (journaled); everyone in scope reads it; a site that reserves nothing needs no 甲", async () => {
    const w = await cityWorld();
    const view = await w.worker.client.get(`/api/city/policies/${w.site.siteId}`);
    expect(view.body).toMatchObject({ stored: false, policy: { carryIn: true, carryOut: true, disposal: true, networkConnection: true, productionData: true, responsibleDistinct: true } });
    const none = { carryIn: false, carryOut: true, disposal: true, networkConnection: true, productionData: true, responsibleDistinct: false };
    for (const staff of [w.admin, w.supervisor, w.guard]) expect((await staff.client.call('PUT', `/api/city/policies/${w.site.siteId}`, none)).status).toBe(403);
    const bad = await w.city.client.call('PUT', `/api/city/policies/${w.site.siteId}`, { ...none, carryIn: 'no' });
    expect(bad.body.error.details.issues[0].path).toBe('body.carryIn');
    const stored = await w.city.client.call('PUT', `/api/city/policies/${w.site.siteId}`, none);
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({ stored: true, policy: none });
    expect(lastJournal(w.env.deps.sqlite)).toMatchObject({ action: 'city_policy.updated', actor_id: String(w.city.personId) });
    const laptop = await givenAsset(w.admin.client);
    const r = await givenSubmitted(w.worker.client, requestBody('carry_in', w.site.general.id, [laptop]));
    expect(r.city).toMatchObject({ required: false, state: 'not_required' });
    expect((await contractorApproves(w, r.id)).status).toBe('approved');
    expect((await w.city.client.post(`/api/city/custody-requests/${r.id}/permit/options`)).status).toBe(409);
  });
});

describe('a responsible person on every request (F2)', () => {
  it('F2: 責任者 is required on a new request, a roster person, and someone other than the carrier while the policy says so; the 400 names body.responsibleId', async () => {
    const w = await cityWorld();
    const laptop = await givenAsset(w.admin.client);
    const { responsibleId: _r, ...without } = requestBody('carry_in', w.site.general.id, [laptop]);
    const before = rowCounts(w.env.deps.sqlite).custody_requests;
    // Missing or the carrier is 400; an id that matches nobody is 404 (issue 18); each names the field.
    for (const [body, path, status] of [
      [without, 'body.responsibleId', 400],
      [{ ...without, responsibleId: 99999 }, 'body.responsibleId', 404],
      [{ ...without, responsibleId: w.worker.id }, 'body.responsibleId', 400],
    ] as const) {
      const res = await w.worker.client.post('/api/custody/requests', body);
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      expect(res.body.error.details.issues[0].path).toBe(path);
    }
    expect(rowCounts(w.env.deps.sqlite).custody_requests).toBe(before);
    const ok = await w.worker.client.post('/api/custody/requests', { ...without, responsibleId: w.supervisor.personId });
    expect(ok.status).toBe(201);
    expect(ok.body.responsible).toEqual({ id: w.supervisor.personId, name: expect.any(String) });
    // 甲 lets the carrier be the 責任者 at this site.
    await w.city.client.call('PUT', `/api/city/policies/${w.site.siteId}`, { carryIn: true, carryOut: true, disposal: true, networkConnection: true, productionData: true, responsibleDistinct: false });
    expect((await w.worker.client.post('/api/custody/requests', { ...without, responsibleId: w.worker.id })).status).toBe(201);
    expect(FIRST_ADMIN_ID).toBe(w.admin.personId);
  });

  it('F1, F2: a disposal request names its site and 責任者; reserved to 甲, the supervisor approval leaves it waiting and execution is refused until 甲 permits', async () => {
    const w = await cityWorld();
    const disk = await givenAsset(w.admin.client, { kind: 'external_disk' });
    const body = { items: [{ assetId: disk.id }], method: 'physical_destruction', plannedDate: '2026-11-25', vendor: '株式会社破砕センター', siteId: w.site.siteId, responsibleId: w.supervisor.personId };
    const { responsibleId: _r, ...noResponsible } = body;
    expect((await w.worker.client.post('/api/disposal/requests', noResponsible)).body.error.details.issues[0].path).toBe('body.responsibleId');
    const created = await w.worker.client.post('/api/disposal/requests', body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ responsible: { id: w.supervisor.personId }, city: { required: true, state: 'awaiting' } });
    const approved = await w.supervisor2.client.post(`/api/disposal/requests/${created.body.id}/approve`, {});
    expect(approved.body).toMatchObject({ status: 'submitted', contractorApproved: true });
    expect(lastJournal(w.env.deps.sqlite).action).toBe('disposal_request.contractor_approved');
    const execution = { executedAt: new Date(w.env.clock.now()).toISOString(), vendor: '株式会社破砕センター', responsiblePersonId: w.supervisor.personId, executorName: '破砕 作業員', witnessPersonId: w.supervisor2.personId, certificateNumber: 'C-1' };
    expect((await w.supervisor.client.post(`/api/disposal/requests/${created.body.id}/execution`, execution)).status).toBe(409);
    const options = await w.city.client.post(`/api/city/disposal-requests/${created.body.id}/permit/options`);
    expect(options.status).toBe(200);
    const res = await w.city.client.post(`/api/city/disposal-requests/${created.body.id}/permit`, { response: w.city.authenticator.getAssertion(options.body.options) });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ status: 'approved', city: { state: 'permitted' } });
  });
});
