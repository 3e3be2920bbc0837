import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { selfContainedPage } from '../../../src/http/print-css.ts';
import { SCREENSHOTS } from './browser.ts';

export interface PrintedPdf {
  path: string;
  /** `pdftotext -layout`, one string per page (split on form feeds). */
  pages: string[];
  /** The distinct "W x H pts (A4)" page sizes `pdfinfo` reports. */
  sizes: string[];
}

/**
 * Prints a served page as Chromium's print dialog does with default settings: the page's own @page
 * size and margins, backgrounds on, and no browser header or footer (whatever the page numbers say
 * comes from the page itself). Also writes a 60 dpi PNG of page 1 next to the PDF, to look at.
 */
export async function printToPdf(browser: Browser, html: string, name: string): Promise<PrintedPdf & { page: Page }> {
  const out = join(SCREENSHOTS, 'prints');
  mkdirSync(out, { recursive: true });
  const page = await browser.newPage();
  await page.setContent(selfContainedPage(html), { waitUntil: 'load' });
  const path = join(out, `${name}.pdf`);
  await page.pdf({ path, preferCSSPageSize: true, printBackground: true });
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', path, join(out, name)]);
  const text = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
  const info = execFileSync('pdfinfo', ['-l', '99', path], { encoding: 'utf8' });
  const sizes = [...new Set(info.split('\n').filter((l) => /^Page\s+\d+ size:/.test(l)).map((l) => l.replace(/^Page\s+\d+ size:\s+/, '')))];
  return { path, pages: text.split('\f').filter((p, i, all) => i < all.length - 1 || p.trim() !== ''), sizes, page };
}

/** The hashes and key ids a printed document carries (its digest, the checkpoint's hash and key), read from its HTML. */
export function printedHashes(html: string): string[] {
  return [...new Set(html.match(/\b[0-9a-f]{16,}\b/g) ?? [])];
}

/**
 * Latin words of three letters or more left on a Japanese document once the tokens that are meant to be
 * there are taken out: asset numbers, hashes and hex key ids (`known`), and SHA (the digest's name).
 */

export function englishWords(text: string, known: string[]): string[] {
  let rest = text;
  for (const k of [...known].sort((a, b) => b.length - a.length)) rest = rest.split(k).join(' ');
  const hex = known.filter((k) => /^[0-9a-f]{16,}$/.test(k));
  // pdftotext breaks a long hash over lines: a piece of a known hash is still that hash.
  return (rest.match(/[A-Za-z]{3,}/g) ?? []).filter((w) => w !== 'SHA' && !hex.some((h) => h.includes(w)));
}

/**
 * The cells whose text Chromium lays out on more than one line, under print media at the printed
 * width: names, kana, times and codes must never break, whatever the other columns hold.
 */
export async function brokenCells(page: Page, selector: string, widthPx: number): Promise<string[]> {
  await page.emulateMedia({ media: 'print' });
  await page.setViewportSize({ width: widthPx, height: 800 });
  return page.locator(selector).evaluateAll((cells) =>
    cells
      .filter((cell) => {
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          if (!n.textContent?.trim()) continue;
          const range = document.createRange();
          range.selectNodeContents(n);
          const tops = new Set(Array.from(range.getClientRects()).filter((r) => r.width > 0).map((r) => Math.round(r.top)));
          if (tops.size > 1) return true;
        }
        return false;
      })
      .map((cell) => cell.textContent ?? ''),
  );
}

/** A4 landscape at 96 px/in, less 10 mm margins: the width the printed table gets. */
export const A4_LANDSCAPE_CONTENT_PX = Math.floor(((297 - 20) / 25.4) * 96);
