import type Database from 'better-sqlite3';
import { assertNothingUnsealed } from '../journal/seals.ts';

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

interface Pending {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for the kiosk hot path. Requests that arrive while the event loop is busy are run
 * together in one transaction, so one fsync (synchronous=FULL) serves many of them. Each unit of work
 * opens its own transaction through `transact`, which better-sqlite3 turns into a savepoint inside the
 * outer one: a unit that throws rolls back alone. Nobody is answered before the shared COMMIT returns.
 */
export class GroupCommitter {
  private queue: Pending[] = [];
  private scheduled = false;
  private seen = 0;
  private turns = 0;
  /**
   * One unit of work in its own savepoint (better-sqlite3 nests a transaction function called inside
   * another as a savepoint), so that a unit writing outside `transact` still rolls back alone. Built
   * once: `sqlite.transaction()` makes five wrapper functions and defines their properties on every
   * call, which was a measurable part of each check-in's CPU (issue 20).
   */
  private readonly unit: (work: () => unknown) => unknown;
  /** The batch in one shared transaction (BEGIN IMMEDIATE … COMMIT): one fsync for all of it. */
  private readonly batch: (batch: Pending[], outcomes: Outcome[]) => void;

  constructor(
    private readonly sqlite: Database.Database,
    private readonly maxBatch = 256,
    private readonly maxWaitTurns = 4,
  ) {
    this.unit = sqlite.transaction((work: () => unknown) => {
      const value = work();
      assertNothingUnsealed(sqlite);
      return value;
    });
    const shared = sqlite.transaction((batch: Pending[], outcomes: Outcome[]) => {
      for (const item of batch) {
        try {
          outcomes.push({ ok: true, value: this.unit(item.work) });
        } catch (error) {
          outcomes.push({ ok: false, error });
        }
      }
    });
    this.batch = shared.immediate;
  }

  /** Runs `work` (synchronous, writing through `transact`) in the next shared transaction. */
  submit<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (v: unknown) => void, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.seen = 0;
    this.turns = 0;
    // setImmediate runs after the poll phase: every request already read from the sockets joins this batch.
    setImmediate(this.flushWhenSettled);
  }

  /**
   * Requests that arrived on the sockets while the last batch was committing reach submit() within one
   * more turn of the event loop (its poll phase reads them without waiting, as an immediate is
   * pending). So the batch waits a turn while each turn still brings more, up to `maxWaitTurns`: at
   * 10 kiosks the batches otherwise split in two alternating halves, each paying its own commit.
   */
  private readonly flushWhenSettled = (): void => {
    const n = this.queue.length;
    if (n > this.seen && n < this.maxBatch && this.turns < this.maxWaitTurns) {
      this.seen = n;
      this.turns += 1;
      setImmediate(this.flushWhenSettled);
      return;
    }
    this.flush();
  };

  private flush(): void {
    this.scheduled = false;
    const batch = this.queue.splice(0, this.maxBatch);
    if (this.queue.length > 0) this.schedule();
    const outcomes: Outcome[] = [];
    try {
      this.batch(batch, outcomes);
    } catch (error) {
      // The shared COMMIT failed (disk full, I/O error): nothing in the batch was recorded.
      for (const item of batch) item.reject(error);
      return;
    }
    batch.forEach((item, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.error);
    });
  }
}
