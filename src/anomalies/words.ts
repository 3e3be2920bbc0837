import type { ANOMALY_KINDS } from '../db/schema/compliance.ts';

export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

/** The plain Japanese for each anomaly (B7), on reports and on the daily ledger's remarks. */
export const ANOMALY_WORDS: Record<AnomalyKind, string> = {
  outside_schedule: '勤務予定外の入室',
  after_hours: '時間外の入室',
  rare_area: '通常利用しない区域への入室',
  long_stay: '長時間の在室',
  out_of_sequence: '入退室の順序不整合',
  repeated_refusals: '入室拒否の繰り返し',
  round_trip_overdue: '当日持出の機器が区域内に残存',
};
