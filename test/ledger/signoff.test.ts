import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signedInAs } from '../support/client.ts';
import { badgeEvent } from '../support/world.ts';
import { journalCount, lastJournal, rowCounts } from '../support/db-snapshot.ts';
import { badgeAt, DAY, ledgerOf, ledgerWorld, rawGet, signOffLedger, tokyo, worker, type LedgerWorld } from './ledger-world.ts';

async function dayWithStay(w: LedgerWorld) {
  const who = await worker(w, { name: '署名 対象' });
  await badgeAt(w, who, 'in', tokyo('2026-11-20T09:00'));
  await badgeAt(w, who, 'out', tokyo('2026-11-20T17:00'));
  w.env.clock.set(tokyo('2026-11-20T18:00'));
  return who;
}

const signoffRows = (w: LedgerWorld) => w.env.deps.sqlite.prepare('select * from ledger_signoffs order by id').all() as any[];

describe('ledger sign-off with a passkey bound to the digest (B10, issue 3 item 7)', () => {
  it('B10: a supervisor signs; the challenge commits to the digest; the row, the journal entry and the page show it', async () => {
    const w = await ledgerWorld();
    await dayWithStay(w);
    const before = await ledgerOf(w.supervisor.client, w.area);
    const journalBefore = journalCount(w.env.deps.sqlite);
    const { options, res } = await signOffLedger(w);
    expect(options.context).toEqual({ digest: before.digest });
    const challenge = Buffer.from(options.options.challenge, 'base64url');
    expect(challenge).toHaveLength(48);
    expect(challenge.subarray(16).equals(createHash('sha256').update(before.digest).digest())).toBe(true);
    expect(options.options.allowCredentials.map((c: any) => c.id)).toEqual([w.supervisor.authenticator.credentials()[0]!.id]);

    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ areaId: w.area, day: DAY, digest: before.digest, personId: w.supervisor.personId });
    expect(signoffRows(w)).toEqual([expect.objectContaining({ area_id: w.area, day: DAY, digest: before.digest, person_id: w.supervisor.personId, credential_id: w.supervisor.authenticator.credentials()[0]!.id, superseded_at: null })]);
    expect(journalCount(w.env.deps.sqlite)).toBe(journalBefore + 1);
    const entry = lastJournal(w.env.deps.sqlite);
    expect(entry.action).toBe('ledger.signed_off');
    expect(entry.actor_id).toBe(String(w.supervisor.personId));
    expect(JSON.parse(entry.data)).toMatchObject({ areaId: w.area, day: DAY, digest: before.digest, personId: w.supervisor.personId, credentialId: w.supervisor.authenticator.credentials()[0]!.id });

    const after = await ledgerOf(w.supervisor.client, w.area);
    expect(after.digest).toBe(before.digest);
    expect(after.signoff).toMatchObject({ personId: w.supervisor.personId, digest: before.digest, superseded: false, digestMatches: true });
    const page = (await rawGet(w.env, w.supervisor.client, `/api/areas/${w.area}/ledger?date=${DAY}&format=html`)).bytes.toString('utf8');
    const { name } = w.env.deps.sqlite.prepare('select name from people where id = ?').get(w.supervisor.personId) as { name: string };
    expect(page).toMatch(new RegExp(`<section class="signoff">.*承認者: ${name}　承認日時: 令和8年11月20日 18:00.*${before.digest}`, 's'));
    expect(page).not.toContain('未承認');

    const again = await w.supervisor.client.post(`/api/areas/${w.area}/ledger/${DAY}/signoff/options`);
    expect(again.status).toBe(409);
  });

  it('B10: a replayed sign-off assertion is refused (409 naming the challenge, the session stays good) and writes nothing', async () => {
    const w = await ledgerWorld();
    await dayWithStay(w);
    const { response, res } = await signOffLedger(w);
    expect(res.status).toBe(201);
    const counts = rowCounts(w.env.deps.sqlite);
    const replay = await w.supervisor.client.post(`/api/areas/${w.area}/ledger/${DAY}/signoff`, { response });
    expect(replay.status).toBe(409);
    expect(replay.body.error).toMatchObject({ code: 'CONFLICT', details: { issues: [{ path: 'body.response.response.clientDataJSON', message: expect.stringMatching(/challenge/) }] } });
    expect(rowCounts(w.env.deps.sqlite)).toEqual(counts);
    expect((await w.supervisor.client.get('/api/auth/me')).status, 'still signed in').toBe(200);
  });

  it('B10: the ledger changed between options and verify (a new event arrived): 409, nothing signed', async () => {
    const w = await ledgerWorld();
    const who = await dayWithStay(w);
    const options = await w.supervisor.client.post(`/api/areas/${w.area}/ledger/${DAY}/signoff/options`);
    w.env.clock.set(tokyo('2026-11-20T18:01'));
    expect((await w.kiosk.post('/api/kiosk/events', badgeEvent(w.area, who.badge, 'in'))).status).toBe(201);
    const res = await w.supervisor.client.post(`/api/areas/${w.area}/ledger/${DAY}/signoff`, { response: w.supervisor.authenticator.getAssertion(options.body.options) });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe('the ledger changed since you started signing; reload');
    expect(signoffRows(w)).toEqual([]);
    expect((await signOffLedger(w)).res.status, 'a fresh ceremony over the new content works').toBe(201);
  });

  it("B10: only supervisors sign, and only with their own passkey (403)", async () => {
    const w = await ledgerWorld();
    await dayWithStay(w);
    for (const role of ['admin', 'auditor', 'guard'] as const) {
      const other = role === 'admin' ? w.admin : await signedInAs(w.env, w.admin.client, [role]);
      expect((await other.client.post(`/api/areas/${w.area}/ledger/${DAY}/signoff/options`)).status, role).toBe(403);
      expect((await other.client.post(`/api/areas/${w.area}/ledger/${DAY}/signoff`, { response: {} })).status, role).toBe(403);
    }
    const colleague = await signedInAs(w.env, w.admin.client, ['supervisor']);
    const options = await w.supervisor.client.post(`/api/areas/${w.area}/ledger/${DAY}/signoff/options`);
    // The colleague's key answers the first supervisor's challenge; the first supervisor submits it.
    const foreign = colleague.authenticator.getAssertion({ ...options.body.options, allowCredentials: [] });
    const res = await w.supervisor.client.post(`/api/areas/${w.area}/ledger/${DAY}/signoff`, { response: foreign });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
    expect(signoffRows(w)).toEqual([]);
  });

  it('B10: a challenge issued for one day cannot sign another (409), and bad dates name param.date', async () => {
    const w = await ledgerWorld();
    await dayWithStay(w);
    const options = await w.supervisor.client.post(`/api/areas/${w.area}/ledger/${DAY}/signoff/options`);
    const res = await w.supervisor.client.post(`/api/areas/${w.area}/ledger/2026-11-19/signoff`, { response: w.supervisor.authenticator.getAssertion(options.body.options) });
    expect(res.status).toBe(409);
    expect(signoffRows(w)).toEqual([]);
    const bad = await w.supervisor.client.post(`/api/areas/${w.area}/ledger/2026-02-29/signoff/options`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues[0].path).toBe('param.date');
    expect((await w.supervisor.client.post(`/api/areas/9999/ledger/${DAY}/signoff/options`)).status).toBe(404);
  });
});
