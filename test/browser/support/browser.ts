import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(process.cwd(), 'test-results', 'screenshots');

/**
 * Debian's Chromium, headless, with the flags this closed network needs. `fakeCamera` is a .y4m or
 * .mjpeg file that Chromium shows as the camera (the kiosk scans the QR code in it).
 */
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--host-resolver-rules=MAP localhost 127.0.0.1',
];

export async function launchBrowser(opts: { fakeCamera?: string } = {}): Promise<Browser> {
  const args = [...ARGS];
  if (opts.fakeCamera) args.push('--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${opts.fakeCamera}`);
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args });
}

export async function tabletContext(browser: Browser, origin: string, orientation: 'landscape' | 'portrait' = 'landscape'): Promise<BrowserContext> {
  const viewport = orientation === 'landscape' ? { width: 1024, height: 768 } : { width: 768, height: 1024 };
  const context = await browser.newContext({ viewport, hasTouch: true, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
  await context.grantPermissions(['camera'], { origin });
  return context;
}

/**
 * A tablet whose browser keeps its profile in `userDataDir` (service workers, IndexedDB, localStorage):
 * closing it and launching again on the same folder is a browser restart or a reboot of the tablet.
 */
export async function persistentTablet(userDataDir: string, origin: string): Promise<BrowserContext> {
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1024, height: 768 },
    hasTouch: true,
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
  });
  await context.grantPermissions(['camera'], { origin });
  return context;
}

/** Chrome's virtual authenticator over CDP: CTAP2, resident keys, user verification — a real security key to the page. */
export async function addVirtualAuthenticator(page: Page): Promise<{ cdp: CDPSession; authenticatorId: string }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'usb', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  return { cdp, authenticatorId };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
