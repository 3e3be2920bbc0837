import fc from 'fast-check';
import { expect } from 'vitest';
import { rowCounts } from '../../support/db-snapshot.ts';
import { countsDiff, envelopeProblems, send, type Caller, type SendOpts, type Sent } from './http.ts';
import type { FuzzWorld } from './world.ts';

export interface Expect {
  /** Bad input that must be refused: a 2xx is a finding. */
  refused?: boolean;
  /** The only acceptable statuses. */
  status?: number[];
}

/**
 * Sends one request and lists what is wrong with the answer: a 5xx, a broken envelope, a 400 that
 * names no field, a row written on a 4xx, or an answer the case does not allow.
 */
export async function probe(w: FuzzWorld, caller: Caller, method: string, path: string, opts: SendOpts, want: Expect = {}): Promise<{ res: Sent; problems: string[] }> {
  const before = rowCounts(w.env.deps.sqlite);
  const res = await send(w.env.app, caller, method, path, opts);
  const problems = envelopeProblems(res);
  if (res.status >= 400) {
    const diff = countsDiff(before, rowCounts(w.env.deps.sqlite));
    if (diff) problems.push(`wrote on a ${res.status}: ${diff}`);
  }
  if (want.refused && res.status < 400) problems.push(`accepted bad input with ${res.status}: ${res.text.slice(0, 200)}`);
  if (want.status && !want.status.includes(res.status)) problems.push(`answered ${res.status}, expected ${want.status.join(' or ')}: ${res.text.slice(0, 200)}`);
  return { res, problems };
}

/** Runs a property with a fixed seed and no shrinking (each shrink step is another request on a changed world). */
export async function holds<T>(seed: number, numRuns: number, arb: fc.Arbitrary<T>, run: (v: T) => Promise<string[]>): Promise<void> {
  const details = await fc.check(
    fc.asyncProperty(arb, async (v) => {
      const problems = await run(v);
      if (problems.length > 0) throw new Error(problems.join('\n'));
    }),
    { seed, numRuns, endOnFailure: true },
  );
  if (details.failed) {
    const why = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    expect.fail(clip(`${why}\n--- for input: ${fc.stringify(details.counterexample)} (seed ${seed})`));
  }
}

/** Collects the problems of several deterministic cases and fails once, listing them all. */
export function expectNone(problems: string[]): void {
  expect(problems.map(clip), problems.length > 0 ? `${problems.length} problem(s)` : '').toEqual([]);
}

function clip(s: string): string {
  return s.replace(/(.{1,6}?)\1{20,}/gs, (m, c: string) => `${c.repeat(3)}…(${m.length} chars)`).slice(0, 4000);
}
