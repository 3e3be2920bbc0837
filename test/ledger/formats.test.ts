import { describe, expect, it } from 'vitest';
import { badgeEvent, givenWorker } from '../support/world.ts';
import { badgeAt, DAY, ledgerWorld, rawGet, tokyo, visitorStay, worker, type LedgerWorld } from './ledger-world.ts';

/** Two stays (one without exit), a name that needs CSV quoting, and one refusal. */
async function quotedDay(w: LedgerWorld) {
  const quoted = await worker(w, { name: '山田, "太郎"', kana: 'やまだ たろう' });
  const open = await worker(w, { name: '未退 八郎' });
  const stranger = await givenWorker(w.admin.client, [], { name: '権限 なし子' });
  await badgeAt(w, quoted, 'in', tokyo('2026-11-20T09:00'));
  await badgeAt(w, open, 'in', tokyo('2026-11-20T10:00'));
  w.env.clock.set(tokyo('2026-11-20T11:00'));
  await w.kiosk.post('/api/kiosk/events', badgeEvent(w.area, stranger.badge, 'in'));
  await badgeAt(w, quoted, 'out', tokyo('2026-11-20T17:30'));
}

describe('daily ledger formats (B10)', () => {
  it('B10: the CSV is UTF-8 with a BOM, CRLF, Japanese headers, quoted fields; the refusals are a file of their own (issue 16)', async () => {
    const w = await ledgerWorld();
    await quotedDay(w);
    const res = await rawGet(w.env, w.supervisor.client, `/api/areas/${w.area}/ledger?date=${DAY}&format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="ledger-${w.area}-${DAY}.csv"; filename*=UTF-8''${encodeURIComponent(`入退室管理簿_執務室_${DAY}.csv`)}`);
    expect([...res.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = res.bytes.toString('utf8');
    expect(text.split('\n').length - 1, 'every line ends with CRLF').toBe(text.split('\r\n').length - 1);
    expect(text.startsWith('\uFEFF氏名,ふりがな,所属,区分,目的,入室日時,退室日時,認証方法,備考\r\n')).toBe(true);
    expect(text).toBe(
      '\uFEFF氏名,ふりがな,所属,区分,目的,入室日時,退室日時,認証方法,備考\r\n' +
        '"山田, ""太郎""",やまだ たろう,株式会社テスト,作業従事者,定常作業,="2026-11-20 09:00",="2026-11-20 17:30",QR名札,\r\n' +
        '未退 八郎,しけん,株式会社テスト,作業従事者,定常作業,="2026-11-20 10:00",未退室,QR名札,\r\n',
    );
    const refusals = await rawGet(w.env, w.supervisor.client, `/api/areas/${w.area}/ledger?date=${DAY}&format=csv&section=refusals`);
    expect(refusals.status).toBe(200);
    expect(refusals.headers.get('content-disposition')).toBe(`attachment; filename="ledger-${w.area}-${DAY}-refusals.csv"; filename*=UTF-8''${encodeURIComponent(`入退室管理簿_執務室_${DAY}_入室拒否の記録.csv`)}`);
    expect(refusals.bytes.toString('utf8')).toBe('\uFEFF日時,氏名,所属,入退室,認証方法,拒否理由,備考\r\n' + '="2026-11-20 11:00",権限 なし子,株式会社テスト,入室,QR名札,入室権限なし,\r\n');
  });

  it('B10: the printable page holds every stay, highlights the missing exit, repeats the header, and signs nothing yet', async () => {
    const w = await ledgerWorld();
    await quotedDay(w);
    const escort = await worker(w, { name: '案内 六子' });
    await visitorStay(w, escort.id, { name: '来訪 七美', affiliation: '株式会社ベンダー', purpose: '機器保守' }, tokyo('2026-11-20T13:00'), tokyo('2026-11-20T14:00'));
    const res = await rawGet(w.env, w.supervisor.client, `/api/areas/${w.area}/ledger?date=${DAY}&format=html`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html; charset=utf-8/i);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const page = res.bytes.toString('utf8');
    expect(page).toContain('<h1>入退室管理簿</h1>');
    expect(page).toContain('日付: 令和8年11月20日');
    expect(page).toContain('<title>入退室管理簿 執務室 令和8年11月20日</title>');
    expect(page).toContain('区域: 執務室');
    expect(page).toContain('<link rel="stylesheet" href="/print.css">');
    expect(page).toMatch(/<table class="stays"><thead><tr class="sheet-head">.*<\/tr><tr><th class="no">No\.<\/th><th>氏名<\/th><th>ふりがな<\/th>/);
    for (const name of ['山田, &quot;太郎&quot;', '未退 八郎', '来訪 七美']) expect(page).toContain(name);
    expect(page).toMatch(/<tr class="missing"><td class="no">2<\/td><td class="name">未退 八郎<\/td><td class="kana">しけん<\/td>.*<td class="time">未退室<\/td>/);
    expect(page).toContain('付添: 案内 六子');
    expect(page).toContain('来訪者');
    expect(page).toContain('入室 3 件　退室 2 件　未退室 1 件　入室拒否 1 件');
    expect(page).toContain('<h2 class="section-title">入室拒否の記録</h2>');
    expect(page).toContain('権限 なし子');
    expect(page).toContain('入室権限なし');
    expect(page).toMatch(/<section class="signoff">.*未承認/s);
    expect(page).not.toMatch(/<script|style=/i);
  });

  it('B10: stored text is escaped on the page, never run', async () => {
    const w = await ledgerWorld();
    const escort = await worker(w, { name: '案内 六子' });
    await visitorStay(w, escort.id, { name: '<script>alert("x")</script>', affiliation: '<b>株式会社</b>', purpose: "x' onmouseover='y" }, tokyo('2026-11-20T13:00'), null);
    const res = await rawGet(w.env, w.supervisor.client, `/api/areas/${w.area}/ledger?date=${DAY}&format=html`);
    // The page marks where an organisation's name may wrap (<wbr>); the text between stays escaped.
    const page = res.bytes.toString('utf8').replaceAll('<wbr>', '');
    expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(page).toContain('&lt;b&gt;株式会社&lt;/b&gt;');
    expect(page).toContain('x&#39; onmouseover=&#39;y');
    expect(page).not.toMatch(/<script|<b>/i);
  });

  it('B10: the print stylesheet is served from the same origin and sets A4', async () => {
    const w = await ledgerWorld();
    const css = await w.env.app.request('/print.css');
    const text = await css.text();
    expect(text).toContain('@page { size: A4');
    expect(text).toContain('thead { display: table-header-group; }');
    expect(text).toContain('.missing');
  });
});
