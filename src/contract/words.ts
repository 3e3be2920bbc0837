import { eraDate } from '../time.ts';
import type { ContractHeader as Contract } from './service.ts';

/**
 * What a document's header prints of its contract (decision 0023). A document made before a contract was
 * set, or of a site not attached to one, says so in words and where to set it, never with a blank line.
 */
export const CONTRACT_UNSET = '未設定（管理者が「契約」画面で契約を登録し、この拠点を対象に加えてください）';

/**
 * The contract's name in the head of a daily ledger, repeated on every printed page: short where it is not
 * set, since the head repeats (the screen's 契約 page is where it is set).
 */
export function ledgerContractWords(name: string | null | undefined): string {
  return `受託業務名: ${name ?? '未設定（「契約」画面で設定）'}`;
}

/** 総務部情報政策課　〇〇市長　山田 太郎　様 (the section and the name may be absent). */
export function addresseeWords(c: Contract): string {
  return [c.addressee.section, c.addressee.title, c.addressee.name, '様'].filter((s) => s !== '').join('　');
}

/** 代表取締役　山田 一郎 */
export function representativeWords(c: Contract): string {
  return `${c.contractor.representativeTitle}　${c.contractor.representativeName}`;
}

/** 令和8年4月1日 ～ 令和9年3月31日 */
export function periodWords(c: Contract, timeZone: string): string {
  return `${eraDate(c.periodFrom, timeZone)} ～ ${eraDate(c.periodTo, timeZone)}`;
}

/** The header's lines as label and text, for a CSV or a spreadsheet: 未設定 stands where nothing is set. */
export function contractHeaderRows(c: Contract | null, timeZone: string): [string, string][] {
  if (!c) return [['契約情報', CONTRACT_UNSET]];
  return [
    ['宛先', addresseeWords(c)],
    ['受託者', c.contractor.company],
    ['代表者', representativeWords(c)],
    ['所在地', c.contractor.address],
    ['受託業務名', c.name],
    ['受託期間', periodWords(c, timeZone)],
  ];
}
