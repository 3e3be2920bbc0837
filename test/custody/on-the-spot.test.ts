import { describe, expect, it } from 'vitest';
import { givenKiosk } from '../support/world.ts';
import { rowCounts } from '../support/db-snapshot.ts';
import type { SignedIn } from '../support/client.ts';
import { badge, custodyWorld, givenAsset, givenSubmitted, requestBody, scan, type CustodyWorld } from '../support/custody.ts';
import type { KioskClient } from '../support/world.ts';

/** The guard's ceremony at the kiosk: options bound to the request, the guard's own key, the approval. */
async function approveAtKiosk(w: CustodyWorld, who: SignedIn, requestId: number, kiosk: KioskClient = w.kiosk) {
  const options = await kiosk.post('/api/kiosk/approvals/options', { requestId });
  expect(options.status, JSON.stringify(options.body)).toBe(200);
  const response = who.authenticator.getAssertion(options.body.options);
  return { options: options.body, response, res: await kiosk.post('/api/kiosk/approvals', { requestId, response }) };
}

function journalRow(w: CustodyWorld) {
  return w.env.deps.sqlite.prepare('select action, actor_type, actor_id, actor_session, data from journal order by seq desc limit 1').get() as { action: string; actor_type: string; actor_id: string; actor_session: string | null; data: string };
}

describe('on-the-spot approval at the kiosk (C2 at the door)', () => {
  it('C2: a guard approves a carry-in with their own passkey; recorded on the spot with the kiosk; the worker then carries it in', async () => {
    const w = await custodyWorld();
    const laptop = await givenAsset(w.admin.client);
    const r = await givenSubmitted(w.worker.client, requestBody('carry_in', w.site.general.id, [laptop]));
    const { options, res } = await approveAtKiosk(w, w.guard, r.id);
    expect(options.context.request).toMatchObject({ id: r.id, status: 'submitted', items: [{ assetNumber: laptop.assetNumber }] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ status: 'approved', approvals: [{ approverId: w.guard.personId, onTheSpot: true, kioskId: w.kiosk.id }] });
    const entry = journalRow(w);
    expect(entry).toMatchObject({ action: 'custody_request.approved', actor_type: 'person', actor_id: String(w.guard.personId), actor_session: null });
    expect(JSON.parse(entry.data).approval).toMatchObject({ onTheSpot: true, kioskId: w.kiosk.id });
    const visit = await badge(w, w.site.general.id, 'in');
    expect((await scan(w, w.site.general.id, 'in', laptop, visit.id)).body.movement.result).toBe('accepted');
  });

  it('refused for a secure area, for a carry-out, and at a kiosk that does not serve the area', async () => {
    const w = await custodyWorld();
    const laptop = await givenAsset(w.admin.client);
    const secure = await givenSubmitted(w.worker.client, requestBody('carry_in', w.site.secure.id, [laptop]));
    const before = rowCounts(w.env.deps.sqlite);
    const res = await w.kiosk.post('/api/kiosk/approvals/options', { requestId: secure.id });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain('secure area');
    const out = await givenSubmitted(w.worker.client, requestBody('carry_out', w.site.general.id, [laptop]));
    expect((await w.kiosk.post('/api/kiosk/approvals/options', { requestId: out.id })).status).toBe(403);
    const general = await givenSubmitted(w.worker.client, requestBody('carry_in', w.site.general.id, [laptop]));
    const elsewhere = await givenKiosk(w.env, w.admin.client, [w.site.secure.id]);
    expect((await elsewhere.post('/api/kiosk/approvals/options', { requestId: general.id })).status).toBe(403);
    const counts = rowCounts(w.env.deps.sqlite);
    expect(counts.custody_approvals).toBe(before.custody_approvals);
    expect((await w.kiosk.post('/api/kiosk/approvals/options', { requestId: 'x' })).body.error.details.issues[0].path).toBe('body.requestId');
  });

  it('E1: the requester (or carrier) cannot approve their own at the kiosk; a worker\'s passkey approves nothing', async () => {
    const w = await custodyWorld();
    const laptop = await givenAsset(w.admin.client);
    const own = await givenSubmitted(w.guard.client, requestBody('carry_in', w.site.general.id, [laptop]));
    const self = await approveAtKiosk(w, w.guard, own.id);
    expect(self.res.status).toBe(403);
    expect(self.res.body.error.message).toContain('E1');
    const byWorker = await givenSubmitted(w.supervisor.client, requestBody('carry_in', w.site.general.id, [laptop], { carrierId: w.guard.personId }));
    const carrier = await approveAtKiosk(w, w.guard, byWorker.id);
    expect(carrier.res.status).toBe(403);
    const worker = await approveAtKiosk(w, w.worker, own.id);
    expect(worker.res.status).toBe(403);
    expect(worker.res.body.error.message).toContain('guard or a supervisor');
    expect(rowCounts(w.env.deps.sqlite).custody_approvals).toBe(0);
  });

  it('the challenge is bound to one request and used once', async () => {
    const w = await custodyWorld();
    const a = await givenAsset(w.admin.client);
    const b = await givenAsset(w.admin.client);
    const ra = await givenSubmitted(w.worker.client, requestBody('carry_in', w.site.general.id, [a]));
    const rb = await givenSubmitted(w.worker.client, requestBody('carry_in', w.site.general.id, [b]));
    const options = await w.kiosk.post('/api/kiosk/approvals/options', { requestId: ra.id });
    const response = w.guard.authenticator.getAssertion(options.body.options);
    const swapped = await w.kiosk.post('/api/kiosk/approvals', { requestId: rb.id, response });
    expect(swapped.status).toBe(409);
    expect(swapped.body.error.message).toContain('another request');
    const replayed = await w.kiosk.post('/api/kiosk/approvals', { requestId: ra.id, response });
    // A used challenge is a stale step of the ceremony, not a bad kiosk token: 409 naming the field (issue 18).
    expect(replayed.status).toBe(409);
    expect(replayed.body.error.details.issues).toEqual([{ path: 'body.response.response.clientDataJSON', message: expect.stringMatching(/challenge/) }]);
    expect(rowCounts(w.env.deps.sqlite).custody_approvals).toBe(0);
    const signOffOptions = await w.supervisor.client.post(`/api/areas/${w.site.general.id}/custody-ledger/2026-11-20/signoff/options`);
    const ledgerChallenge = w.supervisor.authenticator.getAssertion(signOffOptions.body.options);
    expect((await w.kiosk.post('/api/kiosk/approvals', { requestId: ra.id, response: ledgerChallenge })).status).toBe(409);
  });

  it('E1: an on-the-spot approval counts as one of the two that 重要情報 needs', async () => {
    const w = await custodyWorld();
    const secret = await givenAsset(w.admin.client, { kind: 'usb_memory', classification: 'important' });
    const r = await givenSubmitted(w.worker.client, requestBody('carry_in', w.site.general.id, [secret], { protection: { encryption: true, lockedCase: true } }));
    const first = await approveAtKiosk(w, w.guard, r.id);
    expect(first.res.body).toMatchObject({ status: 'submitted', approvalsGiven: 1, approvalsNeeded: 2 });
    const again = await approveAtKiosk(w, w.guard, r.id);
    expect(again.res.status).toBe(409);
    const second = await approveAtKiosk(w, w.supervisor, r.id);
    expect(second.res.body).toMatchObject({ status: 'approved', approvalsGiven: 2 });
  });
});
