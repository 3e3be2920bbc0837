import { expect } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { screenshot, SCREENSHOTS } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { apiOf, enrolFromLink, givenArea, givenPerson, openDesk, setupFirstAdmin, type Desk } from './console-world.ts';

const PDFTOTEXT = ['/usr/bin/pdftotext', '/usr/local/bin/pdftotext'].find((p) => existsSync(p)) ?? null;

/** Opens a printable page of the server's in a new tab, saves it as an A4 PDF and returns the PDF's text (null without pdftotext). */
export async function printToPdf(context: BrowserContext, url: string, name: string): Promise<{ page: Page; text: string | null }> {
  const page = await context.newPage();
  await page.goto(url);
  await screenshot(page, `${name}-print`);
  mkdirSync(SCREENSHOTS, { recursive: true });
  const pdfPath = join(SCREENSHOTS, `${name}.pdf`);
  const pdf = await page.pdf({ path: pdfPath, format: 'A4', printBackground: true });
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  const text = PDFTOTEXT ? execFileSync(PDFTOTEXT, ['-layout', pdfPath, '-'], { encoding: 'utf8' }) : null;
  return { page, text };
}

/** pdftotext lays long values out across lines and columns: compare without any white space. */
export const squeeze = (s: string) => s.replace(/\s+/g, '');

export interface Worlds {
  /** A test's own server and database: the first admin on their desk, an area, and four roster people. */
  given(): ReturnType<typeof makeWorld>;
  /** Closes the desks and the server of the current test (afterEach). */
  close(): Promise<void>;
}

async function makeWorld(browser: Browser, server: RunningServer, desks: Desk[]) {
  const admin = await openDesk(browser, server);
  desks.push(admin);
  await setupFirstAdmin(admin, server);
  const api = await apiOf(admin, server);
  const { areaId } = await givenArea(api);
  const people = {
    boss: await givenPerson(api, { name: '監督 花子', kana: 'かんとく はなこ', roles: ['supervisor'] }),
    witness: await givenPerson(api, { name: '立会 太郎', kana: 'たちあい たろう', roles: ['worker'] }),
    worker: await givenPerson(api, { name: '渡辺 健', kana: 'わたなべ けん', roles: ['worker'] }, [areaId]),
    auditor: await givenPerson(api, { name: '監査 四郎', kana: 'かんさ しろう', roles: ['auditor'] }),
  };
  /** Enrols a roster person on a desk of their own, signed in. */
  const enrolNew = async (personId: number): Promise<Desk> => {
    const link = await api.post<{ url: string }>(`/api/people/${personId}/enrolments`);
    const desk = await openDesk(browser, server);
    desks.push(desk);
    await enrolFromLink(desk, link.url);
    return desk;
  };
  return { server, admin, api, areaId, people, enrolNew, desks };
}

export function complianceWorlds(browser: () => Browser): Worlds {
  let server: RunningServer | undefined;
  let desks: Desk[] = [];
  return {
    async given() {
      server = await startServer();
      desks = [];
      return makeWorld(browser(), server, desks);
    },
    async close() {
      await Promise.all(desks.map((d) => d.context.close().catch(() => undefined)));
      desks = [];
      await server?.close();
      server = undefined;
    },
  };
}
