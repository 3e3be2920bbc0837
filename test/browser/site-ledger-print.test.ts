import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { signedInAs } from '../support/client.ts';
import { givenWorker } from '../support/world.ts';
import { badgeAt, DAY, ledgerWorld, rawGet, tokyo, worker } from '../ledger/ledger-world.ts';
import { launchBrowser } from './support/browser.ts';
import { A4_LANDSCAPE_CONTENT_PX, brokenCells, englishWords, printedHashes, printToPdf } from './support/pdf.ts';

const LANDSCAPE = expect.stringMatching(/^841\.\d+ x 59[45]\.\d+ pts \(A4\)$/);

/** Two areas of one site through a day, one stay in the server room entered later from a paper sheet. */
async function siteDay() {
  const w = await ledgerWorld();
  const guard = await signedInAs(w.env, w.admin.client, ['guard']);
  const both = await givenWorker(w.admin.client, [w.site.general.id, w.site.secure.id], { name: '紙記録 太郎', kana: 'かみきろく たろう' });
  for (let i = 0; i < 6; i++) {
    const o = await worker(w, { name: `執務 ${i + 1}号`, kana: 'しつむ' });
    await badgeAt(w, o, 'in', tokyo(`2026-11-20T08:${String(10 + i * 7).padStart(2, '0')}`));
    await badgeAt(w, o, 'out', tokyo(`2026-11-20T17:${String(10 + i).padStart(2, '0')}`));
  }
  w.env.clock.set(tokyo('2026-11-21T09:30'));
  const paper = await guard.client.post('/api/access/paper-stays', {
    personId: both.id, areaId: w.site.secure.id, entryAt: '2026-11-20T10:00:00+09:00', exitAt: '2026-11-20T11:30:00+09:00',
    purpose: '保守・点検', reason: '停電で受付端末が停止していたため紙に記録', sheet: '紙台帳 No.12 の3行目',
  });
  expect(paper.status, JSON.stringify(paper.body)).toBe(201);
  return w;
}

describe("the printed daily record of a site (B13)", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('B13, B12: A4 landscape, both areas named in time order, the paper stay marked 事後記録 with its recording time, no English, seals', async () => {
    const w = await siteDay();
    const ledger = (await w.supervisor.client.get(`/api/sites/${w.site.siteId}/ledger?date=${DAY}`)).body;
    const res = await rawGet(w.env, w.supervisor.client, `/api/sites/${w.site.siteId}/ledger?date=${DAY}&format=html`);
    const html = res.bytes.toString('utf8');
    const pdf = await printToPdf(browser, html, 'site-ledger');
    const text = pdf.pages.join('\n');
    expect.soft(pdf.sizes).toEqual([LANDSCAPE]);
    expect.soft(text).toContain('入退室管理簿（拠点）');
    expect.soft(text).toContain('日付: 令和8年11月20日');
    expect.soft(text).toMatch(/執務 1号[\s\S]*執務 6号[\s\S]*紙記録 太郎/);
    expect.soft(text).toContain('サーバ室');
    expect.soft(text).toContain('（11月21日 09:30 記録）');
    expect.soft(text).toContain('事後記録（入室・退室）');
    expect.soft(text).toContain('確認印');
    expect.soft(englishWords(text, [ledger.digest, ledger.site.name, ...printedHashes(html)])).toEqual([]);
    expect.soft(await brokenCells(pdf.page, 'td.name, td.time, td.no', A4_LANDSCAPE_CONTENT_PX)).toEqual([]);
    await pdf.page.close();

    // The area's own ledger prints the same paper stay the same way (B12).
    const area = await rawGet(w.env, w.supervisor.client, `/api/areas/${w.site.secure.id}/ledger?date=${DAY}&format=html`);
    const areaPdf = await printToPdf(browser, area.bytes.toString('utf8'), 'area-ledger-paper');
    const areaText = areaPdf.pages.join('\n');
    expect.soft(areaPdf.sizes).toEqual([LANDSCAPE]);
    expect.soft(areaText).toContain('（11月21日 09:30 記録）');
    expect.soft(areaText).toContain('事後記録（入室・退室）');
    expect.soft(await brokenCells(areaPdf.page, 'td.name, td.time, td.no', A4_LANDSCAPE_CONTENT_PX)).toEqual([]);
    await areaPdf.page.close();
  });
});
