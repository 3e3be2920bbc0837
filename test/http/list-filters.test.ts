import { describe, expect, it } from 'vitest';
import { badgeEvent, givenWorker } from '../support/world.ts';
import type { Client } from '../support/client.ts';
import { at, custodyWorld, givenAsset, HOUR, requestBody, type CustodyWorld } from '../support/custody.ts';
import { tokyo } from '../ledger/ledger-world.ts';

/** Walks a list page by page with `limit`, following `next` until it is null; the ids in order. */
async function walk(client: Client, path: string, key: string, limit: number): Promise<number[]> {
  const ids: number[] = [];
  let cursor: number | null = null;
  for (let pages = 0; pages < 20; pages++) {
    const sep = path.includes('?') ? '&' : '?';
    const res: { status: number; body: any } = await client.get(`${path}${sep}limit=${limit}${cursor === null ? '' : `&cursor=${cursor}`}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    ids.push(...res.body[key].map((r: { id: number }) => r.id));
    cursor = res.body.next;
    if (cursor === null) return ids;
  }
  throw new Error('paging did not end');
}

/** Bad query values are 400 naming the parameter, for every list that takes them. */
async function expectBadQueries(client: Client, path: string, extra: [string, string][] = []) {
  const cases: [string, string][] = [
    ['from=2026-02-30', 'query.from'],
    ['from=20261120', 'query.from'],
    ['to=yesterday', 'query.to'],
    ['from=2026-11-21&to=2026-11-20', 'query.to'],
    ['from=2026-11-20T10:00:00%2B09:00&to=2026-11-20T10:00:00%2B09:00', 'query.to'],
    ['limit=0', 'query.limit'],
    ['limit=100000', 'query.limit'],
    ['cursor=abc', 'query.cursor'],
    ['cursor=0x10', 'query.cursor'],
    ...extra,
  ];
  for (const [query, field] of cases) {
    const res = await client.get(`${path}?${query}`);
    expect(res.status, `${path}?${query} ${JSON.stringify(res.body)}`).toBe(400);
    expect(res.body.error.details.issues.map((i: { path: string }) => i.path), `${path}?${query}`).toContain(field);
  }
}

/** A draft request made by the worker at `when` (its window starting then). */
async function requestAt(w: CustodyWorld, when: number) {
  w.env.clock.set(when);
  const asset = await givenAsset(w.admin.client);
  const res = await w.worker.client.post('/api/custody/requests', requestBody('carry_in', w.site.general.id, [asset], { windowFrom: at(when), windowTo: at(when + 8 * HOUR) }));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as number;
}

async function visitorAt(w: CustodyWorld, when: number, name: string) {
  w.env.clock.set(when);
  const res = await w.guard.client.post('/api/visitors', { name, affiliation: '株式会社ベンダー', purpose: '保守', idType: 'drivers_license', escortPersonId: w.guard.personId, siteId: w.site.siteId });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as number;
}

const ids = (rows: { id: number }[]) => rows.map((r) => r.id);

/** The custody world from the morning of 2026-11-19, with sessions that last while the test moves the clock across days. */
const world = () => custodyWorld({ now: tokyo('2026-11-19T08:00'), config: { sessionIdleMs: 30 * 86_400_000, sessionAbsoluteMs: 30 * 86_400_000 } });

describe('lists by date range, status and cursor (issue 18 item 5)', () => {
  it('custody requests: by the JST day they were made (both ends included), status, newest first, paged by cursor', async () => {
    const w = await world();
    const a = await requestAt(w, tokyo('2026-11-19T09:00'));
    const b = await requestAt(w, tokyo('2026-11-20T00:00'));
    expect((await w.worker.client.post(`/api/custody/requests/${b}/submit`)).status).toBe(200);
    const c = await requestAt(w, tokyo('2026-11-20T23:59'));
    const d = await requestAt(w, tokyo('2026-11-21T00:00'));
    w.env.clock.set(tokyo('2026-11-21T01:00'));
    const get = async (q: string) => {
      const res = await w.supervisor.client.get(`/api/custody/requests?${q}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body;
    };
    expect(ids((await get('from=2026-11-20&to=2026-11-20')).requests)).toEqual([c, b]);
    expect(ids((await get('from=2026-11-21')).requests)).toEqual([d]);
    expect(ids((await get('to=2026-11-19')).requests)).toEqual([a]);
    expect(ids((await get(`from=${encodeURIComponent('2026-11-20T00:00:00+09:00')}&to=${encodeURIComponent('2026-11-20T14:59:00Z')}`)).requests)).toEqual([b]);
    expect(ids((await get('status=expired')).requests)).toEqual([b, a]);
    expect(ids((await get('status=draft&from=2026-11-20')).requests)).toEqual([d, c]);
    expect((await get('from=2026-11-20&to=2026-11-20')).next).toBeNull();
    expect(await walk(w.supervisor.client, '/api/custody/requests', 'requests', 1)).toEqual([d, c, b, a]);
    expect(await walk(w.supervisor.client, '/api/custody/requests?from=2026-11-20', 'requests', 2)).toEqual([d, c, b]);
    await expectBadQueries(w.supervisor.client, '/api/custody/requests', [
      ['status=lost', 'query.status'],
      ['cursor=3&offset=1', 'query.offset'],
    ]);
  });

  it('visitors: by the JST day they were registered and status, newest first, paged by cursor; onSite stays', async () => {
    const w = await world();
    const v1 = await visitorAt(w, tokyo('2026-11-19T10:00'), '来訪 一郎');
    const v2 = await visitorAt(w, tokyo('2026-11-20T10:00'), '来訪 二郎');
    const v3 = await visitorAt(w, tokyo('2026-11-20T11:00'), '来訪 三郎');
    expect((await w.guard.client.post(`/api/visitors/${v3}/sign-out`)).status).toBe(200);
    const get = async (q: string) => {
      const res = await w.supervisor.client.get(`/api/visitors?${q}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body;
    };
    expect(ids((await get('from=2026-11-20&to=2026-11-20')).visitors)).toEqual([v3, v2]);
    expect(ids((await get('status=signed_out')).visitors)).toEqual([v3]);
    expect(ids((await get('status=on_site&to=2026-11-19')).visitors)).toEqual([v1]);
    expect(ids((await get('onSite=true')).visitors)).toEqual([v2, v1]);
    expect(await walk(w.supervisor.client, '/api/visitors', 'visitors', 2)).toEqual([v3, v2, v1]);
    await expectBadQueries(w.supervisor.client, '/api/visitors', [
      ['status=gone', 'query.status'],
      ['onSite=true&status=on_site', 'query.onSite'],
    ]);
  });

  it('refusals across areas and anomalies take the same from/to (days or instants), cursor and limit', async () => {
    const w = await world();
    const stranger = await givenWorker(w.admin.client, []);
    const refusals: number[] = [];
    for (const when of [tokyo('2026-11-19T23:00'), tokyo('2026-11-20T08:00'), tokyo('2026-11-20T09:00'), tokyo('2026-11-21T00:30')]) {
      w.env.clock.set(when);
      const res = await w.kiosk.post('/api/kiosk/events', badgeEvent(w.site.secure.id, stranger.badge, 'in'));
      expect(res.body.event.result).toBe('refused');
      refusals.push(res.body.event.id);
    }
    w.env.clock.set(tokyo('2026-11-21T09:00'));
    const day = await w.supervisor.client.get('/api/access/refusals?from=2026-11-20&to=2026-11-20');
    expect(day.status, JSON.stringify(day.body)).toBe(200);
    expect(ids(day.body.refusals)).toEqual([refusals[2], refusals[1]]);
    expect(await walk(w.supervisor.client, '/api/access/refusals', 'refusals', 3)).toEqual([...refusals].reverse());
    // `before`, the cursor's older name, still pages the same way.
    const older = await w.supervisor.client.get(`/api/access/refusals?limit=1&before=${refusals[3]}`);
    expect(ids(older.body.refusals)).toEqual([refusals[2]]);
    await expectBadQueries(w.supervisor.client, '/api/access/refusals', [
      ['from=2026-10-01&to=2026-11-20', 'query.to'],
      [`cursor=${refusals[3]}&before=${refusals[3]}`, 'query.before'],
    ]);

    const anomalies = await w.supervisor.client.get('/api/anomalies?from=2026-11-19&to=2026-11-21&limit=5');
    expect(anomalies.status, JSON.stringify(anomalies.body)).toBe(200);
    expect(anomalies.body).toMatchObject({ anomalies: expect.any(Array), next: null });
    await expectBadQueries(w.supervisor.client, '/api/anomalies');
  });

  it('the document describes the same parameters, with the page sizes, from the zod schemas', async () => {
    const w = await world();
    const doc = (await w.supervisor.client.get('/api/openapi.json')).body;
    for (const path of ['/api/custody/requests', '/api/visitors', '/api/access/refusals', '/api/anomalies']) {
      const params = doc.paths[path].get.parameters as { name: string; in: string; schema: { description?: string; default?: number; maximum?: number } }[];
      const named = new Map(params.filter((p) => p.in === 'query').map((p) => [p.name, p.schema]));
      for (const name of ['from', 'to', 'cursor', 'limit']) expect(named.get(name), `${path} ${name}`).toMatchObject({ description: expect.any(String) });
      expect(named.get('limit'), path).toMatchObject({ default: expect.any(Number), maximum: expect.any(Number) });
    }
  });
});
