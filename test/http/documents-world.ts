import { expect } from 'vitest';
import { rawGet } from '../ledger/ledger-world.ts';
import { badge, custodyWorld, givenApproved, givenAsset, requestBody, scan, type CustodyWorld } from '../support/custody.ts';
import { badgeEvent, givenWorker } from '../support/world.ts';

/** Asset numbers a spreadsheet converts when it may: 123, 42, 20 Nov, 100000 (issue 16). */
export const NUMBERS = ['00123', '0042', '11-20', '1E5'];
/** Scanned codes that look like formulas, a negative number and a date: refused, and kept as written. */
export const HOSTILE_CODES = ['=1+1', '@SUM(1)', '-5', '2026/11/20'];
export const KANA_NAME = { name: '山田 さくら', kana: 'やまだ さくら' };
export const KATAKANA_NAME = { name: '０１２ 太郎', kana: 'ゼロイチニ タロウ' };
export const DAY = '2026-11-20';

export interface DocumentsWorld {
  w: CustodyWorld;
  /** Every tabular document's download path without its format. */
  paths: { ledger: string; siteLedger: string; custody: string; muster: string; monthly: string; roster: string; assets: string; reconciliation: string };
}

/**
 * A day on which every tabular document has rows: the asset numbers above carried in, the hostile codes
 * refused at the kiosk, two workers with kana (one name starting with full-width digits) inside, and a
 * badge without authorization refused at the door.
 */
export async function documentsWorld(): Promise<DocumentsWorld> {
  const w = await custodyWorld();
  const area = w.site.general.id;
  const assets = [];
  for (const assetNumber of NUMBERS) assets.push(await givenAsset(w.admin.client, { assetNumber }));
  await givenApproved(w, requestBody('carry_in', area, assets));
  const entry = await badge(w, area, 'in');
  for (const a of assets) expect((await scan(w, area, 'in', a, entry.id)).status).toBe(201);
  for (const code of HOSTILE_CODES) await scan(w, area, 'in', code, entry.id);
  for (const fields of [KANA_NAME, KATAKANA_NAME]) await badge(w, area, 'in', await givenWorker(w.admin.client, [area], fields));
  const stranger = await givenWorker(w.admin.client, [], { name: '権限 なし子', kana: 'けんげん なしこ' });
  expect((await w.kiosk.post('/api/kiosk/events', badgeEvent(area, stranger.badge, 'in'))).body.event?.result).toBe('refused');
  return {
    w,
    paths: {
      ledger: `/api/areas/${area}/ledger?date=${DAY}`,
      siteLedger: `/api/sites/${w.site.siteId}/ledger?date=${DAY}`,
      custody: `/api/areas/${area}/custody-ledger?date=${DAY}`,
      muster: `/api/sites/${w.site.siteId}/muster`,
      monthly: `/api/reports/monthly?month=2026-11`,
      roster: '/api/people',
      assets: '/api/assets',
      reconciliation: '/api/contract-end/reconciliation',
    },
  };
}

/** The path with its query extended: `format=xlsx`, `section=refusals`. */
export const withQuery = (path: string, query: string) => `${path}${path.includes('?') ? '&' : '?'}${query}`;

/** A download as the supervisor gets it: status 200 and the bytes. */
export async function downloaded(d: DocumentsWorld, path: string): Promise<{ bytes: Buffer; headers: Headers }> {
  const res = await rawGet(d.w.env, d.w.supervisor.client, path);
  expect(res.status, `${path}: ${res.bytes.toString('utf8').slice(0, 200)}`).toBe(200);
  return { bytes: res.bytes, headers: res.headers };
}
