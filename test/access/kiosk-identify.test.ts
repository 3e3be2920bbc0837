import { BAD_SCANS_BEFORE_THROTTLE } from '../../src/kiosks/throttle.ts';
import { describe, expect, it } from 'vitest';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { testEnv } from '../support/harness.ts';
import { setupAdmin } from '../support/client.ts';
import { givenKiosk, givenSite, givenWorker } from '../support/world.ts';
import { journalCount, lastJournal, rowCounts } from '../support/db-snapshot.ts';
import { badgePayload } from '../../src/badges/service.ts';
import { signingKeyFromPem } from '../../src/crypto/signing-key.ts';

async function world() {
  const env = testEnv();
  const admin = await setupAdmin(env);
  const site = await givenSite(admin.client);
  const kiosk = await givenKiosk(env, admin.client, [site.general.id]);
  return { env, admin, site, kiosk };
}

const identifyBody = (areaId: number, payload: string, extra: Record<string, unknown> = {}) => ({ idempotencyKey: randomUUID(), areaId, payload, ...extra });

function events(env: ReturnType<typeof testEnv>) {
  return env.deps.sqlite.prepare('select direction, result, refusal_reason, person_id, badge_serial, method, note from access_events order by id').all() as {
    direction: string;
    result: string;
    refusal_reason: string | null;
    person_id: number | null;
    badge_serial: number | null;
    method: string;
    note: string;
  }[];
}

describe('POST /api/kiosk/identify/badge: whose badge, before anything is asked (issue 17)', () => {
  it('names the holder of a genuine badge and writes nothing', async () => {
    const { env, admin, site, kiosk } = await world();
    const w = await givenWorker(admin.client, [site.general.id], { name: '山田 花子', kana: 'やまだ はなこ' });
    const before = rowCounts(env.deps.sqlite);
    const res = await kiosk.post('/api/kiosk/identify/badge', identifyBody(site.general.id, w.badge, { direction: 'in' }));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ kind: 'identified', name: '山田 花子' });
    expect(rowCounts(env.deps.sqlite)).toEqual(before);
  });

  it('records a forged badge as a refused entry with one journal entry, and answers with that refusal', async () => {
    const { env, admin, site, kiosk } = await world();
    const w = await givenWorker(admin.client, [site.general.id]);
    const otherKey = signingKeyFromPem(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    const journal = journalCount(env.deps.sqlite);
    const res = await kiosk.post('/api/kiosk/identify/badge', identifyBody(site.general.id, badgePayload(otherKey, w.badgeSerial, w.id), { direction: 'in' }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'refused', replayed: false, event: { result: 'refused', refusalReason: 'badge_forged', direction: 'in', personId: null, nameSnapshot: null } });
    expect(events(env)).toEqual([{ direction: 'in', result: 'refused', refusal_reason: 'badge_forged', person_id: null, badge_serial: null, method: 'badge', note: 'the badge signature does not verify' }]);
    expect(journalCount(env.deps.sqlite)).toBe(journal + 1);
    expect(lastJournal(env.deps.sqlite)).toMatchObject({ action: 'access.refused', entity_type: 'access_event', entity_id: String(res.body.event.id) });
  });

  it('records a revoked badge as a refusal naming its holder, in the direction chosen', async () => {
    const { env, admin, site, kiosk } = await world();
    const w = await givenWorker(admin.client, [site.general.id]);
    expect((await admin.client.post(`/api/badges/${w.badgeSerial}/revoke`, { reason: 'returned', note: '返却' })).status).toBe(200);
    const res = await kiosk.post('/api/kiosk/identify/badge', identifyBody(site.general.id, w.badge, { direction: 'out' }));
    expect(res.status).toBe(201);
    expect(res.body.event).toMatchObject({ result: 'refused', refusalReason: 'badge_revoked', direction: 'out', personId: w.id });
    expect(events(env)).toMatchObject([{ badge_serial: w.badgeSerial }]);
  });

  it('a forged badge scanned at the idle screen (no direction yet) is a refused entry whose note says so', async () => {
    const { env, site, kiosk } = await world();
    const res = await kiosk.post('/api/kiosk/identify/badge', identifyBody(site.general.id, 'LDG1.1.1.not-signed'));
    expect(res.status).toBe(201);
    expect(events(env)).toEqual([
      expect.objectContaining({ direction: 'in', refusal_reason: 'badge_forged', note: 'the badge signature does not verify; read at the idle screen, before a direction was chosen' }),
    ]);
  });

  it('a retried identification with the same key records the refusal once; the key with another body is a conflict', async () => {
    const { env, site, kiosk } = await world();
    const body = identifyBody(site.general.id, 'LDG1.9.9.forged', { direction: 'in' });
    const first = await kiosk.post('/api/kiosk/identify/badge', body);
    const again = await kiosk.post('/api/kiosk/identify/badge', body);
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body).toMatchObject({ kind: 'refused', replayed: true, event: { id: first.body.event.id } });
    const other = await kiosk.post('/api/kiosk/identify/badge', { ...body, payload: 'LDG1.9.9.other' });
    expect(other.status).toBe(409);
    expect(events(env)).toHaveLength(1);
  });

  it('refuses an area the kiosk does not serve with 403, and bad input with 400 naming the field; nothing written', async () => {
    const { env, admin, site, kiosk } = await world();
    const w = await givenWorker(admin.client, [site.secure.id]);
    const before = rowCounts(env.deps.sqlite);
    const elsewhere = await kiosk.post('/api/kiosk/identify/badge', identifyBody(site.secure.id, 'LDG1.1.1.forged'));
    expect(elsewhere.status).toBe(403);
    const noPayload = await kiosk.post('/api/kiosk/identify/badge', identifyBody(site.general.id, ''));
    expect(noPayload.status).toBe(400);
    expect(noPayload.body.error.details.issues[0].path).toBe('body.payload');
    const badDirection = await kiosk.post('/api/kiosk/identify/badge', identifyBody(site.general.id, w.badge, { direction: 'sideways' }));
    expect(badDirection.body.error.details.issues[0].path).toBe('body.direction');
    expect(rowCounts(env.deps.sqlite)).toEqual(before);
  });

  it('counts refusals at identification against their source: after five, it waits, and each scan is still a recorded refusal (issue 14)', async () => {
    const { env, site, kiosk } = await world();
    for (let i = 0; i < BAD_SCANS_BEFORE_THROTTLE; i++) expect((await kiosk.post('/api/kiosk/identify/badge', identifyBody(site.general.id, `LDG1.${i}.1.forged`))).status).toBe(201);
    const waiting = await kiosk.post('/api/kiosk/identify/badge', identifyBody(site.general.id, 'LDG1.99.1.forged'));
    expect(waiting.status).toBe(201);
    expect(waiting.body.event).toMatchObject({ result: 'refused', refusalReason: 'throttled' });
    expect(events(env)).toHaveLength(BAD_SCANS_BEFORE_THROTTLE + 1);
  });
});
