import { describe, expect, it } from 'vitest';
import { randomBytes, randomUUID } from 'node:crypto';
import { uuidv7 } from '../../kiosk/src/kiosk/keys.ts';
import { newIdempotencyKey } from '../../kiosk/src/kiosk/submit.ts';
import { badgeEvent, givenWorker, kioskWorld } from '../support/world.ts';
import { journalCount, rowCounts } from '../support/db-snapshot.ts';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('kiosk idempotency keys sort by time (issue 20)', () => {
  it('the kiosk makes UUIDv7 keys: version and variant set, the time in the first 48 bits, later keys sort after earlier ones', () => {
    const key = newIdempotencyKey();
    expect(key).toMatch(V7);
    const at = Date.parse('2031-04-01T09:00:00.123Z');
    const k = uuidv7(at);
    expect(k).toMatch(V7);
    expect(parseInt(k.slice(0, 8) + k.slice(9, 13), 16)).toBe(at);
    const keys = Array.from({ length: 200 }, (_, i) => uuidv7(at + i * 7));
    expect([...keys].sort()).toEqual(keys);
    expect(new Set(Array.from({ length: 1000 }, () => uuidv7(at))).size).toBe(1000);
  });

  it('a UUIDv7 key records once: the same key and body replays the first result, another body is refused (409)', async () => {
    const { env, admin, site, kiosk } = await kioskWorld();
    const w = await givenWorker(admin.client, [site.general.id]);
    const body = badgeEvent(site.general.id, w.badge, 'in', { idempotencyKey: uuidv7() });
    const first = await kiosk.post('/api/kiosk/events', body);
    expect(first.status).toBe(201);
    const journal = journalCount(env.deps.sqlite);
    const again = await kiosk.post('/api/kiosk/events', body);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ replayed: true, event: { id: first.body.event.id } });
    expect((await kiosk.post('/api/kiosk/events', { ...body, purpose: '打合せ' })).status).toBe(409);
    expect(journalCount(env.deps.sqlite)).toBe(journal);
  });

  it("older kiosks' keys keep working: a random UUID (v4) and 32 hex digits, each replayed once", async () => {
    const { admin, site, kiosk } = await kioskWorld();
    const w = await givenWorker(admin.client, [site.general.id]);
    let direction: 'in' | 'out' = 'in';
    for (const key of [randomUUID(), randomBytes(16).toString('hex')]) {
      const body = badgeEvent(site.general.id, w.badge, direction, { idempotencyKey: key });
      const first = await kiosk.post('/api/kiosk/events', body);
      expect(first.status).toBe(201);
      expect(first.body.event.result).toBe('accepted');
      const again = await kiosk.post('/api/kiosk/events', body);
      expect(again.status).toBe(200);
      expect(again.body.event.id).toBe(first.body.event.id);
      direction = direction === 'in' ? 'out' : 'in';
    }
  });

  it('a key no kiosk makes is refused with 400 naming body.idempotencyKey, and nothing is written', async () => {
    const { env, admin, site, kiosk } = await kioskWorld();
    const w = await givenWorker(admin.client, [site.general.id]);
    const before = rowCounts(env.deps.sqlite);
    for (const key of ['k'.repeat(10), uuidv7().toUpperCase(), `${uuidv7()}x`, uuidv7().replace(/-/g, '_'), '0'.repeat(31)]) {
      const res = await kiosk.post('/api/kiosk/events', badgeEvent(site.general.id, w.badge, 'in', { idempotencyKey: key }));
      expect(res.status).toBe(400);
      expect(res.body.error.details.issues[0].path).toBe('body.idempotencyKey');
      const badge = await kiosk.post('/api/kiosk/identify/badge', { idempotencyKey: key, areaId: site.general.id, payload: w.badge });
      expect(badge.status).toBe(400);
    }
    expect(rowCounts(env.deps.sqlite)).toEqual(before);
  });
});
