import { eq, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { prepared } from '../db/prepared.ts';
import { assets } from '../db/schema/custody.ts';
import { AppError } from '../http/app-error.ts';
import { iso } from '../http/fields.ts';
import { tagPayload } from './tag.ts';

/** An asset as stored. */
export type Asset = typeof assets.$inferSelect;

export function assetView(a: Asset) {
  return { ...a, tag: tagPayload(a.assetNumber), expectedReturnAt: iso(a.expectedReturnAt), createdAt: iso(a.createdAt), updatedAt: iso(a.updatedAt) };
}

export function requireAsset(tx: Tx, id: number, field?: string): Asset {
  const row = tx.select().from(assets).where(eq(assets.id, id)).get();
  if (!row) throw field ? AppError.unknown(field, 'asset') : AppError.notFound('asset');
  return row;
}

export function findAssetByNumber(tx: Tx, assetNumber: string): Asset | undefined {
  return prepared(tx, 'assets.byNumber', (db) => db.select().from(assets).where(eq(assets.assetNumber, sql.placeholder('assetNumber'))).prepare()).get({ assetNumber });
}
