import type { Msg } from '../shared/i18n.ts';
import type { Role } from './session.ts';

export interface NavItem {
  path: string;
  label: Msg;
  about: Msg;
  roles: Role[] | 'all';
}

/** The console's screens and who sees them (the server checks every call anyway). */
export const NAV: NavItem[] = [
  { path: '/console', label: { ja: 'ホーム', en: 'Home' }, about: { ja: '', en: '' }, roles: 'all' },
  {
    path: '/console/presence',
    label: { ja: '在室状況', en: 'Who is inside' },
    about: { ja: '区域・拠点ごとの現在の在室者と避難確認用の在室者一覧', en: 'Who is inside each area or site now, and the muster list' },
    roles: ['guard', 'supervisor', 'admin', 'auditor'],
  },
  {
    path: '/console/visitors',
    label: { ja: '来訪者', en: 'Visitors' },
    about: { ja: '来訪者の受付、付添者、入退室と退出', en: 'Register visitors with their escort, log their entries and exits' },
    roles: ['guard', 'supervisor', 'admin', 'auditor'],
  },
  {
    path: '/console/guard-record',
    label: { ja: '警備員記録', en: 'Guard record' },
    about: { ja: '端末を使えない人の入退室を理由を添えて記録', en: 'Record an entry or exit for someone, with a reason' },
    roles: ['guard', 'supervisor'],
  },
  {
    path: '/console/refusals',
    label: { ja: '拒否された記録', en: 'Refused records' },
    about: { ja: '受け付けられなかった入退室。端末に保留されていた記録は紙の記録から入力', en: 'Entries and exits not accepted; enter a kept one from paper' },
    roles: ['guard', 'supervisor', 'admin', 'auditor'],
  },
  {
    path: '/console/paper-stays',
    label: { ja: '紙の記録を入力（事後記録）', en: 'Paper records' },
    about: { ja: '端末やサーバーの停止中に紙に書いた入退室を、実際の日時で後から入力', en: 'Enter a stay written on paper during an outage, with its real times' },
    roles: ['guard', 'supervisor', 'admin'],
  },
  {
    path: '/console/ledger',
    label: { ja: '入退室管理簿', en: 'Daily ledger' },
    about: { ja: '区域・日ごとの管理簿、印刷、CSV、パスキーによる確認印、訂正', en: 'The daily ledger per area: print, CSV, sign-off with a passkey, corrections' },
    roles: ['supervisor', 'auditor', 'admin', 'city'],
  },
  {
    path: '/console/site-ledger',
    label: { ja: '拠点の管理簿（全区域）', en: 'Site ledger' },
    about: { ja: '拠点内の全区域を時刻順にまとめた日ごとの管理簿、印刷、CSV、パスキーによる確認印', en: 'The daily ledger of a whole site, every area in time order: print, CSV, sign-off with a passkey' },
    roles: ['supervisor', 'auditor', 'admin', 'city'],
  },
  {
    path: '/console/requests',
    label: { ja: '持込・持出申請', en: 'Carry-in/out requests' },
    about: { ja: '機器・媒体の持込・持出の申請、承認と却下', en: 'Request carrying equipment and media in or out; approve or reject' },
    roles: 'all',
  },
  {
    path: '/console/city',
    label: { ja: '市（甲）の許可', en: "City's permission" },
    about: { ja: '市の事前許可を待つ申請、書面による許可の確認、拠点ごとの許可の方針、市の担当者', en: "Requests awaiting the city's permission, paper permissions to confirm, each site's policy, the city's staff" },
    roles: ['city', 'admin', 'supervisor', 'guard', 'auditor'],
  },
  {
    path: '/console/production-data',
    label: { ja: '本番データの使用', en: 'Production data' },
    about: { ja: '本番データを使う前の申請と、市（甲）の事前許可', en: "Requests to use production data, and the city's prior permission" },
    roles: ['admin', 'supervisor', 'guard', 'auditor', 'city'],
  },
  {
    path: '/console/custody',
    label: { ja: '資産の所在', en: 'Asset custody' },
    about: { ja: '区域内・持出中の資産、返却期限超過、人別・自分の保管', en: 'Assets inside and outside, overdue returns, per person and your own' },
    roles: 'all',
  },
  {
    path: '/console/assets',
    label: { ja: '資産台帳', en: 'Asset registry' },
    about: { ja: '管理番号の登録、QRラベルの印刷、CSV一括登録、履歴、庁内ネットワーク接続の承認と市の許可', en: "Register assets, print QR labels, import CSV, history; approval and the city's permission to connect to the network" },
    roles: ['admin', 'guard', 'supervisor', 'auditor', 'city'],
  },
  {
    path: '/console/custody-ledger',
    label: { ja: '持込・持出管理簿', en: 'Carry-in/out ledger' },
    about: { ja: '区域・日ごとの持込・持出管理簿、印刷、CSV、パスキーによる確認印', en: 'The daily carry-in/out ledger per area: print, CSV, sign-off with a passkey' },
    roles: ['supervisor', 'auditor', 'admin', 'city'],
  },
  {
    path: '/console/roster',
    label: { ja: '作業従事者名簿', en: 'Roster' },
    about: { ja: '名簿の登録・変更・停止、入室許可、名札、パスキー', en: 'People: create, edit, suspend; authorizations, badges, passkeys' },
    roles: ['admin', 'supervisor', 'auditor'],
  },
  {
    path: '/console/organisations',
    label: { ja: '所属組織', en: 'Organisations' },
    about: { ja: '所属する組織（会社）', en: 'The organisations people belong to' },
    roles: ['admin', 'supervisor', 'auditor'],
  },
  {
    path: '/console/areas',
    label: { ja: '拠点・区域', en: 'Sites and areas' },
    about: { ja: '管理区域と入室ルール、区域ごとの入室許可', en: 'Managed areas, their policies and authorizations' },
    roles: ['admin', 'supervisor', 'auditor'],
  },
  {
    path: '/console/contracts',
    label: { ja: '契約', en: 'Contracts' },
    about: { ja: '受託業務名・受託期間・受託者と代表者・市の宛先。書類の見出しに印刷', en: 'Contract name, period, contractor and representative, addressee at the city: printed in every document heading' },
    roles: ['admin', 'supervisor', 'auditor', 'city'],
  },
  {
    path: '/console/kiosks',
    label: { ja: '受付端末', en: 'Kiosks' },
    about: { ja: '扉の受付端末の登録と失効、読み取り停止の解除', en: 'Door tablets: enrol with a one-time code, revoke, release a pause' },
    roles: ['admin', 'auditor', 'guard', 'supervisor'],
  },
  {
    path: '/console/badges',
    label: { ja: 'QR名札', en: 'Badges' },
    about: { ja: '名札の発行、印刷、紛失時の失効', en: 'Issue, print, revoke lost badges' },
    roles: ['admin', 'guard', 'auditor'],
  },
  {
    path: '/console/disposal',
    label: { ja: '廃棄', en: 'Disposal' },
    about: { ja: '廃棄の申請・承認・実施記録と廃棄証明書', en: 'Disposal requests, approval, the record and the certificate' },
    roles: ['admin', 'supervisor', 'worker', 'auditor', 'city'],
  },
  {
    path: '/console/incidents',
    label: { ja: 'インシデント', en: 'Incidents' },
    about: { ja: '紛失・不正入室などの記録、報告期限（1・8・24・48時間）と対応の履歴', en: 'Lost items, unauthorized entry: deadlines (1/8/24/48 h) and status history' },
    roles: ['admin', 'supervisor', 'guard', 'auditor'],
  },
  {
    path: '/console/training',
    label: { ja: 'セキュリティ研修', en: 'Training' },
    about: { ja: '研修の未受講者・期限切れの人', en: 'Who is untrained or overdue' },
    roles: ['admin', 'supervisor', 'auditor'],
  },
  {
    path: '/console/schedules',
    label: { ja: '勤務予定表', en: 'Work schedules' },
    about: { ja: '月ごとの勤務予定とCSVの取り込み', en: 'Monthly schedules and CSV import' },
    roles: ['admin', 'supervisor', 'auditor'],
  },
  {
    path: '/console/anomalies',
    label: { ja: '異常の検知', en: 'Anomalies' },
    about: { ja: '時間外・長時間在室などの検知ルールと検知結果', en: 'After hours, long stays and other rules, and what they flagged' },
    roles: ['admin', 'supervisor', 'auditor'],
  },
  {
    path: '/console/monthly-report',
    label: { ja: '月次報告', en: 'Monthly report' },
    about: { ja: 'セキュリティ保全状況報告書（自己点検）の表示・印刷・CSV', en: 'The monthly self-inspection report: view, print, CSV' },
    roles: ['supervisor', 'admin', 'auditor', 'city'],
  },
  {
    path: '/console/submissions',
    label: { ja: '提出書類', en: 'Documents for the city' },
    about: { ja: '甲（委託元）への書類の提出、受領待ち・差し戻し・提出が必要なもの', en: 'Submit documents to the city; what awaits receipt, was returned or is due' },
    roles: ['admin', 'supervisor', 'auditor'],
  },
  {
    path: '/console/receipts',
    label: { ja: '受領待ちの書類', en: 'Documents to receive' },
    about: { ja: '受託者から提出された書類の確認、パスキーによる受領の確認と差し戻し', en: 'Documents the contractor submitted: confirm receipt with a passkey, or return them' },
    roles: ['city'],
  },
  {
    path: '/console/contract-end',
    label: { ja: '契約終了・監査', en: 'Contract end' },
    about: { ja: '未返却品の照合、市への引き渡しデータ、監査用の証跡パッケージ', en: 'Reconciliation, the export for the city, the evidence package' },
    roles: ['admin', 'supervisor', 'auditor'],
  },
  {
    path: '/console/journal',
    label: { ja: '監査ログ', en: 'Journal' },
    about: { ja: '改ざん検知付きの変更履歴と検証結果', en: 'The tamper-evident journal and its verification' },
    roles: ['auditor', 'admin'],
  },
  {
    path: '/console/me',
    label: { ja: '自分のパスキー', en: 'My passkeys' },
    about: { ja: '自分のパスキーの確認と失効', en: 'Your own passkeys' },
    roles: 'all',
  },
];

export function allowed(item: { roles: Role[] | 'all' }, roles: Role[]): boolean {
  return item.roles === 'all' || item.roles.some((r) => roles.includes(r));
}
