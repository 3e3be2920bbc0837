import type { ApiJson } from './types.ts';
import { everyOf } from './every-of.ts';

/** The shapes the compliance screens read from the API (src/disposal, incidents, training, schedules, anomalies, reports, contract-end), as the server's routes type them. */

export type Disposal = ApiJson<'/api/disposal/requests/:id'>;
export type DisposalItem = Disposal['items'][number];
export type DisposalRecord = NonNullable<Disposal['record']>;
export type DisposalMethod = Disposal['method'];
export type DisposalStatus = Disposal['status'];
/** The methods offered in the form: every method the server accepts (the check fails when one is added there). */
export const DISPOSAL_METHODS = everyOf<DisposalMethod>()(['physical_destruction', 'degaussing', 'overwrite_verified', 'shredding']);

export type Incident = ApiJson<'/api/incidents/:id'>;
export type IncidentKind = Incident['kind'];
export const INCIDENT_KINDS = everyOf<IncidentKind>()(['lost_badge', 'lost_security_key', 'lost_asset', 'overdue_asset', 'repeated_refusals', 'unauthorized_entry', 'other']);
export type IncidentStage = Incident['deadlines'][number]['stage'];
export const INCIDENT_STAGES = everyOf<IncidentStage>()(['first_report', 'detail_report', 'corrective_plan', 'corrective_action']);
export type DeadlineState = Incident['deadlines'][number]['state'];

export type TrainingRecord = ApiJson<'/api/people/:id/training'>['records'][number];
export type TrainingStatus = ApiJson<'/api/training/status'>;

export type Shift = ApiJson<'/api/schedules'>['shifts'][number];

export type AnomalySettings = ApiJson<'/api/anomaly-settings'>;
export type Anomaly = ApiJson<'/api/anomalies'>['anomalies'][number];
export type AnomalyKind = Anomaly['kind'];

export type MonthlyReport = ApiJson<'/api/reports/monthly'>;

export type Reconciliation = ApiJson<'/api/contract-end/reconciliation'>;
export type ReconAsset = Reconciliation['carriedInNotOut'][number];

export type ExportPackage = ApiJson<'/api/exports'>['packages'][number];
/** A package's manifest.json, as the server writes it (served as a file, not by c.json). */
export type { PackageManifest } from '../../../src/http/api-types.ts';

export type OffboardingView = ApiJson<'/api/people/:id/offboarding'>;
