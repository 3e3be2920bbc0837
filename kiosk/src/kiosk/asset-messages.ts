import type { Msg } from '../shared/i18n.ts';

/** Every string of the tablet's equipment screens, in Japanese and English. */
export const A = {
  scanEquipment: { ja: '持込・持出の機器をスキャン', en: 'Scan equipment' },
  scanInHeading: { ja: '持ち込む機器をスキャン', en: 'Scan the equipment you bring in' },
  scanOutHeading: { ja: '持ち出す機器をスキャン', en: 'Scan the equipment you take out' },
  cameraGuide: { ja: '機器の管理番号ラベル（QRコード）を枠の中に映してください', en: 'Hold the asset label’s QR code inside the frame' },
  wedgeHint: { ja: 'バーコードリーダーで読み取ることもできます。', en: 'You can also use the barcode reader.' },
  scanNext: { ja: '次の機器をスキャン', en: 'Scan the next item' },
  done: { ja: '終わる', en: 'Done' },
  nothingYet: { ja: 'まだスキャンしていません。', en: 'Nothing scanned yet.' },
  recording: { ja: '記録しています…', en: 'Recording…' },
  acceptedIn: { ja: '持込を記録しました', en: 'Carry-in recorded' },
  acceptedOut: { ja: '持出を記録しました', en: 'Carry-out recorded' },
  refusedIn: { ja: '持ち込めません', en: 'Cannot be carried in' },
  refusedOut: { ja: '持ち出せません', en: 'Cannot be carried out' },
  refusalLogged: { ja: 'この試みは記録されました。', en: 'This attempt has been recorded.' },
  offline: { ja: 'サーバーに接続できないため記録できません。警備員を呼んでください。', en: 'The server cannot be reached, so this cannot be recorded. Please call a guard.' },
  failed: { ja: '記録できませんでした。もう一度本人確認からやり直すか、警備員を呼んでください。', en: 'This could not be recorded. Identify yourself again, or call a guard.' },
  whatToDoColon: { ja: 'どうすればよいか：', en: 'What to do: ' },
  listSeparator: { ja: '、', en: ', ' },

  // On-the-spot approval by a guard
  guardApprove: { ja: '警備員によるその場承認', en: 'On-the-spot approval by a guard' },
  guardApproveIntro: {
    ja: '警備員の方へ：申請番号を入力し、内容を確認して、あなた自身のセキュリティキーで承認してください。一般区域の持込申請だけが対象です。',
    en: 'For the guard: enter the request number, check what it says, and approve it with your own security key. Only carry-ins to a general area can be approved here.',
  },
  requestNumber: { ja: '申請番号', en: 'Request number' },
  lookUp: { ja: '申請を表示', en: 'Show the request' },
  approveWithKey: { ja: '自分のセキュリティキーで承認', en: 'Approve with my security key' },
  touchKey: { ja: 'セキュリティキーに触れてください…', en: 'Touch your security key…' },
  approved: { ja: '申請 {n} をその場承認しました。機器をもう一度スキャンしてください。', en: 'Request {n} approved on the spot. Scan the equipment again.' },
  partlyApproved: { ja: '申請 {n} に1人目の承認を記録しました。重要情報のため、別の承認者がもう1人必要です。', en: 'Request {n}: first approval recorded. It holds important information: a second, different approver is needed.' },
  notFound: { ja: 'この番号の申請は見つかりません。', en: 'No request has this number.' },
  notHere: {
    ja: 'この申請はここではその場承認できません（高セキュリティ区域・持出・他の区域の申請、または承認者が申請者・搬送者本人）。',
    en: 'This request cannot be approved on the spot here (a secure area, a carry-out, another area, or the approver made or carries it).',
  },
  notOpen: { ja: 'この申請は承認できる状態ではありません（未提出・承認済み・期限切れなど）。', en: 'This request cannot be approved now (not submitted, already decided or expired).' },
  keyNotVerified: { ja: 'セキュリティキーを確認できませんでした。もう一度試してください。', en: 'The security key could not be verified. Try again.' },
  keyCancelled: { ja: 'セキュリティキーの確認が取り消されたか、時間切れです。', en: 'The security key check was cancelled or timed out.' },
  requester: { ja: '申請者', en: 'Requester' },
  carrier: { ja: '搬送者', en: 'Carrier' },
  area: { ja: '区域', en: 'Area' },
  purpose: { ja: '目的', en: 'Purpose' },
  window: { ja: '予定期間', en: 'Window' },
  assets: { ja: '機器', en: 'Equipment' },
  back: { ja: '戻る', en: 'Back' },
  roundTripApproval: { ja: 'この承認で、予定期間内の退室時の持出もできます。', en: 'This approval also covers taking the items out again within the window.' },

  // A damaged label: the 管理番号 keyed in, confirmed with a guard's security key
  cantRead: { ja: 'ラベルが読めない（管理番号を入力）', en: 'Label won’t read (type the number)' },
  keyedHeading: { ja: 'ラベルが読めないとき：管理番号の手入力', en: 'A label that won’t read: type the asset number' },
  keyedIntro: {
    ja: '警備員の方へ：機器に書かれた管理番号を入力し、機器と照らし合わせてから、あなた自身のセキュリティキーで確認してください。記録には「手入力（警備員確認）」と残ります。',
    en: 'For the guard: type the asset number written on the item, check it against the item, then confirm with your own security key. The record will say it was keyed in and confirmed by a guard.',
  },
  assetNumber: { ja: '管理番号', en: 'Asset number' },
  keypad: { ja: '管理番号の入力キー', en: 'Asset number keys' },
  deleteOne: { ja: '1字消す', en: 'Delete' },
  clearAll: { ja: '全部消す', en: 'Clear' },
  showAsset: { ja: 'この番号の機器を確認', en: 'Check this item' },
  keyedThis: { ja: '{n} を「{dir}」として記録します。機器の番号・種類が合っているか確かめてください。', en: 'This records {n} as “{dir}”. Check the number and kind against the item.' },
  confirmWithKey: { ja: '警備員のセキュリティキーで確認して記録', en: 'Confirm with the guard’s security key' },
  keyedNotFound: { ja: 'この管理番号の機器は登録されていません。番号を確かめてください。', en: 'No item is registered with this number. Check the number.' },
  keyedBadNumber: { ja: '管理番号は英字・数字と「-」で入力してください。', en: 'Type the asset number in letters, digits and “-”.' },
  keyedNotNow: { ja: 'この入室・退室の記録では手入力できません。本人確認からやり直してください。', en: 'This identification can no longer be used. Identify again.' },
  directionIn: { ja: '持込', en: 'carry-in' },
  directionOut: { ja: '持出', en: 'carry-out' },
  typeAgain: { ja: '入力し直す', en: 'Type again' },

  // Exit reconciliation
  reconcileHeading: { ja: '持ち込んだ機器の確認', en: 'The equipment you brought in' },
  reconcileLead: {
    ja: 'この入室で持ち込んだ次の機器が、まだ区域内にあります。1つずつ、置いていくか、いま持ち出すかを選んでください。',
    en: 'You brought in the following during this visit and they are still inside. For each one, say whether you leave it here or take it out now.',
  },
  carriedInAt: { ja: '持込 {at}', en: 'Brought in {at}' },
  leaveIt: { ja: '置いていく（意図的に残す）', en: 'Leave it here on purpose' },
  takeIt: { ja: 'いま持ち出す（スキャン）', en: 'Take it out now (scan)' },
  takeItRoundTrip: { ja: '持ち出す（スキャン）', en: 'Take it out (scan)' },
  roundTripCanLeave: { ja: '持込（当日持出）の申請 {n} で持ち出せます（{at} まで）。新しい申請は不要です。', en: 'Request {n} covers taking it out again (until {at}). No new request is needed.' },
  roundTripClosed: { ja: '持込（当日持出）の予定期間（{at} まで）が終わっています。持ち出すには持出申請が必要です。', en: 'The round trip’s window ended at {at}. Taking it out now needs a carry-out request.' },
  needsCarryOut: { ja: '持ち出すには、承認済みの持出申請が必要です。', en: 'Taking it out needs an approved carry-out request.' },
  answeredLeft: { ja: '置いていく', en: 'Left on purpose' },
  answeredOut: { ja: '持ち出しました', en: 'Taken out' },
  change: { ja: '選び直す', en: 'Change' },
  scanThis: { ja: '{n} のラベルをスキャンしてください', en: 'Scan the label of {n}' },
  notThisOne: { ja: '別の機器として記録しました。{n} をスキャンしてください。', en: 'Recorded as another item. Scan {n}.' },
  sendAnswers: { ja: '確認を記録する', en: 'Record my answers' },
  answerAll: { ja: 'すべての機器について選んでください（残り {n} 件）。', en: 'Answer for every item ({n} left).' },
  answersRecorded: { ja: '機器の確認を記録しました', en: 'Your answers are recorded' },
  answersFailed: { ja: '確認を記録できませんでした。警備員を呼んでください。', en: 'Your answers could not be recorded. Please call a guard.' },
} satisfies Record<string, Msg>;

/** Every refusal of a movement (src/custody/words.ts MOVEMENT_REFUSALS) in plain words, and what to do. */
export const MOVEMENT_REFUSALS: Record<string, { why: Msg; todo: Msg }> = {
  unknown_asset: {
    why: { ja: 'このコードは登録された機器の管理番号ラベルではありません。', en: 'This code is not the label of a registered asset.' },
    todo: { ja: '機器に貼られた管理番号ラベルをスキャンしてください。ラベルがなければ警備員に見せてください。', en: 'Scan the asset label on the equipment. If it has none, show it to a guard.' },
  },
  tag_damaged: {
    why: { ja: 'ラベルを正しく読み取れませんでした（汚れ・破損、または番号の誤り）。', en: 'The label could not be read correctly (dirty, damaged, or a wrong number).' },
    todo: { ja: 'もう一度スキャンしてください。続くときは警備員にラベルの再発行を依頼してください。', en: 'Scan it again. If it keeps failing, ask a guard for a new label.' },
  },
  no_approval: {
    why: { ja: 'この機器には承認済みの申請がありません。', en: 'There is no approved request for this item.' },
    todo: { ja: 'コンソールで申請して承認を受けてください。持込なら、警備員がこの場で承認できる場合があります。', en: 'Request it on the console and get it approved. For a carry-in, a guard may be able to approve it here.' },
  },
  expired: {
    why: { ja: '申請の予定期間が終わっています。', en: 'The request’s planned window has ended.' },
    todo: { ja: '新しい申請を出して承認を受けてください。', en: 'Make a new request and get it approved.' },
  },
  not_yet_valid: {
    why: { ja: '申請の予定期間がまだ始まっていません。', en: 'The request’s planned window has not started yet.' },
    todo: { ja: '予定期間になってからスキャンしてください。', en: 'Scan it when the planned window starts.' },
  },
  wrong_area: {
    why: { ja: 'この機器の申請は、別の区域のものです。', en: 'This item’s request is for another area.' },
    todo: { ja: '申請した区域の扉で記録するか、この区域の申請を出してください。', en: 'Record it at the door of the requested area, or request this area.' },
  },
  wrong_direction: {
    why: { ja: '申請と持込・持出の向きが違います。', en: 'The request is for the other direction (in or out).' },
    todo: { ja: '持込なら持込の、持出なら持出の申請が必要です。', en: 'A carry-in needs a carry-in request, a carry-out a carry-out request.' },
  },
  personal_device: {
    why: { ja: '私物の機器は持ち込み・持ち出しできません。', en: 'Personal devices may not be carried in or out.' },
    todo: { ja: '私物はロッカーなど区域の外に保管してください。', en: 'Keep personal devices outside the area, in a locker.' },
  },
  scan_missing: {
    why: { ja: 'この記憶媒体にはウイルスチェックの記録がありません。', en: 'This storage device has no virus-scan record.' },
    todo: { ja: 'ウイルスチェックを行い、申請に記録してから承認を受けてください。', en: 'Scan it for viruses, record it on the request and get it approved.' },
  },
  already_inside: {
    why: { ja: 'この機器はすでに区域内にあると記録されています。', en: 'This item is already recorded as inside.' },
    todo: { ja: '記録が違う場合は警備員に伝えてください。', en: 'If that is wrong, tell a guard.' },
  },
  already_outside: {
    why: { ja: 'この機器はすでに区域外にあると記録されています。', en: 'This item is already recorded as outside.' },
    todo: { ja: '記録が違う場合は警備員に伝えてください。', en: 'If that is wrong, tell a guard.' },
  },
  fixed_equipment: {
    why: { ja: 'これは固定設置機器です。移動には承認済みの申請が必要です。', en: 'This is fixed equipment: moving it needs an approved request.' },
    todo: { ja: '業務責任者に相談し、申請して承認を受けてください。', en: 'Speak to your supervisor, request it and get it approved.' },
  },
  not_carrier: {
    why: { ja: 'この機器の申請では、搬送者が別の人になっています。', en: 'The request names someone else as the carrier.' },
    todo: { ja: '申請された搬送者が記録するか、申請を出し直してください。', en: 'The named carrier must record it, or make a new request.' },
  },
  asset_unavailable: {
    why: { ja: 'この機器は紛失・廃棄・返却済みとして登録されています。', en: 'This item is registered as lost, disposed of or returned.' },
    todo: { ja: 'すぐに警備員に知らせてください。', en: 'Tell a guard at once.' },
  },
  keyed_unconfirmed: {
    why: { ja: '手入力した管理番号は、警備員・業務責任者本人のセキュリティキーでしか確認できません。', en: 'A keyed-in asset number can only be confirmed with a guard’s or supervisor’s own security key.' },
    todo: { ja: '警備員を呼び、警備員のセキュリティキーで確認してもらってください。', en: 'Call a guard and have them confirm it with their own security key.' },
  },
};

export const UNKNOWN_MOVEMENT_REFUSAL = {
  why: { ja: '記録の条件を満たしていません。', en: 'The movement could not be accepted.' },
  todo: { ja: '警備員を呼んでください。', en: 'Please call a guard.' },
};
