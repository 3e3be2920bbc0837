import QRCode from 'qrcode';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Deps } from '../deps.ts';
import { badges } from '../db/schema/access.ts';
import { organisations, people } from '../db/schema/roster.ts';
import { AppError } from '../http/app-error.ts';
import { html, printPage, raw } from '../http/html.ts';
import { badgePayload } from './service.ts';

/** The QR quiet zone in modules: four, as the QR specification asks (ISO/IEC 18004); a camera misses less. */
export const BADGE_QR_MARGIN = 4;

/** Card-size (85.6 × 54 mm) name badges with their signed QR, ten to an A4 page (B5). */
export async function badgeSheet(deps: Deps, personIds: number[]): Promise<string> {
  const rows = deps.db
    .select({ serial: badges.serial, personId: people.id, name: people.name, kana: people.kana, affiliation: organisations.name })
    .from(badges)
    .innerJoin(people, eq(people.id, badges.personId))
    .innerJoin(organisations, eq(organisations.id, people.organisationId))
    .where(and(inArray(badges.personId, personIds), isNull(badges.revokedAt)))
    .all();
  const missing = personIds.filter((id) => !rows.some((r) => r.personId === id));
  if (missing.length > 0) throw AppError.field('query.personIds', `no active badge for person ${missing.join(', ')}: issue one first`);
  const ordered = personIds.map((id) => rows.find((r) => r.personId === id)!);
  const cards = await Promise.all(
    ordered.map(async (r) => {
      const svg = await QRCode.toString(badgePayload(deps.signingKey, r.serial, r.personId), { type: 'svg', errorCorrectionLevel: 'M', margin: BADGE_QR_MARGIN });
      return html`<section class="badge"><div class="badge-text"><p class="badge-kana">${r.kana}</p><p class="badge-name">${r.name}</p><p class="badge-org">${r.affiliation}</p><p class="badge-serial">No. ${r.serial}</p></div><div class="badge-qr">${raw(svg)}</div></section>`;
    }),
  );
  return printPage({ title: '名札', body: html`<main class="badges">${cards}</main>` });
}
