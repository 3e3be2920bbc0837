import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { exportsRoot } from '../../src/contract-end/packages.ts';
import { signedInAs } from '../support/client.ts';
import { contractWorld } from '../contract-end/contract-world.ts';
import { launchBrowser, SCREENSHOTS } from './support/browser.ts';

function htmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return htmlFiles(path);
    return name.endsWith('.html') ? [path] : [];
  });
}

/** "Page size: 595.276 x 841.89 pts (A4)" for each distinct page size of the PDF. */
function pageSizes(pdf: string): string[] {
  const info = execFileSync('pdfinfo', ['-l', '99', pdf], { encoding: 'utf8' });
  return [...new Set(info.split('\n').filter((l) => /^Page\s+\d+ size:/.test(l)).map((l) => l.replace(/^Page\s+\d+ size:\s+/, '')))];
}

describe('the evidence package prints from disk on A4, styled (issue 16)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('every HTML page of the package, opened as file://, carries its stylesheet and prints on A4', async () => {
    const w = await contractWorld();
    const auditor = await signedInAs(w.env, w.admin.client, ['auditor']);
    const res = await auditor.client.post('/api/exports/evidence', { from: '2026-11-19', to: '2026-11-21' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const dir = join(exportsRoot(w.env.deps), res.body.name);
    const pages = htmlFiles(dir);
    expect(pages.map((p) => relative(dir, p).split('/')[0]).sort()).toEqual(expect.arrayContaining(['disposal-certificates', 'ledgers', 'monthly-reports']));
    const out = join(SCREENSHOTS, 'evidence');
    mkdirSync(out, { recursive: true });
    const page = await browser.newPage();
    const failed: string[] = [];
    page.on('requestfailed', (r) => failed.push(r.url()));
    for (const file of pages) {
      await page.goto(pathToFileURL(file).href);
      const pdf = join(out, `${relative(dir, file).replace(/[/.]/g, '_')}.pdf`);
      await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
      expect(pageSizes(pdf), relative(dir, file)).toEqual([expect.stringMatching(/\(A4\)$/)]);
      // Styled: the stylesheet's table rules apply (the browser's default is a separated, borderless table).
      expect(await page.locator('table').first().evaluate((t) => getComputedStyle(t).borderCollapse), relative(dir, file)).toBe('collapse');
    }
    expect(failed, 'a package page asks for a file the package does not hold').toEqual([]);
    await page.close();
  }, 120_000);
});
