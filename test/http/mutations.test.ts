import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { testEnv } from '../support/harness.ts';
import { enrol, givenPerson, setupAdmin, signedInAs, signIn } from '../support/client.ts';
import { badgeEvent, givenKiosk, givenSite, givenWorker } from '../support/world.ts';
import { journalCount, lastJournal, rowCounts } from '../support/db-snapshot.ts';
import { badge, custodyWorld, givenAsset, givenSubmitted, movement, requestBody } from '../support/custody.ts';
import { tagPayload } from '../../src/assets/tag.ts';
import { anomalyWorld } from '../anomalies/anomaly-world.ts';
import { submissionsWorld } from '../submissions/submissions-world.ts';

interface Case {
  route: string;
  path: (s: State) => string;
  body?: (s: State) => unknown;
  action: string;
  /** A malformed request for the same route and the field its 400 must name. */
  bad?: { path?: (s: State) => string; body: unknown; field: string };
  keep?: (s: State, body: any) => void;
}
interface State {
  orgId: number;
  personId: number;
  siteId: number;
  areaId: number;
  authorizationId: number;
  credentialId: string;
  assetId: number;
  contractId: number;
}

const contractBody = (siteIds: number[]) => ({
  name: '庁内情報システム運用保守業務',
  periodFrom: '2026-04-01',
  periodTo: '2027-03-31',
  contractor: { company: '株式会社北浜システム', address: '大阪市中央区北浜1-1', representativeTitle: '代表取締役', representativeName: '北浜 一郎' },
  addressee: { title: '〇〇市長' },
  approverSections: ['情報政策課'],
  siteIds,
});

const CASES: Case[] = [
  { route: 'POST /api/organisations', path: () => '/api/organisations', body: () => ({ name: '株式会社北浜', kana: 'かぶしきがいしゃきたはま' }), action: 'organisation.created', bad: { body: { name: '', kana: 'abc' }, field: 'body.name' }, keep: (s, b) => (s.orgId = b.id) },
  { route: 'PATCH /api/organisations/:id', path: (s) => `/api/organisations/${s.orgId}`, body: () => ({ name: '株式会社北浜システム' }), action: 'organisation.updated', bad: { body: { kana: 'katakana-less' }, field: 'body.kana' } },
  {
    route: 'POST /api/people',
    path: () => '/api/people',
    body: (s) => ({ name: '北浜 次郎', kana: 'きたはま じろう', organisationId: s.orgId, roles: ['worker'], contact: '090-0000-0000', nationality: '日本' }),
    action: 'person.created',
    bad: { body: { name: '北浜 次郎', kana: 'きたはま じろう', organisationId: 'abc', roles: ['worker'] }, field: 'body.organisationId' },
    keep: (s, b) => (s.personId = b.id),
  },
  { route: 'PATCH /api/people/:id', path: (s) => `/api/people/${s.personId}`, body: () => ({ position: '主任' }), action: 'person.updated', bad: { body: { roles: ['king'] }, field: 'body.roles.0' } },
  { route: 'POST /api/people/:id/enrolments', path: (s) => `/api/people/${s.personId}/enrolments`, action: 'enrolment.issued', bad: { path: () => '/api/people/abc/enrolments', body: {}, field: 'param.id' } },
  { route: 'POST /api/people/:id/suspend', path: (s) => `/api/people/${s.personId}/suspend`, body: () => ({ reason: '契約期間の中断' }), action: 'person.suspended', bad: { body: {}, field: 'body.reason' } },
  { route: 'POST /api/people/:id/reactivate', path: (s) => `/api/people/${s.personId}/reactivate`, body: () => ({ reason: '再開', approvalRef: '承認第12号' }), action: 'person.reactivated', bad: { body: { reason: 'x', extra: 1 }, field: 'body' } },
  { route: 'POST /api/sites', path: () => '/api/sites', body: () => ({ name: '第二庁舎' }), action: 'site.created', bad: { body: { name: 'a'.repeat(201) }, field: 'body.name' }, keep: (s, b) => (s.siteId = b.id) },
  { route: 'PATCH /api/sites/:id', path: (s) => `/api/sites/${s.siteId}`, body: () => ({ address: '北区1-1' }), action: 'site.updated', bad: { body: { address: 'a\u0007b' }, field: 'body.address' } },
  {
    route: 'POST /api/contracts',
    path: () => '/api/contracts',
    body: (s) => contractBody([s.siteId]),
    action: 'contract.created',
    bad: { body: { ...contractBody([]), contractor: { ...contractBody([]).contractor, representativeName: '' } }, field: 'body.contractor.representativeName' },
    keep: (s, b) => (s.contractId = b.id),
  },
  {
    route: 'PUT /api/contracts/:id',
    path: (s) => `/api/contracts/${s.contractId}`,
    body: (s) => ({ ...contractBody([s.siteId]), periodTo: '2028-03-31' }),
    action: 'contract.updated',
    bad: { body: { ...contractBody([]), periodFrom: '2027-04-01', periodTo: '2027-03-31' }, field: 'body.periodTo' },
  },
  {
    route: 'POST /api/areas',
    path: () => '/api/areas',
    body: (s) => ({ siteId: s.siteId, name: '電算室', securityLevel: 'secure' }),
    action: 'area.created',
    bad: { body: { siteId: 1, name: '電算室', securityLevel: 'top-secret' }, field: 'body.securityLevel' },
    keep: (s, b) => (s.areaId = b.id),
  },
  { route: 'PATCH /api/areas/:id', path: (s) => `/api/areas/${s.areaId}`, body: () => ({ twoPersonRule: true }), action: 'area.updated', bad: { body: { acceptedMethods: [] }, field: 'body.acceptedMethods' } },
  {
    route: 'POST /api/authorizations',
    path: () => '/api/authorizations',
    body: (s) => ({ personId: s.personId, areaId: s.areaId, validFrom: '2026-11-01T00:00:00+09:00' }),
    action: 'authorization.granted',
    bad: { body: { personId: 1, areaId: 1, validFrom: '2026-11-01' }, field: 'body.validFrom' },
    keep: (s, b) => (s.authorizationId = b.id),
  },
  { route: 'POST /api/authorizations/:id/revoke', path: (s) => `/api/authorizations/${s.authorizationId}/revoke`, body: () => ({ reason: '担当変更' }), action: 'authorization.revoked', bad: { body: { reason: 7 }, field: 'body.reason' } },
  { route: 'POST /api/assets', path: () => '/api/assets', body: () => ({ kind: 'laptop', ownerType: 'city_loaned' }), action: 'asset.registered', bad: { body: { kind: 'toaster', ownerType: 'city_loaned' }, field: 'body.kind' }, keep: (s, b) => (s.assetId = b.id) },
  { route: 'PATCH /api/assets/:id', path: (s) => `/api/assets/${s.assetId}`, body: () => ({ serialNumber: 'SN-9' }), action: 'asset.updated', bad: { body: { fixed: 'yes' }, field: 'body.fixed' } },
  { route: 'POST /api/assets/:id/status', path: (s) => `/api/assets/${s.assetId}/status`, body: () => ({ status: 'lost', note: '紛失届' }), action: 'asset.reported_lost', bad: { body: { status: 'stolen', note: 'x' }, field: 'body.status' } },
  { route: 'POST /api/assets/import', path: () => '/api/assets/import', body: () => ({ csv: 'kind,owner_type\nusb_memory,contractor\n' }), action: 'assets.imported', bad: { body: { csv: 'kind,owner_type\nusb_memory,alien\n' }, field: 'body.rows.0.ownerType' } },
  { route: 'PATCH /api/passkeys/:credentialId', path: (s) => `/api/passkeys/${s.credentialId}`, body: () => ({ name: '予備キー' }), action: 'credential.renamed', bad: { body: { name: '' }, field: 'body.name' } },
];

describe('every mutating route writes exactly one journal entry; bad input writes nothing (E2, A3)', () => {
  it('runs each route with good and bad input', async () => {
    const env = testEnv();
    const admin = await setupAdmin(env);
    const state = { credentialId: admin.authenticator.credentials()[0]!.id } as State;
    for (const c of CASES) {
      if (c.bad) {
        const before = rowCounts(env.deps.sqlite);
        const res = await admin.client.call(c.route.split(' ')[0]!, (c.bad.path ?? c.path)(state), c.bad.body);
        expect(res.status, `${c.route} bad input`).toBe(400);
        expect(res.body.error.code).toBe('VALIDATION_FAILED');
        expect(res.body.error.requestId).toBe(res.headers.get('x-request-id'));
        expect(res.body.error.details.issues.map((i: { path: string }) => i.path), c.route).toContain(c.bad.field);
        expect(rowCounts(env.deps.sqlite), `${c.route} wrote on bad input`).toEqual(before);
      }
      const before = journalCount(env.deps.sqlite);
      const res = await admin.client.call(c.route.split(' ')[0]!, c.path(state), c.body?.(state) ?? {});
      expect(res.status, `${c.route}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
      expect(journalCount(env.deps.sqlite), c.route).toBe(before + 1);
      const entry = lastJournal(env.deps.sqlite);
      expect(entry.action).toBe(c.action);
      expect(entry.actor_id).toBe(String(admin.personId));
      c.keep?.(state, res.body);
    }
  });

  it('sign-in and sign-out each write one entry', async () => {
    const env = testEnv();
    const admin = await setupAdmin(env);
    let before = journalCount(env.deps.sqlite);
    const login = await signIn(env, admin.authenticator);
    expect(login.status).toBe(200);
    expect(journalCount(env.deps.sqlite)).toBe(before + 1);
    expect(lastJournal(env.deps.sqlite).action).toBe('session.created');
    before = journalCount(env.deps.sqlite);
    expect((await admin.client.post('/api/auth/logout')).status).toBe(204);
    expect(journalCount(env.deps.sqlite)).toBe(before + 1);
    expect(lastJournal(env.deps.sqlite).action).toBe('session.revoked');
  });

  it('refuses an unknown organisation with 404 naming the field, not a foreign-key 500', async () => {
    const env = testEnv();
    const admin = await setupAdmin(env);
    const before = rowCounts(env.deps.sqlite);
    const res = await admin.client.post('/api/people', { name: '某', kana: 'なにがし', organisationId: 4242, roles: ['worker'] });
    expect(res.status).toBe(404);
    expect(res.body.error.details.issues[0].path).toBe('body.organisationId');
    expect(rowCounts(env.deps.sqlite)).toEqual(before);
  });

  it('ledger: a correction, a sign-off, a paper stay (B12) and a site sign-off (B13) each write one entry; bad input writes nothing', async () => {
    const env = testEnv();
    const admin = await setupAdmin(env);
    const site = await givenSite(admin.client);
    const kiosk = await givenKiosk(env, admin.client, [site.general.id]);
    const worker = await givenWorker(admin.client, [site.general.id]);
    const supervisor = await signedInAs(env, admin.client, ['supervisor']);
    const entry = (await kiosk.post('/api/kiosk/events', badgeEvent(site.general.id, worker.badge, 'in'))).body.event;
    env.clock.advance(60_000);
    const signoffPath = `/api/areas/${site.general.id}/ledger/2026-11-20/signoff`;
    const siteSignoffPath = `/api/sites/${site.siteId}/ledger/2026-11-20/signoff`;
    const cases: { route: string; path: string; body: () => Promise<unknown>; action: string; bad: { body: unknown; field: string } }[] = [
      {
        route: 'POST /api/access/corrections',
        path: '/api/access/corrections',
        body: async () => ({ eventId: entry.id, kind: 'add_exit', occurredAt: new Date(env.clock.now()).toISOString(), reason: '退室記録漏れ' }),
        action: 'access.corrected',
        bad: { body: { eventId: entry.id, kind: 'add_exit', reason: '退室記録漏れ' }, field: 'body.occurredAt' },
      },
      {
        route: 'POST /api/areas/:id/ledger/:date/signoff',
        path: signoffPath,
        body: async () => ({ response: supervisor.authenticator.getAssertion((await supervisor.client.post(`${signoffPath}/options`)).body.options) }),
        action: 'ledger.signed_off',
        bad: { body: {}, field: 'body.response' },
      },
      {
        route: 'POST /api/access/paper-stays',
        path: '/api/access/paper-stays',
        body: async () => {
          env.clock.advance(120_000);
          return { personId: worker.id, areaId: site.general.id, entryAt: new Date(env.clock.now() - 60_000).toISOString(), exitAt: new Date(env.clock.now() - 30_000).toISOString(), purpose: '保守', reason: '停電中の紙の記録', sheet: '紙台帳 1' };
        },
        action: 'access.paper_recorded',
        bad: { body: { personId: worker.id, areaId: site.general.id, entryAt: '2026-11-20T09:30:00+09:00', exitAt: '2026-11-20T09:00:00+09:00', purpose: '保守', reason: '停電', sheet: '1' }, field: 'body.exitAt' },
      },
      {
        route: 'POST /api/sites/:id/ledger/:date/signoff',
        path: siteSignoffPath,
        body: async () => ({ response: supervisor.authenticator.getAssertion((await supervisor.client.post(`${siteSignoffPath}/options`)).body.options) }),
        action: 'ledger.signed_off',
        bad: { body: { response: 'x' }, field: 'body.response' },
      },
    ];
    for (const c of cases) {
      const counts = rowCounts(env.deps.sqlite);
      const bad = await supervisor.client.post(c.path, c.bad.body);
      expect(bad.status, `${c.route} bad input`).toBe(400);
      expect(bad.body.error.details.issues.map((i: { path: string }) => i.path)).toContain(c.bad.field);
      expect(rowCounts(env.deps.sqlite), `${c.route} wrote on bad input`).toEqual(counts);
      const body = await c.body();
      const before = journalCount(env.deps.sqlite);
      const res = await supervisor.client.post(c.path, body);
      expect(res.status, `${c.route}: ${JSON.stringify(res.body)}`).toBe(201);
      expect(journalCount(env.deps.sqlite), c.route).toBe(before + 1);
      expect(lastJournal(env.deps.sqlite)).toMatchObject({ action: c.action, actor_id: String(supervisor.personId) });
    }
  });
});

describe('custody: every mutating route writes exactly one journal entry; bad input writes nothing (C9, E1)', () => {
  it('runs each custody route with bad input, then good input, as the actor the route serves', async () => {
    const w = await custodyWorld();
    const laptop = await givenAsset(w.admin.client);
    const spare = await givenAsset(w.admin.client);
    const s = { requestId: 0, otherId: 0, withdrawnId: 0, entryId: 0, movementId: 0 };
    const general = w.site.general.id;
    const ledgerPath = `/api/areas/${general}/custody-ledger/2026-11-20/signoff`;
    const kioskAs = (method: string, path: string, body: unknown) => w.kiosk.call(method, path, body);
    const cases: {
      route: string;
      call: (method: string, path: string, body: unknown) => Promise<{ status: number; body: any }>;
      path: () => string;
      body: () => Promise<unknown> | unknown;
      action: string;
      actor: () => number;
      bad: { path?: () => string; body: unknown; field: string };
      keep?: (body: any) => void;
    }[] = [
      {
        route: 'POST /api/custody/requests',
        call: (m, p, b) => w.worker.client.call(m, p, b),
        path: () => '/api/custody/requests',
        body: () => requestBody('carry_in', general, [laptop]),
        action: 'custody_request.created',
        actor: () => w.worker.id,
        bad: { body: { ...requestBody('carry_in', general, [laptop]), kind: 'carry_sideways' }, field: 'body.kind' },
        keep: (b) => (s.requestId = b.id),
      },
      {
        route: 'PATCH /api/custody/requests/:id',
        call: (m, p, b) => w.worker.client.call(m, p, b),
        path: () => `/api/custody/requests/${s.requestId}`,
        body: () => ({ purpose: '障害対応' }),
        action: 'custody_request.updated',
        actor: () => w.worker.id,
        bad: { body: { windowFrom: 'tomorrow' }, field: 'body.windowFrom' },
      },
      {
        route: 'POST /api/custody/requests/:id/submit',
        call: (m, p, b) => w.worker.client.call(m, p, b),
        path: () => `/api/custody/requests/${s.requestId}/submit`,
        body: () => ({}),
        action: 'custody_request.submitted',
        actor: () => w.worker.id,
        bad: { path: () => '/api/custody/requests/abc/submit', body: {}, field: 'param.id' },
      },
      {
        route: 'POST /api/custody/requests/:id/withdraw',
        call: (m, p, b) => w.worker.client.call(m, p, b),
        path: () => `/api/custody/requests/${s.withdrawnId}/withdraw`,
        body: () => ({}),
        action: 'custody_request.withdrawn',
        actor: () => w.worker.id,
        bad: { path: () => '/api/custody/requests/abc/withdraw', body: {}, field: 'param.id' },
      },
      {
        route: 'POST /api/custody/requests/:id/approve',
        call: (m, p, b) => w.guard.client.call(m, p, b),
        path: () => `/api/custody/requests/${s.requestId}/approve`,
        body: () => ({ note: '確認済み' }),
        action: 'custody_request.approved',
        actor: () => w.guard.personId,
        bad: { body: { note: 5 }, field: 'body.note' },
      },
      {
        route: 'POST /api/custody/requests/:id/reject',
        call: (m, p, b) => w.supervisor.client.call(m, p, b),
        path: () => `/api/custody/requests/${s.otherId}/reject`,
        body: () => ({ reason: '不要' }),
        action: 'custody_request.rejected',
        actor: () => w.supervisor.personId,
        bad: { path: () => `/api/custody/requests/${s.otherId}/reject`, body: { reason: '' }, field: 'body.reason' },
      },
      {
        route: 'POST /api/kiosk/approvals',
        call: kioskAs,
        path: () => '/api/kiosk/approvals',
        body: async () => ({ requestId: s.otherId + 1, response: w.guard.authenticator.getAssertion((await w.kiosk.post('/api/kiosk/approvals/options', { requestId: s.otherId + 1 })).body.options) }),
        action: 'custody_request.approved',
        actor: () => w.guard.personId,
        bad: { body: { requestId: s.otherId + 1 }, field: 'body.response' },
      },
      {
        route: 'POST /api/kiosk/movements',
        call: kioskAs,
        path: () => '/api/kiosk/movements',
        body: () => movement(general, 'in', tagPayload(laptop.assetNumber), s.entryId),
        action: 'movement.recorded',
        actor: () => w.kiosk.id,
        bad: { body: { ...movement(general, 'in', tagPayload(laptop.assetNumber), 0), accessEventId: undefined }, field: 'body.accessEventId' },
        keep: (b) => (s.movementId = b.movement.id),
      },
      {
        // A damaged label (issue 15 item 8): the spare approved on the spot above, keyed in and confirmed by the guard's key.
        route: 'POST /api/kiosk/keyed-movements',
        call: kioskAs,
        path: () => '/api/kiosk/keyed-movements',
        body: async () => {
          const fields = { areaId: general, direction: 'in', assetNumber: spare.assetNumber, accessEventId: s.entryId };
          const options = (await w.kiosk.post('/api/kiosk/keyed-movements/options', fields)).body.options;
          return { idempotencyKey: randomUUID(), ...fields, response: w.guard.authenticator.getAssertion(options) };
        },
        action: 'movement.recorded',
        actor: () => w.kiosk.id,
        bad: { body: { idempotencyKey: randomUUID(), areaId: general, direction: 'in', assetNumber: 'ラベル', accessEventId: 1, response: {} }, field: 'body.assetNumber' },
      },
      {
        route: 'POST /api/kiosk/visits/:entryEventId/confirmations',
        call: kioskAs,
        path: () => `/api/kiosk/visits/${s.entryId}/confirmations`,
        body: () => ({ answers: [{ assetId: laptop.id, answer: 'left_on_purpose' }] }),
        action: 'exit_confirmations.recorded',
        actor: () => w.kiosk.id,
        bad: { body: { answers: [{ assetId: laptop.id, answer: 'left_on_purpose', movementId: 'x' }] }, field: 'body.answers.0.movementId' },
      },
      {
        route: 'POST /api/areas/:id/custody-ledger/:date/signoff',
        call: (m, p, b) => w.supervisor.client.call(m, p, b),
        path: () => ledgerPath,
        body: async () => ({ response: w.supervisor.authenticator.getAssertion((await w.supervisor.client.post(`${ledgerPath}/options`)).body.options) }),
        action: 'ledger.signed_off',
        actor: () => w.supervisor.personId,
        bad: { body: {}, field: 'body.response' },
      },
    ];
    for (const c of cases) {
      if (c.route === 'POST /api/custody/requests/:id/reject') {
        s.otherId = (await w.worker.client.post('/api/custody/requests', requestBody('carry_in', general, [spare]))).body.id;
        await w.worker.client.post(`/api/custody/requests/${s.otherId}/submit`);
        const third = (await w.worker.client.post('/api/custody/requests', requestBody('carry_in', general, [spare]))).body.id;
        await w.worker.client.post(`/api/custody/requests/${third}/submit`);
        expect(third).toBe(s.otherId + 1);
      }
      if (c.route === 'POST /api/custody/requests/:id/withdraw') s.withdrawnId = (await givenSubmitted(w.worker.client, requestBody('carry_in', general, [spare]))).id;
      if (c.route === 'POST /api/kiosk/movements') s.entryId = (await badge(w, general, 'in')).id;
      const [method] = c.route.split(' ') as [string];
      const counts = rowCounts(w.env.deps.sqlite);
      const bad = await c.call(method, (c.bad.path ?? c.path)(), c.bad.body);
      expect(bad.status, `${c.route} bad input: ${JSON.stringify(bad.body)}`).toBe(400);
      expect(bad.body.error.details.issues.map((i: { path: string }) => i.path), c.route).toContain(c.bad.field);
      expect(rowCounts(w.env.deps.sqlite), `${c.route} wrote on bad input`).toEqual(counts);
      const body = await c.body();
      const before = journalCount(w.env.deps.sqlite);
      const res = await c.call(method, c.path(), body);
      expect(res.status, `${c.route}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
      expect(journalCount(w.env.deps.sqlite), c.route).toBe(before + 1);
      expect(lastJournal(w.env.deps.sqlite), c.route).toMatchObject({ action: c.action, actor_id: String(c.actor()) });
      c.keep?.(res.body);
    }
  });
});

describe('compliance: every mutating route writes exactly one journal entry; bad input writes nothing (D1–D3, A4, A5, B8, E4)', () => {
  it('runs each disposal, training, offboarding and incident route with bad input, then good input, as the actor the route serves', async () => {
    const w = await custodyWorld();
    const general = w.site.general.id;
    const s = { incidentId: 0, requestId: 0 };
    const now = () => new Date(w.env.clock.now()).toISOString();
    const disposal = (items: unknown[]) => ({ items, method: 'shredding', plannedDate: '2026-11-25', vendor: '株式会社裁断', siteId: w.site.siteId, responsibleId: w.admin.personId });
    const otherId = (await w.worker.client.post('/api/disposal/requests', disposal([{ mediaName: '紙の記録', quantity: 2 }]))).body.id;
    const held = await givenAsset(w.admin.client, { custodianId: w.worker.id });
    const key = await givenAsset(w.admin.client, { kind: 'security_key', custodianId: w.worker.id });
    const execution = { executedAt: now(), vendor: '株式会社裁断', responsiblePersonId: w.supervisor.personId, executorName: '裁断 作業員', witnessPersonId: w.supervisor2.personId, certificateNumber: 'S-1' };
    const as = (who: { client: { call: (m: string, p: string, b?: unknown) => Promise<{ status: number; body: any }> } }) => (m: string, p: string, b: unknown) => who.client.call(m, p, b);
    const cases: {
      route: string;
      call: (method: string, path: string, body: unknown) => Promise<{ status: number; body: any }>;
      path: () => string;
      body: () => unknown;
      action: string;
      actor: () => number;
      bad: { path?: () => string; body: unknown; field: string };
      keep?: (body: any) => void;
    }[] = [
      {
        route: 'POST /api/incidents',
        call: as(w.guard),
        path: () => '/api/incidents',
        body: () => ({ kind: 'unauthorized_entry', title: '共連れの疑い', discoveredAt: now(), location: 'サーバ室前' }),
        action: 'incident.opened',
        actor: () => w.guard.personId,
        bad: { body: { kind: 'ghost', title: 'x', discoveredAt: now() }, field: 'body.kind' },
        keep: (b) => (s.incidentId = b.id),
      },
      {
        route: 'POST /api/incidents/:id/updates',
        call: as(w.guard),
        path: () => `/api/incidents/${s.incidentId}/updates`,
        body: () => ({ stage: 'first_report', text: '市へ第一報' }),
        action: 'incident.update_recorded',
        actor: () => w.guard.personId,
        bad: { body: { stage: 'first_report' }, field: 'body.text' },
      },
      {
        route: 'POST /api/incidents/:id/close',
        call: as(w.supervisor),
        path: () => `/api/incidents/${s.incidentId}/close`,
        body: () => ({ note: '誤認と判明' }),
        action: 'incident.closed',
        actor: () => w.supervisor.personId,
        bad: { body: {}, field: 'body.note' },
      },
      {
        route: 'POST /api/people/:id/training',
        call: as(w.supervisor),
        path: () => `/api/people/${w.worker.id}/training`,
        body: () => ({ course: '情報セキュリティ研修', completedOn: '2026-04-01', validUntil: '2027-03-31' }),
        action: 'training.recorded',
        actor: () => w.supervisor.personId,
        bad: { body: { course: '情報セキュリティ研修', completedOn: '04/01/2026' }, field: 'body.completedOn' },
      },
      {
        route: 'PUT /api/areas/:id/training-policy',
        call: as(w.admin),
        path: () => `/api/areas/${general}/training-policy`,
        body: () => ({ requiredCourse: '情報セキュリティ研修' }),
        action: 'area_training_policy.set',
        actor: () => w.admin.personId,
        bad: { body: { requiredCourse: 5 }, field: 'body.requiredCourse' },
      },
      {
        route: 'DELETE /api/areas/:id/training-policy',
        call: as(w.admin),
        path: () => `/api/areas/${general}/training-policy`,
        body: () => undefined,
        action: 'area_training_policy.removed',
        actor: () => w.admin.personId,
        bad: { path: () => '/api/areas/abc/training-policy', body: undefined, field: 'param.id' },
      },
      {
        route: 'POST /api/disposal/requests',
        call: as(w.worker),
        path: () => '/api/disposal/requests',
        body: () => disposal([{ assetId: held.id }]),
        action: 'disposal_request.submitted',
        actor: () => w.worker.id,
        bad: { body: disposal([]), field: 'body.items' },
        keep: (b) => (s.requestId = b.id),
      },
      {
        route: 'POST /api/disposal/requests/:id/reject',
        call: as(w.supervisor),
        path: () => `/api/disposal/requests/${otherId}/reject`,
        body: () => ({ reason: '保存期間内' }),
        action: 'disposal_request.rejected',
        actor: () => w.supervisor.personId,
        bad: { body: { reason: '' }, field: 'body.reason' },
      },
      {
        route: 'POST /api/disposal/requests/:id/approve',
        call: as(w.supervisor),
        path: () => `/api/disposal/requests/${s.requestId}/approve`,
        body: () => ({ note: '承認' }),
        action: 'disposal_request.approved',
        actor: () => w.supervisor.personId,
        bad: { body: { note: 5 }, field: 'body.note' },
      },
      {
        route: 'POST /api/disposal/requests/:id/execution',
        call: as(w.supervisor),
        path: () => `/api/disposal/requests/${s.requestId}/execution`,
        body: () => execution,
        action: 'disposal.executed',
        actor: () => w.supervisor.personId,
        bad: { body: { ...execution, witnessPersonId: w.supervisor.personId }, field: 'body.witnessPersonId' },
      },
      {
        route: 'POST /api/people/:id/offboard',
        call: as(w.admin),
        path: () => `/api/people/${w.worker.id}/offboard`,
        body: () => ({ reason: '契約終了' }),
        action: 'person.offboarded',
        actor: () => w.admin.personId,
        bad: { body: { reason: '' }, field: 'body.reason' },
      },
      {
        route: 'POST /api/people/:id/offboarding/badges/:serial',
        call: as(w.supervisor),
        path: () => `/api/people/${w.worker.id}/offboarding/badges/${w.worker.badgeSerial}`,
        body: () => ({ outcome: 'lost', location: '駅', circumstances: '通勤中に紛失' }),
        action: 'badge.reported_lost',
        actor: () => w.supervisor.personId,
        bad: { body: { outcome: 'lost' }, field: 'body.circumstances' },
      },
      {
        route: 'POST /api/people/:id/offboarding/assets/:assetId',
        call: as(w.admin),
        path: () => `/api/people/${w.worker.id}/offboarding/assets/${key.id}`,
        body: () => ({ outcome: 'lost', circumstances: '返却されず' }),
        action: 'asset.reported_lost',
        actor: () => w.admin.personId,
        bad: { path: () => `/api/people/${w.worker.id}/offboarding/assets/0`, body: { outcome: 'returned' }, field: 'param.assetId' },
      },
    ];
    for (const c of cases) {
      const [method] = c.route.split(' ') as [string];
      const counts = rowCounts(w.env.deps.sqlite);
      const bad = await c.call(method, (c.bad.path ?? c.path)(), c.bad.body);
      expect(bad.status, `${c.route} bad input: ${JSON.stringify(bad.body)}`).toBe(400);
      expect(bad.body.error.details.issues.map((i: { path: string }) => i.path), c.route).toContain(c.bad.field);
      expect(rowCounts(w.env.deps.sqlite), `${c.route} wrote on bad input`).toEqual(counts);
      const before = journalCount(w.env.deps.sqlite);
      const res = await c.call(method, c.path(), c.body());
      expect(res.status, `${c.route}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
      expect(journalCount(w.env.deps.sqlite), c.route).toBe(before + 1);
      expect(lastJournal(w.env.deps.sqlite), c.route).toMatchObject({ action: c.action, actor_id: String(c.actor()) });
      c.keep?.(res.body);
    }
  });
});

describe('schedules, anomalies, reports and contract end: every mutating route writes exactly one journal entry; bad input writes nothing (B7, E5, E6)', () => {
  it('runs each route with bad input (where it takes any), then good input, as the actor the route serves', async () => {
    const w = await anomalyWorld();
    const p = await givenWorker(w.admin.client, [w.site.general.id]);
    await w.kiosk.post('/api/kiosk/events', badgeEvent(w.site.general.id, p.badge, 'in'));
    const as = (who: { client: { call: (m: string, p: string, b: unknown) => Promise<{ status: number; body: any }> } }) => (m: string, path: string, b: unknown) => who.client.call(m, path, b);
    const cases: { route: string; call: ReturnType<typeof as>; path: string; body: unknown; action: string; actor: number; bad?: { body: unknown; field: string }; before?: () => void }[] = [
      {
        route: 'PUT /api/people/:id/schedules/:month',
        call: as(w.supervisor),
        path: `/api/people/${p.id}/schedules/2026-11`,
        body: { shifts: [{ day: '2026-11-20', start: '09:00', end: '17:00' }] },
        action: 'work_schedule.replaced',
        actor: w.supervisor.personId,
        bad: { body: { shifts: [{ day: '2026-11-20', start: '9', end: '17:00' }] }, field: 'body.shifts.0.start' },
      },
      {
        route: 'POST /api/schedules/import',
        call: as(w.admin),
        path: '/api/schedules/import',
        body: { csv: `person_id,day,start,end\n${p.id},2026-12-01,09:00,17:00\n` },
        action: 'work_schedules.imported',
        actor: w.admin.personId,
        bad: { body: { csv: `person_id,day,start,end\n${p.id},2026-12-01,25:00,17:00\n` }, field: 'body.rows.0.start' },
      },
      {
        route: 'PATCH /api/anomaly-settings',
        call: as(w.admin),
        path: '/api/anomaly-settings',
        body: { longStayHours: 10 },
        action: 'anomaly_settings.updated',
        actor: w.admin.personId,
        bad: { body: { longStayHours: 'ten' }, field: 'body.longStayHours' },
      },
      { route: 'POST /api/anomalies/sweep', call: as(w.supervisor), path: '/api/anomalies/sweep', body: {}, action: 'anomalies.swept', actor: w.supervisor.personId, before: () => w.env.clock.advance(11 * 3_600_000) },
      { route: 'POST /api/contract-end/export', call: as(w.admin), path: '/api/contract-end/export', body: {}, action: 'data_export.written', actor: w.admin.personId },
      {
        route: 'POST /api/exports/evidence',
        call: as(w.auditor),
        path: '/api/exports/evidence',
        body: { from: '2026-11-20', to: '2026-11-20' },
        action: 'evidence_package.written',
        actor: w.auditor.personId,
        bad: { body: { from: '2026-11-20', to: '2026-11-19' }, field: 'body.to' },
      },
    ];
    for (const c of cases) {
      const [method] = c.route.split(' ') as [string];
      c.before?.();
      if (c.bad) {
        const counts = rowCounts(w.env.deps.sqlite);
        const bad = await c.call(method, c.path, c.bad.body);
        expect(bad.status, `${c.route} bad input: ${JSON.stringify(bad.body)}`).toBe(400);
        expect(bad.body.error.details.issues.map((i: { path: string }) => i.path), c.route).toContain(c.bad.field);
        expect(rowCounts(w.env.deps.sqlite), `${c.route} wrote on bad input`).toEqual(counts);
      }
      const before = journalCount(w.env.deps.sqlite);
      const res = await c.call(method, c.path, c.body);
      expect(res.status, `${c.route}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
      expect(journalCount(w.env.deps.sqlite), c.route).toBe(before + 1);
      expect(lastJournal(w.env.deps.sqlite), c.route).toMatchObject({ action: c.action, actor_id: String(c.actor) });
    }
  });
});

describe('submissions to 甲: every mutating route writes exactly one journal entry; bad input writes nothing (F3)', () => {
  it('submits, returns, submits again and acknowledges, each with bad input first', async () => {
    const w = await submissionsWorld();
    const s = { id: 0 };
    const as = (who: { client: { call: (m: string, p: string, b?: unknown) => Promise<{ status: number; body: any }> } }) => (p: string, b: unknown) => who.client.call('POST', p, b);
    const ledger = { kind: 'daily_ledger', areaId: w.site.general.id, date: '2026-11-19' };
    const cases: { route: string; call: (p: string, b: unknown) => Promise<{ status: number; body: any }>; path: () => string; body: () => Promise<unknown> | unknown; action: string; actor: number; bad: { body: unknown; field: string }; keep?: (b: any) => void }[] = [
      { route: 'POST /api/submissions', call: as(w.supervisor), path: () => '/api/submissions', body: () => ledger, action: 'submission.submitted', actor: w.supervisor.personId, bad: { body: { ...ledger, areaId: 'one' }, field: 'body.areaId' }, keep: (b) => (s.id = b.id) },
      { route: 'POST /api/submissions/:id/return', call: as(w.cityA), path: () => `/api/submissions/${s.id}/return`, body: () => ({ comment: '日付が違います' }), action: 'submission.returned', actor: w.cityA.personId, bad: { body: { comment: '' }, field: 'body.comment' } },
      { route: 'POST /api/submissions', call: as(w.admin), path: () => '/api/submissions', body: () => ledger, action: 'submission.submitted', actor: w.admin.personId, bad: { body: { ...ledger, date: '2026-11-31' }, field: 'body.date' }, keep: (b) => (s.id = b.id) },
      {
        route: 'POST /api/submissions/:id/receipt',
        call: as(w.cityA),
        path: () => `/api/submissions/${s.id}/receipt`,
        body: async () => ({ response: w.cityA.authenticator.getAssertion((await w.cityA.client.post(`/api/submissions/${s.id}/receipt/options`)).body.options) }),
        action: 'submission.acknowledged',
        actor: w.cityA.personId,
        bad: { body: {}, field: 'body.response' },
      },
    ];
    for (const c of cases) {
      const counts = rowCounts(w.env.deps.sqlite);
      const bad = await c.call(c.path(), c.bad.body);
      expect(bad.status, `${c.route} bad input: ${JSON.stringify(bad.body)}`).toBe(400);
      expect(bad.body.error.details.issues.map((i: { path: string }) => i.path), c.route).toContain(c.bad.field);
      expect(rowCounts(w.env.deps.sqlite), `${c.route} wrote on bad input`).toEqual(counts);
      const body = await c.body();
      const before = journalCount(w.env.deps.sqlite);
      const res = await c.call(c.path(), body);
      expect(res.status, `${c.route}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
      expect(journalCount(w.env.deps.sqlite), c.route).toBe(before + 1);
      expect(lastJournal(w.env.deps.sqlite), c.route).toMatchObject({ action: c.action, actor_id: String(c.actor) });
      c.keep?.(res.body);
    }
  });
});

describe("甲's part: every mutating route writes exactly one journal entry; bad input writes nothing (F1, F2, F4)", () => {
  it('runs each city route with bad input, then good input, as the actor the route serves', async () => {
    const w = await custodyWorld({ config: { cityPermissionDefault: 'all' } });
    const general = w.site.general.id;
    const cityPerson = await givenPerson(w.admin.client, { roles: ['city'], siteIds: [w.site.siteId] });
    const city = await enrol(w.env, w.admin.client, cityPerson.id);
    const [a, b, c, d] = [await givenAsset(w.admin.client), await givenAsset(w.admin.client), await givenAsset(w.admin.client), await givenAsset(w.admin.client)];
    const [permitted, refused, papered] = [
      await givenSubmitted(w.worker.client, requestBody('carry_in', general, [a])),
      await givenSubmitted(w.worker.client, requestBody('carry_in', general, [b])),
      await givenSubmitted(w.worker.client, requestBody('carry_in', general, [c])),
    ];
    const disputed = await givenSubmitted(w.worker.client, requestBody('carry_in', general, [d]));
    const disposalId = (
      await w.worker.client.post('/api/disposal/requests', { items: [{ mediaName: '紙の記録', quantity: 1 }], method: 'shredding', plannedDate: '2026-11-25', vendor: '株式会社裁断', siteId: w.site.siteId, responsibleId: w.admin.personId })
    ).body.id;
    const [permittedDisposal, refusedDisposal] = [
      (await w.worker.client.post('/api/disposal/requests', { items: [{ mediaName: '光ディスク', quantity: 2 }], method: 'shredding', plannedDate: '2026-11-25', vendor: '株式会社裁断', siteId: w.site.siteId, responsibleId: w.admin.personId })).body.id,
      (await w.worker.client.post('/api/disposal/requests', { items: [{ mediaName: '磁気テープ', quantity: 3 }], method: 'shredding', plannedDate: '2026-11-25', vendor: '株式会社裁断', siteId: w.site.siteId, responsibleId: w.admin.personId })).body.id,
    ];
    const paper = { permitReference: '新市情第1号', permitDate: '2026-11-19', officialName: '新潟 太郎', officialSection: '情報政策課' };
    // Devices to connect to the city's network (第9条2): one permitted, one refused, one on paper.
    const [netPermitted, netRefused, netPapered] = [await givenAsset(w.admin.client), await givenAsset(w.admin.client), await givenAsset(w.admin.client)];
    const s = { paperId: 0, otherPaperId: 0, pd: [] as number[], colleagueId: 0 };
    const policy = { carryIn: true, carryOut: true, disposal: true, networkConnection: true, productionData: true, responsibleDistinct: true };
    const production = { areaId: general, data: '住民記録の本番データ', purpose: '移行テスト', periodFrom: '2026-11-20', periodTo: '2026-11-22', responsibleId: w.supervisor.personId };
    const as = (who: { client: { call: (m: string, p: string, b?: unknown) => Promise<{ status: number; body: any }> } }) => (m: string, p: string, body: unknown) => who.client.call(m, p, body);
    const permitBody = async (path: string) => ({ response: city.authenticator.getAssertion((await city.client.post(`${path}/options`)).body.options) });
    const cases: { route: string; call: ReturnType<typeof as>; path: () => string; body: () => unknown; action: string; actor: number; bad: { body: unknown; field: string }; keep?: (b: any) => void }[] = [
      { route: 'PUT /api/city/policies/:id', call: as(city), path: () => `/api/city/policies/${w.site.siteId}`, body: () => policy, action: 'city_policy.updated', actor: city.personId, bad: { body: { ...policy, disposal: 1 }, field: 'body.disposal' } },
      {
        route: 'POST /api/city/custody-requests/:id/permit',
        call: as(city),
        path: () => `/api/city/custody-requests/${permitted.id}/permit`,
        body: () => permitBody(`/api/city/custody-requests/${permitted.id}/permit`),
        action: 'city_permission.given',
        actor: city.personId,
        bad: { body: { response: 'signed' }, field: 'body.response' },
      },
      { route: 'POST /api/city/custody-requests/:id/refuse', call: as(city), path: () => `/api/city/custody-requests/${refused.id}/refuse`, body: () => ({ reason: '計画書未提出' }), action: 'city_permission.refused', actor: city.personId, bad: { body: { reason: '' }, field: 'body.reason' } },
      {
        route: 'POST /api/city/custody-requests/:id/paper',
        call: as(w.guard),
        path: () => `/api/city/custody-requests/${papered.id}/paper`,
        body: () => paper,
        action: 'city_permission.paper_recorded',
        actor: w.guard.personId,
        bad: { body: { ...paper, permitDate: '2026-02-30' }, field: 'body.permitDate' },
        keep: (body) => (s.paperId = body.city.permissions[0].id),
      },
      {
        route: 'POST /api/city/custody-requests/:id/paper',
        call: as(w.supervisor),
        path: () => `/api/city/custody-requests/${disputed.id}/paper`,
        body: () => ({ ...paper, permitReference: '新市情第2号' }),
        action: 'city_permission.paper_recorded',
        actor: w.supervisor.personId,
        bad: { body: { ...paper, officialName: '' }, field: 'body.officialName' },
        keep: (body) => (s.otherPaperId = body.city.permissions[0].id),
      },
      {
        route: 'POST /api/city/permissions/:id/confirm',
        call: as(city),
        path: () => `/api/city/permissions/${s.paperId}/confirm`,
        body: async () => ({ response: city.authenticator.getAssertion((await city.client.post(`/api/city/permissions/${s.paperId}/confirm/options`, { note: '原本確認' })).body.options) }),
        action: 'city_permission.confirmed',
        actor: city.personId,
        bad: { body: { note: '原本確認' }, field: 'body.response' },
      },
      {
        route: 'POST /api/city/permissions/:id/dispute',
        call: as(city),
        path: () => `/api/city/permissions/${s.otherPaperId}/dispute`,
        body: async () => ({ response: city.authenticator.getAssertion((await city.client.post(`/api/city/permissions/${s.otherPaperId}/dispute/options`, { note: '発行していない' })).body.options) }),
        action: 'city_permission.disputed',
        actor: city.personId,
        bad: { body: { response: 5 }, field: 'body.response' },
      },
      {
        route: 'POST /api/city/disposal-requests/:id/permit',
        call: as(city),
        path: () => `/api/city/disposal-requests/${permittedDisposal}/permit`,
        body: () => permitBody(`/api/city/disposal-requests/${permittedDisposal}/permit`),
        action: 'city_permission.given',
        actor: city.personId,
        bad: { body: {}, field: 'body.response' },
      },
      { route: 'POST /api/city/disposal-requests/:id/refuse', call: as(city), path: () => `/api/city/disposal-requests/${refusedDisposal}/refuse`, body: () => ({ reason: '業者が未登録' }), action: 'city_permission.refused', actor: city.personId, bad: { body: { reason: 7 }, field: 'body.reason' } },
      {
        route: 'POST /api/city/disposal-requests/:id/paper',
        call: as(w.admin),
        path: () => `/api/city/disposal-requests/${disposalId}/paper`,
        body: () => ({ ...paper, permitReference: '新市情第3号' }),
        action: 'city_permission.paper_recorded',
        actor: w.admin.personId,
        bad: { body: { ...paper, permitReference: '' }, field: 'body.permitReference' },
      },
      // The contractor asks for each device's connection, naming its 責任者 (F2).
      ...[netPermitted, netRefused, netPapered].map((d) => ({
        route: 'POST /api/city/asset-networks/:id/request',
        call: as(w.admin),
        path: () => `/api/city/asset-networks/${d.id}/request`,
        body: () => ({ responsibleId: w.supervisor.personId, purpose: '保守' }),
        action: 'network_request.filed',
        actor: w.admin.personId,
        bad: { body: { responsibleId: 'someone' }, field: 'body.responsibleId' },
      })),
      {
        route: 'POST /api/city/asset-networks/:id/permit',
        call: as(city),
        path: () => `/api/city/asset-networks/${netPermitted.id}/permit`,
        body: () => permitBody(`/api/city/asset-networks/${netPermitted.id}/permit`),
        action: 'city_permission.given',
        actor: city.personId,
        bad: { body: { response: null }, field: 'body.response' },
      },
      { route: 'POST /api/city/asset-networks/:id/refuse', call: as(city), path: () => `/api/city/asset-networks/${netRefused.id}/refuse`, body: () => ({ reason: '設定の確認が未了' }), action: 'city_permission.refused', actor: city.personId, bad: { body: { reason: '' }, field: 'body.reason' } },
      {
        route: 'POST /api/city/asset-networks/:id/paper',
        call: as(w.supervisor),
        path: () => `/api/city/asset-networks/${netPapered.id}/paper`,
        body: () => ({ ...paper, permitReference: '新市情第4号' }),
        action: 'city_permission.paper_recorded',
        actor: w.supervisor.personId,
        bad: { body: { ...paper, officialSection: '' }, field: 'body.officialSection' },
      },
      // Production data (第15条): three requests filed, then permitted, refused, permitted on paper.
      ...[0, 1, 2].map(() => ({
        route: 'POST /api/city/production-data',
        call: as(w.admin),
        path: () => '/api/city/production-data',
        body: () => production,
        action: 'production_data_request.filed',
        actor: w.admin.personId,
        bad: { body: { ...production, periodTo: '2026-11-19' }, field: 'body.periodTo' },
        keep: (body: { id: number }) => s.pd.push(body.id),
      })),
      {
        route: 'POST /api/city/production-data/:id/permit',
        call: as(city),
        path: () => `/api/city/production-data/${s.pd[0]}/permit`,
        body: () => permitBody(`/api/city/production-data/${s.pd[0]}/permit`),
        action: 'city_permission.given',
        actor: city.personId,
        bad: { body: { response: [] }, field: 'body.response' },
      },
      { route: 'POST /api/city/production-data/:id/refuse', call: as(city), path: () => `/api/city/production-data/${s.pd[1]}/refuse`, body: () => ({ reason: '匿名化すること' }), action: 'city_permission.refused', actor: city.personId, bad: { body: { reason: '' }, field: 'body.reason' } },
      {
        route: 'POST /api/city/production-data/:id/paper',
        call: as(w.guard),
        path: () => `/api/city/production-data/${s.pd[2]}/paper`,
        body: () => ({ ...paper, permitReference: '新市情第5号' }),
        action: 'city_permission.paper_recorded',
        actor: w.guard.personId,
        bad: { body: { ...paper, permitDate: 'today' }, field: 'body.permitDate' },
      },
      // 甲's own accounts (F4): 甲 invites a colleague, then disables the account.
      {
        route: 'POST /api/city/staff',
        call: as(city),
        path: () => '/api/city/staff',
        body: () => ({ name: '新潟 二郎', kana: 'にいがた じろう', siteIds: [w.site.siteId] }),
        action: 'person.created',
        actor: city.personId,
        bad: { body: { name: '新潟 二郎', kana: 'にいがた じろう', siteIds: [] }, field: 'body.siteIds' },
        keep: (body: { id: number }) => (s.colleagueId = body.id),
      },
      { route: 'POST /api/city/staff/:id/disable', call: as(city), path: () => `/api/city/staff/${s.colleagueId}/disable`, body: () => ({ reason: '異動' }), action: 'person.suspended', actor: city.personId, bad: { body: { reason: '' }, field: 'body.reason' } },
      // With 甲's permission in, the contractor marks the device (乙の承認).
      { route: 'PATCH /api/assets/:id', call: as(w.admin), path: () => `/api/assets/${netPermitted.id}`, body: () => ({ networkApproved: true }), action: 'asset.updated', actor: w.admin.personId, bad: { body: { networkApproved: 'yes' }, field: 'body.networkApproved' } },
    ];
    for (const c of cases) {
      const [method] = c.route.split(' ') as [string];
      const counts = rowCounts(w.env.deps.sqlite);
      const bad = await c.call(method, c.path(), c.bad.body);
      expect(bad.status, `${c.route} bad input: ${JSON.stringify(bad.body)}`).toBe(400);
      expect(bad.body.error.details.issues.map((i: { path: string }) => i.path), c.route).toContain(c.bad.field);
      expect(rowCounts(w.env.deps.sqlite), `${c.route} wrote on bad input`).toEqual(counts);
      const body = await c.body();
      const before = journalCount(w.env.deps.sqlite);
      const res = await c.call(method, c.path(), body);
      expect(res.status, `${c.route}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
      expect(journalCount(w.env.deps.sqlite), c.route).toBe(before + 1);
      expect(lastJournal(w.env.deps.sqlite), c.route).toMatchObject({ action: c.action, actor_id: String(c.actor) });
      c.keep?.(res.body);
    }
  });
});
