import { describe, expect, it } from 'vitest';
import { writeFixture } from '../support/harness.ts';
import { signedInAs } from '../support/client.ts';
import { csvLine } from '../../src/http/csv.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportsRoot } from '../../src/contract-end/packages.ts';
import { anomalies, disposalItems, disposalRecords, disposalRequests, incidents } from '../../src/db/schema/compliance.ts';
import { rawGet } from '../ledger/ledger-world.ts';
import { badge, givenApproved, givenAsset, requestBody, scan, type Asset, type CustodyWorld } from '../support/custody.ts';
import { givenKiosk, givenPasskeyWorker, type Site, type Worker } from '../support/world.ts';
import { scopedPerson, submissionsWorld, type SubmissionsWorld } from '../submissions/submissions-world.ts';

interface SiteStory {
  site: Site;
  worker: Worker;
  asset: Asset;
  requestId: number;
  incidentTitle: string;
  vendor: string;
}

/**
 * At one site: a worker enters and stays, carries a laptop in on an approved request, an anomaly and an
 * incident of theirs, and a USB stick carried in there and then disposed of.
 */
async function story(w: CustodyWorld, label: string): Promise<SiteStory> {
  const asset = await givenAsset(w.admin.client);
  const usb = await givenAsset(w.admin.client, { kind: 'usb_memory' });
  const request = await givenApproved(w, requestBody('carry_in', w.site.general.id, [asset, usb]));
  const entry = await badge(w, w.site.general.id, 'in');
  for (const x of [asset, usb]) expect((await scan(w, w.site.general.id, 'in', x, entry.id)).status).toBe(201);
  const vendor = `${label}処理センター`;
  const now = w.env.clock.now();
  const incidentTitle = `${label}の入館証紛失`;
  writeFixture(w.env.deps, (tx) => {
    tx.insert(anomalies).values({ kind: 'after_hours', personId: w.worker.id, areaId: w.site.general.id, accessEventId: entry.id, detectedAt: now, detail: {} }).run();
    tx.insert(incidents).values({ kind: 'lost_badge', title: incidentTitle, personId: w.worker.id, discoveredAt: now, createdAt: now }).run();
    // A disposal request names no site: it is the site's through the asset it disposes of.
    const d = tx.insert(disposalRequests).values({ requesterId: w.worker.id, method: 'physical_destruction', plannedDate: '2026-11-20', vendor, status: 'executed', createdAt: now }).returning().get();
    tx.insert(disposalItems).values({ requestId: d.id, assetId: usb.id, mediaName: 'USBメモリ' }).run();
    tx.insert(disposalRecords).values({ requestId: d.id, executedAt: now, vendor, method: 'physical_destruction', responsiblePersonId: w.supervisor.personId, executorName: '処理 作業員', witnessPersonId: w.supervisor2.personId, serialNumbers: '', certificateNumber: `${label}-1`, createdAt: now }).run();
  });
  return { site: w.site, worker: w.worker, asset, requestId: request.id, incidentTitle, vendor };
}

/** Site A (the custody world's) and site B (its own kiosk and worker), each with its own month. */
async function twoSites(): Promise<{ w: SubmissionsWorld; a: SiteStory; b: SiteStory; month: string }> {
  const w = await submissionsWorld();
  const a = await story(w, '拠点A');
  const kioskB = await givenKiosk(w.env, w.admin.client, [w.siteB.general.id, w.siteB.secure.id]);
  const workerB = await givenPasskeyWorker(w.env, w.admin.client, [w.siteB.general.id, w.siteB.secure.id]);
  const b = await story({ ...w, site: w.siteB, kiosk: kioskB, worker: workerB }, '拠点B');
  return { w, a, b, month: new Date(w.env.clock.now()).toISOString().slice(0, 7) };
}

/** Everything of a site's story that another site's report must not show. */
const traces = (s: SiteStory) => [s.worker.name, s.asset.assetNumber, s.incidentTitle, s.vendor];

describe('F4 the monthly report is one site\'s: 甲 of one contract receives nothing of another', () => {
  it('F4 F3: the report for site A holds A\'s events, requests, assets, anomalies and incidents and nothing of B, and the other way round (JSON, CSV, HTML)', async () => {
    const { w, a, b, month } = await twoSites();
    const url = (s: SiteStory, format: string) => `/api/reports/monthly?month=${month}&siteId=${s.site.siteId}&format=${format}`;
    for (const [mine, other] of [[a, b], [b, a]] as const) {
      const res = await w.supervisor.client.get(url(mine, 'json'));
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const r = res.body;
      expect(r.site.id).toBe(mine.site.siteId);
      expect(r.access).toMatchObject({ entries: 1, exits: 0, staysWithoutExit: 1 });
      expect(r.access.byArea).toMatchObject([{ areaId: mine.site.general.id, entries: 1 }]);
      expect(r.access.staysWithoutExitList).toMatchObject([{ personId: mine.worker.id }]);
      expect(r.disposals.list.map((d: { vendor: string }) => d.vendor)).toEqual([mine.vendor]);
      expect(r.custody).toMatchObject({ carriedIn: 2, carriedOut: 0, decisions: { carry_in: { approved: 1 } } });
      expect(r.custody.approvals.map((x: { requestId: number }) => x.requestId)).toEqual([mine.requestId]);
      expect(r.assets.insideList.map((x: { assetNumber: string }) => x.assetNumber)).toContain(mine.asset.assetNumber);
      expect(r.anomalies.total).toBe(1);
      expect(r.anomalies.list).toMatchObject([{ personName: mine.worker.name }]);
      expect(r.incidents.list.map((i: { title: string }) => i.title)).toEqual([mine.incidentTitle]);
      expect(r.incidents.openNow).toBe(1);

      const otherName = (await w.supervisor.client.get(url(other, 'json'))).body.site.name as string;
      const json = JSON.stringify(r);
      const html = (await rawGet(w.env, w.supervisor.client, url(mine, 'html'))).bytes.toString('utf8');
      const csv = (await rawGet(w.env, w.supervisor.client, url(mine, 'csv'))).bytes.toString('utf8');
      expect(html).toContain(`<tr><th>対象拠点</th><td>${r.site.name}</td></tr>`);
      expect(csv).toContain(csvLine(['対象拠点', r.site.name]));
      for (const text of [json, html, csv]) {
        for (const trace of [...traces(other), otherName]) expect(text).not.toContain(trace);
      }
      expect(html).toContain(mine.worker.name);
      expect(csv).toContain(mine.incidentTitle);
      expect(html).toContain(mine.vendor);
    }
  });

  it('F4 E5: the evidence package writes one monthly report per site, each with its site\'s records alone', async () => {
    const { w, a, b, month } = await twoSites();
    const auditor = await signedInAs(w.env, w.admin.client, ['auditor']);
    const day = new Date(w.env.clock.now()).toISOString().slice(0, 10);
    const res = await auditor.client.post('/api/exports/evidence', { from: day, to: day });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const dir = join(exportsRoot(w.env.deps), res.body.name);
    for (const [mine, other] of [[a, b], [b, a]] as const) {
      for (const ext of ['html', 'csv', 'json']) {
        const text = readFileSync(join(dir, 'monthly-reports', `${month}-site-${mine.site.siteId}.${ext}`), 'utf8');
        expect(text).toContain(mine.incidentTitle);
        for (const trace of traces(other)) expect(text).not.toContain(trace);
      }
    }
  });

  it('F4: siteId is checked against the caller\'s sites (403), an unknown site is 404 naming query.siteId, and with several sites it must be named', async () => {
    const { w, a, b, month } = await twoSites();
    const supervisorB = await scopedPerson(w, ['supervisor'], [b.site.siteId]);
    const forbidden = await supervisorB.client.get(`/api/reports/monthly?month=${month}&siteId=${a.site.siteId}`);
    expect(forbidden.status).toBe(403);
    expect(JSON.stringify(forbidden.body)).not.toContain(a.worker.name);
    const own = await supervisorB.client.get(`/api/reports/monthly?month=${month}&siteId=${b.site.siteId}`);
    expect(own.status).toBe(200);
    // Named or not: the only site within the supervisor's reach is theirs.
    const unnamed = await supervisorB.client.get(`/api/reports/monthly?month=${month}`);
    expect(unnamed.status).toBe(200);
    expect(unnamed.body.site.id).toBe(b.site.siteId);

    const unknown = await w.supervisor.client.get(`/api/reports/monthly?month=${month}&siteId=99999`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.details.issues[0].path).toBe('query.siteId');
    const bad = await w.supervisor.client.get(`/api/reports/monthly?month=${month}&siteId=abc`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues[0].path).toBe('query.siteId');
    const ambiguous = await w.supervisor.client.get(`/api/reports/monthly?month=${month}`);
    expect(ambiguous.status).toBe(400);
    expect(ambiguous.body.error.details.issues[0].path).toBe('query.siteId');
  });

  it('F3 F4: a monthly report submitted for site B is B\'s report', async () => {
    const { w, a, b, month } = await twoSites();
    const res = await w.supervisor.client.post('/api/submissions', { kind: 'monthly_report', siteId: b.site.siteId, month });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const doc = await rawGet(w.env, w.cityB.client, `/api/submissions/${res.body.id}/document`);
    expect(doc.status).toBe(200);
    const html = doc.bytes.toString('utf8');
    expect(html).toContain(b.incidentTitle);
    for (const trace of traces(a)) expect(html).not.toContain(trace);
  });
});
