import { ApiError, request, type ApiOptions } from '../shared/api.ts';
import { signal } from '../shared/signal.ts';
import type { ApiJson } from './types.ts';

/** The signed-in person, the sites their roles reach (null: every site, F4) and the CSRF token (GET /api/auth/me). */
export type Me = ApiJson<'/api/auth/me'>;
export type Role = Me['person']['roles'][number];

/** The signed-in person, or null. Set after sign-in / enrolment, cleared on sign-out or expiry. */
export const session = signal<Me | null>(null);

/** Why the last session ended, for the sign-in screen to say so (null: it did not end, or by sign-out). */
export const sessionEnded = signal<'idle' | 'expired' | null>(null);

/** Console API calls: the session cookie rides along; mutations echo the CSRF token. */
export async function api<T>(path: string, opts: ApiOptions = {}): Promise<T> {
  const csrf = session.get()?.csrfToken;
  const mutating = (opts.method ?? (opts.body === undefined ? 'GET' : 'POST')) !== 'GET';
  try {
    const result = await request<T>(path, { ...opts, headers: { ...(mutating && csrf ? { 'x-csrf-token': csrf } : {}), ...opts.headers } });
    if (mutating && aboutMe(path)) await refreshSession();
    return result;
  } catch (err) {
    // The server ended the session (idle, absolute lifetime, revoked passkey): back to the sign-in screen.
    if (err instanceof ApiError && err.status === 401 && session.get() !== null) {
      sessionEnded.set('expired');
      session.set(null);
    }
    throw err;
  }
}

/**
 * A change to the signed-in person's own roster entry (roles above all) changes what they may do now:
 * the header and every allowed action read `session`, so it is fetched again rather than waiting for a
 * reload.
 */
function aboutMe(path: string): boolean {
  const me = session.get();
  return me !== null && new RegExp(`^/api/people/${me.person.id}(?:[/?]|$)`).test(path);
}

/** Fetches the signed-in person again; a 401 ends the session (as in api), anything else keeps what we had. */
async function refreshSession(): Promise<void> {
  try {
    session.set(await api<ApiJson<'/api/auth/me'>>('/api/auth/me'));
  } catch {
    // unreachable for a moment: the next call will tell; the change itself was saved
  }
}

export async function loadSession(): Promise<Me | null> {
  try {
    const me = await request<Me>('/api/auth/me');
    session.set(me);
    return me;
  } catch {
    session.set(null);
    return null;
  }
}

export function hasRole(...roles: Role[]): boolean {
  return session.get()?.person.roles.some((r) => roles.includes(r)) ?? false;
}

/** Ends the session on the server (best effort) and locally. */
export async function signOut(reason: 'idle' | null = null): Promise<void> {
  if (session.get() !== null) {
    try {
      await api('/api/auth/logout', { method: 'POST' });
    } catch {
      // already ended on the server, or unreachable: the local session ends regardless
    }
  }
  sessionEnded.set(reason);
  session.set(null);
}
