import type { IncidentKind } from './service.ts';
import type { DeadlineState, Stage } from './deadlines.ts';

export const INCIDENT_KIND_WORDS: Record<IncidentKind, string> = {
  lost_badge: '名札（バッジ）の紛失',
  lost_security_key: 'セキュリティキー・ICカードの紛失',
  lost_asset: '機器・媒体の紛失',
  overdue_asset: '持出機器の返却遅延',
  repeated_refusals: '入室拒否の繰り返し',
  unauthorized_entry: '不正入室（の試み）',
  other: 'その他',
};

export const STAGE_WORDS: Record<Stage | 'note' | 'closed', string> = {
  first_report: '第一報',
  detail_report: '詳細報告',
  corrective_plan: '是正処置案',
  corrective_action: '是正措置の実施報告',
  note: '記録',
  closed: '終結',
};

export const DEADLINE_STATE_WORDS: Record<DeadlineState, string> = { met: '期限内に報告', late: '期限後に報告', overdue: '期限超過・未報告', pending: '未報告（期限前）' };
