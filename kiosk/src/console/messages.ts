import { lang, t, type Msg } from '../shared/i18n.ts';
import type { Role } from './session.ts';
import { CUSTODY_SERVER_MESSAGES } from './custody/server-messages.ts';
import { ANOMALY_LABEL, COMPLIANCE_SERVER_MESSAGES } from './compliance-messages.ts';
import { SUBMISSION_SERVER_MESSAGES } from './submission-types.ts';
import { CITY_SERVER_MESSAGES } from './city-messages.ts';

/** Labels for the API's codes, in both languages. */
export const ROLE_LABEL: Record<Role, Msg> = {
  admin: { ja: '管理者', en: 'Admin' },
  supervisor: { ja: '業務責任者', en: 'Supervisor' },
  guard: { ja: '警備員・受付', en: 'Guard' },
  worker: { ja: '作業従事者', en: 'Worker' },
  auditor: { ja: '監査', en: 'Auditor' },
  city: { ja: '委託元担当者（甲）', en: 'City staff' },
};
export const ROLES: Role[] = ['admin', 'supervisor', 'guard', 'worker', 'auditor', 'city'];

export const STATUS_LABEL: Record<string, Msg> = {
  active: { ja: '有効', en: 'Active' },
  suspended: { ja: '停止中', en: 'Suspended' },
  offboarded: { ja: '離任', en: 'Offboarded' },
  revoked: { ja: '失効', en: 'Revoked' },
  locked: { ja: 'ロック', en: 'Locked' },
  enrolled: { ja: '登録済み', en: 'Enrolled' },
  awaiting_enrolment: { ja: '登録待ち', en: 'Awaiting enrolment' },
  on_site: { ja: '構内', en: 'On site' },
  signed_out: { ja: '退出済み', en: 'Signed out' },
};

export const METHOD_LABEL: Record<string, Msg> = {
  passkey: { ja: 'パスキー（セキュリティキー）', en: 'Passkey (security key)' },
  badge: { ja: 'QR名札', en: 'QR badge' },
  guard: { ja: '警備員による記録', en: 'Recorded by a guard' },
  paper: { ja: '事後記録', en: 'Entered later' },
  correction: { ja: '業務責任者による訂正', en: 'Supervisor\'s correction' },
};

export const LEVEL_LABEL: Record<string, Msg> = {
  general: { ja: '一般', en: 'General' },
  secure: { ja: '高セキュリティ', en: 'Secure' },
};

export const DIRECTION_LABEL: Record<string, Msg> = {
  in: { ja: '入室', en: 'Entry' },
  out: { ja: '退室', en: 'Exit' },
};

export const ID_TYPE_LABEL: Record<string, Msg> = {
  drivers_license: { ja: '運転免許証', en: "Driver's licence" },
  my_number_card: { ja: 'マイナンバーカード', en: 'My Number card' },
  passport: { ja: 'パスポート', en: 'Passport' },
  residence_card: { ja: '在留カード', en: 'Residence card' },
  employee_id: { ja: '社員証', en: 'Employee ID' },
  other: { ja: 'その他', en: 'Other' },
};

export const REVOKE_REASON_LABEL: Record<string, Msg> = {
  lost: { ja: '紛失', en: 'Lost' },
  replaced: { ja: '再発行', en: 'Replaced' },
  returned: { ja: '返却', en: 'Returned' },
  offboarded: { ja: '離任', en: 'Offboarded' },
};

export const REFUSAL_LABEL: Record<string, Msg> = {
  not_on_roster: { ja: '名簿にありません', en: 'Not on the roster' },
  suspended: { ja: '停止中です', en: 'Suspended' },
  offboarded: { ja: '離任済みです', en: 'Offboarded' },
  not_yet_valid: { ja: '有効期間の開始前です', en: 'Not yet valid' },
  expired: { ja: '有効期間が終了しています', en: 'Validity ended' },
  not_authorized: { ja: 'この区域への入室が許可されていません', en: 'Not authorized for this area' },
  badge_revoked: { ja: '名札は失効しています', en: 'Badge revoked' },
  badge_forged: { ja: '名札が不正です', en: 'Badge not genuine' },
  passkey_not_verified: { ja: 'パスキーを確認できません', en: 'Passkey not verified' },
  method_not_accepted: { ja: 'この区域では使えない本人確認方法です', en: 'Method not accepted in this area' },
  out_of_sequence: { ja: '入退室の順序が不正です', en: 'Out of sequence' },
  visitor_signed_out: { ja: '来訪者は退出済みです', en: 'Visitor already signed out' },
  training_missing: { ja: '必要な研修の未受講・期限切れ', en: 'Required training missing or lapsed' },
  throttled: { ja: '失敗が続いたため一時停止中', en: 'Paused after repeated failures' },
  late_record: { ja: '端末に7日を超えて保留された記録', en: 'Kept on the kiosk more than 7 days' },
  kiosk_revoked: { ja: '登録を取り消された端末に保留されていた記録', en: 'Kept on a kiosk that was since revoked' },
};

export const FLAG_LABEL: Record<string, Msg> = {
  out_of_sequence: { ja: '順序不整合', en: 'Out of sequence' },
  last_person_out: { ja: '最終退室者', en: 'Last person out' },
  alone_in_two_person_area: { ja: '単独在室（二人ルール）', en: 'Alone (two-person rule)' },
  recorded_offline: { ja: 'オフライン記録', en: 'Recorded offline' },
  correction: { ja: '訂正', en: 'Correction' },
  // Raised by the anomaly rules: the same words as the anomaly list and the printed ledger.
  outside_schedule: ANOMALY_LABEL.outside_schedule!,
  after_hours: ANOMALY_LABEL.after_hours!,
  rare_area: ANOMALY_LABEL.rare_area!,
  long_stay: ANOMALY_LABEL.long_stay!,
  repeated_refusals: ANOMALY_LABEL.repeated_refusals!,
};

export const WARNING_LABEL: Record<string, Msg> = {
  last_person_out: { ja: '最終退室者の警告：区域に残っている人がいます。施錠と確認をしてください。', en: 'Last person out: someone remains inside. Check and lock up.' },
  alone_in_two_person_area: { ja: '二人ルールの区域に一人だけ在室しています。', en: 'Only one person is inside a two-person area.' },
  out_of_sequence: { ja: '入退室の順序が不整合です（記録にフラグを付けました）。', en: 'Out of sequence (flagged on the record).' },
};

/**
 * The server's error codes (src/http/app-error.ts ERROR_STATUS), as the first words of an error shown to
 * a person; the server's message follows in users' words (serverMessage).
 */
export const ERROR_LABEL: Record<string, Msg> = {
  VALIDATION_FAILED: { ja: '入力を確認してください', en: 'Check what you entered' },
  UNAUTHENTICATED: { ja: 'サインインが必要です', en: 'Sign in first' },
  FORBIDDEN: { ja: 'この操作の権限がありません', en: 'You may not do this' },
  NOT_FOUND: { ja: '見つかりません', en: 'Not found' },
  CONFLICT: { ja: '実行できません', en: 'Not possible' },
  PRECONDITION_FAILED: { ja: 'ほかの人が先に変更しました。画面を読み込み直してください', en: 'Someone changed this first; load it again' },
  PAYLOAD_TOO_LARGE: { ja: '送信する内容が大きすぎます', en: 'Too much to send at once' },
  UNSUPPORTED_MEDIA_TYPE: { ja: '送信の形式が正しくありません', en: 'The data sent was not in a form the server takes' },
  RATE_LIMITED: { ja: '操作が続いたため一時的に受け付けていません。少し待ってからやり直してください', en: 'Too many tries; wait a moment and try again' },
  HEADERS_TOO_LARGE: { ja: 'ブラウザーの送る情報が大きすぎます。サインインし直してください', en: 'The browser sent too much; sign in again' },
  INTERNAL: { ja: 'サーバーでエラーが起きました', en: 'The server failed' },
  LEDGER_HALTED: { ja: '記録の検証で異常が見つかったため、記録を止めています。管理者に連絡してください', en: 'The ledger failed a check and records nothing more; call an admin' },
};

/** A label from a table, falling back to the code itself for anything new. */
export function label(table: Record<string, Msg>, code: string | null | undefined): string {
  if (!code) return '';
  const m = table[code];
  return m ? t(m) : code;
}

// The server answers in English; the console shows its usual field messages in Japanese too.
const SERVER_MESSAGES: [RegExp, Msg][] = [
  [/^required$/, { ja: '入力してください', en: 'Required' }],
  [/^must be written in kana$/, { ja: 'かな（ひらがな・カタカナ）で入力してください', en: 'Must be written in kana' }],
  [/^at most (\d+) characters$/, { ja: '{1}文字以内で入力してください', en: 'At most {1} characters' }],
  [/^must be after validFrom$/, { ja: '開始日より後の日付にしてください', en: 'Must be after the start date' }],
  [/^at least one role$/, { ja: '役割を一つ以上選んでください', en: 'Choose at least one role' }],
  [/^the city role is held alone$/, { ja: '委託元担当者（甲）は他の役割と兼ねられません', en: 'The city staff role cannot be combined with another role' }],
  [/^the city role must name its sites$/, { ja: '委託元担当者（甲）は担当する拠点を選んでください', en: 'City staff must name their sites' }],
  [/^at least one site$/, { ja: '拠点を一つ以上選んでください', en: 'Choose at least one site' }],
  [/^no such site$/, { ja: 'その拠点はありません', en: 'No such site' }],
  [/^name the sites: you are responsible for some sites only$/, { ja: 'あなたの担当拠点の中から拠点を選んでください', en: 'Choose sites among your own' }],
  [/^not one of the sites you are responsible for$/, { ja: 'あなたの担当外の拠点です', en: 'Not one of your sites' }],
  [/^outside the sites you are responsible for$/, { ja: '担当外の拠点の記録です', en: 'This belongs to a site outside yours' }],
  [/^at least one method$/, { ja: '本人確認方法を一つ以上選んでください', en: 'Choose at least one method' }],
  [/^at least one area$/, { ja: '区域を一つ以上選んでください', en: 'Choose at least one area' }],
  [/^control characters are not allowed$/, { ja: '使えない文字が含まれています', en: 'Control characters are not allowed' }],
  [/^an organisation with this name exists$/, { ja: '同じ名前の組織がすでにあります', en: 'An organisation with this name exists' }],
  [/^a site with this name exists$/, { ja: '同じ名前の拠点がすでにあります', en: 'A site with this name exists' }],
  [/^this site already has an area with this name$/, { ja: 'この拠点に同じ名前の区域がすでにあります', en: 'This site already has an area with this name' }],
  [/^the escort must be an active roster person$/, { ja: '付添者は名簿上の有効な人にしてください', en: 'The escort must be an active roster person' }],
  [/^required for an entry$/, { ja: '入室には目的が必要です', en: 'Required for an entry' }],
  [/^purposes repeat$/, { ja: '目的が重複しています', en: 'Purposes repeat' }],
  [/^must not be before periodFrom$/, { ja: '開始日以降の日付にしてください', en: 'Must not be before the start date' }],
  [/^a contract with this name exists$/, { ja: '同じ名前の契約がすでにあります', en: 'A contract with this name exists' }],
  [/^a site named here is worked under another contract; take it off that contract first$/, { ja: '他の契約の拠点が含まれています。先にその契約から外してください', en: 'A site here belongs to another contract; take it off that contract first' }],
  [/^sections repeat$/, { ja: '承認課が重複しています', en: 'Sections repeat' }],
  [/^at most (\d+) sections$/, { ja: '承認課は{1}件までです', en: 'At most {1} sections' }],
  [/^must be after from$/, { ja: '終了日は開始日以降の日付にしてください', en: 'The end must not be before the start' }],
  [/^at most (\d+) days at a time$/, { ja: '期間は一度に{1}日までにしてください', en: 'At most {1} days at a time' }],
  [/^no such date in the calendar$/, { ja: 'その日付はありません', en: 'No such date' }],
  [/^no such (\w+)$/, { ja: '見つかりません（{1}）', en: 'No such {1}' }],
  ...CUSTODY_SERVER_MESSAGES,
  ...COMPLIANCE_SERVER_MESSAGES,
  ...SUBMISSION_SERVER_MESSAGES,
  ...CITY_SERVER_MESSAGES,
];

const WINDOW = /^the (exit|entry) must lie after (\S+) and before (\S+)/;

export function serverMessage(message: string): string {
  const w = WINDOW.exec(message);
  if (w) {
    const vars = { after: dateTimeSeconds(w[2]!), before: dateTimeSeconds(w[3]!) };
    return w[1] === 'exit'
      ? t({ ja: '退室の日時は {after} より後、{before} より前にしてください（入室と次の記録・現在時刻の間）', en: 'The exit must lie after {after} and before {before} (between the entry, the next record and now)' }, vars)
      : t({ ja: '入室の日時は {after} より後、{before} より前にしてください（前の記録と退室の間）', en: 'The entry must lie after {after} and before {before} (between the previous record and the exit)' }, vars);
  }
  for (const [re, msg] of SERVER_MESSAGES) {
    const m = re.exec(message);
    if (m) return t(msg).replace(/\{(\d)\}/g, (_, i: string) => m[Number(i)] ?? '');
  }
  // A message no table knows yet: at least without the requirement IDs the server cites for its readers.
  return message.replace(/\s*[（(][A-G]\d{1,2}(?:[,、 ]+[A-G]\d{1,2})*[)）]/g, '');
}

function dateTimeSeconds(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang.get() === 'ja' ? 'ja-JP' : 'en-GB', { dateStyle: 'short', timeStyle: 'medium' }).format(d);
}
