import type { JournalRow } from '../journal/append.ts';
import type { assets } from '../db/schema/custody.ts';

export type AssetRow = typeof assets.$inferSelect;

/**
 * The roster and the assets as they stood at an instant, told by the journal (every table is a
 * projection of it): each person's and asset's full row as last recorded before `at`. The month
 * report counts from this, so a report printed later still says what was true at the end of its month.
 *
 * Which entries carry a full row: person.* (all but sensitive_read), asset.* and assets.imported,
 * movement.recorded (the asset after the movement), disposal.executed (the assets disposed of). An
 * entry whose content was blanked by the contract-end purge tells nothing here.
 */
export class StateAsOf {
  readonly personStatus = new Map<number, string>();
  readonly assets = new Map<number, AssetRow>();

  constructor(readonly at: number) {}

  visit(row: Pick<JournalRow, 'at' | 'action' | 'entityType' | 'data'>): void {
    if (row.at >= this.at || row.data === null) return;
    if (row.entityType === 'person') {
      if (row.action === 'person.sensitive_read') return;
      const p = JSON.parse(row.data) as { id: number; status: string };
      this.personStatus.set(p.id, p.status);
    } else if (row.entityType === 'asset') {
      const d = JSON.parse(row.data) as AssetRow & { assets?: AssetRow[] };
      for (const a of row.action === 'assets.imported' ? (d.assets ?? []) : [d]) this.assets.set(a.id, a);
    } else if (row.action === 'movement.recorded') {
      const asset = (JSON.parse(row.data) as { asset: AssetRow | null }).asset;
      if (asset) this.assets.set(asset.id, asset);
    } else if (row.action === 'disposal.executed') {
      for (const a of (JSON.parse(row.data) as { assets: AssetRow[] }).assets) this.assets.set(a.id, a);
    }
  }

  activePeople(): number[] {
    return [...this.personStatus].filter(([, s]) => s === 'active').map(([id]) => id);
  }
}
