import { randomUUID } from 'node:crypto';
import { T0 } from '../../support/harness.ts';
import { requestBody } from '../../support/custody.ts';
import { DAY, MONTH, tagOf, type FuzzWorld } from './world.ts';

const b64 = (s: string) => Buffer.from(s).toString('base64url');
const at = (ms: number) => new Date(ms).toISOString();

/** Shaped like a WebAuthn response, signed by nobody: it passes the schema and fails verification. */
function fakeAssertion() {
  return {
    id: 'AAAAAAAAAAAAAAAAAAAAAA',
    rawId: 'AAAAAAAAAAAAAAAAAAAAAA',
    type: 'public-key',
    response: { clientDataJSON: b64(JSON.stringify({ type: 'webauthn.get', challenge: 'AAAA', origin: 'http://localhost:3000' })), authenticatorData: 'AAAA', signature: 'AAAA' },
    clientExtensionResults: {},
  };
}

function fakeAttestation() {
  return {
    id: 'AAAAAAAAAAAAAAAAAAAAAA',
    rawId: 'AAAAAAAAAAAAAAAAAAAAAA',
    type: 'public-key',
    response: { clientDataJSON: b64(JSON.stringify({ type: 'webauthn.create', challenge: 'AAAA', origin: 'http://localhost:3000' })), attestationObject: 'AAAA' },
    clientExtensionResults: {},
  };
}

/**
 * A body each mutating route accepts (or nearly: the WebAuthn ones carry no real signature), built on
 * the world's ids. The fuzz breaks one part of it at a time; the CSRF test sends it whole.
 */
/** A contract with every field a document prints (src/contract/schemas.ts). */
function contractBody(siteIds: number[]) {
  return {
    name: '庁舎保守業務',
    periodFrom: '2026-04-01',
    periodTo: '2027-03-31',
    contractor: { company: '株式会社テスト', address: '新潟市中央区1-1', representativeTitle: '代表取締役', representativeName: '代表 太郎' },
    addressee: { section: '総務部', title: '新潟市長', name: '' },
    approverSections: ['情報政策課'],
    siteIds,
  };
}

export function bodyTemplate(w: FuzzWorld, route: string): unknown {
  const general = w.site.general.id;
  const token = 'A'.repeat(43);
  const templates: Record<string, () => unknown> = {
    'POST /api/auth/registration/options': () => ({ token, credentialName: 'キー' }),
    'POST /api/auth/registration/verify': () => ({ token, response: fakeAttestation() }),
    'POST /api/auth/login/verify': () => ({ response: fakeAssertion() }),
    'PATCH /api/passkeys/:credentialId': () => ({ name: '予備キー' }),
    'POST /api/organisations': () => ({ name: `協力会社${randomUUID().slice(0, 8)}`, kana: 'きょうりょくがいしゃ' }),
    'PATCH /api/organisations/:id': () => ({ kana: 'かぶしきがいしゃてすと' }),
    'POST /api/people': () => ({ name: '新規 太郎', kana: 'しんき たろう', organisationId: 1, roles: ['worker'], contact: '090-0000-0000' }),
    'PATCH /api/people/:id': () => ({ position: '主任', duties: '保守' }),
    'POST /api/people/:id/suspend': () => ({ reason: '契約期間の中断' }),
    'POST /api/people/:id/reactivate': () => ({ reason: '再開', approvalRef: '承認第12号' }),
    'POST /api/sites': () => ({ name: `別館${randomUUID().slice(0, 8)}`, address: '北区1-1' }),
    'PATCH /api/sites/:id': () => ({ address: '北区2-2' }),
    'POST /api/areas': () => ({ siteId: w.site.siteId, name: `室${randomUUID().slice(0, 8)}`, securityLevel: 'general', purposes: ['点検'] }),
    'PATCH /api/areas/:id': () => ({ outOfSequence: 'flag' }),
    'POST /api/authorizations': () => ({ personId: w.victim.id, areaId: w.otherAreaId, validFrom: '2026-11-01T00:00:00+09:00', note: '臨時' }),
    'POST /api/authorizations/:id/revoke': () => ({ reason: '担当変更' }),
    'POST /api/kiosks': () => ({ name: '裏口タブレット', areaIds: [general] }),
    'POST /api/kiosk/enrol': () => ({ code: 'ABCDE-FGHIJ' }),
    'POST /api/kiosk/events': () => ({ ...badgeIn(w), idempotencyKey: randomUUID() }),
    'POST /api/kiosk/identify/badge': () => ({ idempotencyKey: randomUUID(), areaId: general, direction: 'in', payload: w.worker.badge }),
    'POST /api/access/guard-events': () => ({ areaId: general, direction: 'in', purpose: '点検', personId: w.victim.id, reason: '名札忘れ' }),
    'POST /api/visitors': () => ({ name: '来訪 次郎', affiliation: '株式会社来訪', purpose: '打合せ', idType: 'passport', escortPersonId: w.guard.personId, siteId: w.site.siteId }),
    'POST /api/visitors/:id/events': () => ({ areaId: general, direction: 'in' }),
    'POST /api/badges/:serial/revoke': () => ({ reason: 'lost', note: '通勤中' }),
    'POST /api/assets': () => ({ kind: 'usb_memory', ownerType: 'contractor', serialNumber: 'SN-1', description: '予備' }),
    'POST /api/assets/import': () => ({ csv: 'kind,owner_type,serial_number\r\nusb_memory,contractor,SN-2\r\n' }),
    'PATCH /api/assets/:id': () => ({ serialNumber: 'SN-9', description: '更新' }),
    'POST /api/assets/:id/status': () => ({ status: 'lost', note: '紛失届' }),
    'POST /api/areas/:id/ledger/:date/signoff': () => ({ response: fakeAssertion() }),
    'POST /api/areas/:id/custody-ledger/:date/signoff': () => ({ response: fakeAssertion() }),
    'POST /api/custody/requests': () => requestBody('carry_in', general, [w.asset]),
    'PUT /api/city/policies/:id': () => ({ carryIn: true, carryOut: true, disposal: true, networkConnection: true, productionData: true, responsibleDistinct: true }),
    'POST /api/city/custody-requests/:id/permit': () => ({ response: fakeAssertion() }),
    'POST /api/city/disposal-requests/:id/permit': () => ({ response: fakeAssertion() }),
    'POST /api/city/custody-requests/:id/refuse': () => ({ reason: '計画書が未提出' }),
    'POST /api/city/disposal-requests/:id/refuse': () => ({ reason: '計画書が未提出' }),
    'POST /api/city/custody-requests/:id/paper': () => ({ permitReference: '新市情第1号', permitDate: '2026-11-19', officialName: '新潟 太郎', officialSection: '情報政策課' }),
    'POST /api/city/disposal-requests/:id/paper': () => ({ permitReference: '新市情第2号', permitDate: '2026-11-19', officialName: '新潟 太郎', officialSection: '情報政策課' }),
    'POST /api/city/asset-networks/:id/permit': () => ({ response: fakeAssertion() }),
    'POST /api/city/asset-networks/:id/refuse': () => ({ reason: '接続計画が未提出' }),
    'POST /api/city/asset-networks/:id/paper': () => ({ permitReference: '新市情第3号', permitDate: '2026-11-19', officialName: '新潟 太郎', officialSection: '情報政策課' }),
    'POST /api/city/asset-networks/:id/request': () => ({ responsibleId: w.admin.personId, purpose: '保守' }),
    'POST /api/city/production-data': () => ({ areaId: general, data: '本番データ', purpose: '移行', periodFrom: '2026-11-20', periodTo: '2026-11-21', responsibleId: w.admin.personId }),
    'POST /api/city/production-data/:id/permit': () => ({ response: fakeAssertion() }),
    'POST /api/city/production-data/:id/refuse': () => ({ reason: '匿名化すること' }),
    'POST /api/city/production-data/:id/paper': () => ({ permitReference: '新市情第4号', permitDate: '2026-11-19', officialName: '新潟 太郎', officialSection: '情報政策課' }),
    'POST /api/city/staff': () => ({ name: '新潟 二郎', kana: 'にいがた じろう', position: '主査', siteIds: [w.site.siteId] }),
    'POST /api/city/staff/:id/disable': () => ({ reason: '異動' }),
    'POST /api/city/permissions/:id/confirm/options': () => ({ note: '原本確認' }),
    'POST /api/city/permissions/:id/dispute/options': () => ({ note: '発行していない' }),
    'POST /api/city/permissions/:id/confirm': () => ({ response: fakeAssertion() }),
    'POST /api/city/permissions/:id/dispute': () => ({ response: fakeAssertion() }),
    'POST /api/contracts': () => contractBody([]),
    'PUT /api/contracts/:id': () => contractBody([]),
    'PATCH /api/custody/requests/:id': () => ({ purpose: '障害対応', windowTo: at(T0 + 6 * 3_600_000) }),
    'POST /api/custody/requests/:id/approve': () => ({ note: '確認済み' }),
    'POST /api/custody/requests/:id/reject': () => ({ reason: '不要' }),
    'POST /api/kiosk/approvals/options': () => ({ requestId: w.submittedRequestId }),
    'POST /api/kiosk/approvals': () => ({ requestId: w.submittedRequestId, response: fakeAssertion() }),
    'POST /api/kiosk/movements': () => ({ idempotencyKey: randomUUID(), areaId: general, direction: 'in', scannedCode: tagOf(w.asset), accessEventId: w.entryEventId }),
    'POST /api/kiosk/visits/:entryEventId/confirmations': () => ({ answers: [{ assetId: w.asset.id, answer: 'left_on_purpose' }] }),
    'POST /api/access/corrections': () => ({ eventId: w.entryEventId, kind: 'add_exit', occurredAt: at(T0 + 60_000), reason: '退室記録漏れ' }),
    'POST /api/disposal/requests': () => ({ items: [{ mediaName: '紙の記録', quantity: 3, serialNumbers: 'A-1' }], method: 'shredding', plannedDate: '2026-11-25', vendor: '株式会社裁断', reason: '保存期間満了', siteId: w.site.siteId, responsibleId: w.admin.personId }),
    'POST /api/disposal/requests/:id/approve': () => ({ note: '承認' }),
    'POST /api/disposal/requests/:id/reject': () => ({ reason: '保存期間内' }),
    'POST /api/disposal/requests/:id/execution': () => ({
      executedAt: at(T0),
      vendor: '株式会社裁断',
      responsiblePersonId: w.supervisor.personId,
      executorName: '裁断 作業員',
      witnessPersonId: w.supervisor2.personId,
      certificateNumber: 'S-1',
    }),
    'POST /api/people/:id/offboard': () => ({ reason: '契約終了', approvalRef: '承認第3号' }),
    'POST /api/people/:id/offboarding/badges/:serial': () => ({ outcome: 'returned', note: '回収' }),
    'POST /api/people/:id/offboarding/assets/:assetId': () => ({ outcome: 'lost', location: '駅', circumstances: '通勤中に紛失' }),
    'POST /api/people/:id/training': () => ({ course: '情報セキュリティ研修', completedOn: '2026-04-01', validUntil: '2027-03-31' }),
    'PUT /api/areas/:id/training-policy': () => ({ requiredCourse: '入室前研修' }),
    'POST /api/incidents': () => ({ kind: 'lost_asset', title: '紛失', discoveredAt: at(T0), whatLost: 'USB', quantity: 1, location: '会議室', circumstances: '置き忘れ' }),
    'POST /api/incidents/:id/updates': () => ({ stage: 'first_report', text: '市へ第一報' }),
    'POST /api/incidents/:id/close': () => ({ note: '解決' }),
    'PUT /api/people/:id/schedules/:month': () => ({ shifts: [{ day: DAY, start: '09:00', end: '17:30' }, { day: `${MONTH}-21`, start: '22:00', end: '06:00' }] }),
    'POST /api/schedules/import': () => ({ csv: `person_id,day,start,end\r\n${w.victim.id},${DAY},09:00,17:00\r\n` }),
    'PATCH /api/anomaly-settings': () => ({ longStayHours: 12, afterHoursStart: '22:00' }),
    'POST /api/exports/evidence': () => ({ from: DAY, to: DAY }),
    'POST /api/submissions': () => ({ kind: 'daily_ledger', areaId: w.otherAreaId, date: DAY }),
    'POST /api/submissions/:id/receipt': () => ({ response: fakeAssertion() }),
    'POST /api/submissions/:id/return': () => ({ comment: '記載漏れがあります' }),
  };
  return templates[route]?.() ?? {};
}

/** Other shapes a route accepts (another identification, the optional parts filled in): the fuzz breaks these too. */
export function bodyTemplates(w: FuzzWorld, route: string): unknown[] {
  const general = w.site.general.id;
  const extra: Record<string, () => unknown[]> = {
    'POST /api/kiosk/events': () => [
      { idempotencyKey: randomUUID(), areaId: general, direction: 'in', purpose: '保守', identification: { method: 'passkey', response: fakeAssertion() } },
      { ...badgeIn(w), direction: 'out', purpose: '', deviceAt: at(T0 - 60_000) },
    ],
    'POST /api/kiosk/identify/badge': () => [{ idempotencyKey: randomUUID(), areaId: general, payload: 'LDG1.1.1.forged' }],
    'POST /api/people': () => [
      { name: '期間 花子', kana: 'きかん はなこ', organisationId: 1, roles: ['worker', 'guard'], position: '主任', duties: '点検', expertise: 'ネットワーク', nationality: '日本', validFrom: at(T0), validTo: at(T0 + 86_400_000), approvalRef: '承認第1号' },
    ],
    'PATCH /api/areas/:id': () => [{ name: '執務室', securityLevel: 'general', acceptedMethods: ['badge', 'passkey', 'guard'], twoPersonRule: false, carryInApproval: true, lastPersonOutRule: false, outOfSequence: 'flag', purposes: ['定常作業', '点検'] }],
    'POST /api/custody/requests': () => [
      requestBody('carry_out', general, [w.asset], {
        carrierId: w.worker.id,
        expectedReturnAt: at(T0 + 48 * 3_600_000),
        protection: { encryption: true, lockedCase: true, note: '施錠ケース' },
        repair: { erasure: '消去済み', ndaReference: 'NDA-1' },
        items: [{ assetId: w.asset.id, fixedEquipment: true, scan: { date: at(T0 - 3_600_000), tool: '検査', definitionsDate: '2026-11-19', result: 'clean' } }],
      }),
    ],
    'POST /api/disposal/requests': () => [{ items: [{ assetId: w.heldAsset.id }, { mediaName: '光ディスク', quantity: 5, serialNumbers: 'D-1\nD-2' }], method: 'degaussing', plannedDate: '2026-12-01', vendor: '株式会社消磁', siteId: w.site.siteId, responsibleId: w.admin.personId }],
    'POST /api/kiosk/visits/:entryEventId/confirmations': () => [{ answers: [{ assetId: w.asset.id, answer: 'carried_out', movementId: 1 }] }],
    'POST /api/access/corrections': () => [{ eventId: w.entryEventId, kind: 'void', reason: '誤記録' }],
    'POST /api/assets/import': () => [
      {
        csv: 'asset_number,kind,owner_type,serial_number,description,classification,has_storage,network_approved,fixed,custodian_id\r\nIMP-1,laptop,city_loaned,SN,"説明, 引用符""あり""",important,はい,no,0,1\r\n',
      },
    ],
    'POST /api/people/:id/offboarding/assets/:assetId': () => [{ outcome: 'returned', note: '返却', discoveredAt: at(T0) }],
  };
  return [bodyTemplate(w, route), ...(extra[route]?.() ?? [])];
}

export function badgeIn(w: FuzzWorld) {
  return { idempotencyKey: randomUUID(), areaId: w.site.general.id, direction: 'in', purpose: '定常作業', identification: { method: 'badge', payload: w.worker.badge } };
}
