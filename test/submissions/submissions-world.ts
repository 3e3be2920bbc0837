import { expect } from 'vitest';
import type { Role } from '../../src/db/schema/roster.ts';
import { enrol, givenPerson, type Client, type SignedIn } from '../support/client.ts';
import { at, custodyWorld, type CustodyWorld } from '../support/custody.ts';
import { givenSite, type Site } from '../support/world.ts';

const MIN = 60_000;

export interface SubmissionsWorld extends CustodyWorld {
  siteB: Site;
  /** 甲 of the contract at site A, and of another contract at site B (F4). */
  cityA: SignedIn;
  cityB: SignedIn;
}

/** A person of `roles` limited to `siteIds`, enrolled with a passkey and signed in. */
export async function scopedPerson(w: CustodyWorld, roles: Role[], siteIds: number[]): Promise<SignedIn> {
  const p = await givenPerson(w.admin.client, { roles, siteIds });
  return enrol(w.env, w.admin.client, p.id);
}

/** The custody world (site A, its staff), a second site B, and 甲 of each site. */
export async function submissionsWorld(): Promise<SubmissionsWorld> {
  const w = await custodyWorld();
  const siteB = await givenSite(w.admin.client);
  const cityA = await scopedPerson(w, ['city'], [w.site.siteId]);
  const cityB = await scopedPerson(w, ['city'], [siteB.siteId]);
  return { ...w, siteB, cityA, cityB };
}

export async function submit(client: Client, body: Record<string, unknown>) {
  const res = await client.post('/api/submissions', body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: number; digest: string; status: string; previousId: number | null; siteId: number; title: string };
}

/** 甲's passkey ceremony over a submission: options bound to its digest, then the assertion. */
export async function acknowledge(who: SignedIn, id: number) {
  const options = await who.client.post(`/api/submissions/${id}/receipt/options`);
  expect(options.status, JSON.stringify(options.body)).toBe(200);
  const response = who.authenticator.getAssertion(options.body.options);
  const res = await who.client.post(`/api/submissions/${id}/receipt`, { response });
  return { options: options.body, response, res };
}

/** A disposal of paper records, requested by the worker, approved and carried out (D1–D2). */
export async function givenExecutedDisposal(w: CustodyWorld): Promise<number> {
  const created = await w.worker.client.post('/api/disposal/requests', {
    items: [{ mediaName: '作業記録（紙）', quantity: 3 }],
    method: 'shredding',
    plannedDate: '2026-11-25',
    vendor: '株式会社破砕センター',
    reason: '保存期間の満了',
    siteId: w.site.siteId,
    responsibleId: w.admin.personId,
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
