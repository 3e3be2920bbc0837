import { describe, expect, it } from 'vitest';
import { badgeEvent, givenWorker } from '../support/world.ts';
import { buildDailyLedger } from '../../src/ledger/build.ts';
import { ledgerDigest, type LedgerContent } from '../../src/ledger/content.ts';
import { badgeAt, correct, DAY, hashedForm, ledgerOf, ledgerWorld, signOffLedger, tokyo, worker } from '../ledger/ledger-world.ts';

const UTC_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const TOKYO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+09:00$/;

/** Every string in a JSON answer, with where it is. */
function strings(v: unknown, at = '$'): [string, string][] {
  if (typeof v === 'string') return [[at, v]];
  if (Array.isArray(v)) return v.flatMap((x, i) => strings(x, `${at}[${i}]`));
  if (v === null || typeof v !== 'object') return [];
  return Object.entries(v).flatMap(([k, x]) => strings(x, `${at}.${k}`));
}

/** The answer's instants are all written in Tokyo's offset, and there is at least one. */
function expectTokyoInstants(label: string, body: unknown) {
  const all = strings(body);
  expect(all.filter(([, s]) => UTC_INSTANT.test(s)), `${label}: instants still in UTC`).toEqual([]);
  expect(all.filter(([, s]) => TOKYO_INSTANT.test(s)).length, `${label}: carries instants`).toBeGreaterThan(0);
}

const withoutServed = ({ digest: _d, signoff: _s, generatedAt: _g, contractName: _c, ...content }: Record<string, unknown>) => content as unknown as LedgerContent;

describe('instants in API answers carry the ledger zone’s offset (issue 18 item 4)', () => {
  it('every route’s answer writes its instants as 2026-11-20T08:30:00.000+09:00, the wall time printed on the ledger', async () => {
    const w = await ledgerWorld();
    const who = await worker(w);
    w.env.clock.set(tokyo('2026-11-20T08:30'));
    const entry = await w.kiosk.post('/api/kiosk/events', badgeEvent(w.area, who.badge, 'in'));
    expect(entry.status).toBe(201);
    expect(entry.body.event.occurredAt).toBe('2026-11-20T08:30:00.000+09:00');
    expectTokyoInstants('kiosk event', entry.body);
    const stranger = await givenWorker(w.admin.client, []);
    w.env.clock.set(tokyo('2026-11-20T08:40'));
    expect((await w.kiosk.post('/api/kiosk/events', badgeEvent(w.site.secure.id, stranger.badge, 'in'))).body.event.result).toBe('refused');
    const visitor = await w.supervisor.client.post('/api/visitors', { name: '来訪 花子', affiliation: '株式会社ベンダー', purpose: '保守', idType: 'drivers_license', escortPersonId: w.supervisor.personId, siteId: w.site.siteId });
    expect(visitor.status).toBe(201);

    const ledger = await ledgerOf(w.supervisor.client, w.area);
    expect(ledger.stays[0].entryAt).toBe('2026-11-20T08:30:00.000+09:00');
    for (const [label, path] of [
      ['ledger', `/api/areas/${w.area}/ledger?date=${DAY}`],
      ['site ledger', `/api/sites/${w.site.siteId}/ledger?date=${DAY}`],
      ['refusals', '/api/access/refusals'],
      ['visitors', '/api/visitors'],
      ['requests', '/api/custody/requests'],
      ['presence', `/api/presence?areaId=${w.area}`],
      ['muster', `/api/sites/${w.site.siteId}/muster`],
      ['me', '/api/auth/me'],
    ] as const) {
      const res = await w.supervisor.client.get(path);
      expect(res.status, `${label} ${JSON.stringify(res.body)}`).toBe(200);
      expectTokyoInstants(label, res.body);
    }
    const journal = await w.admin.client.get('/api/journal?latest=true');
    expectTokyoInstants('journal', journal.body);
  });

  it('inputs take an instant with Z or with +09:00 alike', async () => {
    const w = await ledgerWorld();
    const who = await worker(w);
    await badgeAt(w, who, 'in', tokyo('2026-11-20T08:30'));
    await badgeAt(w, who, 'out', tokyo('2026-11-20T12:00'));
    const zulu = await w.admin.client.get(`/api/journal?from=${encodeURIComponent('2026-11-19T23:00:00Z')}&to=${encodeURIComponent('2026-11-20T04:00:00.000Z')}`);
    const tokyoForm = await w.admin.client.get(`/api/journal?from=${encodeURIComponent('2026-11-20T08:00:00+09:00')}&to=${encodeURIComponent('2026-11-20T13:00:00.000+09:00')}`);
    expect(zulu.status, JSON.stringify(zulu.body)).toBe(200);
    expect(zulu.body.entries.length).toBeGreaterThan(1);
    expect(tokyoForm.body.entries).toEqual(zulu.body.entries);
    const refusalsZ = await w.supervisor.client.get(`/api/access/refusals?from=${encodeURIComponent('2026-11-19T15:00:00Z')}`);
    const refusalsTokyo = await w.supervisor.client.get(`/api/access/refusals?from=${encodeURIComponent('2026-11-20T00:00:00+09:00')}`);
    expect(refusalsZ.status, JSON.stringify(refusalsZ.body)).toBe(200);
    expect(refusalsTokyo.body).toEqual(refusalsZ.body);
  });

  it('a signed ledger keeps its digest: the signature made over the UTC form still matches, with a correction named as such', async () => {
    const w = await ledgerWorld();
    const who = await worker(w);
    const entry = await badgeAt(w, who, 'in', tokyo('2026-11-20T08:30'));
    w.env.clock.set(tokyo('2026-11-21T09:00'));
    const fix = await correct(w.supervisor.client, { eventId: entry.id, kind: 'add_exit', occurredAt: '2026-11-20T17:45:00+09:00', reason: '退室の記録漏れ' });
    expect(fix.status, JSON.stringify(fix.body)).toBe(201);
    const signed = await signOffLedger(w);
    expect(signed.res.status, JSON.stringify(signed.res.body)).toBe(201);
    const stored = w.env.deps.sqlite.prepare('select digest from ledger_signoffs').get() as { digest: string };

    // What the server hashes is the content with UTC instants and the stored method: unchanged by the edge.
    const inService = buildDailyLedger(w.env.deps, w.area, DAY);
    expect(inService.stays[0]!.exitAt).toBe(new Date(tokyo('2026-11-20T17:45')).toISOString());
    expect(ledgerDigest(withoutServed({ ...inService, stays: hashedForm(inService).stays }))).toBe(stored.digest);

    const served = await ledgerOf(w.supervisor.client, w.area);
    expect(served.stays[0]).toMatchObject({ exitAt: '2026-11-20T17:45:00.000+09:00', exitMethod: 'correction', entryMethod: 'badge' });
    expect(served.digest).toBe(stored.digest);
    expect(served.signoff).toMatchObject({ digest: stored.digest, digestMatches: true, superseded: false, signedAt: '2026-11-21T09:00:00.000+09:00' });
    // A client recomputes the digest from the answer by writing instants back in UTC and the stored method.
    expect(ledgerDigest(hashedForm(withoutServed(served)))).toBe(stored.digest);
    const verify = await w.admin.client.get('/api/journal/verify');
    expect(verify.status).toBe(200);
    expect(verify.body.ok, JSON.stringify(verify.body)).toBe(true);
  });
});
