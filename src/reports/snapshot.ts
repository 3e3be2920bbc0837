/** Rows read at once by a long read: what it holds in memory, and a few milliseconds of work between two yields. */
export const CHUNK = 2000;

export function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Keyset pages of a read: `page(after)` returns up to CHUNK rows following `after`, in key order.
 * Yields one page at a time and lets the event loop run in between.
 */
export async function* pages<T, K>(first: K, page: (after: K) => T[], keyOf: (row: T) => K): AsyncGenerator<T[]> {
  let after = first;
  for (;;) {
    const rows = page(after);
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < CHUNK) return;
    after = keyOf(rows[rows.length - 1]!);
    await yieldToLoop();
  }
}
