import type Database from 'better-sqlite3';
import { assertNothingUnsealed } from '../journal/seals.ts';

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

  constructor(
    private readonly sqlite: Database.Database,
    private readonly maxBatch = 256,
    private readonly maxWaitTurns = 4,
  ) {}

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
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      this.sqlite
        .transaction(() => {
          for (const item of batch) {
            try {
              // Its own savepoint too, so that a unit writing outside `transact` still rolls back alone.
              outcomes.push({ ok: true, value: this.sqlite.transaction(() => {
                const value = item.work();
                assertNothingUnsealed(this.sqlite);
                return value;
              })() });
            } catch (error) {
              outcomes.push({ ok: false, error });
            }
          }
        })
        .immediate();
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
