import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyAuthenticationResponse } from '@simplewebauthn/server';
import { signedInAs } from '../support/client.ts';
import { journalCount, lastJournal, rowCounts } from '../support/db-snapshot.ts';
import { givenPerson } from '../support/client.ts';
import { verifyJournal } from '../../src/journal/verify.ts';
import { acknowledge, givenExecutedDisposal, scopedPerson, submissionsWorld, submit } from './submissions-world.ts';

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8');
const rowOf = (w: { env: { deps: { sqlite: any } } }, id: number) => w.env.deps.sqlite.prepare('select * from submissions where id = ?').get(id) as any;

describe('submissions to 甲 and their receipt (F3, F4)', () => {
  it('F3: a supervisor submits the monthly report; 甲 acknowledges with a passkey bound to its digest; the receipt verifies', async () => {
    const w = await submissionsWorld();
    const before = journalCount(w.env.deps.sqlite);
    const s = await submit(w.supervisor.client, { kind: 'monthly_report', siteId: w.site.siteId, month: '2026-10' });
    expect(s).toMatchObject({ status: 'submitted', siteId: w.site.siteId, title: 'セキュリティ保全状況報告書（2026年10月分）', previousId: null });
    const row = rowOf(w, s.id);
    expect(sha256(row.content).digest('hex'), 'the stored document hashes to its digest').toBe(s.digest);
    expect(JSON.parse(row.content)).toMatchObject({ month: '2026-10', period: { firstDay: '2026-10-01', lastDay: '2026-10-31' } });
    expect(row.submitted_by).toBe(w.supervisor.personId);
    expect(journalCount(w.env.deps.sqlite)).toBe(before + 1);
    expect(lastJournal(w.env.deps.sqlite)).toMatchObject({ action: 'submission.submitted', entity_type: 'submission', entity_id: String(s.id), actor_id: String(w.supervisor.personId) });

    const listed = await w.cityA.client.get('/api/submissions?status=submitted');
    expect(listed.status).toBe(200);
    expect(listed.body.submissions.map((x: any) => x.id)).toEqual([s.id]);
    const page = await w.cityA.client.get(`/api/submissions/${s.id}/document`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<h1>セキュリティ保全状況報告書</h1>');
    expect(page.body).toContain(s.digest);
    expect(page.body).toContain('受領待ち');

    const journalBefore = journalCount(w.env.deps.sqlite);
    const { options, response, res } = await acknowledge(w.cityA, s.id);
    expect(options.context).toEqual({ submissionId: s.id, title: s.title, digest: s.digest });
    const challenge = Buffer.from(options.options.challenge, 'base64url');
    expect(challenge.subarray(16).equals(sha256(s.digest).digest()), 'the challenge commits to the digest').toBe(true);
    expect(options.options.allowCredentials.map((c: any) => c.id)).toEqual([w.cityA.authenticator.credentials()[0]!.id]);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ id: s.id, status: 'acknowledged', decidedBy: w.cityA.personId });
    expect(journalCount(w.env.deps.sqlite)).toBe(journalBefore + 1);
    expect(lastJournal(w.env.deps.sqlite)).toMatchObject({ action: 'submission.acknowledged', entity_id: String(s.id), actor_id: String(w.cityA.personId) });
    expect(JSON.parse(lastJournal(w.env.deps.sqlite).data)).toMatchObject({ digest: s.digest, credentialId: response.id });

    // The stored assertion, checked here by the library against the receiver's public key.
    const stored = rowOf(w, s.id);
    const credential = w.env.deps.sqlite.prepare('select * from credentials where id = ?').get(stored.receipt_credential_id) as any;
    expect(credential.person_id).toBe(w.cityA.personId);
    const assertion = JSON.parse(stored.receipt_assertion);
    const signed = JSON.parse(Buffer.from(assertion.response.clientDataJSON, 'base64url').toString('utf8')).challenge as string;
    expect(Buffer.from(signed, 'base64url').subarray(16).equals(sha256(stored.digest).digest())).toBe(true);
    expect(sha256(stored.content).digest('hex')).toBe(stored.digest);
    const verified = await verifyAuthenticationResponse({
      response: assertion,
      expectedChallenge: signed,
      expectedOrigin: w.env.deps.config.rpOrigin,
      expectedRPID: w.env.deps.config.rpId,
      requireUserVerification: true,
      credential: { id: credential.id, publicKey: new Uint8Array(credential.public_key), counter: 0 },
    });
    expect(verified.verified).toBe(true);
    const view = await w.supervisor.client.get(`/api/submissions/${s.id}`);
    expect(view.body.receipt).toEqual({ contentMatchesDigest: true, challengeCommitsToDigest: true, signatureValid: true, credentialId: credential.id });
    expect((await w.cityA.client.get(`/api/submissions/${s.id}/document`)).body).toMatch(/受領: .*（パスキーによる確認・検証済み）/);

    const again = await w.cityA.client.post(`/api/submissions/${s.id}/receipt/options`);
    expect(again.status, 'received once').toBe(409);
    const twice = await w.supervisor.client.post('/api/submissions', { kind: 'monthly_report', siteId: w.site.siteId, month: '2026-10' });
    expect(twice.status, 'a received document is not submitted twice').toBe(409);
    expect(verifyJournal(w.env.deps.db).ok, 'every submission row is sealed by its journal entry').toBe(true);
  });

  it("F4: 甲 of another contract's site neither sees nor receives it (403), and contractor staff cannot acknowledge (403)", async () => {
    const w = await submissionsWorld();
    const s = await submit(w.supervisor.client, { kind: 'daily_ledger', areaId: w.site.general.id, date: '2026-11-19' });
    const ledgerPage = await w.cityA.client.get(`/api/submissions/${s.id}/document`);
    expect(ledgerPage.status).toBe(200);
    expect(ledgerPage.body).toContain('<h1>入退室管理簿</h1>');
    expect((await w.cityB.client.get('/api/submissions')).body.submissions).toEqual([]);
    expect((await w.cityB.client.get(`/api/submissions?siteId=${w.site.siteId}`)).body.submissions).toEqual([]);
    for (const path of [`/api/submissions/${s.id}`, `/api/submissions/${s.id}/document`]) {
      const res = await w.cityB.client.get(path);
      expect(res.status, path).toBe(403);
      expect(JSON.stringify(res.body)).not.toContain(s.digest);
    }
    const auditor = await signedInAs(w.env, w.admin.client, ['auditor']);
    const counts = rowCounts(w.env.deps.sqlite);
    expect((await w.cityB.client.post(`/api/submissions/${s.id}/receipt/options`)).status).toBe(403);
    expect((await w.cityB.client.post(`/api/submissions/${s.id}/return`, { comment: '不備あり' })).status).toBe(403);
    // 甲 of site B answers site A's challenge with their own key: refused, nothing received.
    const optionsA = await w.cityA.client.post(`/api/submissions/${s.id}/receipt/options`);
    const foreign = w.cityB.authenticator.getAssertion({ ...optionsA.body.options, allowCredentials: [] });
    expect((await w.cityB.client.post(`/api/submissions/${s.id}/receipt`, { response: foreign })).status).toBe(403);
    expect((await w.cityA.client.post(`/api/submissions/${s.id}/receipt`, { response: foreign })).status, "another person's passkey").toBe(403);

    for (const who of [w.supervisor, w.admin, auditor]) {
      expect((await who.client.post(`/api/submissions/${s.id}/receipt/options`)).status).toBe(403);
      expect((await who.client.post(`/api/submissions/${s.id}/receipt`, { response: foreign })).status).toBe(403);
      expect((await who.client.post(`/api/submissions/${s.id}/return`, { comment: '差し戻し' })).status).toBe(403);
    }
    expect(rowOf(w, s.id).status).toBe('submitted');
    const { challenges: _c, ...after } = rowCounts(w.env.deps.sqlite);
    const { challenges: _b, ...beforeCounts } = counts;
    expect(after, 'nothing written but single-use challenges').toEqual(beforeCounts);

    expect((await w.cityA.client.post('/api/submissions', { kind: 'monthly_report', siteId: w.site.siteId, month: '2026-10' })).status, '甲 does not submit').toBe(403);
    expect((await w.cityA.client.get('/api/submissions/outstanding')).status).toBe(403);
    const supervisorB = await scopedPerson(w, ['supervisor'], [w.siteB.siteId]);
    expect((await supervisorB.client.post('/api/submissions', { kind: 'daily_ledger', areaId: w.site.general.id, date: '2026-11-19' })).status, "a supervisor of site B submits nothing of site A's").toBe(403);
    expect((await supervisorB.client.get(`/api/submissions/${s.id}`)).status).toBe(403);
  });

  it('F3: 甲 returns a disposal record with a comment; the contractor sees it and submits it again, linked to the old one', async () => {
    const w = await submissionsWorld();
    const disposalId = await givenExecutedDisposal(w);
    const first = await submit(w.supervisor.client, { kind: 'disposal_record', siteId: w.site.siteId, disposalRequestId: disposalId });
    expect(first.title).toBe(`廃棄証明書 No.${disposalId}`);
    expect((await w.cityA.client.get(`/api/submissions/${first.id}/document`)).body).toContain('<h1>廃棄証明書</h1>');
    const pending = await w.supervisor.client.post('/api/submissions', { kind: 'disposal_record', siteId: w.site.siteId, disposalRequestId: disposalId });
    expect(pending.status, 'awaiting receipt: not submitted twice').toBe(409);

    const before = journalCount(w.env.deps.sqlite);
    const returned = await w.cityA.client.post(`/api/submissions/${first.id}/return`, { comment: '立会人の所属を記載してください' });
    expect(returned.status, JSON.stringify(returned.body)).toBe(200);
    expect(returned.body).toMatchObject({ status: 'returned', returnComment: '立会人の所属を記載してください', decidedBy: w.cityA.personId });
    expect(journalCount(w.env.deps.sqlite)).toBe(before + 1);
    expect(lastJournal(w.env.deps.sqlite)).toMatchObject({ action: 'submission.returned', entity_id: String(first.id), actor_id: String(w.cityA.personId) });
    expect((await w.cityA.client.post(`/api/submissions/${first.id}/receipt/options`)).status, 'a returned document is not received').toBe(409);

    const out = await w.supervisor.client.get('/api/submissions/outstanding');
    expect(out.body.returned.map((r: any) => [r.id, r.returnComment])).toEqual([[first.id, '立会人の所属を記載してください']]);
    expect(out.body.due).toContainEqual({ kind: 'disposal_record', disposalRequestId: disposalId });

    const second = await submit(w.supervisor.client, { kind: 'disposal_record', siteId: w.site.siteId, disposalRequestId: disposalId });
    expect(second.previousId).toBe(first.id);
    const after = await w.supervisor.client.get('/api/submissions/outstanding');
    expect(after.body.returned).toEqual([]);
    expect(after.body.awaitingReceipt.map((r: any) => r.id)).toEqual([second.id]);
    expect(after.body.due).not.toContainEqual({ kind: 'disposal_record', disposalRequestId: disposalId });
    expect((await acknowledge(w.cityA, second.id)).res.status).toBe(200);
    expect(rowOf(w, first.id).status, 'the returned one stays returned').toBe('returned');
  });

  it('F3: outstanding names last month’s report per site, disposals not submitted and a roster changed since its last submission', async () => {
    const w = await submissionsWorld();
    const due = async (who = w.supervisor) => (await who.client.get('/api/submissions/outstanding')).body.due as any[];
    const kinds = (d: any[]) => d.map((x) => [x.kind, x.siteId ?? x.disposalRequestId, x.month ?? null]);
    expect(kinds(await due())).toEqual([
      ['monthly_report', w.site.siteId, '2026-10'],
      ['monthly_report', w.siteB.siteId, '2026-10'],
      ['roster', w.site.siteId, null],
      ['roster', w.siteB.siteId, null],
    ]);
    const supervisorA = await scopedPerson(w, ['supervisor'], [w.site.siteId]);
    expect(kinds(await due(supervisorA)), 'a supervisor of site A sees site A only').toEqual([
      ['monthly_report', w.site.siteId, '2026-10'],
      ['roster', w.site.siteId, null],
    ]);

    await submit(w.supervisor.client, { kind: 'monthly_report', siteId: w.site.siteId, month: '2026-10' });
    const roster = await submit(w.supervisor.client, { kind: 'roster', siteId: w.site.siteId, date: '2026-11-20' });
    const first = JSON.parse(rowOf(w, roster.id).content);
    expect(first.changes).toBeNull();
    expect(first.entries.map((e: any) => e.personId)).toContain(w.worker.id);
    expect(first.entries.map((e: any) => e.personId), "甲's staff are not on the contractor's roster").not.toContain(w.cityA.personId);
    expect(JSON.stringify(first.entries), 'no contact or nationality').not.toMatch(/nationality|contact/);
    const disposalId = await givenExecutedDisposal(w);
    expect(kinds(await due(supervisorA))).toEqual([['disposal_record', disposalId, null]]);
    const unchanged = await w.supervisor.client.post('/api/submissions', { kind: 'roster', siteId: w.site.siteId, date: '2026-11-20' });
    expect(unchanged.status).toBe(409);
    expect(unchanged.body.error.details.issues[0].path).toBe('body.date');

    const newcomer = await givenPerson(w.admin.client, { roles: ['worker'], name: '新任 太郎' });
    expect(kinds(await due(supervisorA))).toEqual([
      ['disposal_record', disposalId, null],
      ['roster', w.site.siteId, null],
    ]);
    const next = await submit(w.supervisor.client, { kind: 'roster', siteId: w.site.siteId, date: '2026-11-20' });
    const doc = JSON.parse(rowOf(w, next.id).content);
    expect(doc.changes).toMatchObject({ since: { submissionId: roster.id, day: '2026-11-20' }, removed: [], changed: [] });
    expect(doc.changes.added.map((e: any) => e.name)).toEqual(['新任 太郎']);
    expect(newcomer.id).toBe(doc.changes.added[0].personId);
    const page = (await w.cityA.client.get(`/api/submissions/${next.id}/document`)).body as string;
    expect(page).toContain('<h1>作業従事者名簿</h1>');
    expect(page).toMatch(/追加された人<\/h3><table>.*新任 太郎/s);
  });

  it('F3: bad input is a 400 naming the field, and writes nothing', async () => {
    const w = await submissionsWorld();
    const s = await submit(w.supervisor.client, { kind: 'monthly_report', siteId: w.site.siteId, month: '2026-10' });
    const counts = rowCounts(w.env.deps.sqlite);
    const cases: [unknown, string, number?][] = [
      [{ kind: 'monthly_report', siteId: w.site.siteId, month: '2026-13' }, 'body.month'],
      [{ kind: 'monthly_report', siteId: w.site.siteId, month: '2026-12' }, 'body.month'],
      [{ kind: 'monthly_report', siteId: 99_999, month: '2026-09' }, 'body.siteId', 404],
      [{ kind: 'monthly_report', siteId: '1', month: '2026-09' }, 'body.siteId'],
      [{ kind: 'daily_ledger', areaId: 99_999, date: '2026-11-19' }, 'body.areaId', 404],
      [{ kind: 'daily_ledger', areaId: w.site.general.id, date: '2026-02-30' }, 'body.date'],
      [{ kind: 'daily_ledger', areaId: w.site.general.id, date: '2026-11-21' }, 'body.date'],
      [{ kind: 'disposal_record', siteId: w.site.siteId, disposalRequestId: 99_999 }, 'body.disposalRequestId', 404],
      [{ kind: 'roster', siteId: w.site.siteId }, 'body.date'],
      [{ kind: 'minutes', siteId: w.site.siteId }, 'body.kind'],
      [{ kind: 'monthly_report', siteId: w.site.siteId, month: '2026-09', extra: 1 }, 'body'],
    ];
    // Malformed values are 400; ids that match nothing are 404 (issue 18); both name the field.
    for (const [body, path, status = 400] of cases) {
      const res = await w.supervisor.client.post('/api/submissions', body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.body.error.details.issues.map((i: any) => i.path), JSON.stringify(body)).toContain(path);
    }
    const ret = await w.cityA.client.post(`/api/submissions/${s.id}/return`, { comment: '   ' });
    expect(ret.status).toBe(400);
    expect(ret.body.error.details.issues[0].path).toBe('body.comment');
    const receipt = await w.cityA.client.post(`/api/submissions/${s.id}/receipt`, { response: { id: 'x' } });
    expect(receipt.status).toBe(400);
    expect(receipt.body.error.details.issues[0].path).toMatch(/^body\.response/);
    expect((await w.cityA.client.get('/api/submissions?status=lost')).body.error.details.issues[0].path).toBe('query.status');
    expect((await w.cityA.client.get('/api/submissions/abc')).body.error.details.issues[0].path).toBe('param.id');
    expect((await w.cityA.client.get('/api/submissions/99999')).status).toBe(404);
    expect(rowCounts(w.env.deps.sqlite)).toEqual(counts);
  });
});
