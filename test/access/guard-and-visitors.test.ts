import { describe, expect, it } from 'vitest';
import { testEnv, T0 } from '../support/harness.ts';
import { parseCsv } from '../../src/http/csv.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
import { setupAdmin, signedInAs } from '../support/client.ts';
import { badgeEvent, givenKiosk, givenSite, givenWorker } from '../support/world.ts';
import { lastJournal, rowCounts } from '../support/db-snapshot.ts';

async function world() {
  const env = testEnv();
  const admin = await setupAdmin(env);
  const site = await givenSite(admin.client);
  const guard = await signedInAs(env, admin.client, ['guard']);
  return { env, admin, site, guard };
}

describe('guard-recorded access (B4): a signed-in guard records for someone, with a reason', () => {
  it('records with method guard and the guard as recorder; the rules still apply', async () => {
    const { env, admin, site, guard } = await world();
    const w = await givenWorker(admin.client, [site.secure.id]);
    const res = await guard.client.post('/api/access/guard-events', { areaId: site.secure.id, direction: 'in', purpose: '障害対応', personId: w.id, reason: 'セキュリティキー忘れ' });
    expect(res.status).toBe(201);
    expect(res.body.event).toMatchObject({ result: 'accepted', method: 'guard', recordedBy: guard.personId, note: 'セキュリティキー忘れ' });
    expect(lastJournal(env.deps.sqlite).actor_id).toBe(String(guard.personId));
    const stranger = await givenWorker(admin.client, []);
    const refused = await guard.client.post('/api/access/guard-events', { areaId: site.secure.id, direction: 'in', purpose: '障害対応', personId: stranger.id, reason: '依頼' });
    expect(refused.body.event).toMatchObject({ result: 'refused', refusalReason: 'not_authorized' });
  });

  it('needs a reason, and an area that does not accept guard records refuses them', async () => {
    const { env, admin, site, guard } = await world();
    const w = await givenWorker(admin.client, [site.general.id]);
    const before = rowCounts(env.deps.sqlite);
    const noReason = await guard.client.post('/api/access/guard-events', { areaId: site.general.id, direction: 'in', purpose: '作業', personId: w.id });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details.issues[0].path).toBe('body.reason');
    expect(rowCounts(env.deps.sqlite)).toEqual(before);
    await admin.client.patch(`/api/areas/${site.general.id}`, { acceptedMethods: ['badge'] });
    const res = await guard.client.post('/api/access/guard-events', { areaId: site.general.id, direction: 'in', purpose: '作業', personId: w.id, reason: 'x' });
    expect(res.body.event.refusalReason).toBe('method_not_accepted');
  });
});

describe('visitors (B11, E8): logged like a person, with their escort, never an ID number', () => {
  it('registers, enters, appears inside with the escort, exits and signs out', async () => {
    const { admin, site, guard } = await world();
    const escort = await givenWorker(admin.client, [site.general.id], { name: '案内 役子', kana: 'あんない やくこ' });
    const v = await guard.client.post('/api/visitors', { name: '来訪 太郎', affiliation: '市情報政策課', purpose: '定例監査', idType: 'my_number_card', escortPersonId: escort.id, siteId: site.siteId });
    expect(v.status).toBe(201);
    expect(v.body).toMatchObject({ idType: 'my_number_card', noticeVersion: expect.any(String), status: 'on_site' });
    expect(Object.keys(v.body)).not.toContain('idNumber');
    const withNumber = await guard.client.post('/api/visitors', { name: 'X', affiliation: 'Y', purpose: 'Z', idType: 'passport', idNumber: 'TK1234567', escortPersonId: escort.id, siteId: site.siteId });
    expect(withNumber.status).toBe(400);

    const entered = await guard.client.post(`/api/visitors/${v.body.id}/events`, { areaId: site.general.id, direction: 'in' });
    expect(entered.body.event).toMatchObject({ result: 'accepted', visitorId: v.body.id, escortPersonId: escort.id, purpose: '定例監査', nameSnapshot: '来訪 太郎', affiliationSnapshot: '市情報政策課' });
    const inside = await guard.client.get(`/api/presence?areaId=${site.general.id}`);
    expect(inside.body.inside).toContainEqual(expect.objectContaining({ kind: 'visitor', name: '来訪 太郎', escortPersonId: escort.id }));

    expect((await guard.client.post(`/api/visitors/${v.body.id}/sign-out`)).status).toBe(409);
    await guard.client.post(`/api/visitors/${v.body.id}/events`, { areaId: site.general.id, direction: 'out' });
    const out = await guard.client.post(`/api/visitors/${v.body.id}/sign-out`);
    expect(out.body.status).toBe('signed_out');
    const again = await guard.client.post(`/api/visitors/${v.body.id}/events`, { areaId: site.general.id, direction: 'in' });
    expect(again.body.event).toMatchObject({ result: 'refused', refusalReason: 'visitor_signed_out' });
  });
});

describe('who is inside now and the muster list', () => {
  it('lists per area and per site; the muster CSV is Excel-ready and the page escapes names', async () => {
    const { env, admin, site, guard } = await world();
    const kiosk = await givenKiosk(env, admin.client, [site.general.id]);
    const a = await givenWorker(admin.client, [site.general.id], { name: '<script>alert(1)</script>', kana: 'すくりぷと' });
    const b = await givenWorker(admin.client, [site.general.id], { name: '=HYPERLINK("x")', kana: 'はいぱー' });
    await kiosk.post('/api/kiosk/events', badgeEvent(site.general.id, a.badge, 'in'));
    await kiosk.post('/api/kiosk/events', badgeEvent(site.general.id, b.badge, 'in'));
    const perSite = await guard.client.get(`/api/presence?siteId=${site.siteId}`);
    expect(perSite.body.inside.map((r: { personId: number }) => r.personId).sort()).toEqual([a.id, b.id].sort());
    const both = await guard.client.get(`/api/presence?siteId=${site.siteId}&areaId=${site.general.id}`);
    expect(both.status).toBe(400);

    const csv = await env.app.request(`/api/sites/${site.siteId}/muster?format=csv`, { headers: { cookie: guard.client.cookie! } });
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    expect(text.split('\r\n')[0]).toBe('区域,氏名,ふりがな,所属,区分,入室日時,備考');
    // Shown as the text it is, never run, and without a visible apostrophe (issue 16).
    expect(text).toContain('執務室,="=HYPERLINK(""x"")",はいぱー,');
    expect(csv.headers.get('cache-control')).toBe('no-store');

    const page = await guard.client.get(`/api/sites/${site.siteId}/muster?format=html`);
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.body).not.toContain('<script>alert(1)');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
  });
});

describe('the muster list flags who is inside since an earlier day (issue 16)', () => {
  it('someone in since 23:55 yesterday carries 「前日から入室中」 on the screen\'s data, the printed list and the CSV; today\'s entry does not', async () => {
    const env = testEnv({ now: T0 - 9 * HOUR - 5 * MIN }); // 2026-11-19 23:55 in Tokyo
    const admin = await setupAdmin(env);
    const site = await givenSite(admin.client);
    const guard = await signedInAs(env, admin.client, ['guard']);
    const kiosk = await givenKiosk(env, admin.client, [site.general.id]);
    const night = await givenWorker(admin.client, [site.general.id], { name: '夜勤 一郎', kana: 'やきん いちろう' });
    const morning = await givenWorker(admin.client, [site.general.id], { name: '早番 花子', kana: 'はやばん はなこ' });
    await kiosk.post('/api/kiosk/events', badgeEvent(site.general.id, night.badge, 'in'));
    env.clock.set(T0 - 9 * HOUR + 5 * MIN); // 2026-11-20 00:05 (within the guard session's 15 idle minutes)
    await kiosk.post('/api/kiosk/events', badgeEvent(site.general.id, morning.badge, 'in'));

    const presence = await guard.client.get(`/api/presence?siteId=${site.siteId}`);
    expect(presence.status, JSON.stringify(presence.body)).toBe(200);
    expect(presence.body.inside.map((r: { name: string; sinceEarlierDay: boolean }) => [r.name, r.sinceEarlierDay]).sort()).toEqual([['夜勤 一郎', true], ['早番 花子', false]].sort());
    const csv = parseCsv((await guard.client.get(`/api/sites/${site.siteId}/muster?format=csv`)).body);
    expect(csv[0]).toEqual(['区域', '氏名', 'ふりがな', '所属', '区分', '入室日時', '備考']);
    expect(csv.slice(1).map((r) => [r[1], r[5], r[6]]).sort()).toEqual([['夜勤 一郎', '2026-11-19 23:55', '前日から入室中'], ['早番 花子', '2026-11-20 00:05', '']].sort());
    const page = (await guard.client.get(`/api/sites/${site.siteId}/muster?format=html`)).body as string;
    const rowOf = (name: string) => page.slice(page.indexOf(name), page.indexOf('</tr>', page.indexOf(name)));
    expect(rowOf('夜勤 一郎')).toContain('前日から入室中');
    expect(rowOf('早番 花子')).not.toContain('前日から入室中');
    expect(page).not.toContain('Muster list');
  });
});

describe('badge sheet (B5): printable card-size badges with the signed QR', () => {
  it('renders one card per person with name, kana, affiliation and an SVG QR', async () => {
    const { admin, site } = await world();
    const a = await givenWorker(admin.client, [site.general.id], { name: '佐藤 一', kana: 'さとう はじめ' });
    const b = await givenWorker(admin.client, [site.general.id], { name: '鈴木 二', kana: 'すずき じろう' });
    const sheet = await admin.client.get(`/api/badges/sheet?personIds=${a.id},${b.id}`);
    expect(sheet.status).toBe(200);
    expect(sheet.body.match(/class="badge"/g)).toHaveLength(2);
    expect(sheet.body.match(/<svg/g)).toHaveLength(2);
    for (const t of ['佐藤 一', 'さとう はじめ', '鈴木 二', '株式会社テスト']) expect(sheet.body).toContain(t);
    const none = await givenWorker(admin.client, []);
    await admin.client.post(`/api/badges/${none.badgeSerial}/revoke`, { reason: 'returned' });
    const missing = await admin.client.get(`/api/badges/sheet?personIds=${none.id}`);
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.issues[0].path).toBe('query.personIds');
  });
});
