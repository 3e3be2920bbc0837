import { expect } from 'vitest';
import type { CustodyWorld } from '../support/custody.ts';

export function contractBody(siteIds: number[], extra: Record<string, unknown> = {}) {
  return {
    name: '庁内情報システム運用保守業務',
    periodFrom: '2026-04-01',
    periodTo: '2027-03-31',
    contractor: { company: '株式会社北浜システム', address: '大阪市中央区北浜1-1-1', representativeTitle: '代表取締役', representativeName: '北浜 一郎' },
    addressee: { section: '総務部情報政策課', title: '〇〇市長', name: '' },
    approverSections: ['総務部情報政策課', '財政課'],
    siteIds,
    ...extra,
  };
}

export async function givenContract(w: CustodyWorld, siteIds: number[], extra: Record<string, unknown> = {}) {
  const res = await w.admin.client.post('/api/contracts', contractBody(siteIds, extra));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: number };
}

/** A disposal carried out at the world's site, its certificate printable: the submissions tests' own. */
export { givenExecutedDisposal } from '../submissions/submissions-world.ts';
