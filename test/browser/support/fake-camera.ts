import QRCode from 'qrcode';
import { writeFileSync } from 'node:fs';

/**
 * Writes a Y4M video (what Chromium's --use-file-for-fake-video-capture plays in a loop) showing the
 * QR code of `payload` on white, centred, as a camera pointed at a badge would see it. `leadInFrames`
 * blank frames come first (at 10 per second): Chromium plays the file from its start each time a page
 * opens the camera, so a screen that opens it sees nothing for that long.
 */
export function writeQrY4m(path: string, payload: string, opts: { width?: number; height?: number; frames?: number; leadInFrames?: number } = {}): void {
  const width = opts.width ?? 640;
  const height = opts.height ?? 480;
  const frames = opts.frames ?? 5;
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
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma, chroma]);
  const blank = Buffer.concat([Buffer.from('FRAME\n'), Buffer.alloc(width * height, 235), chroma, chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`);
  const lead = Array.from({ length: opts.leadInFrames ?? 0 }, () => blank);
  writeFileSync(path, Buffer.concat([header, ...lead, ...Array.from({ length: frames }, () => frame)]));
}
