import { ApiError, NetworkError, request, type ApiOptions } from '../shared/api.ts';
import { signal } from '../shared/signal.ts';

/** An area as the server describes it to its kiosk (GET /api/kiosk/me). */
export interface KioskArea {
  id: number;
  name: string;
  siteId: number;
  securityLevel: 'general' | 'secure';
  acceptedMethods: string[];
  purposes: string[];
}

export interface KioskProfile {
  id: number;
  name: string;
  areas: KioskArea[];
}

export interface Device {
  token: string;
  profile: KioskProfile;
}

const TOKEN_KEY = 'ledger.kiosk.token';
const PROFILE_KEY = 'ledger.kiosk.profile';
const AREA_KEY = 'ledger.kiosk.areaId';
const TIMEOUT_MS = 15_000;

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // storage unavailable: the kiosk works until the page is reloaded
  }
}

function loadDevice(): Device | null {
  const token = read(TOKEN_KEY);
  const profile = read(PROFILE_KEY);
  if (!token || !profile) return null;
  try {
    return { token, profile: JSON.parse(profile) as KioskProfile };
  } catch {
    return null;
  }
}

function loadArea(): number | null {
  const n = Number(read(AREA_KEY));
  return Number.isInteger(n) && n > 0 ? n : null;
}

/** The enrolled device (token + profile, kept in localStorage so a reload works offline), or null. */
export const device = signal<Device | null>(loadDevice());
/** The area this tablet records for, chosen once when the kiosk serves several. */
export const chosenAreaId = signal<number | null>(loadArea());
/** Set when the server refused our token: the enrolment screen says why it is back. */
export const revokedNotice = signal<boolean>(false);
/** Whether the last call reached the server (any HTTP answer) or not (network failure). */
export const reachable = signal<boolean>(true);

function saveDevice(d: Device | null): void {
  write(TOKEN_KEY, d?.token ?? null);
  write(PROFILE_KEY, d ? JSON.stringify(d.profile) : null);
  device.set(d);
}

export function chooseArea(id: number | null): void {
  write(AREA_KEY, id === null ? null : String(id));
  chosenAreaId.set(id);
}

/** The area in use: the one chosen, or the only one; null when a choice is still needed. */
export function currentArea(d: Device | null = device.get(), chosen: number | null = chosenAreaId.get()): KioskArea | null {
  if (!d) return null;
  if (d.profile.areas.length === 1) return d.profile.areas[0]!;
  return d.profile.areas.find((a) => a.id === chosen) ?? null;
}

/**
 * The token of this kiosk after it was revoked, kept (in memory) for one purpose: handing over the
 * events it queued before (issue 19). The server records them as refusals, never as entries.
 */
let handover: string | null = null;
export function handoverToken(): string | null {
  return device.get() ? null : handover;
}
export function endHandover(): void {
  handover = null;
}

/** Forgets the token after a 401: the kiosk goes back to enrolment. The offline queue is kept, and handed over with the old token. */
function forget(token: string): void {
  if (device.get()?.token !== token) return; // an old call answering after a new enrolment
  handover = token;
  saveDevice(null);
  chooseArea(null);
  revokedNotice.set(true);
}

/**
 * What the kiosk reports of itself with every call (X-Kiosk-State, issue 19): its unsent queue, the
 * device time of the oldest item, and its build (the content hash in its script's name). The outbox
 * registers the reader, so that this module does not depend on it.
 */
let queueState: () => { size: number; oldestAt: string | null } = () => ({ size: 0, oldestAt: null });
export function reportQueueWith(read: typeof queueState): void {
  queueState = read;
}
const BUILD = (/([A-Za-z0-9_-]+)\.js$/.exec(new URL(import.meta.url).pathname)?.[1] ?? 'dev').replace(/[^A-Za-z0-9._-]/g, '').slice(0, 64) || 'dev';

function stateHeader(): string {
  const { size, oldestAt } = queueState();
  const oldest = oldestAt === null ? '' : String(Date.parse(oldestAt));
  return `q=${Math.min(size, 999_999)};oldest=${/^\d+$/.test(oldest) ? oldest : ''};v=${BUILD}`;
}

/**
 * A call with the device token. Never sends cookies (see ApiOptions.credentials), times out rather
 * than hanging, tracks reachability, and treats a 401 as a revoked kiosk.
 */
export async function kioskCall<T>(path: string, opts: ApiOptions & { token?: string } = {}): Promise<T> {
  const d = opts.token !== undefined ? { token: opts.token } : device.get();
  if (!d) throw new ApiError(401, { code: 'UNAUTHENTICATED', message: 'not enrolled', requestId: null, details: null });
  try {
    const result = await request<T>(path, { ...opts, headers: { ...opts.headers, authorization: `Bearer ${d.token}`, 'x-kiosk-state': stateHeader() }, credentials: 'omit', signal: opts.signal ?? AbortSignal.timeout(TIMEOUT_MS) });
    reachable.set(true);
    return result;
  } catch (err) {
    if (err instanceof NetworkError) reachable.set(false);
    if (err instanceof ApiError) {
      reachable.set(true);
      if (err.status === 401) forget(d.token);
    }
    throw err;
  }
}

/** Whether a failed call means the server was out of reach (502-504: a proxy in front of it could not reach it). */
export function isUnreachable(err: unknown): boolean {
  return err instanceof NetworkError || (err instanceof ApiError && err.status >= 502 && err.status <= 504);
}

/** Exchanges a one-time code for the device token (POST /api/kiosk/enrol). */
export async function enrol(code: string): Promise<void> {
  const res = await request<{ token: string; kiosk: KioskProfile }>('/api/kiosk/enrol', { body: { code }, credentials: 'omit', signal: AbortSignal.timeout(TIMEOUT_MS) });
  reachable.set(true);
  revokedNotice.set(false);
  const chosen = chosenAreaId.get();
  if (chosen !== null && !res.kiosk.areas.some((a) => a.id === chosen)) chooseArea(null);
  saveDevice({ token: res.token, profile: res.kiosk });
}

/** Reloads the areas and their policies (an admin may have changed them). */
export async function refreshProfile(): Promise<void> {
  const d = device.get();
  if (!d) return;
  const profile = await kioskCall<KioskProfile>('/api/kiosk/me');
  if (device.get()?.token !== d.token) return;
  saveDevice({ token: d.token, profile });
  const chosen = chosenAreaId.get();
  if (chosen !== null && !profile.areas.some((a) => a.id === chosen)) chooseArea(null);
}

/** What people type: any case, spaces or dashes, O for 0 and I/L for 1 (the server accepts the same). */
export function normaliseCode(typed: string): string {
  const c = typed.normalize('NFKC').toUpperCase().replace(/[\s\-‐－ー]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return c.length === 10 ? `${c.slice(0, 5)}-${c.slice(5)}` : c;
}
