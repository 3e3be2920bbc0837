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
  areas: { id: number; name: string; siteName: string; securityLevel: 'general' | 'secure' }[];
  assets: AssetView[];
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
