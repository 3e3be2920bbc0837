import QRCode from 'qrcode';
import { writeFileSync } from 'node:fs';

/** One 4:2:0 frame showing the QR code of `payload` on white, centred. */
function qrFrame(payload: string, width: number, height: number): Buffer {
  const qr = QRCode.create(payload, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 4;
  const scale = Math.floor((Math.min(width, height) - 40) / (n + 2 * quiet));
  const side = (n + 2 * quiet) * scale;
  const x0 = Math.floor((width - side) / 2);
  const y0 = Math.floor((height - side) / 2);
  const luma = Buffer.alloc(width * height, 235);
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      if (!qr.modules.get(y, x)) continue;
      for (let dy = 0; dy < scale; dy++) {
        const row = (y0 + (y + quiet) * scale + dy) * width;
        luma.fill(16, row + x0 + (x + quiet) * scale, row + x0 + (x + quiet + 1) * scale);
      }
    }
  }
  const chroma = Buffer.alloc((width / 2) * (height / 2), 128);
  return Buffer.concat([Buffer.from('FRAME\n'), luma, chroma, chroma]);
}

function writeY4m(path: string, width: number, height: number, frames: Buffer[]): void {
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`);
  writeFileSync(path, Buffer.concat([header, ...frames]));
}

/**
 * Writes a Y4M video (what Chromium's --use-file-for-fake-video-capture plays in a loop) showing the
 * QR code of `payload` on white, centred, as a camera pointed at a badge would see it.
 */
export function writeQrY4m(path: string, payload: string, opts: { width?: number; height?: number; frames?: number } = {}): void {
  const width = opts.width ?? 640;
  const height = opts.height ?? 480;
  const frame = qrFrame(payload, width, height);
  writeY4m(path, width, height, Array.from({ length: opts.frames ?? 5 }, () => frame));
}

/**
 * A camera shown several codes in turn, each for `framesEach` frames (10 a second), looping: a worker
 * holding up their badge, then the laptop they carry.
 */
export function writeQrSequenceY4m(path: string, payloads: string[], framesEach = 10, width = 640, height = 480): void {
  writeY4m(path, width, height, payloads.flatMap((p) => Array.from({ length: framesEach }, () => qrFrame(p, width, height))));
}
