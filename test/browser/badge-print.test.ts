import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { BADGE_QR_MARGIN } from '../../src/badges/sheet.ts';
import { selfContainedPage } from '../../src/http/print-css.ts';
import { testEnv } from '../support/harness.ts';
import { givenPerson, setupAdmin } from '../support/client.ts';
import { launchBrowser, SCREENSHOTS } from './support/browser.ts';

// Latin letters with no space or hyphen: no break opportunity (Japanese text itself may break between any two characters).
const LONG_ORGANISATION = 'NihonJohoSystemKaihatsuKyodoKumiaiKokyoSolutionJigyohonbuXYZ';

describe('a printed name badge keeps its QR on the card (issue 16)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('with a 60-character organisation name that has nowhere to break, the QR lies inside the card, has a 4-module quiet zone, and decodes', async () => {
    expect(LONG_ORGANISATION).toHaveLength(60);
    const env = testEnv();
    const admin = await setupAdmin(env);
    const org = await admin.client.post('/api/organisations', { name: LONG_ORGANISATION, kana: 'ちょうめい' });
    expect(org.status, JSON.stringify(org.body)).toBe(201);
    const person = await givenPerson(admin.client, { name: '長名 太郎', kana: 'ちょうめい たろう', organisationId: org.body.id });
    const badge = await admin.client.post(`/api/people/${person.id}/badges`);
    expect(badge.status).toBe(201);
    const sheet = await admin.client.get(`/api/badges/sheet?personIds=${person.id}`);
    expect(sheet.status).toBe(200);

    const page = await browser.newPage({ deviceScaleFactor: 4 });
    await page.emulateMedia({ media: 'print' });
    await page.setContent(selfContainedPage(sheet.body as string));
    const card = (await page.locator('.badge').boundingBox())!;
    const qr = (await page.locator('.badge-qr svg').boundingBox())!;
    expect(qr.width).toBeGreaterThan(100); // 30 mm at 96 px an inch
    expect(qr.x).toBeGreaterThanOrEqual(card.x);
    expect(qr.y).toBeGreaterThanOrEqual(card.y);
    expect(qr.x + qr.width).toBeLessThanOrEqual(card.x + card.width);
    expect(qr.y + qr.height).toBeLessThanOrEqual(card.y + card.height);
    // The organisation's name wraps inside the text column instead of widening it.
    const org2 = (await page.locator('.badge-org').boundingBox())!;
    expect(org2.x + org2.width).toBeLessThanOrEqual(qr.x);

    // The quiet zone as drawn: the SVG is (modules + 2 × margin) units wide and its first dark module starts at the margin.
    const svg = await page.locator('.badge-qr svg').evaluate((s) => ({ viewBox: s.getAttribute('viewBox')!, d: s.querySelector('path[stroke]')!.getAttribute('d')! }));
    const size = Number(svg.viewBox.split(' ')[2]);
    expect(svg.d.startsWith('M4 ')).toBe(true);
    expect((size - 2 * 4 - 21) % 4).toBe(0); // a QR symbol is 21 + 4k modules

    mkdirSync(SCREENSHOTS, { recursive: true });
    const shot = join(SCREENSHOTS, 'badge-long-organisation.png');
    await page.locator('.badge').screenshot({ path: shot });
    const decoded = execFileSync('zbarimg', ['--quiet', '--raw', '-Sdisable', '-Sqrcode.enable', shot], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
    expect(decoded).toBe(badge.body.payload);
    await page.pdf({ path: join(SCREENSHOTS, 'badge-long-organisation.pdf'), preferCSSPageSize: true, printBackground: true });
    expect(BADGE_QR_MARGIN).toBe(4);
    await page.close();
  });
});
