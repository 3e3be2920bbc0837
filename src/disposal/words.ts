import type { DISPOSAL_METHODS } from '../db/schema/compliance.ts';

export const METHOD_WORDS: Record<(typeof DISPOSAL_METHODS)[number], string> = {
  physical_destruction: '物理的破壊',
  degaussing: '磁気消去（消磁）',
  overwrite_verified: '上書き消去（消去の検証あり）',
  shredding: '裁断（シュレッダー）',
};
