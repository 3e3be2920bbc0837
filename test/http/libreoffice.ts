import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';

/**
 * LibreOffice headless for the tests that open the product's CSV files and workbooks in a spreadsheet
 * program nobody here wrote (issue 16). Where LibreOffice is missing the tests are skipped on a
 * developer's machine, but never under CI (CI=true, as every CI service sets it, and .ci/run installs
 * libreoffice-calc-nogui): there they run and fail on the missing program.
 */
export const HAS_LIBREOFFICE = spawnSync('sh', ['-c', 'command -v libreoffice'], { stdio: 'ignore' }).status === 0;
export const UNDER_CI = !!process.env.CI && process.env.CI !== 'false';
export const SKIP_WITHOUT_LIBREOFFICE = !HAS_LIBREOFFICE && !UNDER_CI;

// 1041 = ja-JP; the 8th field turns on "detect special numbers" (dates, times, percentages, full-width
// digits): the way Excel reads a CSV, and the harshest of Calc's settings, so the default passes a fortiori.
export const JAPANESE_CALC_IMPORT = 'CSV:44,34,76,1,,1041,false,true';
/** Calc's CSV export: comma, double quote, UTF-8; the 9th field writes cells as shown, the 12th (-1) every sheet (name-Sheet.csv). */
export const CSV_EXPORT = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1';

/**
 * Converts each file with LibreOffice (its own profile, Japanese locale) and returns the folder holding
 * the results. `convertTo` is LibreOffice's --convert-to argument; `infilter` its import filter.
 */
export function convertWithLibreOffice(files: Record<string, string | Buffer>, convertTo: string, infilter?: string): { dir: string; out: string; read: (name: string) => Buffer; names: () => string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'calc-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const inputs = Object.entries(files).map(([name, content]) => {
    writeFileSync(join(dir, name), content);
    return join(dir, name);
  });
  mkdirSync(join(dir, 'profile/user'), { recursive: true });
  writeFileSync(
    join(dir, 'profile/user/registrymodifications.xcu'),
    '<?xml version="1.0" encoding="UTF-8"?><oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
      '<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>ja-JP</value></prop></item></oor:items>',
  );
  const out = join(dir, 'out');
  execFileSync('libreoffice', [`-env:UserInstallation=file://${join(dir, 'profile')}`, '--headless', ...(infilter ? [`--infilter=${infilter}`] : []), '--convert-to', convertTo, '--outdir', out, ...inputs], { stdio: 'pipe', timeout: 180_000 });
  return { dir, out, read: (name) => readFileSync(join(out, name)), names: () => readdirSync(out).sort() };
}

/** Opens each CSV in LibreOffice Calc (Japanese locale, special numbers detected) and saves what Calc shows as CSV again. */
export function asCalcShowsThem(files: Record<string, string>): Record<string, string> {
  const r = convertWithLibreOffice(files, 'csv:Text - txt - csv (StarCalc):44,34,76', JAPANESE_CALC_IMPORT);
  return Object.fromEntries(Object.keys(files).map((name) => [name, r.read(name).toString('utf8')]));
}
