import type { CityColumn } from './custody/types.ts';
/** The shapes the compliance screens read from the API (src/disposal, incidents, training, schedules, anomalies, reports, contract-end). */

export type DisposalMethod = 'physical_destruction' | 'degaussing' | 'overwrite_verified' | 'shredding';
export const DISPOSAL_METHODS: DisposalMethod[] = ['physical_destruction', 'degaussing', 'overwrite_verified', 'shredding'];
export type DisposalStatus = 'submitted' | 'approved' | 'rejected' | 'executed';

export interface DisposalItem {
  id: number;
  assetId: number | null;
  assetNumber: string | null;
  mediaName: string;
  quantity: number;
  serialNumbers: string;
}

export interface DisposalRecord {
  id: number;
  executedAt: string;
  vendor: string;
  responsiblePersonId: number;
  responsiblePersonName: string | null;
  executorName: string;
  method: DisposalMethod;
  serialNumbers: string;
  witnessPersonId: number;
  witnessName: string | null;
  certificateNumber: string;
  journal: { seq: number; hash: string } | null;
}

export interface Disposal {
  id: number;
  requesterId: number;
  requesterName: string | null;
  method: DisposalMethod;
  plannedDate: string;
  vendor: string;
  reason: string;
  status: DisposalStatus;
  decidedByName: string | null;
  decidedAt: string | null;
  rejectReason: string | null;
  createdAt: string;
  site: { id: number; name: string } | null;
  responsible: { id: number; name: string } | null;
  contractorApproved: boolean;
  city: CityColumn;
  items: DisposalItem[];
  record: DisposalRecord | null;
}

export type IncidentKind = 'lost_badge' | 'lost_security_key' | 'lost_asset' | 'overdue_asset' | 'repeated_refusals' | 'unauthorized_entry' | 'other';
export const INCIDENT_KINDS: IncidentKind[] = ['lost_badge', 'lost_security_key', 'lost_asset', 'overdue_asset', 'repeated_refusals', 'unauthorized_entry', 'other'];
export type IncidentStage = 'first_report' | 'detail_report' | 'corrective_plan' | 'corrective_action';
export const INCIDENT_STAGES: IncidentStage[] = ['first_report', 'detail_report', 'corrective_plan', 'corrective_action'];
export type DeadlineState = 'met' | 'late' | 'overdue' | 'pending';

export interface Incident {
  id: number;
  kind: IncidentKind;
  title: string;
  whatLost: string;
  quantity: number | null;
  location: string;
  circumstances: string;
  personId: number | null;
  personName: string | null;
  assetNumber: string | null;
  badgeSerial: number | null;
  openedByName: string | null;
  status: 'open' | 'closed';
  discoveredAt: string;
  closedAt: string | null;
  deadlines: { stage: IncidentStage; dueAt: string; reportedAt: string | null; state: DeadlineState }[];
  overdue: boolean;
  history: { id: number; stage: IncidentStage | 'note' | 'closed'; text: string; personName: string | null; at: string }[];
}

export interface TrainingRecord {
  id: number;
  course: string;
  completedOn: string;
  validUntil: string | null;
  current: boolean;
  note: string;
}

export interface TrainingStatus {
  requiredCourses: string[];
  people: { personId: number; name: string; kana: string; organisationName: string; status: 'untrained' | 'overdue'; gaps: { course: string; status: 'untrained' | 'overdue'; lapsedAfter: string | null }[] }[];
}

export interface Shift {
  id: number;
  personId: number;
  day: string;
  start: string;
  end: string;
  overnight: boolean;
}

export type AnomalyKind = 'outside_schedule' | 'after_hours' | 'rare_area' | 'long_stay' | 'out_of_sequence' | 'repeated_refusals' | 'round_trip_overdue';

export interface AnomalySettings {
  afterHoursStart: string;
  afterHoursEnd: string;
  rareAreaLookbackDays: number;
  rareAreaMaxVisits: number;
  longStayHours: number;
  refusalsThreshold: number;
  refusalsWindowMinutes: number;
  updatedAt: string | null;
  rulesOff: AnomalyKind[];
}

export interface Anomaly {
  id: number;
  kind: AnomalyKind;
  detectedAt: string;
  personName: string | null;
  areaName: string | null;
  detail?: unknown;
  incidentId: number | null;
}

export interface MonthlyReport {
  month: string;
  /** The site the report is for (F4): each section holds its records only. */
  site: { id: number; name: string };
  period: { firstDay: string; lastDay: string; eraFrom: string; eraTo: string; to: string };
  generatedAt: string;
  /** The instant the state figures describe: the period's end, or the moment of reading while the month runs. */
  asOf: string;
  roster: { activePeople: number; sensitiveReads: number };
  access: { entries: number; exits: number; visitorEntries: number; refusals: number; refusalsByReason: Record<string, number>; staysWithoutExit: number; byArea: { areaId: number; areaName: string; entries: number; exits: number; refusals: number; staysWithoutExit: number }[] };
  anomalies: { total: number; byKind: Record<AnomalyKind, number> };
  custody: { carriedIn: number; carriedOut: number; refused: number; decisions: { carry_in: { approved: number; rejected: number }; carry_out: { approved: number; rejected: number } }; onTheSpot: number };
  assets: { inside: number; outside: number; overdue: number };
  training: { activePeople: number; current: number; expired: number; untrained: number; completedInMonth: number };
  incidents: { total: number; openNow: number; byKind: Record<IncidentKind, number> };
  disposals: { total: number };
  journal: { verification: { ok: boolean; count: number; seq?: number; reason?: string }; headSeq: number; headHash: string | null };
}

export interface ReconAsset {
  id: number;
  assetNumber: string;
  kind: string;
  serialNumber: string;
  description: string;
  status: string;
  areaName: string | null;
  custodianName: string | null;
  overdue: boolean;
}

export interface Reconciliation {
  at: string;
  clear: boolean;
  counts: Record<'carriedInNotOut' | 'cityLoanedNotReturned' | 'securityKeysOut' | 'badgesOut' | 'peopleNotOffboarded' | 'openIncidents', number>;
  carriedInNotOut: ReconAsset[];
  loaned: { cityLoaned: ReconAsset[]; securityKeys: ReconAsset[]; badges: { serial: number; personId: number; personName: string; issuedAt: string; active: boolean }[] };
  people: { id: number; name: string; kana: string; organisationName: string; status: string }[];
  openIncidents: { id: number; kind: IncidentKind; title: string; discoveredAt: string; location: string }[];
}

export interface ExportPackage {
  name: string;
  kind: string;
  generatedAt: string;
  range: { from: string; to: string } | null;
  files: number;
  bytes: number;
  journal: { headSeq: number; headHash: string | null } | null;
}

export interface PackageManifest {
  files: { path: string; bytes: number; sha256: string }[];
}

export interface OffboardingView {
  person: { id: number; name: string; kana: string; status: string };
  assets: { id: number; assetNumber: string; kind: string; description: string; serialNumber: string; status: string }[];
  loanedItems: ({ type: 'badge'; serial: number; issuedAt: string; status: string } | { type: 'security_key'; asset: { id: number; assetNumber: string; serialNumber: string } })[];
  outstanding: number;
  cleared: boolean;
}
