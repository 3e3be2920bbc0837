import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { ApiError } from '../shared/api.ts';
import { signal } from '../shared/signal.ts';
import { device, endHandover, handoverToken, kioskCall, reachable, refreshProfile, reportQueueWith } from './device.ts';

/** The body of POST /api/kiosk/events (src/access/schemas.ts KioskEventBody). */
export interface EventBody {
  idempotencyKey: string;
  areaId: number;
  direction: 'in' | 'out';
  purpose: string;
  identification: { method: 'badge'; payload: string } | { method: 'passkey'; response: unknown };
  deviceAt?: string;
}

interface Queued {
  seq?: number;
  idempotencyKey: string;
  body: EventBody;
  deviceAt: string;
}

/** What is kept of an event the server refused for good: no badge payload, nothing personal. */
interface Rejected {
  seq?: number;
  idempotencyKey: string;
  areaId: number;
  direction: 'in' | 'out';
  deviceAt: string;
  status: number;
  code: string;
  at: string;
}

interface OutboxDb extends DBSchema {
  outbox: { key: number; value: Queued };
  rejected: { key: number; value: Rejected };
}

/** Events kept on the tablet while the server was unreachable, oldest first. */
export const pending = signal<number>(0);
/** The device time of the oldest event still waiting (ISO), or null when nothing waits. */
export const oldestPending = signal<string | null>(null);
/** Events the server refused for good when they were finally sent (shown so they are not lost silently). */
export const rejected = signal<number>(0);

let dbPromise: Promise<IDBPDatabase<OutboxDb>> | null = null;

function database(): Promise<IDBPDatabase<OutboxDb>> {
  dbPromise ??= openDB<OutboxDb>('ledger-kiosk', 1, {
    upgrade(db) {
      // seq is autoincrement: the key order is the order people badged, which is the order to send.
      db.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true });
      db.createObjectStore('rejected', { keyPath: 'seq', autoIncrement: true });
    },
  }).catch((err: unknown) => {
    dbPromise = null; // try to open it again next time
    throw err;
  });
  return dbPromise;
}

/**
 * How many events the tablet keeps (issue 19). Past QUEUE_LIMIT it refuses to keep more, and the person
 * is told to call a guard: an event is never dropped to make room. From QUEUE_WARN_AT the idle screen
 * says the limit is near. 5,000 is weeks of a busy door, far more than the server's 7-day window for
 * offline events (src/access/kiosk-event.ts) would accept anyway.
 */
export const QUEUE_LIMIT = 5_000;
export const QUEUE_WARN_AT = 4_000;
/** From this age the idle screen warns that the oldest waiting event is getting old. */
export const STALE_AFTER_MS = 24 * 3_600_000;

/** The queue is full: this event was not kept. */
export class QueueFull extends Error {}

async function refreshCounts(): Promise<void> {
  const db = await database();
  const tx = db.transaction(['outbox', 'rejected']);
  const oldest = await tx.objectStore('outbox').openCursor();
  oldestPending.set(oldest?.value.deviceAt ?? null);
  pending.set(await tx.objectStore('outbox').count());
  rejected.set(await tx.objectStore('rejected').count());
}

/** Keeps a badge event on the tablet with its device time; throws QueueFull at the limit, or if IndexedDB is unusable. */
export async function enqueue(body: EventBody, deviceAt: Date): Promise<void> {
  const at = deviceAt.toISOString();
  const db = await database();
  // Counted and added in one transaction, so two tabs cannot both take the last place.
  const tx = db.transaction('outbox', 'readwrite');
  const full = (await tx.store.count()) >= QUEUE_LIMIT;
  if (!full) await tx.store.add({ idempotencyKey: body.idempotencyKey, body: { ...body, deviceAt: at }, deviceAt: at });
  await tx.done;
  await refreshCounts();
  if (full) throw new QueueFull('the offline queue is full');
}

// 409: the key was already used, so the event reached the server before the connection broke (its
// answer was lost). 400/403/404/413/422: the server will never accept this body from this kiosk.
const DELIVERED = new Set([409]);
const REFUSED_FOR_GOOD = new Set([400, 403, 404, 413, 415, 422]);

let running: Promise<void> | null = null;

/** Sends queued events in order, one at a time; stops at the first that cannot be sent now. */
export function flush(): Promise<void> {
  running ??= sendAll().finally(() => {
    running = null;
  });
  return running;
}

async function sendAll(): Promise<void> {
  const db = await database();
  // A kiosk revoked with events still queued hands them over with its old token (the server records them
  // as refusals); a 401 to that means there is nothing more it will take, and the queue waits for an enrolment.
  while (device.get() || handoverToken()) {
    const handover = device.get() ? undefined : (handoverToken() ?? undefined);
    const cursor = await db.transaction('outbox').store.openCursor();
    const item = cursor?.value;
    if (!item || item.seq === undefined) break;
    try {
      await kioskCall('/api/kiosk/events', { body: item.body, ...(handover !== undefined ? { token: handover } : {}) });
      await db.delete('outbox', item.seq);
    } catch (err) {
      if (!(err instanceof ApiError)) break; // unreachable: try again later, in the same order
      if (DELIVERED.has(err.status)) {
        await db.delete('outbox', item.seq);
      } else if (REFUSED_FOR_GOOD.has(err.status)) {
        const tx = db.transaction(['outbox', 'rejected'], 'readwrite');
        const { body } = item;
        await tx.objectStore('rejected').add({ idempotencyKey: item.idempotencyKey, areaId: body.areaId, direction: body.direction, deviceAt: item.deviceAt, status: err.status, code: err.body.code, at: new Date().toISOString() });
        await tx.objectStore('outbox').delete(item.seq);
        await tx.done;
      } else {
        if (err.status === 401 && handover !== undefined) endHandover();
        break; // 401 (re-enrolment needed), 429, 5xx: keep everything and retry
      }
    } finally {
      await refreshCounts();
    }
  }
}

const RETRY_MS = 4_000;
const HEARTBEAT_MS = 30_000;
let started = false;

/** Starts the background sender: retries while anything is pending, and checks in with the server. */
export function startSender(): void {
  reportQueueWith(() => ({ size: pending.get(), oldestAt: oldestPending.get() }));
  if (started) return;
  started = true;
  void navigator.storage?.persist?.().catch(() => false);
  let lastBeat = Date.now();
  let busy = false;
  const beat = async () => {
    if (pending.get() > 0) {
      await flush().catch(() => undefined);
      lastBeat = Date.now();
    } else if (device.get() && (!reachable.get() || Date.now() - lastBeat >= HEARTBEAT_MS)) {
      // Unreachable: check every tick, so the passkey button and the banner recover soon after the server.
      lastBeat = Date.now();
      await refreshProfile().catch(() => undefined);
    }
  };
  // A slow server (calls time out after 15 s) must not pile up overlapping checks.
  const tick = async () => {
    if (busy || (!device.get() && !handoverToken())) return;
    busy = true;
    try {
      await beat();
    } finally {
      busy = false;
    }
  };
  window.setInterval(() => void tick(), RETRY_MS);
  window.addEventListener('online', () => void flush().catch(() => undefined));
  void refreshCounts()
    .then(() => (device.get() ? refreshProfile() : undefined))
    .catch(() => undefined)
    .then(() => flush())
    .catch(() => undefined);
}
