import { openDB, type IDBPDatabase } from 'idb';
import { signal } from './signal.ts';

/**
 * This browser as a witness of the ledger (issue 14). Every API answer carries the server's latest signed
 * checkpoint; the highest one seen is kept here (IndexedDB, so it outlives a reload or a restart of the
 * tablet) and presented with every request. A server whose journal no longer contains it (rolled back,
 * cut off, rewritten) raises its alarm and says so in `X-Ledger-Alarm`.
 */
interface Held {
  seq: number;
  text: string;
}

/** Set when the server reports that its ledger failed a check: the console and the kiosk show it. */
export const ledgerAlarm = signal<string | null>(null);

let held: Held | null = null;
let store: Promise<IDBPDatabase> | null = null;

function database(): Promise<IDBPDatabase> {
  store ??= openDB('ledger-witness', 1, { upgrade: (db) => db.createObjectStore('checkpoint') }).catch((err: unknown) => {
    store = null;
    throw err;
  });
  return store;
}

/** Reads the kept checkpoint once at start; a failure leaves the browser without one, as a new one is. */
export const witnessReady: Promise<void> = (typeof indexedDB === 'undefined' ? Promise.resolve(undefined) : database().then((db) => db.get('checkpoint', 'latest') as Promise<Held | undefined>))
  .then((kept) => {
    if (kept && (!held || kept.seq > held.seq)) held = kept;
  })
  .catch(() => undefined);

/** The header to send: the highest checkpoint this browser has seen. */
export function witnessHeaders(): Record<string, string> {
  return held ? { 'x-ledger-witness': held.text } : {};
}

/** Takes what an answer says of the ledger: a newer checkpoint to keep, or the alarm. */
export function observe(res: Response): void {
  const alarm = res.headers.get('x-ledger-alarm');
  if (alarm) ledgerAlarm.set(alarm);
  const text = res.headers.get('x-ledger-checkpoint');
  if (!text) return;
  let seq: unknown;
  try {
    seq = (JSON.parse(text) as { seq?: unknown }).seq;
  } catch {
    return;
  }
  if (typeof seq !== 'number' || (held && seq <= held.seq)) return;
  held = { seq, text };
  database()
    .then((db) => db.put('checkpoint', held, 'latest'))
    .catch(() => undefined);
}
