import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { parseCsv } from '../../src/http/csv.ts';
import { readCsv } from '../fuzz/support/pages.ts';
import { rawGet } from '../ledger/ledger-world.ts';
import { badge, custodyWorld, givenApproved, givenAsset, requestBody, scan } from '../support/custody.ts';

const HAS_LIBREOFFICE = spawnSync('sh', ['-c', 'command -v libreoffice'], { stdio: 'ignore' }).status === 0;

// 1041 = ja-JP; the 8th field turns on "detect special numbers" (dates, times, percentages, full-width
// digits): the way Excel reads a CSV, and the harshest of Calc's settings, so the default passes a fortiori.
const JAPANESE_CALC_IMPORT = 'CSV:44,34,76,1,,1041,false,true';

/** Opens each CSV in LibreOffice Calc (its own profile, Japanese locale) and saves what Calc shows as CSV again. */
function asCalcShowsThem(files: Record<string, string>): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'calc-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const inputs = Object.entries(files).map(([name, text]) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  });
  mkdirSync(join(dir, 'profile/user'), { recursive: true });
  writeFileSync(
    join(dir, 'profile/user/registrymodifications.xcu'),
    '<?xml version="1.0" encoding="UTF-8"?><oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
      '<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>ja-JP</value></prop></item></oor:items>',
  );
  execFileSync('libreoffice', [`-env:UserInstallation=file://${join(dir, 'profile')}`, '--headless', `--infilter=${JAPANESE_CALC_IMPORT}`, '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76', '--outdir', join(dir, 'out'), ...inputs], { stdio: 'pipe', timeout: 120_000 });
  return Object.fromEntries(Object.keys(files).map((name) => [name, readFileSync(join(dir, 'out', name), 'utf8')]));
}

/** Rows as read, without empty rows and the empty cells Calc pads every row with up to the sheet's widest. */
function cells(rows: string[][]): string[][] {
  return rows
    .map((row) => {
      const r = [...row];
      while (r.length > 0 && r[r.length - 1] === '') r.pop();
      return r;
    })
    .filter((r) => r.length > 0);
}
// What the product means by its file (its own reader turns ="00123" into 00123), and what Calc shows, read
// by a plain RFC 4180 reader that unwraps nothing: a formula Calc did not evaluate would show as one.
const meant = (text: string) => cells(parseCsv(text));
const seen = (text: string) => cells(readCsv(text));

const NUMBERS = ['00123', '0042', '11-20', '1E5'];
const HOSTILE_CODES = ['=1+1', '@SUM(1)', '-5', '2026/11/20'];

describe.skipIf(!HAS_LIBREOFFICE)('CSV cells open in LibreOffice Calc as the text the product wrote (issue 16)', () => {
  it('the 持込・持出管理簿 and the monthly report: every cell, cell by cell; no number, date or formula made of text', async () => {
    const w = await custodyWorld();
    const assets = [];
    for (const assetNumber of NUMBERS) assets.push(await givenAsset(w.admin.client, { assetNumber }));
    await givenApproved(w, requestBody('carry_in', w.site.general.id, assets));
    const entry = await badge(w, w.site.general.id, 'in');
    for (const a of assets) expect((await scan(w, w.site.general.id, 'in', a, entry.id)).status).toBe(201);
    for (const code of HOSTILE_CODES) await scan(w, w.site.general.id, 'in', code, entry.id);

    const custody = (await rawGet(w.env, w.supervisor.client, `/api/areas/${w.site.general.id}/custody-ledger?date=2026-11-20&format=csv`)).bytes.toString('utf8');
    const monthly = (await rawGet(w.env, w.supervisor.client, '/api/reports/monthly?month=2026-11&format=csv')).bytes.toString('utf8');
    const shown = asCalcShowsThem({ 'custody.csv': custody, 'monthly.csv': monthly });

    const written = meant(custody);
    expect(seen(shown['custody.csv']!)).toEqual(written);
    expect(written.slice(1, 5).map((r) => r[0])).toEqual(NUMBERS);
    expect(written.flat()).toEqual(expect.arrayContaining(HOSTILE_CODES));
    expect(seen(shown['monthly.csv']!)).toEqual(meant(monthly));
    // No visible apostrophe (the old defence), and the month and its days stay as written.
    expect(shown['custody.csv']).not.toContain("'=");
    expect(seen(shown['monthly.csv']!)[0]).toEqual(['セキュリティ保全状況報告書（月次自己点検）', '2026-11']);
  }, 120_000);
});

describe.skipIf(HAS_LIBREOFFICE)('CSV cells in a spreadsheet', () => {
  it.skip('needs LibreOffice Calc (apt-get install libreoffice-calc-nogui): not installed here', () => {});
});
