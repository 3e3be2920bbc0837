import { describe, expect, it } from 'vitest';
import jsQRModule from 'jsqr';
import { testEnv } from '../support/harness.ts';
import { setupAdmin, givenPerson, signedInAs } from '../support/client.ts';
import { checkCharacter, readTag, tagPayload } from '../../src/assets/tag.ts';
import { rowCounts, lastJournal } from '../support/db-snapshot.ts';

// jsqr is CommonJS with a default export: unwrap it the same way under vitest and under plain Node.
const jsQR = ((jsQRModule as unknown as { default?: unknown }).default ?? jsQRModule) as (data: Uint8ClampedArray, w: number, h: number) => { data: string } | null;

/** Rasterises the QR path our label SVG draws (one unit square per dark module) and decodes it with jsQR. */
function decodeLabelSvg(svg: string): string | null {
  const size = Number(/viewBox="0 0 (\d+) \d+"/.exec(svg)![1]);
  const scale = 4;
  const w = size * scale;
  const data = new Uint8ClampedArray(w * w * 4).fill(255);
  for (const m of svg.matchAll(/M(\d+) (\d+)h1v1h-1z/g)) {
    const [x, y] = [Number(m[1]), Number(m[2])];
    for (let dy = 0; dy < scale; dy++)
      for (let dx = 0; dx < scale; dx++) {
        const o = ((y * scale + dy) * w + x * scale + dx) * 4;
        data[o] = data[o + 1] = data[o + 2] = 0;
      }
  }
  return jsQR(data, w, w)?.data ?? null;
}

describe('asset tags: 管理番号 with a check character (C1)', () => {
  it('catches one wrong character and two swapped ones', () => {
    const payload = tagPayload('A2026-00042');
    expect(readTag(payload)).toEqual({ ok: true, assetNumber: 'A2026-00042' });
    expect(readTag(payload.replace('00042', '00043'))).toEqual({ ok: false, reason: 'tag_damaged' });
    expect(readTag(payload.replace('00042', '00024'))).toEqual({ ok: false, reason: 'tag_damaged' });
    expect(readTag('LA1:A2026-00042')).toEqual({ ok: false, reason: 'tag_damaged' });
    expect(readTag('LDG1.3.4.sig')).toEqual({ ok: false, reason: 'not_a_tag' });
    expect(checkCharacter('a2026-00042')).toBe(checkCharacter('A2026-00042'));
  });
});

describe('asset registry (C1, C4, C7, C11)', () => {
  it('generates numbers in the configured format, derives storage from the kind, journals each', async () => {
    const env = testEnv();
    const admin = await setupAdmin(env);
    const custodian = await givenPerson(admin.client);
    const a = await admin.client.post('/api/assets', { kind: 'laptop', ownerType: 'city_loaned', serialNumber: 'PF-1234', custodianId: custodian.id, classification: 'important' });
    const b = await admin.client.post('/api/assets', { kind: 'paper_document', ownerType: 'contractor' });
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ assetNumber: 'A2026-00001', hasStorage: true, status: 'registered', tag: tagPayload('A2026-00001') });
    expect(b.body).toMatchObject({ assetNumber: 'A2026-00002', hasStorage: false });
    expect(lastJournal(env.deps.sqlite)).toMatchObject({ action: 'asset.registered', entity_id: String(b.body.id) });
    const manual = await admin.client.post('/api/assets', { assetNumber: 'USB-７', kind: 'usb_memory', ownerType: 'contractor' });
    expect(manual.body.assetNumber).toBe('USB-7');
    const dup = await admin.client.post('/api/assets', { assetNumber: 'USB-7', kind: 'usb_memory', ownerType: 'contractor' });
    expect(dup.status).toBe(409);
  });

  it('registers a personal device only to refuse it: never network-approved', async () => {
    const env = testEnv();
    const admin = await setupAdmin(env);
    const before = rowCounts(env.deps.sqlite);
    const bad = await admin.client.post('/api/assets', { kind: 'smartphone', ownerType: 'personal', networkApproved: true });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues[0].path).toBe('body.networkApproved');
    expect(rowCounts(env.deps.sqlite)).toEqual(before);
    const ok = await admin.client.post('/api/assets', { kind: 'smartphone', ownerType: 'personal' });
    expect(ok.body).toMatchObject({ ownerType: 'personal', networkApproved: false });
    const patch = await admin.client.patch(`/api/assets/${ok.body.id}`, { networkApproved: true });
    expect(patch.status).toBe(400);
  });

  it('imports a first inventory from CSV: all rows or none, errors named by row and field', async () => {
    const env = testEnv();
    const admin = await setupAdmin(env);
    const before = rowCounts(env.deps.sqlite);
    const bad = await admin.client.post('/api/assets/import', { csv: 'asset_number,kind,owner_type\nPC-1,laptop,city_loaned\nPC-2,toaster,city_loaned\n' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues.map((i: { path: string }) => i.path)).toEqual(['body.rows.1.kind']);
    expect(rowCounts(env.deps.sqlite)).toEqual(before);
    const csv = '\uFEFFasset_number,kind,owner_type,serial_number,description,has_storage,fixed\r\nPC-1,laptop,city_loaned,SN1,"庁内端末, 3階",,はい\r\nUSB-1,usb_memory,contractor,,,1,\r\n';
    const ok = await admin.client.post('/api/assets/import', { csv });
    expect(ok.status).toBe(201);
    expect(ok.body.assets.map((a: { assetNumber: string; description: string; fixed: boolean }) => [a.assetNumber, a.description, a.fixed])).toEqual([
      ['PC-1', '庁内端末, 3階', true],
      ['USB-1', '', false],
    ]);
    expect(lastJournal(env.deps.sqlite).action).toBe('assets.imported');
  });

  it('guards may register; workers may not', async () => {
    const env = testEnv();
    const admin = await setupAdmin(env);
    const guard = await signedInAs(env, admin.client, ['guard']);
    const worker = await signedInAs(env, admin.client, ['worker']);
    expect((await guard.client.post('/api/assets', { kind: 'usb_memory', ownerType: 'contractor' })).status).toBe(201);
    expect((await worker.client.post('/api/assets', { kind: 'usb_memory', ownerType: 'contractor' })).status).toBe(403);
  });
});

describe('QR labels (C1): a 24-up A4 sheet and single labels that decode', () => {
  it('renders one label per asset, 24 per page, each QR decoding to its tag', async () => {
    const env = testEnv();
    const admin = await setupAdmin(env);
    const ids: number[] = [];
    for (let i = 0; i < 26; i++) ids.push((await admin.client.post('/api/assets', { kind: 'usb_memory', ownerType: 'contractor' })).body.id);
    const sheet = await admin.client.get(`/api/assets/labels?ids=${ids.join(',')}`);
    expect(sheet.status).toBe(200);
    expect(sheet.body.match(/class="label"/g)).toHaveLength(26);
    expect(sheet.body.match(/class="label-page"/g)).toHaveLength(2);
    const svgs = [...sheet.body.matchAll(/<svg class="qr".*?<\/svg>/g)].map((m: RegExpMatchArray) => m[0]);
    expect(svgs).toHaveLength(26);
    const numbers = Array.from({ length: 26 }, (_, i) => `A2026-${String(i + 1).padStart(5, '0')}`);
    expect(svgs.map(decodeLabelSvg)).toEqual(numbers.map(tagPayload));

    const single = await env.app.request(`/api/assets/${ids[0]}/label.svg`, { headers: { cookie: admin.client.cookie! } });
    expect(single.headers.get('content-type')).toBe('image/svg+xml');
    const svg = await single.text();
    expect(decodeLabelSvg(svg)).toBe(tagPayload(numbers[0]!));
    expect(svg).toContain('>A2026-00001</text>');
    const png = await env.app.request(`/api/assets/${ids[0]}/label.png`, { headers: { cookie: admin.client.cookie! } });
    expect([...new Uint8Array(await png.arrayBuffer()).slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    const missing = await admin.client.get('/api/assets/labels?ids=999999');
    expect(missing.status).toBe(400);
  });
});
