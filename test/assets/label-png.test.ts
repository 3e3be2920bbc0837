import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it, onTestFinished } from 'vitest';
import { testEnv } from '../support/harness.ts';
import { setupAdmin } from '../support/client.ts';
import { givenAsset } from '../support/custody.ts';
import { tagPayload } from '../../src/assets/tag.ts';
import { textCells } from '../../src/assets/label-font.ts';

/** The pixels (first channel) of an 8-bit gray, RGB or RGBA PNG, any row filter: read here, not by the product's code. */
function grayPixels(png: Buffer): { width: number; height: number; at: (x: number, y: number) => number } {
  let pos = 8;
  let width = 0;
  let height = 0;
  let bpp = 1;
  const idat: Buffer[] = [];
  while (pos < png.length) {
    const len = png.readUInt32BE(pos);
    const type = png.toString('ascii', pos + 4, pos + 8);
    const data = png.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      [width, height] = [data.readUInt32BE(0), data.readUInt32BE(4)];
      expect([data[8], data[12]], 'bit depth 8, not interlaced').toEqual([8, 0]);
      bpp = { 0: 1, 2: 3, 6: 4 }[data[9]!]!;
    } else if (type === 'IDAT') idat.push(data);
    pos += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * bpp;
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)]!;
    for (let i = 0; i < stride; i++) {
      const v = raw[y * (stride + 1) + 1 + i]!;
      const a = i >= bpp ? out[y * stride + i - bpp]! : 0;
      const b = y > 0 ? out[(y - 1) * stride + i]! : 0;
      const c = i >= bpp && y > 0 ? out[(y - 1) * stride + i - bpp]! : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      out[y * stride + i] = (v + [0, a, b, (a + b) >> 1, paeth][f]!) & 0xff;
    }
  }
  return { width, height, at: (x, y) => out[y * stride + x * bpp]! };
}

/** The text band beneath the QR, cut into glyphs at the white columns between them; each glyph as rows of '#' and ' '. */
function glyphsUnderQr(img: ReturnType<typeof grayPixels>): string[] {
  const dark = (y: number) => Array.from({ length: img.width }, (_, x) => img.at(x, y) < 128).some(Boolean);
  let bottom = img.height - 1;
  while (bottom >= 0 && !dark(bottom)) bottom--;
  let top = bottom;
  while (top > 0 && dark(top - 1)) top--;
  const column = (x: number) => Array.from({ length: bottom - top + 1 }, (_, i) => (img.at(x, top + i) < 128 ? '#' : ' ')).join('');
  const glyphs: string[][] = [];
  let current: string[] | null = null;
  for (let x = 0; x < img.width; x++) {
    const col = column(x);
    if (col.includes('#')) (current ??= []).push(col);
    else if (current) glyphs.push(current), (current = null);
  }
  return glyphs.map((cols) => cols.join('|'));
}

describe('the PNG asset label carries its number, like the SVG and the sheet (issue 16)', () => {
  it('the QR decodes to the tag, and beneath it one glyph a character: same characters drawn alike, different ones not', async () => {
    const env = testEnv();
    const admin = await setupAdmin(env);
    const dir = mkdtempSync(join(tmpdir(), 'label-png-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    for (const number of ['00123', 'Ab-9.x/_1', 'WW-1144-Q0O']) {
      const asset = await givenAsset(admin.client, { assetNumber: number });
      const res = await env.app.request(`/api/assets/${asset.id}/label.png`, { headers: { cookie: admin.client.cookie! } });
      expect(res.headers.get('content-type')).toBe('image/png');
      const png = Buffer.from(await res.arrayBuffer());
      const file = join(dir, `${asset.id}.png`);
      writeFileSync(file, png);
      expect(execFileSync('zbarimg', ['--quiet', '--raw', '-Sdisable', '-Sqrcode.enable', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim(), number).toBe(tagPayload(number));

      const glyphs = glyphsUnderQr(grayPixels(png));
      expect(glyphs, number).toHaveLength(number.length);
      for (let i = 0; i < number.length; i++)
        for (let j = i + 1; j < number.length; j++) expect(glyphs[i] === glyphs[j], `${number}: ${number[i]} and ${number[j]}`).toBe(number[i] === number[j]);
    }
  });
});

describe('the label font', () => {
  it('draws every character an asset number may hold, each differently', () => {
    const chars = [...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz._/-'];
    const drawn = chars.map((c) => JSON.stringify(textCells(c)));
    expect(new Set(drawn).size).toBe(chars.length);
  });
});
