import type { Browser, Page } from 'playwright-core';
import { tabletContext } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { apiOf, givenArea, openDesk, setupFirstAdmin, type Api, type Desk } from './console-world.ts';
import { enrolKiosk, watchPage } from './kiosk-world.ts';

/** The real server, its first admin signed in at a desk (the API as that desk calls it) and a general area. */
export interface CustodyWorld {
  server: RunningServer;
  admin: Desk;
  api: Api;
  areaId: number;
  /** Every desk opened, to close and to check for page errors. */
  desks: Desk[];
}

export async function custodyWorld(browser: Browser, opts: Parameters<typeof startServer>[0] = {}): Promise<CustodyWorld> {
  const server = await startServer(opts);
  const admin = await openDesk(browser, server);
  await setupFirstAdmin(admin, server);
  const api = await apiOf(admin, server);
  const { areaId } = await givenArea(api);
  return { server, admin, api, areaId, desks: [admin] };
}

export async function closeWorld(w: CustodyWorld | undefined): Promise<void> {
  if (!w) return;
  await Promise.all(w.desks.map((d) => d.context.close().catch(() => undefined)));
  await w.server.close();
}

export interface Asset {
  id: number;
  assetNumber: string;
  tag: string;
}

export function givenAsset(api: Api, fields: Record<string, unknown>): Promise<Asset> {
  return api.post<Asset>('/api/assets', { kind: 'laptop', ownerType: 'contractor', ...fields });
}

/** A door tablet for `areaIds` in `browser` (the one with the fake camera), enrolled by its one-time code. */
export async function openKiosk(browser: Browser, w: CustodyWorld, areaIds: number[]): Promise<{ page: Page; errors: string[] }> {
  const context = await tabletContext(browser, w.server.origin);
  const page = await context.newPage();
  const errors = watchPage(page);
  const created = await w.api.post<{ code: string }>('/api/kiosks', { name: '執務室入口タブレット', areaIds });
  await enrolKiosk(page, w.server.origin, created.code);
  return { page, errors };
}

export interface MovementRow {
  asset_id: number | null;
  direction: string;
  result: string;
  refusal_reason: string | null;
  person_id: number;
}

export function movements(server: RunningServer): MovementRow[] {
  return server.deps.sqlite.prepare('select asset_id, direction, result, refusal_reason, person_id from movements order by id').all() as MovementRow[];
}

/** What <input type="datetime-local"> holds for an instant, in the page's own time zone. */
export function localInput(page: Page, ms: number): Promise<string> {
  return page.evaluate((t) => {
    const d = new Date(t);
    const p = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
  }, ms);
}
