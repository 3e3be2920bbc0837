import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, SCREENSHOTS } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';

describe('the API reference page, served by the product itself (issue 18)', () => {
  let browser: Browser;
  let server: RunningServer;
  beforeAll(async () => {
    [browser, server] = await Promise.all([launchBrowser(), startServer()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('opens without a session, under the server’s CSP, styled by its own stylesheet, with every route', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const refused: string[] = [];
    page.on('console', (m) => m.type() === 'error' && refused.push(m.text()));
    page.on('requestfailed', (r) => refused.push(`${r.url()}: ${r.failure()?.errorText}`));
    const elsewhere: string[] = [];
    page.on('request', (r) => !r.url().startsWith(server.origin) && elsewhere.push(r.url()));
    const res = await page.goto(`${server.origin}/api/docs`);
    expect(res?.status()).toBe(200);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('API リファレンス / API reference');
    // The stylesheet applied: the table cells carry its border (CSP allows styles from 'self' only).
    const border = await page.locator('table td').first().evaluate((td) => getComputedStyle(td).borderTopStyle);
    expect(border).toBe('solid');
    const doc = await (await fetch(`${server.origin}/api/openapi.json`)).json();
    const count = Object.values(doc.paths as Record<string, object>).reduce((n, item) => n + Object.keys(item).length, 0);
    await expect(page.locator('section.op').count()).resolves.toBe(count);
    await expect(page.getByRole('heading', { name: 'POST /api/kiosk/events' }).isVisible()).resolves.toBe(true);
    await page.getByRole('link', { name: /POST \/api\/custody\/requests\/\{id\}\/approve/ }).click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#post-api-custody-requests-id-approve');
    // The viewport only: the whole page is some 60 000 pixels tall.
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'api-docs.png') });
    expect(refused).toEqual([]);
    expect(elsewhere).toEqual([]);
  });
});
