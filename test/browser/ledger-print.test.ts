import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { badgeEvent } from '../support/world.ts';
import { signIn } from '../support/client.ts';
import { T0 } from '../support/harness.ts';
import { at, badge, custodyWorld, givenApproved, givenAsset, HOUR, requestBody, scan } from '../support/custody.ts';
import { badgeAt, DAY, ledgerWorld, rawGet, tokyo, visitorStay, worker } from '../ledger/ledger-world.ts';
import { launchBrowser } from './support/browser.ts';
import { ledgerPage } from '../../src/ledger/page.ts';
import type { DailyLedger } from '../../src/ledger/build.ts';
import type { StayRow } from '../../src/ledger/content.ts';
import { A4_LANDSCAPE_CONTENT_PX, brokenCells, englishWords, printedHashes, printToPdf } from './support/pdf.ts';

/** Wider than tall, and A4 by pdfinfo's own reckoning (Chromium rounds A4 to 841.92 x 594.96 pt). */
const LANDSCAPE = expect.stringMatching(/^841\.\d+ x 59[45]\.\d+ pts \(A4\)$/);
const LONG_ORG = '特定非営利活動法人東日本情報システム保守技術者協会北関東支部';
const MIN = 60_000;

/**
 * A full day in one area: 山田 さくら and 24 others in and out, a visitor from an organisation with a
 * very long name, a stay over midnight, and a forged badge refused at the door.
 */
async function busyDay() {
  const w = await ledgerWorld();
  const sakura = await worker(w, { name: '山田 さくら', kana: 'やまだ さくら' });
  await badgeAt(w, sakura, 'in', tokyo('2026-11-20T08:00'));
  const others = [];
  for (let i = 0; i < 24; i++) others.push(await worker(w));
  for (const [i, o] of others.entries()) await badgeAt(w, o, 'in', tokyo(`2026-11-20T08:${String(10 + i).padStart(2, '0')}`));
  const escort = await worker(w, { name: '案内 六子' });
  await visitorStay(w, escort.id, { name: '来訪 七美', affiliation: LONG_ORG, purpose: '機器保守' }, tokyo('2026-11-20T10:00'), tokyo('2026-11-20T11:00'));
  w.env.clock.set(tokyo('2026-11-20T12:00'));
  const forged = sakura.badge.slice(0, -2) + (sakura.badge.endsWith('A') ? 'BB' : 'AA');
  await w.kiosk.post('/api/kiosk/events', badgeEvent(w.area, forged, 'in'));
  for (const o of others) await badgeAt(w, o, 'out', tokyo('2026-11-20T17:00'));
  await badgeAt(w, sakura, 'out', tokyo('2026-11-20T17:30'));
  const night = await worker(w, { name: '夜間 当番', kana: 'やかん とうばん' });
  await badgeAt(w, night, 'in', tokyo('2026-11-20T22:00'));
  await badgeAt(w, night, 'out', tokyo('2026-11-21T06:00'));
  w.env.clock.set(tokyo('2026-11-21T07:00'));
  return w;
}

/** A day of `n` plain stays, as buildLedger() returns it: the page is a function of this value. */
function dayOf(n: number): DailyLedger {
  const stay = (i: number): StayRow => ({
    kind: 'person', personId: i, visitorId: null, name: `試験 ${i}号`, kana: 'しけん', affiliation: '株式会社テスト', escortName: null, purpose: '定常作業',
    entryAt: '2026-11-20T00:00:00.000Z', exitAt: '2026-11-20T08:00:00.000Z', entryMethod: 'badge', exitMethod: 'badge', flags: [],
    entryEventId: i, exitEventId: i, missingExit: false, corrected: false, correctionReason: null,
  });
  return {
    area: { id: 1, name: '執務室', site: { id: 1, name: '本庁舎' } }, day: DAY, eraDay: '令和8年11月20日',
    stays: Array.from({ length: n }, (_, i) => stay(i + 1)), refusals: [],
    totals: { stays: n, entries: n, exits: n, missingExits: 0, refusals: 0 },
    digest: '0'.repeat(64), signoff: null, generatedAt: '2026-11-20T09:00:00.000Z', contractName: '庁内情報システム運用保守業務',
  };
}

describe('the printed 入退室管理簿 and 持込・持出管理簿 an inspector can read (issue 16)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('入退室管理簿: A4 landscape, page x / y and the header on every page, 和暦, times without the date, screen words, no English, seals with the sign-off', async () => {
    const w = await busyDay();
    const ledger = (await w.supervisor.client.get(`/api/areas/${w.area}/ledger?date=${DAY}`)).body;
    const res = await rawGet(w.env, w.supervisor.client, `/api/areas/${w.area}/ledger?date=${DAY}&format=html`);
    const html = res.bytes.toString('utf8');
    const pdf = await printToPdf(browser, html, 'access-ledger');
    const text = pdf.pages.join('\n');
    expect.soft(pdf.sizes).toEqual([LANDSCAPE]);
    expect.soft(pdf.pages.length).toBeGreaterThanOrEqual(2);
    pdf.pages.forEach((p, i) => {
      expect.soft(p, `page ${i + 1} repeats the table header`).toMatch(/氏名\s+ふりがな\s+所属/);
      expect.soft(p, `page ${i + 1} repeats the 和暦 date`).toContain('日付: 令和8年11月20日');
      expect.soft(p, `page ${i + 1} is numbered`).toMatch(new RegExp(`${i + 1}\\s*/\\s*${pdf.pages.length}\\s*$`));
    });
    // More than the 16 rows a portrait page held: every stay row on page 1 is a line starting with its No.
    expect.soft(pdf.pages[0]!.split('\n').filter((l) => /^\s*\d+\s+\S/.test(l)).length).toBeGreaterThan(20);
    expect.soft(text).toContain('令和8年11月20日');
    expect.soft(text).toContain('QR名札');
    expect.soft(text).not.toContain('QRバッジ');
    expect.soft(text).toMatch(/山田 さくら\s+やまだ さくら/);
    expect.soft(text).toMatch(/08:00\s+17:30/);
    expect.soft(text, 'the date once, in the header, in 和暦').not.toMatch(/2026-11-2\d/);
    expect.soft(text, 'a stay over midnight shows the other date').toMatch(/22:00\s+11月21日 06:00/);
    expect.soft(text).toContain('不正な名札');
    expect.soft(text, 'the escort in the screen\'s word').toContain('付添: 案内 六子');
    for (const seal of ['確認印', '担当', '責任者', '甲']) expect.soft(text).toContain(seal);
    const closing = pdf.pages.find((p) => p.includes('確認印'))!;
    expect.soft(closing, 'the seals are on the sign-off page').toContain('承認');
    expect.soft(closing, 'the sign-off does not stand on a page of its own').toMatch(/入室拒否の記録|^\s*\d+\s+\S/m);
    expect.soft(text).toContain(ledger.digest.slice(0, 16));
    expect.soft(englishWords(text, [ledger.digest, ledger.area.site.name, ...printedHashes(html)])).toEqual([]);
    // The names, kana, kinds, times and methods never break, however long an organisation's name.
    expect.soft(await brokenCells(pdf.page, '.stays td:not(.org):not(.purpose):not(.remarks)', A4_LANDSCAPE_CONTENT_PX)).toEqual([]);
    expect.soft(await brokenCells(pdf.page, '.stays th', A4_LANDSCAPE_CONTENT_PX)).toEqual([]);
    await pdf.page.close();
  }, 120_000);

  it('持込・持出管理簿: A4 landscape, purpose and company, each approver once, the number of a refused scan, 情報区分, seals, no English', async () => {
    const w = await custodyWorld();
    const pc = await givenAsset(w.admin.client, { assetNumber: 'PC-001', classification: 'city_information' });
    const usb = await givenAsset(w.admin.client, { assetNumber: 'USB-01', kind: 'usb_memory' });
    const window = { windowTo: at(T0 + 9 * HOUR) };
    await givenApproved(w, requestBody('carry_in', w.site.general.id, [pc, usb], window));
    await givenApproved(w, requestBody('carry_out', w.site.general.id, [pc], { ...window, purpose: '本社での修理', expectedReturnAt: at(T0 + 72 * HOUR) }));
    w.env.clock.set(T0 + 10 * MIN);
    const entry = await badge(w, w.site.general.id, 'in');
    await scan(w, w.site.general.id, 'in', pc, entry.id);
    await scan(w, w.site.general.id, 'in', usb, entry.id);
    w.env.clock.set(T0 + 16 * MIN);
    await scan(w, w.site.general.id, 'in', 'LA1:PC-777:Q', entry.id);
    w.env.clock.set(T0 + 8.5 * HOUR);
    await scan(w, w.site.general.id, 'out', pc, entry.id);
    // The supervisor's session idled out while the clock crossed the day.
    const supervisor = (await signIn(w.env, w.supervisor.authenticator)).client;
    const ledger = (await supervisor.get(`/api/areas/${w.site.general.id}/custody-ledger?date=${DAY}`)).body;
    const html = await rawGet(w.env, supervisor, `/api/areas/${w.site.general.id}/custody-ledger?date=${DAY}&format=html`);
    const pdf = await printToPdf(browser, html.bytes.toString('utf8'), 'custody-ledger');
    const text = pdf.pages.join('\n');
    const approver = (w.env.deps.sqlite.prepare('select name from people where id = ?').get(w.supervisor.personId) as { name: string }).name;
    const company = (w.env.deps.sqlite.prepare('select affiliation_snapshot as a from access_events where id = ?').get(entry.id) as { a: string }).a;

    expect.soft(pdf.sizes).toEqual([LANDSCAPE]);
    expect.soft(pdf.pages[0]).toMatch(/1\s*\/\s*1\s*$/);
    expect.soft(text).toContain('令和8年11月20日');
    for (const header of ['目的', '搬送者', '所属']) expect.soft(text).toContain(header);
    expect.soft(text).toContain('保守作業用端末の持込');
    expect.soft(text).toContain('本社での修理');
    expect.soft(text).toContain(company);
    expect.soft(text.split(approver).length - 1, 'each approver once per row').toBe(2);
    expect.soft(text).not.toContain(`${approver}、${approver}`);
    expect.soft(text, 'the number read from the damaged tag, under 管理番号').toMatch(/09:16\s+PC-777（読取値）\s+持込/);
    expect.soft(text).toContain('市保有情報');
    for (const seal of ['確認印', '担当', '責任者', '甲']) expect.soft(text).toContain(seal);
    expect.soft(englishWords(text, [ledger.digest, ...printedHashes(html.bytes.toString('utf8')), ledger.area.site.name, 'PC-001', 'USB-01', 'PC-777', 'LA1:PC-777:Q', 'USBメモリ'])).toEqual([]);
    expect.soft(await brokenCells(pdf.page, '.custody-rows td:not(.org):not(.purpose):not(.remarks):not(.people)', A4_LANDSCAPE_CONTENT_PX)).toEqual([]);
    expect.soft(await brokenCells(pdf.page, '.custody-rows th', A4_LANDSCAPE_CONTENT_PX)).toEqual([]);
    await pdf.page.close();
  }, 120_000);

  it('入退室管理簿: the sign-off and 確認印 never stand alone on the last page, whatever the number of rows', async () => {
    const alone: number[] = [];
    for (let n = 20; n <= 30; n++) {
      const pdf = await printToPdf(browser, ledgerPage(dayOf(n), 'Asia/Tokyo'), 'rows');
      const closing = pdf.pages.find((p) => p.includes('確認印'))!;
      if (!/^\s*\d+\s+試験|記録 \d+ 件/m.test(closing)) alone.push(n);
      expect.soft(closing, `${n} rows: the sign-off and the seals on one page`).toMatch(/承認[\s\S]*未承認/);
      await pdf.page.close();
    }
    expect(alone, 'row counts whose closing page holds nothing else').toEqual([]);
  }, 120_000);
});
