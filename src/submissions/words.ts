import type { SubmissionKind, SubmissionStatus } from '../db/schema/submissions.ts';

export const KIND_WORDS: Record<SubmissionKind, string> = {
  daily_ledger: '入退室管理簿',
  monthly_report: 'セキュリティ保全状況報告書',
  disposal_record: '廃棄の記録・廃棄証明書',
  roster: '作業従事者名簿',
};

export const STATUS_WORDS: Record<SubmissionStatus, string> = {
  submitted: '受領待ち',
  acknowledged: '受領済み',
  returned: '差し戻し',
};
