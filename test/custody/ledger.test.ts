import { describe, expect, it } from 'vitest';
import { T0 } from '../support/harness.ts';
import { signIn, type SignedIn } from '../support/client.ts';
import { journalCount, lastJournal, rowCounts } from '../support/db-snapshot.ts';
import { at, badge, custodyWorld, givenApproved, givenAsset, givenSubmitted, HOUR, requestBody, scan, type CustodyWorld } from '../support/custody.ts';
import { tagPayload } from '../../src/assets/tag.ts';

const DAY = '2026-11-20';
const MIN = 60_000;

/**
 * One day in the general area: PC-001 carried in at 09:10 (approved on the spot by the guard) and out
 * at 17:30 on loan; USB-01 carried in at 09:12 and left inside; a personal phone refused at 09:15 and a
 * damaged tag at 09:16. Returns the world with a fresh supervisor session at 17:31.
 */
async function ledgerDay() {
  const w = await custodyWorld();
  const pc = await givenAsset(w.admin.client, { assetNumber: 'PC-001' });
  const usb = await givenAsset(w.admin.client, { assetNumber: 'USB-01', kind: 'usb_memory' });
  const phone = await givenAsset(w.admin.client, { assetNumber: 'PH-9', kind: 'smartphone', ownerType: 'personal' });
  const window = { windowTo: at(T0 + 9 * HOUR) };
  const pcIn = await givenSubmitted(w.worker.client, requestBody('carry_in', w.site.general.id, [pc], window));
  const options = await w.kiosk.post('/api/kiosk/approvals/options', { requestId: pcIn.id });
  expect((await w.kiosk.post('/api/kiosk/approvals', { requestId: pcIn.id, response: w.guard.authenticator.getAssertion(options.body.options) })).status).toBe(201);
  const usbIn = await givenSubmitted(w.worker.client, requestBody('carry_in', w.site.general.id, [usb], window));
  await w.supervisor2.client.post(`/api/custody/requests/${usbIn.id}/approve`, {});
  const pcOut = await givenApproved(w, requestBody('carry_out', w.site.general.id, [pc], { ...window, expectedReturnAt: at(T0 + 72 * HOUR) }));

  w.env.clock.set(T0 + 10 * MIN);
  const entry = await badge(w, w.site.general.id, 'in');
  await scan(w, w.site.general.id, 'in', pc, entry.id);
  w.env.clock.set(T0 + 12 * MIN);
  await scan(w, w.site.general.id, 'in', usb, entry.id);
  w.env.clock.set(T0 + 15 * MIN);
  await scan(w, w.site.general.id, 'in', phone, entry.id);
  w.env.clock.set(T0 + 16 * MIN);
  await scan(w, w.site.general.id, 'in', 'LA1:PC-001:Q', entry.id);
  w.env.clock.set(T0 + 8.5 * HOUR);
  await scan(w, w.site.general.id, 'out', pc, entry.id);
  w.env.clock.set(T0 + 8.5 * HOUR + MIN);
  const supervisor = await resume(w, w.supervisor);
  return { w, supervisor, ids: { pcIn: pcIn.id, usbIn: usbIn.id, pcOut: pcOut.id } };
}

/** A fresh session for someone whose session idled out while the clock moved through the day. */
async function resume(w: CustodyWorld, who: SignedIn): Promise<SignedIn> {
  const again = await signIn(w.env, who.authenticator);
  expect(again.status).toBe(200);
  return { ...who, client: again.client };
}

function nameOf(w: CustodyWorld, id: number): string {
  return (w.env.deps.sqlite.prepare('select name from people where id = ?').get(id) as { name: string }).name;
}

describe('the daily 持込・持出管理簿 (item 7)', () => {
  it('C10: pairs each asset\'s carry-in and carry-out with who carried, the requests and approvers; refusals apart', async () => {
    const { w, supervisor, ids } = await ledgerDay();
    const res = await supervisor.client.get(`/api/areas/${w.site.general.id}/custody-ledger?date=${DAY}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ledger: 'custody', day: DAY, eraDay: '令和8年11月20日', area: { id: w.site.general.id, name: '執務室' }, totals: { carriedIn: 2, carriedOut: 1, refusals: 2 }, signoff: null });
    expect(res.body.rows).toEqual([
      expect.objectContaining({ assetNumber: 'PC-001', carriedInAt: at(T0 + 10 * MIN), carriedOutAt: at(T0 + 8.5 * HOUR), carriers: [w.worker.name], requestIds: [ids.pcIn, ids.pcOut], destination: '本社開発室' }),
      expect.objectContaining({ assetNumber: 'USB-01', carriedInAt: at(T0 + 12 * MIN), carriedOutAt: null, requestIds: [ids.usbIn] }),
    ]);
    expect(res.body.rows[0].approvers).toEqual([
      { name: nameOf(w, w.guard.personId), onTheSpot: true },
      { name: nameOf(w, w.supervisor.personId), onTheSpot: false },
    ]);
    expect(res.body.refusals.map((r: { reason: string; assetNumber: string | null }) => [r.reason, r.assetNumber])).toEqual([
      ['personal_device', 'PH-9'],
      ['tag_damaged', null],
    ]);
    expect(res.body.digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it('CSV for Excel: BOM, CRLF, Japanese headers; the refusals as a file of their own (exact bytes, issue 16)', async () => {
    const { w, supervisor, ids } = await ledgerDay();
    const res = await supervisor.client.call('GET', `/api/areas/${w.site.general.id}/custody-ledger?date=${DAY}&format=csv`);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="custody-ledger-${w.site.general.id}-${DAY}.csv"; filename*=UTF-8''${encodeURIComponent(`持込・持出管理簿_執務室_${DAY}.csv`)}`);
    // The test roster's names hold digits ("試験 8号"): text cells with digits are written as ="..." (issue 16).
    const worker = w.worker.name;
    const expected =
      '\uFEFF管理番号,種別,所有区分,情報区分,目的,持込日時,持出日時,搬送者,所属,申請番号,承認者,責任者,甲の許可,備考\r\n' +
      `="PC-001",ノートPC,受託者所有,なし,保守作業用端末の持込,="2026-11-20 09:10",="2026-11-20 17:30",="${worker}",株式会社テスト,="${ids.pcIn}、${ids.pcOut}",="${nameOf(w, w.guard.personId)}（その場承認）、${nameOf(w, w.supervisor.personId)}",${nameOf(w, w.admin.personId)},不要,="持出先: 本社開発室、返却予定: 2026-11-23 09:00"\r\n` +
      `="USB-01",USBメモリ,受託者所有,なし,保守作業用端末の持込,="2026-11-20 09:12",未持出,="${worker}",株式会社テスト,="${ids.usbIn}",="${nameOf(w, w.supervisor2.personId)}",${nameOf(w, w.admin.personId)},不要,\r\n` +
      '';
    const expectedRefusals =
      '\uFEFF日時,管理番号,持込・持出,搬送者,拒否理由,申請番号,読取コード\r\n' +
      `="2026-11-20 09:15",="PH-9",持込,="${worker}",私物の機器,,="${tagPayload('PH-9')}"\r\n` +
      `="2026-11-20 09:16",="PC-001（読取値）",持込,="${worker}",管理番号ラベルの読取不良,,="LA1:PC-001:Q"\r\n`;
    // Response.text() drops a leading BOM; the bytes below keep it.
    expect(res.body).toBe(expected.slice(1));
    const raw = await w.env.app.request(`/api/areas/${w.site.general.id}/custody-ledger?date=${DAY}&format=csv`, { headers: { cookie: supervisor.client.cookie! } });
    const bytes = new Uint8Array(await raw.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(Buffer.from(bytes).toString('utf8')).toBe(expected);
    const refusals = await w.env.app.request(`/api/areas/${w.site.general.id}/custody-ledger?date=${DAY}&format=csv&section=refusals`, { headers: { cookie: supervisor.client.cookie! } });
    expect(refusals.headers.get('content-disposition')).toBe(`attachment; filename="custody-ledger-${w.site.general.id}-${DAY}-refusals.csv"; filename*=UTF-8''${encodeURIComponent(`持込・持出管理簿_執務室_${DAY}_持込・持出拒否の記録.csv`)}`);
    expect(Buffer.from(await refusals.arrayBuffer()).toString('utf8')).toBe(expectedRefusals);
  });

  it('printable A4 page with the sign-off box; no script', async () => {
    const { w, supervisor } = await ledgerDay();
    const res = await supervisor.client.call('GET', `/api/areas/${w.site.general.id}/custody-ledger?date=${DAY}&format=html`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const page = res.body as string;
    expect(page).toContain('<h1>持込・持出管理簿</h1>');
    expect(page).toContain('<link rel="stylesheet" href="/print.css">');
    expect(page).not.toContain('<script');
    expect(page.match(/<tr( class="missing")?><td class="no">\d+<\/td>/g)).toHaveLength(2);
    expect(page).toContain('<tr class="missing"><td class="no">2</td><td class="code">USB-01</td>');
    expect(page).toContain('（その場承認）');
    expect(page).toContain('持込 2 件　持出 1 件　拒否 2 件');
    expect(page).toContain('私物の機器');
    expect(page).toContain('未承認');
  });

  it('a supervisor signs it with a passkey bound to the digest; the 入退室管理簿 sign-off is separate; a later movement shows it changed', async () => {
    const { w, supervisor } = await ledgerDay();
    const path = `/api/areas/${w.site.general.id}/custody-ledger/${DAY}/signoff`;
    const before = rowCounts(w.env.deps.sqlite);
    const bad = await supervisor.client.post(path, {});
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues[0].path).toBe('body.response');
    expect(rowCounts(w.env.deps.sqlite)).toEqual(before);

    const options = await supervisor.client.post(`${path}/options`);
    const ledger = await supervisor.client.get(`/api/areas/${w.site.general.id}/custody-ledger?date=${DAY}`);
    expect(options.body.context).toEqual({ digest: ledger.body.digest });
    const journal = journalCount(w.env.deps.sqlite);
    const signed = await supervisor.client.post(path, { response: supervisor.authenticator.getAssertion(options.body.options) });
    expect(signed.status, JSON.stringify(signed.body)).toBe(201);
    expect(signed.body).toMatchObject({ ledger: 'custody', areaId: w.site.general.id, day: DAY, digest: ledger.body.digest, personId: w.supervisor.personId });
    expect(journalCount(w.env.deps.sqlite)).toBe(journal + 1);
    expect(lastJournal(w.env.deps.sqlite)).toMatchObject({ action: 'ledger.signed_off', actor_id: String(w.supervisor.personId) });
    expect(w.env.deps.sqlite.prepare('select ledger, day, digest from ledger_signoffs').all()).toEqual([{ ledger: 'custody', day: DAY, digest: ledger.body.digest }]);

    const signedLedger = await supervisor.client.get(`/api/areas/${w.site.general.id}/custody-ledger?date=${DAY}`);
    expect(signedLedger.body.signoff).toMatchObject({ personId: w.supervisor.personId, digestMatches: true, superseded: false });
    const access = await supervisor.client.get(`/api/areas/${w.site.general.id}/ledger?date=${DAY}`);
    expect(access.body.signoff).toBeNull();
    expect((await supervisor.client.post(`${path}/options`)).status).toBe(409);

    const late = await givenAsset((await resume(w, w.admin)).client, { kind: 'paper_document' });
    const entry = await badge(w, w.site.general.id, 'in');
    await scan(w, w.site.general.id, 'in', late, entry.id);
    const changed = await supervisor.client.get(`/api/areas/${w.site.general.id}/custody-ledger?date=${DAY}`);
    expect(changed.body.signoff.digestMatches).toBe(false);
    const page = (await supervisor.client.call('GET', `/api/areas/${w.site.general.id}/custody-ledger?date=${DAY}&format=html`)).body as string;
    expect(page).toContain('承認後に記録が変わりました');
  });

  it('a carry-out whose carry-in was on an earlier day shows both times; bad dates name the field', async () => {
    const w = await custodyWorld();
    const pc = await givenAsset(w.admin.client, { assetNumber: 'PC-002' });
    await givenApproved(w, requestBody('carry_in', w.site.general.id, [pc]));
    await givenApproved(w, requestBody('carry_out', w.site.general.id, [pc], { windowTo: at(T0 + 30 * HOUR) }));
    const entry = await badge(w, w.site.general.id, 'in');
    await scan(w, w.site.general.id, 'in', pc, entry.id);
    await badge(w, w.site.general.id, 'out');
    w.env.clock.set(T0 + 24 * HOUR);
    const next = await badge(w, w.site.general.id, 'in');
    await scan(w, w.site.general.id, 'out', pc, next.id);
    const supervisor = await resume(w, w.supervisor);
    const res = await supervisor.client.get(`/api/areas/${w.site.general.id}/custody-ledger?date=2026-11-21`);
    expect(res.body.rows).toEqual([expect.objectContaining({ assetNumber: 'PC-002', carriedInAt: at(T0), carriedOutAt: at(T0 + 24 * HOUR) })]);
    expect(res.body.totals).toEqual({ carriedIn: 0, carriedOut: 1, refusals: 0 });
    const bad = await supervisor.client.get(`/api/areas/${w.site.general.id}/custody-ledger?date=2026-02-30`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues[0].path).toBe('query.date');
    expect((await supervisor.client.get(`/api/areas/99999/custody-ledger?date=${DAY}`)).status).toBe(404);
  });
});
