import type { CLASSIFICATIONS, MOVEMENT_REFUSALS } from '../db/schema/custody.ts';

export type MovementRefusal = (typeof MOVEMENT_REFUSALS)[number];

/** The plain Japanese printed on the 持込・持出管理簿 for each refusal the kiosk records. */
export const MOVEMENT_REFUSAL_WORDS: Record<MovementRefusal, string> = {
  unknown_asset: '登録のない資産',
  tag_damaged: '管理番号ラベルの読取不良',
  no_approval: '承認済みの申請なし',
  expired: '申請の期間切れ',
  not_yet_valid: '申請の期間前',
  wrong_area: '申請と異なる区域',
  wrong_direction: '申請と異なる持込・持出',
  personal_device: '私物の機器',
  scan_missing: 'ウイルスチェック記録なし',
  already_inside: '既に区域内にある資産',
  already_outside: '既に区域外にある資産',
  fixed_equipment: '固定設置機器',
  not_carrier: '申請の搬送者ではない',
  asset_unavailable: '紛失・廃棄・返却済みの資産',
  keyed_unconfirmed: '手入力を警備員が確認していない',
};

export const CLASSIFICATION_WORDS: Record<(typeof CLASSIFICATIONS)[number], string> = { city_information: '市保有情報', important: '重要情報', none: 'なし' };

export const MOVEMENT_DIRECTION_WORDS = { in: '持込', out: '持出' } as const;

export const ON_THE_SPOT = 'その場承認';

/** A carry-in whose items leave again within its window: how the request and the ledgers name it. */
export const ROUND_TRIP = '持込（当日持出）';

/** A movement whose 管理番号 was keyed in at the kiosk and confirmed by a guard's passkey. */
export const KEYED_IN = '手入力（警備員確認）';
