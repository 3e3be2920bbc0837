import { describe, expect, it } from 'vitest';
import { performance } from 'node:perf_hooks';
import { apiTime, writeFixture } from '../support/harness.ts';
import { accessEvents } from '../../src/db/schema/access.ts';
import { buildMonthlyReport } from '../../src/reports/monthly.ts';
import { correct, rawGet, visitorStay } from '../ledger/ledger-world.ts';
import { anomalyWorld, scanAt, tokyo, worker, type AnomalyWorld } from '../anomalies/anomaly-world.ts';
import { badge, custodyWorld, givenApproved, givenAsset, requestBody, scan } from '../support/custody.ts';
import { givenPerson, signIn, type SignedIn } from '../support/client.ts';

/** November: stays, a forgotten exit, a stay crossing into December, a refusal, a voided mistake, a visitor, October's noise. */
async function november(w: AnomalyWorld) {
  const a = await worker(w, [w.site.general.id], { name: '<i>山田</i> 太郎', kana: 'やまだ たろう' });
  const b = await worker(w, [w.site.general.id], { name: '夜勤 次郎' });
  const c = await worker(w, [w.site.general.id], { name: '誤読 三郎' });
  const stranger = await worker(w, [], { name: '権限 なし子' });
  const general = w.site.general.id;
  await scanAt(w, a, general, 'in', '2026-11-20T09:00');
  await scanAt(w, a, general, 'out', '2026-11-20T12:00');
  await scanAt(w, a, general, 'in', '2026-11-20T13:00');
  await scanAt(w, a, general, 'in', '2026-11-21T09:00');
  await scanAt(w, a, general, 'out', '2026-11-21T17:00');
  const mistaken = await scanAt(w, c, general, 'in', '2026-11-20T10:00');
  w.env.clock.set(tokyo('2026-11-20T10:05'));
  expect((await correct(w.supervisor.client, { eventId: mistaken.id, kind: 'void', reason: '誤読取' })).status).toBe(201);
  expect((await scanAt(w, stranger, w.site.secure.id, 'in', '2026-11-20T11:00')).refusalReason).toBe('not_authorized');
  await visitorStay({ ...w, area: general }, a.id, { name: '来訪 七美', affiliation: '株式会社ベンダー', purpose: '機器保守' }, tokyo('2026-11-22T14:00'), tokyo('2026-11-22T15:00'));
  await scanAt(w, b, general, 'in', '2026-11-30T23:00');
  await scanAt(w, b, general, 'out', '2026-12-01T01:00');
  return { a, b };
}

describe('E3 the monthly report: counts for the month in the ledger time zone', () => {
  it('E3: entries, exits, refusals by reason, stays without exit, anomalies, and the journal\'s verification and head', async () => {
    const w = await anomalyWorld();
    const { a } = await november(w);
    w.env.clock.set(tokyo('2026-12-02T09:00'));
    const res = await w.auditor.client.get('/api/reports/monthly?month=2026-11');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const r = res.body;
    expect(r.period).toMatchObject({ firstDay: '2026-11-01', lastDay: '2026-11-30', from: '2026-11-01T00:00:00.000+09:00', to: '2026-12-01T00:00:00.000+09:00', eraFrom: '令和8年11月1日', eraTo: '令和8年11月30日' });
    expect(r.access).toMatchObject({ entries: 5, visitorEntries: 1, exits: 3, refusals: 1, staysWithoutExit: 1 });
    expect(r.access.refusalsByReason.not_authorized).toBe(1);
    expect(r.access.staysWithoutExitList).toMatchObject([{ personId: a.id, name: '<i>山田</i> 太郎', entryAt: apiTime(tokyo('2026-11-20T13:00')) }]);
    expect(r.access.byArea).toMatchObject([{ areaName: '執務室', entries: 5, exits: 3, refusals: 0, staysWithoutExit: 1 }, { areaName: 'サーバ室', refusals: 1 }]);
    expect(r.anomalies.byKind).toMatchObject({ out_of_sequence: 1, after_hours: 1 });
    const verify = await w.auditor.client.get('/api/journal/verify');
    expect(r.journal).toMatchObject({ verification: { ok: true }, headSeq: verify.body.headSeq, headHash: verify.body.headHash });
    expect(r.roster.changes['person.created']).toBeGreaterThanOrEqual(6);
    expect(r.roster.activePeople).toBeGreaterThanOrEqual(7);

    const october = await w.supervisor.client.get('/api/reports/monthly?month=2026-10');
    expect(october.body.access).toMatchObject({ entries: 0, exits: 0, refusals: 0 });
    const bad = await w.supervisor.client.get('/api/reports/monthly?month=2026-13');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues[0].path).toBe('query.month');
    expect((await w.kiosk.get('/api/reports/monthly?month=2026-11')).status).toBe(401);
  });

  it('E3: printable as the セキュリティ保全状況報告書 (A4 page, no script, every name escaped) and as CSV (BOM, CRLF)', async () => {
    const w = await anomalyWorld();
    await november(w);
    w.env.clock.set(tokyo('2026-12-02T09:00'));
    const page = await rawGet(w.env, w.supervisor.client, '/api/reports/monthly?month=2026-11&format=html');
    expect(page.status).toBe(200);
    const html = page.bytes.toString('utf8');
    expect(html).toContain('<h1>セキュリティ保全状況報告書</h1>');
    expect(html).toContain('令和8年11月1日 ～ 令和8年11月30日');
    expect(html).toContain('情報セキュリティインシデントが発生した場合の対処');
    expect(html).toContain('&lt;i&gt;山田&lt;/i&gt; 太郎');
    expect(html).not.toContain('<i>');
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('href="/print.css"');
    expect(html).toContain('改ざんなし');

    const csv = await rawGet(w.env, w.supervisor.client, '/api/reports/monthly?month=2026-11&format=csv');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toContain('monthly-report-2026-11.csv');
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = csv.bytes.toString('utf8').slice(1);
    expect(text.split('\r\n').every((line) => !line.includes('\n'))).toBe(true);
    expect(text).toContain('="3 運用・保守・点検",入室,5\r\n');
    expect(text).toContain('="3 運用・保守・点検",退室記録のない入室,1\r\n');
    expect(text).toContain('執務室,<i>山田</i> 太郎,作業従事者,="2026-11-20 13:00"\r\n');
  });

  it('E3: movements and approvals of the month, and what is carried in and not out now', async () => {
    const w = await custodyWorld();
    const laptop = await givenAsset(w.admin.client);
    await givenApproved(w, requestBody('carry_in', w.site.general.id, [laptop]));
    const entry = await badge(w, w.site.general.id, 'in');
    expect((await scan(w, w.site.general.id, 'in', laptop, entry.id)).status).toBe(201);
    const r = (await w.supervisor.client.get('/api/reports/monthly?month=2026-11')).body;
    expect(r.custody).toMatchObject({ carriedIn: 1, carriedOut: 0, refused: 0, decisions: { carry_in: { approved: 1, rejected: 0 } } });
    expect(r.custody.approvals).toMatchObject([{ kind: 'carry_in', decision: 'approved', onTheSpot: false }]);
    expect(r.assets).toMatchObject({ inside: 1, outside: 0, overdue: 0 });
    expect(r.assets.insideList).toMatchObject([{ assetNumber: laptop.assetNumber, status: 'inside' }]);
  });
});

describe('E3 a long month is read in chunks on a snapshot, letting the event loop run between them', () => {
  it('E3: 4,500 events in one area are paired across chunk edges, and other work runs while the report is read', async () => {
    const w = await anomalyWorld();
    const p = await worker(w);
    const start = tokyo('2026-11-02T00:00');
    writeFixture(w.env.deps, (tx) => {
      for (let i = 0; i < 4500; i++) {
        const at = start + i * 60_000;
        tx.insert(accessEvents).values({ areaId: w.site.general.id, direction: i % 2 === 0 ? 'in' : 'out', result: 'accepted', flags: [], personId: p.id, nameSnapshot: p.name, method: 'badge', occurredAt: at, recordedAt: at }).run();
      }
    });
    let ticks = 0;
    let running = true;
    const spin = () => {
      ticks += 1;
      if (running) setImmediate(spin);
    };
    setImmediate(spin);
    const report = await buildMonthlyReport(w.env.deps, '2026-11', tokyo('2026-12-01T09:00'), w.site.siteId);
    running = false;
    expect(report.access).toMatchObject({ entries: 2250, exits: 2250, staysWithoutExit: 0 });
    expect(ticks).toBeGreaterThan(2);
  });

  it('E3: the report is read off the request loop: the loop stays idle while a long month is read', async () => {
    const w = await anomalyWorld();
    const p = await worker(w);
    const start = tokyo('2026-11-02T00:00');
    writeFixture(w.env.deps, (tx) => {
      for (let i = 0; i < 30_000; i++) {
        const at = start + i * 60_000;
        tx.insert(accessEvents).values({ areaId: w.site.general.id, direction: i % 2 === 0 ? 'in' : 'out', result: 'accepted', flags: [], personId: p.id, nameSnapshot: p.name, method: 'badge', occurredAt: at, recordedAt: at }).run();
      }
    });
    const now = tokyo('2026-12-01T09:00');
    await buildMonthlyReport(w.env.deps, '2026-10', now, w.site.siteId); // the worker is started once per process: not what is measured
    const before = performance.eventLoopUtilization();
    const report = await buildMonthlyReport(w.env.deps, '2026-11', now, w.site.siteId);
    const busy = performance.eventLoopUtilization(before);
    expect(report.access).toMatchObject({ entries: 15_000, exits: 15_000, staysWithoutExit: 0 });
    // Read on this thread, the 15 pages of rows keep the loop busy nearly all the time.
    expect(busy.utilization, JSON.stringify(busy)).toBeLessThan(0.2);
  });
});

describe('the monthly report counts what was true at the end of its month (issue 16)', () => {
  it('November printed on 3 December: assets inside and out and the roster as at 30 November, not with December\'s changes', async () => {
    const w = await custodyWorld();
    const laptop = await givenAsset(w.admin.client);
    const usb = await givenAsset(w.admin.client, { kind: 'usb_memory' });
    await givenApproved(w, requestBody('carry_in', w.site.general.id, [laptop, usb]));
    const entry = await badge(w, w.site.general.id, 'in');
    for (const a of [laptop, usb]) expect((await scan(w, w.site.general.id, 'in', a, entry.id)).status).toBe(201);
    const leaver = await givenPerson(w.admin.client, { name: '退職 予定' });
    const activeInNovember = (w.env.deps.sqlite.prepare("select count(*) n from people where status = 'active'").get() as { n: number }).n;

    // December: the laptop leaves on loan, two people join, one is suspended.
    w.env.clock.set(tokyo('2026-12-02T09:00'));
    const again = async <T extends SignedIn>(who: T): Promise<T> => ({ ...who, client: (await signIn(w.env, who.authenticator)).client });
    const [admin, worker] = [await again(w.admin), await again(w.worker)];
    const dec = { windowFrom: apiTime(tokyo('2026-12-02T08:00')), windowTo: apiTime(tokyo('2026-12-02T18:00')), expectedReturnAt: apiTime(tokyo('2026-12-20T09:00')) };
    const out = await givenApproved({ ...w, worker, supervisor: await again(w.supervisor), supervisor2: await again(w.supervisor2) }, requestBody('carry_out', w.site.general.id, [laptop], dec));
    expect(out.status).toBe('approved');
    const exit = await badge(w, w.site.general.id, 'out');
    expect((await scan(w, w.site.general.id, 'out', laptop, exit.id)).status).toBe(201);
    await givenPerson(admin.client, { name: '新規 加入' });
    await givenPerson(admin.client, { name: '新規 二人目' });
    expect((await admin.client.post(`/api/people/${leaver.id}/suspend`, { reason: '契約終了' })).status).toBe(200);

    w.env.clock.set(tokyo('2026-12-03T10:00'));
    const auditor = await again(w.supervisor);
    const november = (await auditor.client.get('/api/reports/monthly?month=2026-11')).body;
    expect(november.assets).toMatchObject({ inside: 2, outside: 0, overdue: 0 });
    expect(november.assets.insideList.map((a: { assetNumber: string }) => a.assetNumber).sort()).toEqual([laptop.assetNumber, usb.assetNumber].sort());
    expect(november.roster.activePeople).toBe(activeInNovember);
    expect(november.training.activePeople).toBe(activeInNovember);
    expect(november.asOf).toBe(november.period.to);
    const csv = (await auditor.client.get('/api/reports/monthly?month=2026-11&format=csv')).body as string;
    expect(csv).toContain('="4 情報資産の保全",区域内にある資産（月末時点）,2\r\n');

    // December's own report, still running, is as of now.
    const december = (await auditor.client.get('/api/reports/monthly?month=2026-12')).body;
    expect(december.asOf).toBe(apiTime(tokyo('2026-12-03T10:00')));
    expect(december.assets).toMatchObject({ inside: 1, outside: 1 });
    expect(december.roster.activePeople).toBe(activeInNovember + 1);
  });
});
