import type { Msg } from '../shared/i18n.ts';
import type { ApiJson } from './types.ts';

/** The shapes the submission screens read from the API (src/submissions, F3), as the server's routes type them. */
export type Submission = ApiJson<'/api/submissions'>['submissions'][number];
export type SubmissionKind = Submission['kind'];
export type SubmissionStatus = Submission['status'];
/** One submission with the check of 甲's receipt (GET /api/submissions/:id). */
export type SubmissionDetail = ApiJson<'/api/submissions/:id'>;
export type ReceiptCheck = NonNullable<SubmissionDetail['receipt']>;
export type Outstanding = ApiJson<'/api/submissions/outstanding'>;
export type Due = Outstanding['due'][number];

export const KIND_LABEL: Record<SubmissionKind, Msg> = {
  daily_ledger: { ja: '入退室管理簿（日ごと）', en: 'Daily entry/exit ledger' },
  monthly_report: { ja: 'セキュリティ保全状況報告書（月次）', en: 'Monthly security report' },
  disposal_record: { ja: '廃棄の記録・廃棄証明書', en: 'Disposal record and certificate' },
  roster: { ja: '作業従事者名簿', en: 'Roster of workers' },
};

export const SUBMISSION_STATUS_LABEL: Record<SubmissionStatus, Msg> = {
  submitted: { ja: '受領待ち', en: 'Awaiting receipt' },
  acknowledged: { ja: '受領済み', en: 'Received' },
  returned: { ja: '差し戻し', en: 'Returned' },
};

export const statusTag = (s: SubmissionStatus) => (s === 'acknowledged' ? 'active' : s === 'returned' ? 'revoked' : 'flag');

/** The server's refusals on these screens, in plain words. */
export const SUBMISSION_SERVER_MESSAGES: [RegExp, Msg][] = [
  [/^this document was already submitted \(No\.(\d+), awaiting receipt\)$/, { ja: 'この書類は提出済みで、甲の受領を待っています（提出番号 {1}）', en: 'Already submitted and awaiting receipt (No.{1})' }],
  [/^this document was already submitted \(No\.(\d+), received\)$/, { ja: 'この書類は提出済みで、甲が受領しています（提出番号 {1}）', en: 'Already submitted and received (No.{1})' }],
  [/^the roster has not changed since submission No\.(\d+)$/, { ja: '前回の提出（提出番号 {1}）から名簿は変わっていません', en: 'The roster has not changed since submission No.{1}' }],
  [/^this disposal has not been carried out yet/, { ja: 'この廃棄はまだ実施されていません。実施を記録してから提出してください', en: 'This disposal has not been carried out yet; record it first' }],
  [/^a month that has not begun yet$/, { ja: 'まだ始まっていない月です', en: 'That month has not begun yet' }],
  [/^a day that has not come yet$/, { ja: 'まだ来ていない日です', en: 'That day has not come yet' }],
  [/^this submission was already received$/, { ja: 'この書類はすでに受領済みです', en: 'This document was already received' }],
  [/^this submission was already returned$/, { ja: 'この書類はすでに差し戻されています', en: 'This document was already returned' }],
  [/^acknowledge with your own passkey$/, { ja: 'ご自身のパスキーで確認してください', en: 'Use your own passkey' }],
  [/^this challenge was issued for another document/, { ja: '別の書類の確認が始まっていました。もう一度お試しください', en: 'That confirmation was for another document; try again' }],
  [/^the stored document does not match its digest/, { ja: '保存された書類がハッシュと一致しません。提出者に再提出を依頼してください', en: 'The stored document does not match its digest; ask for it again' }],
  [/^outside the sites you are responsible for$/, { ja: '担当外の拠点の情報です', en: 'Outside the sites you are responsible for' }],
];
