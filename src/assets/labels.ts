import QRCode from 'qrcode';
import { inArray } from 'drizzle-orm';
import type { Deps } from '../deps.ts';
import { assets } from '../db/schema/custody.ts';
import { AppError } from '../http/app-error.ts';
import { escapeHtml, html, printPage, raw } from '../http/html.ts';
import { tagPayload } from './tag.ts';
import { encodePng, labelBitmap } from './label-png.ts';
import { requireAsset, type Asset } from './read.ts';

export const KIND_LABELS: Record<Asset['kind'], string> = {
  laptop: 'ノートPC',
  desktop: 'デスクトップPC',
  tablet: 'タブレット',
  smartphone: 'スマートフォン',
  usb_memory: 'USBメモリ',
  external_disk: '外付けディスク',
  optical_media: '光ディスク',
  paper_document: '紙文書',
  security_key: 'セキュリティキー・ICカード',
  other: 'その他',
};

export const OWNER_LABELS: Record<Asset['ownerType'], string> = { city_loaned: '市貸与', contractor: '受託者所有', personal: '私物' };

/** The QR modules as one SVG path (one "M x y h1v1h-1z" per dark module), in module units with a 4-module quiet zone. */
export function qrPath(payload: string): { size: number; d: string } {
  const qr = QRCode.create(payload, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  let d = '';
  for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) if (qr.modules.get(y, x)) d += `M${x + 4} ${y + 4}h1v1h-1z`;
  return { size: n + 8, d };
}

function qrSvg(payload: string, cssClass: string): string {
  const { size, d } = qrPath(payload);
  return `<svg class="${cssClass}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" shape-rendering="crispEdges"><rect width="${size}" height="${size}" fill="#fff"/><path d="${d}" fill="#000"/></svg>`;
}

/** One label as a standalone SVG: the QR and the number beneath it (for a label printer). */
export function labelSvg(deps: Deps, id: number): string {
  const a = requireAsset(deps.db, id);
  const { size, d } = qrPath(tagPayload(a.assetNumber));
  const h = size + 6;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${h}" width="${size * 4}" height="${h * 4}" shape-rendering="crispEdges"><rect width="${size}" height="${h}" fill="#fff"/><path d="${d}" fill="#000"/><text x="${size / 2}" y="${size + 4}" font-size="3.2" text-anchor="middle" font-family="sans-serif">${escapeHtml(a.assetNumber)}</text></svg>`;
}

/** One label as a PNG, like the SVG: the QR and the number beneath it. */
export function labelPng(deps: Deps, id: number): Buffer {
  const a = requireAsset(deps.db, id);
  return encodePng(labelBitmap(tagPayload(a.assetNumber), a.assetNumber));
}

/** An A4 sheet of 24 labels (3 × 8, the common 24-up layout): number, kind, owner and QR (C1). */
export function labelSheet(deps: Deps, ids: number[]): string {
  const rows = deps.db.select().from(assets).where(inArray(assets.id, ids)).all();
  const missing = ids.filter((id) => !rows.some((r) => r.id === id));
  if (missing.length > 0) throw AppError.field('query.ids', `no such asset: ${missing.slice(0, 10).join(', ')}`);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const labels = ids.map((id) => {
    const a = byId.get(id)!;
    return html`<div class="label"><div class="label-qr">${raw(qrSvg(tagPayload(a.assetNumber), 'qr'))}</div><div class="label-text"><p class="label-number">${a.assetNumber}</p><p>${KIND_LABELS[a.kind]}</p><p>${OWNER_LABELS[a.ownerType]}</p></div></div>`;
  });
  const pages = [];
  for (let i = 0; i < labels.length; i += 24) pages.push(html`<section class="label-page">${labels.slice(i, i + 24)}</section>`);
  return printPage({ title: '管理番号ラベル', body: html`<main>${pages}</main>` });
}
