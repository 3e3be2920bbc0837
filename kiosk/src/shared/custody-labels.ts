import { lang, t, type Msg } from './i18n.ts';

/** Labels for the custody codes of the API, in both languages. */
export const KIND_LABEL: Record<string, Msg> = {
  laptop: { ja: 'ノートPC', en: 'Laptop' },
  desktop: { ja: 'デスクトップPC', en: 'Desktop PC' },
  tablet: { ja: 'タブレット', en: 'Tablet' },
  smartphone: { ja: 'スマートフォン', en: 'Smartphone' },
  usb_memory: { ja: 'USBメモリ', en: 'USB memory' },
  external_disk: { ja: '外付けディスク', en: 'External disk' },
  optical_media: { ja: '光ディスク', en: 'Optical media' },
  paper_document: { ja: '紙文書', en: 'Paper document' },
  security_key: { ja: 'セキュリティキー・ICカード', en: 'Security key or IC card' },
  other: { ja: 'その他', en: 'Other' },
};

export const OWNER_LABEL: Record<string, Msg> = {
  city_loaned: { ja: '市貸与', en: 'City-loaned' },
  contractor: { ja: '受託者所有', en: 'Contractor-owned' },
  personal: { ja: '私物', en: 'Personal' },
};

export const CLASSIFICATION_LABEL: Record<string, Msg> = {
  city_information: { ja: '市保有情報', en: 'City information' },
  important: { ja: '重要情報', en: 'Important information' },
  none: { ja: 'なし', en: 'None' },
};

export const ASSET_STATUS_LABEL: Record<string, Msg> = {
  registered: { ja: '登録済み', en: 'Registered' },
  inside: { ja: '区域内', en: 'Inside' },
  outside: { ja: '区域外', en: 'Outside' },
  on_loan: { ja: '貸出中', en: 'On loan' },
  lost: { ja: '紛失', en: 'Lost' },
  disposed: { ja: '廃棄済み', en: 'Disposed' },
  returned: { ja: '返却済み', en: 'Returned' },
};

export const REQUEST_KIND_LABEL: Record<string, Msg> = {
  carry_in: { ja: '持込', en: 'Carry-in' },
  carry_out: { ja: '持出', en: 'Carry-out' },
};

export const REQUEST_STATUS_LABEL: Record<string, Msg> = {
  draft: { ja: '下書き', en: 'Draft' },
  submitted: { ja: '承認待ち', en: 'Awaiting approval' },
  approved: { ja: '承認済み', en: 'Approved' },
  rejected: { ja: '却下', en: 'Rejected' },
  expired: { ja: '期限切れ', en: 'Expired' },
  completed: { ja: '完了', en: 'Completed' },
  withdrawn: { ja: '取り下げ済み', en: 'Withdrawn' },
};

export const SCAN_RESULT_LABEL: Record<string, Msg> = {
  clean: { ja: '異常なし', en: 'Clean' },
  infected: { ja: '感染あり', en: 'Infected' },
  failed: { ja: '検査失敗', en: 'Scan failed' },
};

export const MOVEMENT_DIRECTION_LABEL: Record<string, Msg> = {
  in: { ja: '持込', en: 'Carry-in' },
  out: { ja: '持出', en: 'Carry-out' },
};

/** Every refusal reason the kiosk records for a movement (src/custody/words.ts). */
export const MOVEMENT_REFUSAL_LABEL: Record<string, Msg> = {
  unknown_asset: { ja: '登録のない資産', en: 'Unknown asset' },
  tag_damaged: { ja: '管理番号ラベルの読取不良', en: 'Damaged or mistyped tag' },
  no_approval: { ja: '承認済みの申請なし', en: 'No approved request' },
  expired: { ja: '申請の期間切れ', en: 'Request expired' },
  not_yet_valid: { ja: '申請の期間前', en: 'Request not yet valid' },
  wrong_area: { ja: '申請と異なる区域', en: 'Wrong area' },
  wrong_direction: { ja: '申請と異なる持込・持出', en: 'Wrong direction' },
  personal_device: { ja: '私物の機器', en: 'Personal device' },
  scan_missing: { ja: 'ウイルスチェック記録なし', en: 'Virus scan missing' },
  already_inside: { ja: '既に区域内にある資産', en: 'Already inside' },
  already_outside: { ja: '既に区域外にある資産', en: 'Already outside' },
  fixed_equipment: { ja: '固定設置機器', en: 'Fixed equipment' },
  not_carrier: { ja: '申請の搬送者ではない', en: 'Not the request’s carrier' },
  asset_unavailable: { ja: '紛失・廃棄・返却済みの資産', en: 'Lost, disposed of or returned' },
  keyed_unconfirmed: { ja: '手入力を警備員が確認していない', en: 'Keyed-in number not confirmed by a guard' },
};

/** A carry-in whose items leave again within its window (src/custody/words.ts ROUND_TRIP). */
export const ROUND_TRIP_LABEL: Msg = { ja: '持込（当日持出）', en: 'Carry-in, out the same visit' };

/** A half of a ledger row whose 管理番号 was keyed in at the kiosk (src/custody/words.ts KEYED_IN). */
export const KEYED_IN_LABEL: Msg = { ja: '{direction}は手入力（警備員確認: {who}）', en: '{direction} keyed in (confirmed by {who})' };

export const ASSET_KINDS = Object.keys(KIND_LABEL);
export const OWNER_TYPES = Object.keys(OWNER_LABEL);
export const CLASSIFICATIONS = Object.keys(CLASSIFICATION_LABEL);

/** An asset kind in the current language, or the code itself for a kind this build does not know. */
export function kindLabel(kind: string): string {
  const m = KIND_LABEL[kind];
  return m ? t(m) : kind;
}

/** An asset number with its kind, in the current language's brackets. */
export function assetWithKind(assetNumber: string, kind: string): string {
  return lang.get() === 'ja' ? `${assetNumber}（${kindLabel(kind)}）` : `${assetNumber} (${kindLabel(kind)})`;
}
