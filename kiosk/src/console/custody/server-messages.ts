import type { Msg } from '../../shared/i18n.ts';

/** The custody routes' field messages (src/custody, src/assets) in Japanese too; {1} is the asset number(s). */
export const CUSTODY_SERVER_MESSAGES: [RegExp, Msg][] = [
  [/^the planned window has already ended$/, { ja: '予定期間はすでに終わっています', en: 'The planned window has already ended' }],
  [/^must be after windowFrom$/, { ja: '予定期間の開始より後の日時にしてください', en: 'Must be after the start of the window' }],
  [/^a window may last at most 92 days$/, { ja: '予定期間は92日以内にしてください', en: 'A window may last at most 92 days' }],
  [/^required for a carry-out$/, { ja: '持出では持出先が必須です', en: 'Required for a carry-out' }],
  [/^must be after the window starts$/, { ja: '予定期間の開始より後にしてください', en: 'Must be after the window starts' }],
  [/^at least one asset$/, { ja: '資産を一つ以上加えてください', en: 'Add at least one asset' }],
  [/^this asset is already on the request$/, { ja: 'この資産はすでに申請に含まれています', en: 'This asset is already on the request' }],
  [/^connecting a device to the city's network needs the city's \(甲\) prior permission: register/, { ja: '市のネットワークへの接続には市（甲）の事前許可が必要です。機器を登録してから市の許可を受け、その後に承認してください', en: "Connecting a device to the city's network needs the city's prior permission: register the device, have the city permit it, then approve" }],
  [/this device is at no site yet/, { ja: 'この機器はまだどの拠点にもありません。拠点に持ち込んでから市（甲）の許可を受けてください', en: 'This device is at no site yet: carry it in, then ask the city' }],
  [/^the city's \(甲\) prior permission to connect this device to the network is missing/, { ja: '市（甲）の事前許可がありません。市の担当者がパスキーで許可するか、市の書面による許可を記録してください', en: "The city's prior permission is missing: the city permits it with a passkey, or record the city's paper permission" }],
  [/^(\S+) is a personal device/, { ja: '{1} は私物です。私物は持込・持出できません', en: '{1} is a personal device: never carried in or out' }],
  [/^(\S+) is fixed equipment \(C11\)/, { ja: '{1} は固定設置機器です。移動することを確認するチェックを入れてください', en: '{1} is fixed equipment: confirm moving it' }],
  [/^(.+) hold 重要情報 on storage: carried out only encrypted/, { ja: '{1} は重要情報を含む記憶媒体です。持出は暗号化が必須です', en: '{1} hold important information on storage: carried out only encrypted' }],
  [/^(.+) hold 重要情報: state the transport protection/, { ja: '{1} は重要情報を含みます。運搬時の保護（暗号化か施錠ケース）を選んでください', en: '{1} hold important information: choose the protection in transit' }],
  [/^(\S+) has no virus-scan record: it cannot be approved$/, { ja: '{1} にはウイルスチェックの記録がないため承認できません', en: '{1} has no virus-scan record and cannot be approved' }],
  [/^(\S+) was found infected by its virus scan: it cannot be approved$/, { ja: '{1} はウイルスチェックで感染が見つかったため承認できません', en: '{1} was found infected and cannot be approved' }],
  [/^(\S+) has a failed virus scan: it cannot be approved$/, { ja: '{1} はウイルスチェックが失敗しているため承認できません', en: '{1} has a failed virus scan and cannot be approved' }],
  [/^no one approves or rejects a request they made or will carry/, { ja: '自分が申請者・搬送者の申請は承認・却下できません。別の警備員・業務責任者に依頼してください', en: 'No one decides a request they made or will carry: ask another guard or supervisor' }],
  [/^a carry-out is decided by a supervisor/, { ja: '持出の承認は業務責任者が行います', en: 'A carry-out is decided by a supervisor' }],
  [/^you have already decided on this request/, { ja: 'この申請はすでに判断済みです。2人目の承認は別の人が行います', en: 'You have already decided on this request; a second approval must come from someone else' }],
  [/^asset number (\S+) is already registered$/, { ja: '管理番号 {1} はすでに登録されています', en: 'Asset number {1} is already registered' }],
  [/^personal devices are never approved for the network/, { ja: '私物はネットワーク接続を承認できません', en: 'Personal devices are never approved for the network' }],
  [/^state the data erasure done or the repairer's NDA reference/, { ja: 'データ消去の内容か、修理業者の秘密保持契約の番号を入力してください', en: "State the data erasure done or the repairer's NDA reference" }],
  [/^letters, digits and \. _ \/ - only \(at most 40\)$/, { ja: '英数字と . _ / - だけで40文字以内にしてください', en: 'Letters, digits and . _ / - only (at most 40)' }],
];
