import type { Msg } from '../shared/i18n.ts';

/** The first day's steps as GET /api/home names them (src/home/first-day.ts), with the page each is done on. */
export const STEP: Record<string, { label: Msg; help: Msg; href: string }> = {
  organisation: {
    label: { ja: '組織', en: 'Organisation' },
    help: { ja: '作業する人の所属組織（会社）を登録します。最初の組織はセットアップで登録済みです。', en: 'The organisations (companies) people belong to. Setup registered the first one.' },
    href: '/console/organisations',
  },
  roster: {
    label: { ja: '名簿', en: 'Roster' },
    help: { ja: '作業従事者・警備員・業務責任者を名簿に登録し、役割を選びます。', en: 'Put workers, guards and supervisors on the roster, each with their roles.' },
    href: '/console/roster',
  },
  areas: {
    label: { ja: '拠点・区域', en: 'Sites and areas' },
    help: { ja: '拠点（建物）と、その中の管理区域を登録します。', en: 'Register the site (the building) and the managed areas inside it.' },
    href: '/console/areas',
  },
  authorizations: {
    label: { ja: '入室許可', en: 'Authorizations' },
    help: { ja: '区域の画面で、その区域に入ってよい人と期間を選びます。', en: 'On an area’s page, choose who may enter it and for how long.' },
    href: '/console/areas',
  },
  badges: {
    label: { ja: '名札', en: 'Badges' },
    help: { ja: 'QR名札を発行して印刷します。受付端末で名札をかざして入退室します。', en: 'Issue and print QR badges; people show them at the kiosk to enter and leave.' },
    href: '/console/badges',
  },
  kiosk: {
    label: { ja: '受付端末', en: 'Kiosk' },
    help: { ja: '扉のタブレットを登録します。表示された登録コードをタブレットで入力します。', en: 'Enrol the tablet at the door: type the code shown here on the tablet.' },
    href: '/console/kiosks',
  },
  first_entry: {
    label: { ja: '試しに入室', en: 'A trial entry' },
    help: { ja: '受付端末で名札をかざして入室し、在室状況に表示されることを確かめます。', en: 'Enter with a badge at the kiosk and check that the person shows as inside.' },
    href: '/console/presence',
  },
};

/** What home lists as needing attention (src/home/attention.ts): the words, and the page that deals with it. */
export const ATTENTION: Record<string, { label: Msg; none: Msg; href: string }> = {
  carry_approvals: {
    label: { ja: '承認待ちの持込・持出申請', en: 'Carry-in/out requests to approve' },
    none: { ja: '承認待ちの申請はありません', en: 'No requests to approve' },
    href: '/console/requests?view=pending',
  },
  disposal_approvals: {
    label: { ja: '承認待ちの廃棄申請', en: 'Disposal requests to approve' },
    none: { ja: '承認待ちの廃棄申請はありません', en: 'No disposals to approve' },
    href: '/console/disposal?status=submitted',
  },
  city_permissions: {
    label: { ja: '甲の許可を待つ申請', en: "Requests awaiting the city's permission" },
    none: { ja: '甲の許可を待つ申請はありません', en: "Nothing awaits the city's permission" },
    href: '/console/city',
  },
  city_paper: {
    label: { ja: '確認を待つ書面の許可', en: 'Paper permissions to confirm' },
    none: { ja: '確認を待つ書面の許可はありません', en: 'No paper permission to confirm' },
    href: '/console/city#paper',
  },
  city_receipts: {
    label: { ja: '受領を待つ提出書類', en: 'Documents awaiting receipt' },
    none: { ja: '受領を待つ書類はありません', en: 'No document awaits receipt' },
    href: '/console/receipts',
  },
  missing_exits: {
    label: { ja: '前日から退室の記録がない人', en: 'Inside since an earlier day (no exit recorded)' },
    none: { ja: '退室の記録漏れはありません', en: 'No missing exits' },
    href: '/console/presence',
  },
  overdue_returns: {
    label: { ja: '返却期限を過ぎた持出中の資産', en: 'Assets overdue for return' },
    none: { ja: '返却期限を過ぎた資産はありません', en: 'No overdue returns' },
    href: '/console/custody?view=outside',
  },
  incident_deadlines: {
    label: { ja: '報告期限があるインシデント', en: 'Incidents with a report due' },
    none: { ja: '報告期限があるインシデントはありません', en: 'No incident reports due' },
    href: '/console/incidents?show=open',
  },
  unsigned_ledgers: {
    label: { ja: '確認印のない入退室管理簿（過去7日）', en: 'Daily ledgers not signed off (last 7 days)' },
    none: { ja: '確認印のない管理簿はありません', en: 'Every ledger is signed off' },
    href: '/console/ledger',
  },
};

/** The kinds counted in 甲's permissions waiting (GET /api/home `kinds`). */
export const CITY_KINDS: Record<'custody' | 'disposal' | 'network' | 'productionData', { ja: string; en: string }> = {
  custody: { ja: '持込・持出', en: 'carry-in/out' },
  disposal: { ja: '廃棄', en: 'disposal' },
  network: { ja: 'ネットワーク接続', en: 'network connection' },
  productionData: { ja: '本番データ', en: 'production data' },
};
