import type { DailyLedger } from '../types.ts';

/** The shapes the console reads from src/assets and src/custody (assetView, requestView, custody views). */
export type AssetKind = 'laptop' | 'desktop' | 'tablet' | 'smartphone' | 'usb_memory' | 'external_disk' | 'optical_media' | 'paper_document' | 'security_key' | 'other';
export type OwnerType = 'city_loaned' | 'contractor' | 'personal';
export type Classification = 'city_information' | 'important' | 'none';
export type AssetStatus = 'registered' | 'inside' | 'outside' | 'on_loan' | 'lost' | 'disposed' | 'returned';
export type RequestStatus = 'draft' | 'submitted' | 'approved' | 'rejected' | 'expired' | 'completed' | 'withdrawn';
export type RequestKind = 'carry_in' | 'carry_out';

export interface AssetView {
  id: number;
  assetNumber: string;
  tag: string;
  kind: AssetKind;
  ownerType: OwnerType;
  serialNumber: string;
  description: string;
  classification: Classification;
  hasStorage: boolean;
  networkApproved: boolean;
  fixed: boolean;
  custodianId: number | null;
  locationAreaId: number | null;
  status: AssetStatus;
  expectedReturnAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** 甲's state of a device's network connection, on the registry's rows (C7, F1). */
export interface RegistryAsset extends AssetView {
  networkCity: CityState;
}

/** A device's connection to the city's network: 乙の承認 (the flag) beside 甲の許可 at its site (第9条2). */
export interface NetworkColumn {
  assetId: number;
  site: { id: number; name: string } | null;
  closed: string | null;
  /** The contractor's ask to connect at this site, naming the 責任者 (F2). */
  request: { id: number; responsible: { id: number; name: string }; purpose: string; requestedBy: { id: number; name: string }; at: string } | null;
  contractor: { approved: boolean };
  city: CityColumn;
  digest: string | null;
}

export interface CustodyAsset extends AssetView {
  custodianName: string | null;
  overdue: boolean;
  /** Inside on a round trip (持込（当日持出）): when it is due out, and whether that has passed. */
  roundTrip?: { requestId: number; dueOutAt: string; overdue: boolean } | null;
}

export interface ScanRecord {
  date: string;
  tool: string;
  definitionsDate: string;
  result: 'clean' | 'infected' | 'failed';
}

export interface RequestView {
  id: number;
  kind: RequestKind;
  status: RequestStatus;
  requester: { id: number; name: string };
  carrier: { id: number; name: string };
  responsible: { id: number; name: string } | null;
  area: { id: number; name: string; securityLevel: 'general' | 'secure' };
  purpose: string;
  windowFrom: string;
  windowTo: string;
  destination: string;
  expectedReturnAt: string | null;
  protection: { encryption: boolean; lockedCase: boolean; note: string } | null;
  repair: { erasure: string; ndaReference: string } | null;
  /** 持込（当日持出）: the items leave again within the window under the same approval. */
  roundTrip: boolean;
  rejectReason: string | null;
  items: {
    assetId: number;
    assetNumber: string;
    tag: string;
    kind: AssetKind;
    ownerType: OwnerType;
    classification: Classification;
    hasStorage: boolean;
    fixed: boolean;
    scan: ScanRecord | null;
    moved: boolean;
    movementId: number | null;
    /** A round trip's carry-out, once made. */
    returnMovementId: number | null;
  }[];
  approvals: { approverId: number; approverName: string; decision: 'approved' | 'rejected'; onTheSpot: boolean; kioskId: number | null; reason: string; at: string }[];
  approvalsNeeded: number;
  approvalsGiven: number;
  city: CityColumn;
  createdAt: string;
  submittedAt: string | null;
  decidedAt: string | null;
}

export interface MovementView {
  id: number;
  assetId: number | null;
  scannedCode: string;
  requestId: number | null;
  areaId: number;
  direction: 'in' | 'out';
  result: 'accepted' | 'refused';
  refusalReason: string | null;
  personId: number;
  kioskId: number;
  occurredAt: string;
}

export interface AssetHistory {
  asset: CustodyAsset;
  requests: RequestView[];
  movements: MovementView[];
  journal: { seq: number; at: string; action: string; actorName: string | null; entityType: string; entityId: string }[];
}

export interface RequestChoices {
  found: AssetView | null;
  areas: { id: number; name: string; siteId: number; siteName: string; securityLevel: 'general' | 'secure' }[];
  assets: AssetView[];
  responsibles: { id: number; name: string }[];
}

/** 甲's decision on a request (src/city/state.ts). */
export interface CityPermissionView {
  id: number;
  subjectType: 'custody_request' | 'disposal_request' | 'asset_network' | 'production_data';
  /** On 甲's pending list, a device's paper permission names the device. */
  assetNumber?: string | null;
  subjectId: number;
  siteId: number;
  decision: 'permitted' | 'refused';
  channel: 'system' | 'paper';
  recordedBy: { id: number; name: string };
  reason: string;
  paper: { permitReference: string; permitDate: string; officialName: string; officialSection: string } | null;
  review: 'confirmed' | 'disputed' | null;
  reviewedBy: { id: number; name: string } | null;
  reviewedAt: string | null;
  /** Set when 甲 confirmed or disputed with a passkey (what the signature covers). */
  reviewDigest?: string | null;
  reviewNote: string | null;
  counts: boolean;
  at: string;
}

export type CityState = 'not_required' | 'awaiting' | 'permitted' | 'paper' | 'refused';

/** 甲's column beside the contractor's approvals (F1). */
export interface CityColumn {
  required: boolean;
  state: CityState;
  permissions: CityPermissionView[];
}

export interface CustodyLedgerRow {
  assetId: number;
  assetNumber: string;
  kind: AssetKind;
  ownerType: OwnerType;
  classification: Classification;
  carriedInAt: string | null;
  carriedOutAt: string | null;
  carriers: string[];
  requestIds: number[];
  approvers: { name: string; onTheSpot: boolean }[];
  responsibles: string[];
  cityPermissions: string[];
  destination: string;
  expectedReturnAt: string | null;
  roundTrip?: true;
  keyedIn?: { direction: 'in' | 'out'; confirmedBy: string }[];
}

export interface CustodyLedger extends Pick<DailyLedger, 'area' | 'day' | 'eraDay' | 'digest' | 'signoff' | 'generatedAt'> {
  rows: CustodyLedgerRow[];
  refusals: { movementId: number; at: string; direction: 'in' | 'out'; assetNumber: string | null; scannedCode: string; name: string; reason: string | null; requestId: number | null; keyedIn?: true }[];
  totals: { carriedIn: number; carriedOut: number; refusals: number };
}
