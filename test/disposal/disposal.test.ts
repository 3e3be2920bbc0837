import { describe, expect, it } from 'vitest';
import { T0 } from '../support/harness.ts';
import { signedInAs, type Client } from '../support/client.ts';
import { givenPasskeyWorker } from '../support/world.ts';
import { journalCount, lastJournal, rowCounts } from '../support/db-snapshot.ts';
import { at, badge, custodyWorld, givenApproved, givenAsset, requestBody, scan, type CustodyWorld } from '../support/custody.ts';

const MIN = 60_000;

function disposalBody(items: unknown[], extra: Record<string, unknown> = {}) {
  return { items, method: 'physical_destruction', plannedDate: '2026-11-25', vendor: '株式会社破砕センター', reason: '機器更新に伴う廃棄', ...extra };
}

async function nameOf(admin: Client, id: number): Promise<string> {
  return (await admin.get(`/api/people/${id}`)).body.name;
}

/** A request by the worker, approved by the supervisor; the clock then moves on ten minutes. */
async function givenApprovedDisposal(w: CustodyWorld, items: unknown[], extra: Record<string, unknown> = {}) {
  const created = await w.worker.client.post('/api/disposal/requests', disposalBody(items, extra));
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const approved = await w.supervisor.client.post(`/api/disposal/requests/${created.body.id}/approve`, { note: '承認' });
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  w.env.clock.advance(10 * MIN);
  return approved.body as { id: number };
}

function execution(w: CustodyWorld, extra: Record<string, unknown> = {}) {
  return {
    executedAt: at(w.env.clock.now() - 5 * MIN),
    vendor: '株式会社破砕センター',
    responsiblePersonId: w.supervisor.personId,
    executorName: '破砕 作業員',
    witnessPersonId: w.supervisor2.personId,
    certificateNumber: 'HC-2026-0042',
    ...extra,
  };
}

describe('disposal (D1–D3)', () => {
  it('D1–D3: request, approval by another supervisor, execution record, assets disposed and out of the area, 廃棄証明書 with the journal hash', async () => {
    const w = await custodyWorld();
    const laptop = await givenAsset(w.admin.client, { serialNumber: 'PC-123', description: '保守用端末' });
    await givenApproved(w, requestBody('carry_in', w.site.general.id, [laptop]));
    const entry = await badge(w, w.site.general.id, 'in');
    expect((await scan(w, w.site.general.id, 'in', laptop, entry.id)).status).toBe(201);

    const before = journalCount(w.env.deps.sqlite);
    const created = await w.worker.client.post('/api/disposal/requests', disposalBody([{ assetId: laptop.id }, { mediaName: '作業記録（紙）', quantity: 3 }]));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ status: 'submitted', requesterId: w.worker.id, method: 'physical_destruction', plannedDate: '2026-11-25', vendor: '株式会社破砕センター' });
    expect(created.body.items).toEqual([
      expect.objectContaining({ assetId: laptop.id, assetNumber: laptop.assetNumber, mediaName: 'ノートPC 保守用端末', quantity: 1, serialNumbers: 'PC-123' }),
      expect.objectContaining({ assetId: null, assetNumber: null, mediaName: '作業記録（紙）', quantity: 3, serialNumbers: '' }),
    ]);
    expect(journalCount(w.env.deps.sqlite)).toBe(before + 1);
    expect(lastJournal(w.env.deps.sqlite)).toMatchObject({ action: 'disposal_request.submitted', entity_type: 'disposal_request', entity_id: String(created.body.id), actor_id: String(w.worker.id) });

    const id = created.body.id;
    const approved = await w.supervisor.client.post(`/api/disposal/requests/${id}/approve`, { note: '立会いのうえ実施のこと' });
    expect(approved.body).toMatchObject({ status: 'approved', approvedBy: w.supervisor.personId, decidedAt: at(T0) });
    expect(lastJournal(w.env.deps.sqlite)).toMatchObject({ action: 'disposal_request.approved', actor_id: String(w.supervisor.personId) });

    w.env.clock.advance(10 * MIN);
    const journalBefore = journalCount(w.env.deps.sqlite);
    const done = await w.supervisor.client.post(`/api/disposal/requests/${id}/execution`, execution(w));
    expect(done.status, JSON.stringify(done.body)).toBe(201);
    expect(done.body).toMatchObject({ status: 'executed', record: { executedAt: at(T0 + 5 * MIN), method: 'physical_destruction', executorName: '破砕 作業員', serialNumbers: 'PC-123', certificateNumber: 'HC-2026-0042' } });
    expect(journalCount(w.env.deps.sqlite)).toBe(journalBefore + 1);
    const journalRow = lastJournal(w.env.deps.sqlite) as ReturnType<typeof lastJournal> & { hash: string };
    expect(journalRow).toMatchObject({ action: 'disposal.executed', entity_type: 'disposal_record', entity_id: String(done.body.record.id) });
    expect(done.body.record.journal).toEqual({ seq: journalRow.seq, hash: journalRow.hash });

    const asset = (await w.admin.client.get(`/api/assets/${laptop.id}`)).body;
    expect(asset).toMatchObject({ status: 'disposed', locationAreaId: null });
    expect((await w.guard.client.get('/api/custody/inside')).body.areas).toEqual([]);

    const cert = await w.supervisor.client.get(`/api/disposal/requests/${id}/certificate`);
    expect(cert.status).toBe(200);
    expect(cert.headers.get('content-type')).toContain('text/html');
    const page = cert.body as string;
    expect(page).not.toMatch(/<script/i);
    for (const text of ['廃棄証明書', '令和8年11月20日 09:05', '物理的破壊', '株式会社破砕センター', 'HC-2026-0042', '破砕 作業員', laptop.assetNumber, '作業記録（紙）', 'PC-123', journalRow.hash]) {
      expect(page, text).toContain(text);
    }
    expect(page).toContain(await nameOf(w.admin.client, w.supervisor2.personId));
    expect(page).toContain(`記録番号 ${journalRow.seq} `);
    // The inspector's check: the chain verifies, and the printed hash is the one at that seq.
    expect((await w.admin.client.get('/api/journal/verify')).body).toMatchObject({ ok: true });
    const journal = await w.admin.client.get(`/api/journal?after=${journalRow.seq - 1}&limit=1`);
    expect(journal.body.entries[0]).toMatchObject({ seq: journalRow.seq, hash: journalRow.hash, action: 'disposal.executed' });
  });

  it('E1: the requester cannot approve or reject their own disposal request (403), nothing written', async () => {
    const w = await custodyWorld();
    const disk = await givenAsset(w.admin.client, { kind: 'external_disk' });
    const created = await w.supervisor.client.post('/api/disposal/requests', disposalBody([{ assetId: disk.id }]));
    const counts = rowCounts(w.env.deps.sqlite);
    const self = await w.supervisor.client.post(`/api/disposal/requests/${created.body.id}/approve`, {});
    expect(self.status).toBe(403);
    expect(self.body.error.message).toContain('(E1)');
    expect((await w.supervisor.client.post(`/api/disposal/requests/${created.body.id}/reject`, { reason: '取り下げ' })).status).toBe(403);
    expect(rowCounts(w.env.deps.sqlite)).toEqual(counts);
    expect((await w.worker.client.post(`/api/disposal/requests/${created.body.id}/approve`, {})).status).toBe(403);
    expect((await w.admin.client.post(`/api/disposal/requests/${created.body.id}/approve`, {})).status).toBe(403);
    expect((await w.supervisor2.client.post(`/api/disposal/requests/${created.body.id}/approve`, {})).body.status).toBe('approved');
  });

  it('D2: a witness who is the executor or the responsible person is refused, naming the field, nothing written', async () => {
    const w = await custodyWorld();
    const r = await givenApprovedDisposal(w, [{ mediaName: 'バックアップテープ', quantity: 2, serialNumbers: 'T-1, T-2' }], { method: 'degaussing' });
    const witnessName = await nameOf(w.admin.client, w.supervisor2.personId);
    const counts = rowCounts(w.env.deps.sqlite);
    const path = `/api/disposal/requests/${r.id}/execution`;
    const asExecutor = await w.supervisor.client.post(path, execution(w, { executorName: witnessName.replace(' ', '\u3000') }));
    expect(asExecutor.status).toBe(400);
    expect(asExecutor.body.error.details.issues).toEqual([{ path: 'body.witnessPersonId', message: 'the witness must be someone other than the person who carried out the disposal' }]);
    const asResponsible = await w.supervisor.client.post(path, execution(w, { witnessPersonId: w.supervisor.personId }));
    expect(asResponsible.status).toBe(400);
    expect(asResponsible.body.error.details.issues[0].path).toBe('body.witnessPersonId');
    expect(rowCounts(w.env.deps.sqlite)).toEqual(counts);
    const ok = await w.supervisor.client.post(path, execution(w));
    expect(ok.body).toMatchObject({ status: 'executed', record: { method: 'degaussing', serialNumbers: 'T-1, T-2', witnessName } });
  });

  it('D1: only an approved request is carried out, after its approval, by the approved method, once', async () => {
    const w = await custodyWorld();
    const usb = await givenAsset(w.admin.client, { kind: 'usb_memory' });
    const submitted = (await w.worker.client.post('/api/disposal/requests', disposalBody([{ assetId: usb.id }]))).body;
    expect((await w.supervisor.client.post(`/api/disposal/requests/${submitted.id}/execution`, execution(w))).status).toBe(409);
    const again = await w.worker.client.post('/api/disposal/requests', disposalBody([{ assetId: usb.id }]));
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain(`disposal request ${submitted.id}`);

    const rejected = await w.supervisor.client.post(`/api/disposal/requests/${submitted.id}/reject`, { reason: '廃棄方法を再検討' });
    expect(rejected.body).toMatchObject({ status: 'rejected', rejectReason: '廃棄方法を再検討', decidedByName: expect.any(String) });
    expect(lastJournal(w.env.deps.sqlite).action).toBe('disposal_request.rejected');
    expect((await w.supervisor.client.post(`/api/disposal/requests/${submitted.id}/execution`, execution(w))).status).toBe(409);
    expect((await w.supervisor2.client.post(`/api/disposal/requests/${submitted.id}/approve`, {})).status).toBe(409);

    const r = await givenApprovedDisposal(w, [{ assetId: usb.id }]);
    const path = `/api/disposal/requests/${r.id}/execution`;
    const counts = rowCounts(w.env.deps.sqlite);
    // Malformed values are 400; ids that match nothing are 404 (issue 18); both name the field.
    const bad: [Record<string, unknown>, string, number?][] = [
      [{ executedAt: at(T0 - MIN) }, 'body.executedAt'],
      [{ executedAt: at(w.env.clock.now() + MIN) }, 'body.executedAt'],
      [{ method: 'shredding' }, 'body.method'],
      [{ responsiblePersonId: 4242 }, 'body.responsiblePersonId', 404],
      [{ certificateNumber: '' }, 'body.certificateNumber'],
    ];
    for (const [extra, field, status = 400] of bad) {
      const res = await w.supervisor.client.post(path, execution(w, extra));
      expect(res.status, field).toBe(status);
      expect(res.body.error.details.issues.map((i: { path: string }) => i.path)).toContain(field);
    }
    expect(rowCounts(w.env.deps.sqlite)).toEqual(counts);
    expect((await w.supervisor.client.post(path, execution(w))).status).toBe(201);
    expect((await w.supervisor.client.post(path, execution(w))).status).toBe(409);
    const gone = await w.worker.client.post('/api/disposal/requests', disposalBody([{ assetId: usb.id }]));
    expect(gone.status).toBe(400);
    expect(gone.body.error.details.issues[0]).toEqual({ path: 'body.items.0.assetId', message: `${usb.assetNumber} is disposed` });
  });

  it('D1: bad requests name the field and write nothing; workers read only their own requests', async () => {
    const w = await custodyWorld();
    const laptop = await givenAsset(w.admin.client);
    const mine = await givenAsset(w.admin.client, { ownerType: 'personal', kind: 'smartphone' });
    const counts = rowCounts(w.env.deps.sqlite);
    const bad: [unknown, string, number?][] = [
      [disposalBody([]), 'body.items'],
      [disposalBody([{ quantity: 2 }]), 'body.items.0.mediaName'],
      [disposalBody([{ assetId: laptop.id, quantity: 2 }]), 'body.items.0.quantity'],
      [disposalBody([{ assetId: laptop.id }, { assetId: laptop.id }]), 'body.items.1.assetId'],
      [disposalBody([{ assetId: 4242 }]), 'body.items.0.assetId', 404],
      [disposalBody([{ assetId: mine.id }]), 'body.items.0.assetId'],
      [disposalBody([{ assetId: laptop.id }], { method: 'burning' }), 'body.method'],
      [disposalBody([{ assetId: laptop.id }], { plannedDate: '2026-11-19' }), 'body.plannedDate'],
      [disposalBody([{ assetId: laptop.id }], { vendor: '' }), 'body.vendor'],
    ];
    for (const [body, field, status = 400] of bad) {
      const res = await w.worker.client.post('/api/disposal/requests', body);
      expect(res.status, `${field}: ${JSON.stringify(res.body)}`).toBe(status);
      expect(res.body.error.details.issues.map((i: { path: string }) => i.path)).toContain(field);
    }
    expect(rowCounts(w.env.deps.sqlite)).toEqual(counts);

    const own = (await w.worker.client.post('/api/disposal/requests', disposalBody([{ assetId: laptop.id }]))).body;
    const other = await givenPasskeyWorker(w.env, w.admin.client, []);
    const theirs = (await other.client.post('/api/disposal/requests', disposalBody([{ mediaName: 'CD-R', quantity: 5 }]))).body;
    expect((await w.worker.client.get('/api/disposal/requests')).body.requests.map((r: { id: number }) => r.id)).toEqual([own.id]);
    expect((await w.worker.client.get(`/api/disposal/requests/${theirs.id}`)).status).toBe(404);
    const auditor = await signedInAs(w.env, w.admin.client, ['auditor']);
    expect((await auditor.client.get('/api/disposal/requests?status=submitted')).body.requests.map((r: { id: number }) => r.id)).toEqual([theirs.id, own.id]);
    expect((await auditor.client.post('/api/disposal/requests', disposalBody([{ mediaName: 'CD-R' }]))).status).toBe(403);
    expect((await w.guard.client.get('/api/disposal/requests')).status).toBe(403);
    expect((await auditor.client.get(`/api/disposal/requests/${own.id}/certificate`)).status).toBe(409);
  });

  it('D3: the certificate escapes every stored text and carries no script', async () => {
    const w = await custodyWorld();
    const r = await givenApprovedDisposal(w, [{ mediaName: '<img src=x onerror=alert(1)> "媒体" & 箱', serialNumbers: '<b>S-1</b>' }], { vendor: '<script>alert("v")</script>' });
    const res = await w.supervisor.client.post(`/api/disposal/requests/${r.id}/execution`, execution(w, { vendor: '<script>alert("v")</script>', executorName: '</td><script>x()</script>', certificateNumber: "C-1'><svg onload=alert(1)>" }));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const auditor = await signedInAs(w.env, w.admin.client, ['auditor']);
    const page = (await auditor.client.get(`/api/disposal/requests/${r.id}/certificate`)).body as string;
    expect(page).not.toMatch(/<script|<img|<svg|<b>/i);
    expect(page).toContain('&lt;script&gt;alert(&quot;v&quot;)&lt;/script&gt;');
    expect(page).toContain('&lt;/td&gt;&lt;script&gt;x()&lt;/script&gt;');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt; &quot;媒体&quot; &amp; 箱');
    expect(page).toContain('C-1&#39;&gt;&lt;svg onload=alert(1)&gt;');
    expect(page).toContain('&lt;b&gt;S-1&lt;/b&gt;');
  });
});
