import { deflateSync } from 'node:zlib';
import QRCode from 'qrcode';
import { textCells, textWidth, GLYPH_HEIGHT } from './label-font.ts';

/** Pixels per QR module, and per cell of the label font (text 28 px high: legible on a 300 dpi label). */
export const QR_SCALE = 8;
export const TEXT_SCALE = 4;
export const QUIET_ZONE = 4;
/** White around the number: the sides of the band, and below it. */
const TEXT_PAD = 4 * TEXT_SCALE;

/** A grayscale bitmap, 0 black and 255 white, row by row. */
export interface Bitmap {
  width: number;
  height: number;
  pixels: Uint8Array;
}

function fill(b: Bitmap, x: number, y: number, size: number): void {
  for (let dy = 0; dy < size; dy++) b.pixels.fill(0, (y + dy) * b.width + x, (y + dy) * b.width + x + size);
}

/**
 * The label as pixels: the QR with its four-module quiet zone, and beneath it a band with the asset
 * number in the label font, each centred. The image widens when a long number needs it.
 */
export function labelBitmap(payload: string, assetNumber: string): Bitmap & { qrHeight: number } {
  const qr = QRCode.create(payload, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const qrPx = (n + 2 * QUIET_ZONE) * QR_SCALE;
  const width = Math.max(qrPx, textWidth(assetNumber) * TEXT_SCALE + 2 * TEXT_PAD);
  const height = qrPx + GLYPH_HEIGHT * TEXT_SCALE + TEXT_PAD;
  const b = { width, height, qrHeight: qrPx, pixels: new Uint8Array(width * height).fill(255) };
  const qrX = Math.floor((width - qrPx) / 2) + QUIET_ZONE * QR_SCALE;
  for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) if (qr.modules.get(y, x)) fill(b, qrX + x * QR_SCALE, (QUIET_ZONE + y) * QR_SCALE, QR_SCALE);
  const textX = Math.floor((width - textWidth(assetNumber) * TEXT_SCALE) / 2);
  for (const [x, y] of textCells(assetNumber)) fill(b, textX + x * TEXT_SCALE, qrPx + y * TEXT_SCALE, TEXT_SCALE);
  return b;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
}

/** An 8-bit grayscale PNG of the bitmap (no filter: labels are small and mostly flat). */
export function encodePng(b: Bitmap): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(b.width, 0);
  header.writeUInt32BE(b.height, 4);
  header.set([8, 0, 0, 0, 0], 8);
  const raw = Buffer.alloc((b.width + 1) * b.height);
  for (let y = 0; y < b.height; y++) raw.set(b.pixels.subarray(y * b.width, (y + 1) * b.width), y * (b.width + 1) + 1);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
