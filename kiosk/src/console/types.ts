import type { Role } from './session.ts';

/** The shapes the console reads from the API (src/*\/service.ts views). */
export interface Organisation {
  id: number;
  name: string;
  kana: string;
}

export type PersonStatus = 'active' | 'suspended' | 'offboarded';

export interface Person {
  id: number;
  name: string;
  kana: string;
  organisationId: number;
  organisationName: string;
  position: string;
  duties: string;
  expertise: string;
  roles: Role[];
  /** The sites this person's roles reach; null: every site (F4). */
  siteIds: number[] | null;
  validFrom: string | null;
  validTo: string | null;
  status: PersonStatus;
  contact?: string;
  nationality?: string;
}

export interface Site {
  id: number;
  name: string;
  address: string;
  /** The contract the site is worked under (null: none yet). */
  contractId?: number | null;
}

/** A contract: what every document's header prints (GET /api/contracts). */
export interface Contract {
  id: number;
  name: string;
  periodFrom: string;
  periodTo: string;
  contractor: { company: string; address: string; representativeTitle: string; representativeName: string };
  addressee: { section: string; title: string; name: string };
  approverSections: string[];
  sites: { id: number; name: string }[];
}

export type IdMethod = 'passkey' | 'badge' | 'guard';
/** How an event came to be recorded: an identification method, or `paper` (事後記録, transcribed later). */
export type EventMethod = IdMethod | 'paper';

export interface Area {
  id: number;
  siteId: number;
  name: string;
  securityLevel: 'general' | 'secure';
  acceptedMethods: IdMethod[];
  twoPersonRule: boolean;
  carryInApproval: boolean;
  lastPersonOutRule: boolean;
  outOfSequence: 'flag' | 'refuse';
  purposes: string[];
}

export interface Authorization {
  id: number;
  personId: number;
  areaId: number;
  validFrom: string;
  validTo: string | null;
  note: string;
  revokedAt: string | null;
}

export interface Kiosk {
  id: number;
  name: string;
  areaIds: number[];
  status: 'revoked' | 'enrolled' | 'awaiting_enrolment';
  enrolledAt: string | null;
  lastSeenAt: string | null;
  revokedAt: string | null;
  createdAt: string;
  /** What the kiosk last reported of its unsent queue and its build (issue 19). */
  queue: { size: number | null; oldestAt: string | null };
  appVersion: string | null;
  /** Sources this kiosk makes wait after repeated bad scans. */
  throttles: { kind: 'badge' | 'person' | 'unidentified'; badgeSerial: number | null; throttledUntil: string }[];
}

export interface Badge {
  serial: number;
  personId: number;
  issuedAt: string;
  revokedAt: string | null;
  revokeReason: 'lost' | 'replaced' | 'returned' | 'offboarded' | null;
  status: 'active' | 'revoked';
}

export interface Passkey {
  id: string;
  personId: number;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  status: 'active' | 'revoked' | 'locked';
}

export interface InsideRow {
  areaId: number;
  areaName: string;
  personId: number | null;
  visitorId: number | null;
  name: string;
  kana: string | null;
  affiliation: string;
  escortPersonId: number | null;
  enteredAt: string;
  kind: 'person' | 'visitor';
  /** Entered before today (in the server's time zone): flagged at a muster. */
  sinceEarlierDay: boolean;
  /** The entry was transcribed from a paper sheet (事後記録, B12). */
  paperRecord?: boolean;
}

export type IdType = 'drivers_license' | 'my_number_card' | 'passport' | 'residence_card' | 'employee_id' | 'other';

export interface Visitor {
  id: number;
  name: string;
  affiliation: string;
  purpose: string;
  idType: IdType;
  escortPersonId: number;
  siteId: number;
  registeredAt: string;
  signedOutAt: string | null;
  status: 'on_site' | 'signed_out';
}

export interface AccessEvent {
  id: number;
  areaId: number;
  direction: 'in' | 'out';
  result: 'accepted' | 'refused';
  refusalReason: string | null;
  flags: string[];
  nameSnapshot: string | null;
  occurredAt: string;
}

export interface AccessOutcome {
  event: AccessEvent;
  warnings: { code: 'last_person_out' | 'alone_in_two_person_area' | 'out_of_sequence'; detail?: string }[];
  replayed: boolean;
}

export interface JournalEntry {
  seq: number;
  at: string;
  actorType: 'person' | 'kiosk' | 'system';
  actorId: string | null;
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string;
  requestId: string | null;
  hash: string;
  data: unknown;
}

export type VerifyResult =
  | { ok: true; count: number; headSeq: number; headHash: string }
  | { ok: false; count: number; seq: number; reason: string; message: string; table?: string; id?: string };

export interface StayRow {
  kind: 'person' | 'visitor';
  personId: number | null;
  visitorId: number | null;
  name: string;
  kana: string | null;
  affiliation: string;
  escortName: string | null;
  purpose: string;
  entryAt: string | null;
  exitAt: string | null;
  entryMethod: EventMethod | null;
  exitMethod: EventMethod | null;
  flags: string[];
  entryEventId: number | null;
  exitEventId: number | null;
  missingExit: boolean;
  corrected: boolean;
  correctionReason: string | null;
  /** The stay's halves transcribed from a paper sheet, each with the time it was entered (B12). */
  paper?: PaperNote[];
  /** The area, on the site's daily record (B13). */
  area?: { id: number; name: string };
}

export interface PaperNote {
  direction: 'in' | 'out';
  recordedAt: string;
  recordedById: number | null;
  recordedByName: string | null;
  sheet: string;
  reason: string;
}

export interface RefusalRow {
  /** The area, on the site's daily record (B13). */
  area?: { id: number; name: string };
  eventId: number;
  at: string;
  direction: 'in' | 'out';
  name: string;
  affiliation: string;
  method: EventMethod;
  refusalReason: string | null;
  note: string;
}

export interface DailyLedger {
  area: { id: number; name: string; site: { id: number; name: string } };
  day: string;
  eraDay: string;
  stays: StayRow[];
  refusals: RefusalRow[];
  totals: { stays: number; entries: number; exits: number; missingExits: number; refusals: number };
  digest: string;
  signoff: {
    id: number;
    personId: number;
    personName: string;
    signedAt: string;
    digest: string;
    superseded: boolean;
    supersededAt: string | null;
    digestMatches: boolean;
  } | null;
  generatedAt: string;
}

/** A site's daily 入退室管理簿 (B13): every managed area's stays in time order, each naming its area. */
export interface SiteLedger extends Omit<DailyLedger, 'area'> {
  site: { id: number; name: string };
  areas: { id: number; name: string }[];
}
