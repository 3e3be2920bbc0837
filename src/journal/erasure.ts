import type { JournalRow } from './append.ts';

/** The contract-end purge's own entry: it lists the seqs whose payloads it erased (decision 0001). */
export const PURGE_ACTION = 'personal_data.purged';

export type SeqRange = [from: number, to: number];

/** Seqs in ascending order as ranges of consecutive seqs: a purge of 5 M entries is one range. */
export function toRanges(seqs: Iterable<number>): SeqRange[] {
  const ranges: SeqRange[] = [];
  for (const seq of seqs) extend(ranges, seq);
  return ranges;
}

function extend(ranges: SeqRange[], seq: number): void {
  const last = ranges.at(-1);
  if (last && seq === last[1] + 1) last[1] = seq;
  else ranges.push([seq, seq]);
}

/**
 * The erased entries verify has met and no purge entry has yet accounted for, kept as ranges (bounded by
 * how scattered they are, not by how many). A purge entry covers the seqs its `erasedSeqs` lists; one
 * written before purges listed them (no `erasedSeqs`) covers every entry before it, as that purge did.
 */
export class ErasedRanges {
  private ranges: SeqRange[] = [];

  add(seq: number): void {
    extend(this.ranges, seq);
  }

  coverBy(purge: JournalRow): void {
    const listed = (JSON.parse(purge.data!) as { erasedSeqs?: SeqRange[] }).erasedSeqs;
    const covers = listed ?? [[1, purge.seq - 1] as SeqRange];
    this.ranges = this.ranges.flatMap((r) => covers.reduce<SeqRange[]>((left, c) => left.flatMap((p) => subtract(p, c)), [r]));
  }

  first(): number | null {
    return this.ranges[0]?.[0] ?? null;
  }
}

function subtract([a, b]: SeqRange, [c, d]: SeqRange): SeqRange[] {
  if (d < a || c > b) return [[a, b]];
  const out: SeqRange[] = [];
  if (c > a) out.push([a, c - 1]);
  if (d < b) out.push([d + 1, b]);
  return out;
}
