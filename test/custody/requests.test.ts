import { describe, expect, it } from 'vitest';
import { T0 } from '../support/harness.ts';
import { signedInAs } from '../support/client.ts';
import { givenPasskeyWorker } from '../support/world.ts';
import { lastJournal, rowCounts } from '../support/db-snapshot.ts';
import { at, CLEAN_SCAN, custodyWorld, givenAsset, givenSubmitted, HOUR, requestBody } from '../support/custody.ts';

describe('carry-in and carry-out requests (C2, C3)', () => {
  it('C2: a worker drafts a carry-in for themselves, edits it, submits it; each step one journal entry', async () => {
    const w = await custodyWorld();
    const laptop = await givenAsset(w.admin.client);
    const created = await w.worker.client.post('/api/custody/requests', requestBody('carry_in', w.site.general.id, [laptop]));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      kind: 'carry_in',
      status: 'draft',
      requester: { id: w.worker.id },
      carrier: { id: w.worker.id },
      area: { id: w.site.general.id },
      windowFrom: at(T0 - HOUR),
      items: [{ assetId: laptop.id, assetNumber: laptop.assetNumber, scan: { result: 'clean', tool: 'ウイルスバスター', definitionsDate: '2026-11-19' }, moved: false }],
      approvalsNeeded: 1,
      approvalsGiven: 0,
    });
    expect(lastJournal(w.env.deps.sqlite)).toMatchObject({ action: 'custody_request.created', entity_type: 'custody_request', entity_id: String(created.body.id) });

    const edited = await w.worker.client.patch(`/api/custody/requests/${created.body.id}`, { purpose: '障害対応' });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body.purpose).toBe('障害対応');
    expect(lastJournal(w.env.deps.sqlite).action).toBe('custody_request.updated');

    const submitted = await w.worker.client.post(`/api/custody/requests/${created.body.id}/submit`);
    expect(submitted.body).toMatchObject({ status: 'submitted' });
    expect(lastJournal(w.env.deps.sqlite).action).toBe('custody_request.submitted');
    expect((await w.worker.client.post(`/api/custody/requests/${created.body.id}/submit`)).status).toBe(409);
  });

  it('C3: a carry-out names its destination; expected return optional, after the window starts', async () => {
    const w = await custodyWorld();
    const laptop = await givenAsset(w.admin.client);
    const before = rowCounts(w.env.deps.sqlite);
    const noDestination = await w.worker.client.post('/api/custody/requests', { ...requestBody('carry_out', w.site.general.id, [laptop]), destination: '' });
    expect(noDestination.status).toBe(400);
    expect(noDestination.body.error.details.issues.map((i: { path: string }) => i.path)).toEqual(['body.destination']);
    const earlyReturn = await w.worker.client.post('/api/custody/requests', requestBody('carry_out', w.site.general.id, [laptop], { expectedReturnAt: at(T0 - 2 * HOUR) }));
    expect(earlyReturn.body.error.details.issues[0].path).toBe('body.expectedReturnAt');
    const inWithDestination = await w.worker.client.post('/api/custody/requests', requestBody('carry_in', w.site.general.id, [laptop], { destination: '本社' }));
    expect(inWithDestination.body.error.details.issues[0].path).toBe('body.destination');
    expect(rowCounts(w.env.deps.sqlite)).toEqual(before);
    const ok = await w.worker.client.post('/api/custody/requests', requestBody('carry_out', w.site.general.id, [laptop], { expectedReturnAt: at(T0 + 72 * HOUR) }));
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ destination: '本社開発室', expectedReturnAt: at(T0 + 72 * HOUR) });
  });

  it('a window must run forwards, last at most 92 days, and not have ended', async () => {
    const w = await custodyWorld();
    const laptop = await givenAsset(w.admin.client);
    const post = (extra: Record<string, unknown>) => w.worker.client.post('/api/custody/requests', requestBody('carry_in', w.site.general.id, [laptop], extra));
    expect((await post({ windowTo: at(T0 - 2 * HOUR) })).body.error.details.issues[0].path).toBe('body.windowTo');
    expect((await post({ windowTo: at(T0 + 100 * 24 * HOUR) })).body.error.details.issues[0].path).toBe('body.windowTo');
    const ended = await post({ windowFrom: at(T0 - 3 * HOUR), windowTo: at(T0 - HOUR) });
    expect(ended.status).toBe(400);
    expect(ended.body.error.details.issues[0]).toEqual({ path: 'body.windowTo', message: 'the planned window has already ended' });
    expect((await post({ windowFrom: '2026-11-20T09:00:00' })).body.error.details.issues[0].path).toBe('body.windowFrom');
  });

  it('the carrier defaults to the requester; only an admin or supervisor names another carrier', async () => {
    const w = await custodyWorld();
    const laptop = await givenAsset(w.admin.client);
    const other = await givenPasskeyWorker(w.env, w.admin.client, [w.site.general.id]);
    const byWorker = await w.worker.client.post('/api/custody/requests', requestBody('carry_in', w.site.general.id, [laptop], { carrierId: other.id }));
    expect(byWorker.status).toBe(403);
    const bySupervisor = await w.supervisor.client.post('/api/custody/requests', requestBody('carry_in', w.site.general.id, [laptop], { carrierId: other.id }));
    expect(bySupervisor.status).toBe(201);
    expect(bySupervisor.body).toMatchObject({ requester: { id: w.supervisor.personId }, carrier: { id: other.id } });
    const unknown = await w.supervisor.client.post('/api/custody/requests', requestBody('carry_in', w.site.general.id, [laptop], { carrierId: 99999 }));
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.details.issues[0].path).toBe('body.carrierId');
  });
});

describe('what may be put on a request (C4, C5, C6, C8, C11)', () => {
  it('C4: a personal device is refused with 400 naming the item, writing nothing', async () => {
    const w = await custodyWorld();
    const laptop = await givenAsset(w.admin.client);
    const phone = await givenAsset(w.admin.client, { kind: 'smartphone', ownerType: 'personal' });
    const before = rowCounts(w.env.deps.sqlite);
    const res = await w.worker.client.post('/api/custody/requests', requestBody('carry_in', w.site.general.id, [laptop, phone]));
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues).toEqual([{ path: 'body.items.1.assetId', message: expect.stringContaining(`${phone.assetNumber} is a personal device`) }]);
    expect(rowCounts(w.env.deps.sqlite)).toEqual(before);
  });

  it('C11: fixed equipment goes on a request only when the requester says so explicitly', async () => {
    const w = await custodyWorld();
    const terminal = await givenAsset(w.admin.client, { kind: 'desktop', fixed: true });
    const implicit = await w.worker.client.post('/api/custody/requests', requestBody('carry_in', w.site.general.id, [terminal]));
    expect(implicit.status).toBe(400);
    expect(implicit.body.error.details.issues[0].path).toBe('body.items.0.fixedEquipment');
    const explicit = await w.worker.client.post('/api/custody/requests', {
      ...requestBody('carry_in', w.site.general.id, [terminal]),
      items: [{ assetId: terminal.id, scan: CLEAN_SCAN, fixedEquipment: true }],
    });
    expect(explicit.status, JSON.stringify(explicit.body)).toBe(201);
    expect(explicit.body.items[0]).toMatchObject({ fixed: true });
    expect(JSON.parse(lastJournal(w.env.deps.sqlite).data).items).toEqual([expect.objectContaining({ assetId: terminal.id, fixedEquipment: true })]);
  });

  it('C6: 重要情報 needs transport protection; carried out on storage it must be encrypted', async () => {
    const w = await custodyWorld();
    const secret = await givenAsset(w.admin.client, { kind: 'usb_memory', classification: 'important' });
    const post = (kind: 'carry_in' | 'carry_out', extra: Record<string, unknown>) => w.worker.client.post('/api/custody/requests', requestBody(kind, w.site.general.id, [secret], extra));
    const none = await post('carry_in', {});
    expect(none.status).toBe(400);
    expect(none.body.error.details.issues[0].path).toBe('body.protection');
    expect(none.body.error.message).toContain('body.protection');
    const caseOnlyOut = await post('carry_out', { protection: { encryption: false, lockedCase: true } });
    expect(caseOnlyOut.body.error.details.issues[0].path).toBe('body.protection.encryption');
    const ok = await post('carry_out', { protection: { encryption: true, lockedCase: true, note: 'BitLocker、施錠ケース' } });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ protection: { encryption: true, lockedCase: true, note: 'BitLocker、施錠ケース' }, approvalsNeeded: 2 });
  });

  it('C8: a repair carry-out records the data erasure or the NDA reference', async () => {
    const w = await custodyWorld();
    const disk = await givenAsset(w.admin.client, { kind: 'external_disk' });
    const post = (repair: unknown) => w.worker.client.post('/api/custody/requests', requestBody('carry_out', w.site.general.id, [disk], { repair }));
    const empty = await post({});
    expect(empty.status).toBe(400);
    expect(empty.body.error.details.issues[0].path).toBe('body.repair.erasure');
    const nda = await post({ ndaReference: 'NDA-2026-014' });
    expect(nda.status).toBe(201);
    expect(nda.body.repair).toEqual({ erasure: '', ndaReference: 'NDA-2026-014' });
    const inRepair = await w.worker.client.post('/api/custody/requests', requestBody('carry_in', w.site.general.id, [disk], { repair: { erasure: '消去済み' } }));
    expect(inRepair.body.error.details.issues[0].path).toBe('body.repair');
  });

  it('C5: a scan record has a date with offset, a tool, a definitions date and a result', async () => {
    const w = await custodyWorld();
    const usb = await givenAsset(w.admin.client, { kind: 'usb_memory' });
    const res = await w.worker.client.post('/api/custody/requests', {
      ...requestBody('carry_in', w.site.general.id, [usb]),
      items: [{ assetId: usb.id, scan: { ...CLEAN_SCAN, definitionsDate: '2026-02-30', result: 'probably fine' } }],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues.map((i: { path: string }) => i.path).sort()).toEqual(['body.items.0.scan.definitionsDate', 'body.items.0.scan.result']);
    const twice = await w.worker.client.post('/api/custody/requests', { ...requestBody('carry_in', w.site.general.id, [usb, usb]) });
    expect(twice.body.error.details.issues[0].path).toBe('body.items.1.assetId');
  });
});

describe('statuses and who reads what', () => {
  it('a request past its window reads as expired, and cannot be submitted', async () => {
    const w = await custodyWorld();
    const laptop = await givenAsset(w.admin.client);
    const created = await w.worker.client.post('/api/custody/requests', requestBody('carry_in', w.site.general.id, [laptop], { windowTo: at(T0 + 10 * 60_000) }));
    w.env.clock.set(T0 + 10 * 60_000);
    const read = await w.worker.client.get(`/api/custody/requests/${created.body.id}`);
    expect(read.body.status).toBe('expired');
    const submit = await w.worker.client.post(`/api/custody/requests/${created.body.id}/submit`);
    expect(submit.status).toBe(409);
    const list = await w.supervisor.client.get('/api/custody/requests?status=expired');
    expect(list.body.requests.map((r: { id: number }) => r.id)).toEqual([created.body.id]);
    expect((await w.supervisor.client.get('/api/custody/requests?status=draft')).body.requests).toEqual([]);
  });

  it('a worker reads only the requests they made or carry; staff read all', async () => {
    const w = await custodyWorld();
    const laptop = await givenAsset(w.admin.client);
    const mine = await givenSubmitted(w.worker.client, requestBody('carry_in', w.site.general.id, [laptop]));
    const other = await signedInAs(w.env, w.admin.client, ['worker']);
    expect((await other.client.get(`/api/custody/requests/${mine.id}`)).status).toBe(403);
    expect((await other.client.get('/api/custody/requests')).body.requests).toEqual([]);
    expect((await w.worker.client.get('/api/custody/requests')).body.requests.map((r: { id: number }) => r.id)).toEqual([mine.id]);
    expect((await w.guard.client.get(`/api/custody/requests/${mine.id}`)).status).toBe(200);
    expect((await other.client.post(`/api/custody/requests/${mine.id}/submit`)).status).toBe(403);
  });

  it('bad input on edit names the field and writes nothing; only the requester edits', async () => {
    const w = await custodyWorld();
    const laptop = await givenAsset(w.admin.client);
    const created = await w.worker.client.post('/api/custody/requests', requestBody('carry_in', w.site.general.id, [laptop]));
    const before = rowCounts(w.env.deps.sqlite);
    const bad = await w.worker.client.patch(`/api/custody/requests/${created.body.id}`, { windowTo: at(T0 - 2 * HOUR) });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues[0].path).toBe('body.windowTo');
    const unknownField = await w.worker.client.patch(`/api/custody/requests/${created.body.id}`, { kind: 'carry_out' });
    expect(unknownField.status).toBe(400);
    expect((await w.supervisor.client.patch(`/api/custody/requests/${created.body.id}`, { purpose: '横取り' })).status).toBe(403);
    expect(rowCounts(w.env.deps.sqlite)).toEqual(before);
    const items = await w.worker.client.patch(`/api/custody/requests/${created.body.id}`, { items: [{ assetId: laptop.id }] });
    expect(items.body.items[0].scan).toBeNull();
  });
});
