import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { repoPath } from '../root.ts';

/** The stylesheet of every printed page (A4 @page rules included), served at /print.css. */
export const PRINT_CSS = readFileSync(repoPath('src', 'http', 'print.css'), 'utf8');

/**
 * The CSP source that allows exactly PRINT_CSS as an inline <style> and no other inline style: a
 * package page opened through the server (exports/:name/file) stays styled under style-src 'self'.
 */
export const PRINT_CSS_HASH = `'sha256-${createHash('sha256').update(PRINT_CSS).digest('base64')}'`;

const LINK = '<link rel="stylesheet" href="/print.css">';

/**
 * A printed page that carries its stylesheet inside it, for the files of a package: opened from disk
 * there is no /print.css, and without it Chromium prints unstyled on its default Letter paper.
 */
export function selfContainedPage(page: string): string {
  if (!page.includes(LINK)) throw new Error('selfContainedPage: the page does not link /print.css');
  return page.replace(LINK, () => `<style>${PRINT_CSS}</style>`);
}
