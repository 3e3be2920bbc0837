import type { Msg } from '../shared/i18n.ts';

/** The server's words on 甲's part (network asks, production data, 甲's own accounts), in users' words. */
export const CITY_SERVER_MESSAGES: [RegExp, Msg][] = [
  [/^this person cannot be the responsible person now/, { ja: 'この人は現在、責任者にできません（停止中・有効期間外など）', en: 'This person cannot be the responsible person now' }],
  [/^the responsible person \(責任者\) is the contractor's, not the city's staff$/, { ja: '責任者は受託者（乙）の人から選んでください。市（甲）の職員は責任者になれません', en: "The responsible person is the contractor's, not the city's staff" }],
  [/^the responsible person \(責任者\) must be someone other than the device's custodian/, { ja: '責任者は、この機器の保管者以外の人にしてください', en: "The responsible person must be someone other than the device's custodian" }],
  [/^the responsible person \(責任者\) must be someone other than the one who files the request/, { ja: '責任者は、申請する人以外の人にしてください', en: 'The responsible person must be someone other than the one filing' }],
  [/^the period has already ended$/, { ja: 'この期間はすでに終わっています', en: 'This period has already ended' }],
  [/^the period ends before it starts$/, { ja: '終了日は開始日以降にしてください', en: 'The period ends before it starts' }],
  [/^a personal device never holds the city's data/, { ja: '私物の機器では市のデータを扱えません', en: "A personal device never holds the city's data" }],
  [/^this device is not at the area's site$/, { ja: 'この機器は選んだ区域の拠点にありません', en: "This device is not at the area's site" }],
  [/^no registered device has this number$/, { ja: 'この管理番号の機器は登録されていません', en: 'No registered device has this number' }],
  [/^the contractor has not yet asked to connect this device/, { ja: '受託者がまだ接続を申請していません。責任者を決めて申請してください', en: 'The contractor has not asked to connect this device yet: ask, naming the responsible person' }],
  [/^the city's permission to connect this device is already recorded$/, { ja: 'この機器の接続には市の許可がすでに記録されています', en: "The city's permission to connect this device is already recorded" }],
  [/^the period of this request has ended$/, { ja: 'この申請の期間は終わっています', en: 'The period of this request has ended' }],
  [/^the city \(甲\) already has its own staff for these sites' contract/, { ja: 'この契約の拠点には市（甲）の担当者がすでにいます。追加の担当者は市の担当者が招待します', en: "The city already has its own staff for this contract's sites; they invite further city staff" }],
  [/^a city \(甲\) account's passkeys are enrolled through the city's own staff/, { ja: '市（甲）の担当者のパスキーは、市の担当者が登録の案内を発行します', en: "A city account's passkeys are enrolled through the city's own staff" }],
  [/^a city \(甲\) account's roles and sites are the city's to change$/, { ja: '市（甲）の担当者の役割と拠点は、市が変更します', en: "A city account's roles and sites are the city's to change" }],
  [/^a city \(甲\) account disabled by the city is brought back by the city's staff/, { ja: '市が停止した市（甲）の担当者は、市の担当者だけが再開できます', en: "A city account the city disabled is brought back by the city's staff only" }],
  [/^the city's \(甲\) staff manage only the city's own accounts$/, { ja: '市（甲）の担当者が管理できるのは市の担当者の利用者だけです', en: "The city's staff manage only the city's own accounts" }],
  [/^ask a colleague to disable your own account$/, { ja: '自分の利用者は停止できません。ほかの担当者に依頼してください', en: 'Ask a colleague to disable your own account' }],
];
