import { expect } from 'vitest';
import { at, FIRST_ADMIN_ID, type CustodyWorld } from '../support/custody.ts';

const MIN = 60_000;

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

/** A disposal of paper media at the world's site, approved and carried out: its certificate can be printed. */
export async function givenExecutedDisposal(w: CustodyWorld): Promise<number> {
  const created = await w.worker.client.post('/api/disposal/requests', {
    items: [{ mediaName: '作業記録（紙）', quantity: 2 }],
    method: 'shredding',
    plannedDate: '2026-11-25',
    vendor: '株式会社破砕センター',
    siteId: w.site.siteId,
    responsibleId: FIRST_ADMIN_ID,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  expect((await w.supervisor.client.post(`/api/disposal/requests/${created.body.id}/approve`, { note: '承認' })).status).toBe(200);
  w.env.clock.advance(10 * MIN);
  const done = await w.supervisor.client.post(`/api/disposal/requests/${created.body.id}/execution`, {
    executedAt: at(w.env.clock.now() - 5 * MIN),
    vendor: '株式会社破砕センター',
    responsiblePersonId: w.supervisor.personId,
    executorName: '破砕 作業員',
    witnessPersonId: w.supervisor2.personId,
    certificateNumber: 'HC-2026-0042',
  });
  expect(done.status, JSON.stringify(done.body)).toBe(201);
  return created.body.id;
}

