import { eq } from 'drizzle-orm';
import { SYSTEM } from '../actor.ts';
import { transact, type Tx } from '../db/client.ts';
import { journal } from '../db/schema/journal.ts';
import type { Deps } from '../deps.ts';
import { openIncident } from '../incidents/service.ts';
import { checkpointSignatureHolds, type Checkpoint } from './checkpoints.ts';
import { journalHead } from './read.ts';

/**
 * What the ledger's witnesses hold it to (issue 14). Every API response carries the latest signed
 * checkpoint (`X-Ledger-Checkpoint`); each kiosk and staff browser keeps the highest it has seen and
 * presents it with its next request (`X-Ledger-Witness`). A checkpoint signed with this server's key
 * that the chain no longer contains (beyond the head, or another hash at its seq) means the database was
 * rolled back or rewritten: the alarm is raised, an incident opened, and writes are refused from then on.
 * A verify run that fails (at start, on the schedule) raises the same alarm.
 */
export interface IntegrityAlarm {
  reason: string;
  message: string;
  at: string;
  /** Who found it: a kiosk's or a browser's witness, or the server's own verify. */
  source: 'witness' | 'verify';
}

const KNOWN_GOOD_LIMIT = 4096;

export class LedgerIntegrity {
  private latest: Checkpoint | null = null;
  private latestHeader: string | null = null;
  private alarmRaised: IntegrityAlarm | null = null;
  /**
   * Signatures already verified (the ones we made, and those witnesses presented): checking one again
   * costs a set lookup instead of an Ed25519 verify. The chain itself is looked at every time: a
   * primary-key read, which sees a database edited under a running server too.
   */
  private readonly signed = new Set<string>();

  /** A checkpoint just written: handed out with every response from now on. */
  publish(c: Checkpoint): void {
    if (this.latest && this.latest.seq > c.seq) return;
    this.latest = c;
    this.latestHeader = JSON.stringify(c);
    this.remember(c);
  }

  get header(): string | null {
    return this.latestHeader;
  }

  get alarm(): IntegrityAlarm | null {
    return this.alarmRaised;
  }

  /**
   * Checks a checkpoint a witness presents. A value that is not a checkpoint signed with our key proves
   * nothing and is ignored (anyone can send a header); a signed one the chain does not contain is an alarm.
   */
  examine(db: Tx, deps: Pick<Deps, 'signingKey' | 'clock'>, presented: string): IntegrityAlarm | null {
    const c = parseCheckpoint(presented);
    if (!c) return null;
    if (!this.signed.has(signedKey(c))) {
      if (c.keyId !== deps.signingKey.keyId || !checkpointSignatureHolds(c, deps.signingKey.publicKey)) return null;
      this.remember(c);
    }
    const at = new Date(deps.clock.now()).toISOString();
    const head = journalHead(db);
    if (c.seq > head.seq) {
      return { reason: 'rollback', source: 'witness', at, message: `a witness holds a checkpoint of seq ${c.seq} signed at ${c.at}, but the journal ends at seq ${head.seq}: entries were cut off or an older copy was restored` };
    }
    const row = db.select({ hash: journal.hash }).from(journal).where(eq(journal.seq, c.seq)).get();
    if (!row || row.hash !== c.hash) {
      return { reason: 'checkpoint_mismatch', source: 'witness', at, message: `a witness holds a checkpoint of seq ${c.seq} signed at ${c.at}, and the journal has another entry there: it was rewritten` };
    }
    return null;
  }

  /** Raises the alarm once: an incident in the journal, an error in the log; writes stop. */
  raise(deps: Deps, alarm: IntegrityAlarm): void {
    if (this.alarmRaised) return;
    this.alarmRaised = alarm;
    deps.log.error('ledger integrity alarm: writes are refused until the server is restarted on a database that verifies', { ...alarm });
    try {
      transact(deps.db, (tx) =>
        openIncident(tx, { deps, actor: SYSTEM, requestId: null }, { kind: 'other', title: '台帳の改ざん・巻き戻しの疑い（照合の不一致）', circumstances: alarm.message, location: 'サーバ' }),
      );
    } catch (err) {
      deps.log.error('ledger integrity alarm: the incident could not be written', { error: (err as Error).message });
    }
  }

  private remember(c: Checkpoint): void {
    if (this.signed.size >= KNOWN_GOOD_LIMIT) this.signed.clear();
    this.signed.add(signedKey(c));
  }
}

/** Everything the signature covers, with the signature: the same signature on other content is not known. */
const signedKey = (c: Checkpoint) => `${c.seq}|${c.hash}|${c.at}|${c.keyId}|${c.reason}|${c.sig}`;

const B64URL = /^[A-Za-z0-9_-]+$/;
const HEX = /^[0-9a-f]{64}$/;

function parseCheckpoint(text: string): Checkpoint | null {
  if (text.length > 1024) return null;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (!v || typeof v !== 'object') return null;
  const c = v as Record<string, unknown>;
  if (!Number.isSafeInteger(c.seq) || (c.seq as number) < 1) return null;
  if (typeof c.hash !== 'string' || !HEX.test(c.hash)) return null;
  if (typeof c.at !== 'string' || typeof c.keyId !== 'string' || typeof c.reason !== 'string') return null;
  if (typeof c.sig !== 'string' || !B64URL.test(c.sig)) return null;
  return { seq: c.seq as number, hash: c.hash, at: c.at, keyId: c.keyId, reason: c.reason as Checkpoint['reason'], sig: c.sig };
}
