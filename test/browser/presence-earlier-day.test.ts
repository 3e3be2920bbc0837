import { expect, it } from 'vitest';
import { launchBrowser, screenshot } from './support/browser.ts';
import { startServer } from './support/server.ts';
import { apiOf, givenArea, givenKioskToken, givenPerson, openDesk, setupFirstAdmin, TIMEOUT } from './console-world.ts';

const DAY = 86_400_000;
const TOKYO = 9 * 3_600_000;

/** The presence screen flags someone inside since an earlier day (issue 16): an entry the kiosk recorded offline at 23:00 yesterday (Tokyo). */

it('the presence screen shows 「前日から入室中」 with the date for yesterday\'s entry, and only the time for today\'s', async () => {
  const server = await startServer();
  const browser = await launchBrowser();
  const admin = await openDesk(browser, server);
  await setupFirstAdmin(admin, server);
  const api = await apiOf(admin, server);
  const { areaId } = await givenArea(api);
  const token = await givenKioskToken(api, server, [areaId]);
  const lateYesterday = Math.floor((Date.now() + TOKYO) / DAY) * DAY - TOKYO - 3_600_000;
  for (const [name, kana, at] of [['夜勤 一郎', 'やきん いちろう', lateYesterday], ['早番 花子', 'はやばん はなこ', null]] as const) {
    const p = await givenPerson(api, { name, kana, roles: ['worker'] });
    await api.post('/api/authorizations', { personId: p.id, areaId, validFrom: new Date(Date.now() - 3 * DAY).toISOString() });
    const badge = await api.post<{ payload: string }>(`/api/people/${p.id}/badges`, {});
    const body: Record<string, unknown> = { idempotencyKey: crypto.randomUUID(), areaId, direction: 'in', purpose: '定常作業', identification: { method: 'badge', payload: badge.payload } };
    if (at !== null) body.deviceAt = new Date(at).toISOString();
    const res = await fetch(`${server.origin}/api/kiosk/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
    if (res.status !== 201) throw new Error(await res.text());
  }
  await admin.page.goto(`${server.origin}/console/presence`);
  await admin.page.getByText('早番 花子').waitFor();
  const table = admin.page.getByRole('table', { name: '在室者' });
  const night = table.getByRole('row').filter({ hasText: '夜勤 一郎' });
  const morning = table.getByRole('row').filter({ hasText: '早番 花子' });
  await expect.poll(() => night.textContent()).toMatch(/\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}前日から入室中/);
  expect(await morning.textContent()).not.toContain('前日から入室中');
  await screenshot(admin.page, 'console-presence-earlier-day');
  await browser.close();
  await server.close();
}, TIMEOUT);
