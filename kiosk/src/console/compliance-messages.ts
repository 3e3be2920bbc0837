import type { Msg } from '../shared/i18n.ts';

/** Labels for the compliance features' codes, in both languages (the server's own words are in src/*\/words.ts). */
export const DISPOSAL_METHOD_LABEL: Record<string, Msg> = {
  physical_destruction: { ja: '物理的破壊', en: 'Physical destruction' },
  degaussing: { ja: '磁気消去（消磁）', en: 'Degaussing' },
  overwrite_verified: { ja: '上書き消去（消去の検証あり）', en: 'Overwrite with verification' },
  shredding: { ja: '裁断（シュレッダー）', en: 'Shredding' },
};

export const DISPOSAL_STATUS_LABEL: Record<string, Msg> = {
  submitted: { ja: '承認待ち', en: 'Awaiting approval' },
  approved: { ja: '承認済み（未実施）', en: 'Approved (not yet done)' },
  rejected: { ja: '却下', en: 'Rejected' },
  executed: { ja: '廃棄済み', en: 'Disposed of' },
};

export const INCIDENT_KIND_LABEL: Record<string, Msg> = {
  lost_badge: { ja: '名札（バッジ）の紛失', en: 'Lost badge' },
  lost_security_key: { ja: 'セキュリティキー・ICカードの紛失', en: 'Lost security key' },
  lost_asset: { ja: '機器・媒体の紛失', en: 'Lost equipment or media' },
  overdue_asset: { ja: '持出機器の返却遅延', en: 'Asset overdue' },
  repeated_refusals: { ja: '入室拒否の繰り返し', en: 'Repeated refusals' },
  unauthorized_entry: { ja: '不正入室（の試み）', en: 'Unauthorized entry (attempt)' },
  other: { ja: 'その他', en: 'Other' },
};

export const STAGE_LABEL: Record<string, Msg> = {
  first_report: { ja: '第一報（1時間以内）', en: 'First report (1 h)' },
  detail_report: { ja: '詳細報告（8時間以内）', en: 'Details (8 h)' },
  corrective_plan: { ja: '是正処置案（24時間以内）', en: 'Corrective plan (24 h)' },
  corrective_action: { ja: '是正措置の実施報告（48時間以内）', en: 'Corrective action (48 h)' },
  note: { ja: '記録', en: 'Note' },
  closed: { ja: '終結', en: 'Closed' },
};

export const DEADLINE_STATE_LABEL: Record<string, Msg> = {
  met: { ja: '期限内に報告', en: 'Reported in time' },
  late: { ja: '期限後に報告', en: 'Reported late' },
  overdue: { ja: '期限超過・未報告', en: 'Overdue' },
  pending: { ja: '未報告（期限前）', en: 'Due' },
};

export const INCIDENT_STATUS_LABEL: Record<string, Msg> = {
  open: { ja: '対応中', en: 'Open' },
  closed: { ja: '終結', en: 'Closed' },
};

export const ANOMALY_LABEL: Record<string, Msg> = {
  outside_schedule: { ja: '勤務予定外の入室', en: 'Entry outside the schedule' },
  after_hours: { ja: '時間外の入室', en: 'After-hours entry' },
  rare_area: { ja: '通常利用しない区域への入室', en: 'An area rarely used' },
  long_stay: { ja: '長時間の在室', en: 'Long stay' },
  out_of_sequence: { ja: '入退室の順序不整合', en: 'Out of sequence' },
  repeated_refusals: { ja: '入室拒否の繰り返し', en: 'Repeated refusals' },
  round_trip_overdue: { ja: '当日持出の機器が区域内に残存', en: 'Round-trip item still inside' },
};

export const TRAINING_STATUS_LABEL: Record<string, Msg> = {
  untrained: { ja: '未受講', en: 'Untrained' },
  overdue: { ja: '期限切れ', en: 'Overdue' },
};

/** The compliance routes' field messages (the server answers in English). */
export const COMPLIANCE_SERVER_MESSAGES: [RegExp, Msg][] = [
  [/^the witness must be someone other than the person who carried out the disposal$/, { ja: '立会人は作業者（廃棄を実施した人）以外の人にしてください', en: 'The witness must be someone other than the person who carried out the disposal' }],
  [/^the witness must be someone other than the responsible person$/, { ja: '立会人は作業責任者以外の人にしてください', en: 'The witness must be someone other than the responsible person' }],
  [/^is in the future$/, { ja: '未来の日時は指定できません', en: 'Is in the future' }],
  [/^is in the past$/, { ja: '過去の日付は指定できません', en: 'Is in the past' }],
  [/^is before the request was approved/, { ja: '申請の承認より前の日時です', en: 'Is before the request was approved' }],
  [/^(\S+) is already in disposal request (\d+)$/, { ja: '{1} はすでに廃棄申請 No.{2} に含まれています', en: '{1} is already in disposal request No. {2}' }],
  [/^(\S+) is a personal device: not disposed of through the ledger$/, { ja: '{1} は私物のため、この台帳では廃棄できません', en: '{1} is a personal device: not disposed of through the ledger' }],
  [/^this asset is already listed$/, { ja: 'この資産はすでに一覧にあります', en: 'This asset is already listed' }],
  [/^at least one item$/, { ja: '品目を一つ以上入力してください', en: 'At least one item' }],
  [/^required for media that are not a registered asset/, { ja: '媒体名を入力するか、登録済みの資産を選んでください', en: 'Name the media, or choose a registered asset' }],
  [/^required: how the item was lost$/, { ja: '紛失の状況を入力してください', en: 'Required: how the item was lost' }],
  [/^must not be before completedOn$/, { ja: '受講日より前にはできません', en: 'Must not be before the completion day' }],
  [/^must not be before from$/, { ja: '開始日より前にはできません', en: 'Must not be before the start day' }],
  [/^a time as HH:MM/, { ja: '時刻は HH:MM の形で入力してください', en: 'A time as HH:MM' }],
  [/^overlaps another shift of this person$/, { ja: 'この人の別の勤務と重なっています', en: 'Overlaps another shift of this person' }],
];
