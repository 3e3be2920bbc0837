import { testEnv, T0, type TestEnv } from '../../support/harness.ts';
import { enrol, setupAdmin, type Client, type Reply, type SignedIn } from '../../support/client.ts';
import { badgeEvent, givenKiosk, type KioskClient } from '../../support/world.ts';
import { movement, requestBody, type Asset } from '../../support/custody.ts';
import { tagPayload } from '../../../src/assets/tag.ts';

export const DAY = '2026-11-20';
export const MONTH = '2026-11';
const MIN = 60_000;

const PREFIXES = ['=', '+', '-', '@'];

/**
 * Hostile text for one field, named by `tag`: it starts like a spreadsheet formula and carries a script
 * tag, an attribute break-out and an entity, so that both the HTML pages and the CSV files are tested.
 */
export class Hostile {
  readonly values = new Map<string, string>();
  of(tag: string): string {
    const v = `${PREFIXES[this.values.size % PREFIXES.length]}${tag}<script>alert(1)</script>"><img src=x onerror=alert(1)>&amp;'`;
    this.values.set(tag, v);
    return v;
  }
  get(tag: string): string {
    const v = this.values.get(tag);
    if (v === undefined) throw new Error(`no hostile value named ${tag}`);
    return v;
  }
}

export interface HostileWorld {
  env: TestEnv;
  h: Hostile;
  admin: SignedIn;
  supervisor: SignedIn;
  areaId: number;
  siteId: number;
  workerId: number;
  victimId: number;
  assetIds: number[];
  disposalId: number;
  incidentId: number;
  kiosk: KioskClient;
}

async function must<T = any>(what: string, p: Promise<Reply<T>>): Promise<T> {
  const res = await p;
  if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Hostile text in every user-text field that reaches a printed page, and one working day of records with it. */
export async function buildHostileWorld(): Promise<HostileWorld> {
  const env = testEnv();
  const h = new Hostile();
  const admin = await setupAdmin(env, h.of('adminName'));
  const a = admin.client;
  const org = await must('org', a.post('/api/organisations', { name: h.of('org'), kana: 'きょうりょくがいしゃ' }));
  const person = async (tag: string, roles: string[]) =>
    (await must('person', a.post('/api/people', { name: h.of(tag), kana: 'しけん', organisationId: org.id, roles, position: h.of(`${tag}Position`), duties: h.of(`${tag}Duties`) }))).id as number;
  const site = await must('site', a.post('/api/sites', { name: h.of('site'), address: h.of('address') }));
  const area = await must('area', a.post('/api/areas', { siteId: site.id, name: h.of('area'), securityLevel: 'general', purposes: [h.of('areaPurpose')] }));
  const [workerId, worker2Id, victimId] = [await person('workerName', ['worker']), await person('worker2Name', ['worker']), await person('victimName', ['worker'])];
  const [guardId, sup1Id, sup2Id] = [await person('guardName', ['guard']), await person('supervisorName', ['supervisor']), await person('supervisor2Name', ['supervisor'])];
  for (const id of [workerId, worker2Id])
    await must('authorize', a.post('/api/authorizations', { personId: id, areaId: area.id, validFrom: new Date(T0 - 86_400_000).toISOString(), note: h.of(`authNote${id}`) }));
  const badges = new Map<number, string>();
  for (const id of [workerId, victimId]) badges.set(id, (await must('badge', a.post(`/api/people/${id}/badges`))).payload);
  const [worker, guard, supervisor, supervisor2] = [await enrol(env, a, workerId), await enrol(env, a, guardId), await enrol(env, a, sup1Id), await enrol(env, a, sup2Id)];
  const kiosk = await givenKiosk(env, a, [area.id]);

  // The day at the door: an entry with a hostile purpose, a refusal, a visitor, a guard record, a correction.
  const entry = (await must('badge in', kiosk.post('/api/kiosk/events', badgeEvent(area.id, badges.get(workerId)!, 'in', { purpose: h.of('purpose') })))).event;
  await kiosk.post('/api/kiosk/events', badgeEvent(area.id, badges.get(victimId)!, 'in', { purpose: h.of('refusedPurpose') }));
  const visitor = await must(
    'visitor',
    guard.client.post('/api/visitors', { name: h.of('visitorName'), affiliation: h.of('visitorOrg'), purpose: h.of('visitorPurpose'), idType: 'other', escortPersonId: guardId, siteId: site.id }),
  );
  await must('visitor in', guard.client.post(`/api/visitors/${visitor.id}/events`, { areaId: area.id, direction: 'in' }));
  const guarded = await must('guard event', guard.client.post('/api/access/guard-events', { areaId: area.id, direction: 'in', purpose: h.of('guardPurpose'), personId: worker2Id, reason: h.of('guardReason') }));
  env.clock.advance(10 * MIN); // under the 15-minute idle limit of the sessions used below
  await must('correction', supervisor.client.post('/api/access/corrections', { eventId: guarded.event.id, kind: 'add_exit', occurredAt: new Date(T0 + 5 * MIN).toISOString(), reason: h.of('correction') }));

  // Custody: one asset carried in and left inside, one carried in and out to a hostile destination, one refused scan.
  const asset = async (tag: string): Promise<Asset> =>
    must('asset', a.post('/api/assets', { kind: 'laptop', ownerType: 'contractor', serialNumber: h.of(`${tag}Serial`), description: h.of(`${tag}Description`), hasStorage: false }));
  const [stays, leaves] = [await asset('stays'), await asset('leaves')];
  const approve = async (body: Record<string, unknown>, by: SignedIn) => {
    const r = await must('request', worker.client.post('/api/custody/requests', { responsibleId: supervisor.personId, ...body }));
    await must('submit', worker.client.post(`/api/custody/requests/${r.id}/submit`));
    return must('approve', by.client.post(`/api/custody/requests/${r.id}/approve`, { note: h.of(`approveNote${r.id}`) }));
  };
  await approve(requestBody('carry_in', area.id, [stays, leaves], { purpose: h.of('requestPurpose') }), guard);
  for (const x of [stays, leaves]) await must('carry in', kiosk.post('/api/kiosk/movements', movement(area.id, 'in', tagPayload(x.assetNumber), entry.id)));
  await approve(requestBody('carry_out', area.id, [leaves], { purpose: h.of('carryOutPurpose'), destination: h.of('destination') }), supervisor);
  await must('carry out', kiosk.post('/api/kiosk/movements', movement(area.id, 'out', tagPayload(leaves.assetNumber), entry.id)));
  await must('refused scan', kiosk.post('/api/kiosk/movements', movement(area.id, 'in', h.of('scannedCode'), entry.id)));

  // Disposal with its certificate, and an incident with its report.
  const disposal = await must(
    'disposal',
    worker.client.post('/api/disposal/requests', { items: [{ mediaName: h.of('mediaName'), quantity: 2, serialNumbers: h.of('mediaSerials') }], method: 'shredding', plannedDate: '2026-11-25', vendor: h.of('vendor'), reason: h.of('disposalReason'), siteId: site.id, responsibleId: supervisor.personId }),
  );
  await must('approve disposal', supervisor.client.post(`/api/disposal/requests/${disposal.id}/approve`, { note: h.of('disposalNote') }));
  await must(
    'execute disposal',
    supervisor.client.post(`/api/disposal/requests/${disposal.id}/execution`, {
      executedAt: new Date(env.clock.now()).toISOString(),
      vendor: h.of('executionVendor'),
      responsiblePersonId: sup1Id,
      executorName: h.of('executorName'),
      witnessPersonId: sup2Id,
      certificateNumber: h.of('certificateNumber'),
      serialNumbers: h.of('executionSerials'),
    }),
  );
  const incident = await must(
    'incident',
    guard.client.post('/api/incidents', {
      kind: 'lost_asset',
      title: h.of('incidentTitle'),
      discoveredAt: new Date(env.clock.now()).toISOString(),
      whatLost: h.of('whatLost'),
      quantity: 1,
      location: h.of('location'),
      circumstances: h.of('circumstances'),
      personId: workerId,
      assetId: stays.id,
    }),
  );
  await must('incident update', guard.client.post(`/api/incidents/${incident.id}/updates`, { stage: 'first_report', text: h.of('incidentUpdate') }));
  await must('training', supervisor.client.post(`/api/people/${workerId}/training`, { course: h.of('course'), completedOn: '2026-04-01', note: h.of('trainingNote') }));
  env.clock.advance(MIN);
  return { env, h, admin, supervisor, areaId: area.id, siteId: site.id, workerId, victimId, assetIds: [stays.id, leaves.id], disposalId: disposal.id, incidentId: incident.id, kiosk };
}
