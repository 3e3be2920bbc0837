import { html, raw, type Raw } from '../http/html.ts';
import { eraDate, localDateTime, workingDay } from '../time.ts';

/** Formats a stored ISO instant for a printed ledger; '' for null. */
export type At = (isoTime: string | null) => string;

/**
 * Times in a day's ledger: the date is printed once, in the header, so a cell shows `09:05`; a stay that
 * crosses midnight shows the other date only where it differs (`11月21日 06:00`).
 */
export function clockOn(day: string, timeZone: string): At {
  return (i) => {
    if (i === null) return '';
    const ms = Date.parse(i);
    const local = localDateTime(ms, timeZone);
    const other = workingDay(ms, timeZone);
    if (other === day) return local.slice(11);
    const [y, m, d] = other.split('-').map(Number) as [number, number, number];
    const year = y === Number(day.slice(0, 4)) ? '' : `${eraDate(other, timeZone).replace(/\d+月\d+日$/, '')}`;
    return `${year}${m}月${d}日 ${local.slice(11)}`;
  };
}

/** A full 和暦 date and time (`令和8年11月21日 07:00`) for the sign-off, the checkpoint and the print time. */
export function eraStamp(timeZone: string): At {
  return (i) => {
    if (i === null) return '';
    const ms = Date.parse(i);
    return `${eraDate(workingDay(ms, timeZone), timeZone)} ${localDateTime(ms, timeZone).slice(11)}`;
  };
}

// Where a Japanese organisation name may wrap: after a legal-entity word at its start, before one at
// its end, and after 支店・支部 and the like. The cell keeps the rest of the name whole (word-break:
// keep-all) and breaks anywhere only when one piece is wider than the column (overflow-wrap).
const ENTITY = '株式会社|有限会社|合同会社|合資会社|合名会社|一般社団法人|公益社団法人|一般財団法人|公益財団法人|特定非営利活動法人|社会福祉法人|学校法人|医療法人|独立行政法人';
const BREAKS = new RegExp(`(${ENTITY})|(支店|支社|支部|本部|営業所|事業所|事務所|協会|組合|センター)(?=.)`, 'g');

/** An organisation's name with <wbr> at the points a reader would break it. */
export function orgText(name: string): Raw {
  const cuts = new Set<number>();
  for (const m of name.matchAll(BREAKS)) {
    // A legal-entity word breaks on both sides (前株 and 後株); a branch word only after itself.
    if (m[1] !== undefined) cuts.add(m.index);
    cuts.add(m.index + m[0].length);
  }
  const at = [0, ...[...cuts].filter((c) => c > 0 && c < name.length).sort((a, b) => a - b), name.length];
  const pieces = at.slice(1).map((end, i) => name.slice(at[i], end));
  return raw(pieces.map((p) => html`${p}`.html).join('<wbr>'));
}

/** Past this many characters an organisation's name prints smaller rather than taking more lines. */
const LONG_ORG = 16;

/** The 所属 cell: breaks at sensible points (orgText), and a long name shrinks. */
export function orgCell(name: string): Raw {
  return html`<td class="${name.length > LONG_ORG ? 'org long' : 'org'}">${orgText(name)}</td>`;
}

export const SEAL_LABELS = ['担当', '責任者', '甲'] as const;

/** The 確認印 boxes an office stamps: the contractor's 担当 and 責任者, and the city's 甲. */
export function sealBoxes(): Raw {
  return html`<table class="confirm-seals" aria-label="確認印"><caption>確認印</caption><thead><tr>${SEAL_LABELS.map((l) => html`<th>${l}</th>`)}</tr></thead><tbody><tr>${SEAL_LABELS.map(() => html`<td></td>`)}</tr></tbody></table>`;
}
