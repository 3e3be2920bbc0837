import { ApiError, request, type ApiOptions } from '../shared/api.ts';
import { signal } from '../shared/signal.ts';

export type Role = 'admin' | 'supervisor' | 'guard' | 'worker' | 'auditor';

export interface Me {
  person: { id: number; name: string; kana: string; roles: Role[]; organisationName: string };
  csrfToken: string | null;
}

/** The signed-in person, or null. Set after sign-in / enrolment, cleared on sign-out or expiry. */
export const session = signal<Me | null>(null);

/** Why the last session ended, for the sign-in screen to say so (null: it did not end, or by sign-out). */
export const sessionEnded = signal<'idle' | 'expired' | null>(null);

/** Console API calls: the session cookie rides along; mutations echo the CSRF token. */
export async function api<T>(path: string, opts: ApiOptions = {}): Promise<T> {
  const csrf = session.get()?.csrfToken;
  const mutating = (opts.method ?? (opts.body === undefined ? 'GET' : 'POST')) !== 'GET';
  try {
    return await request<T>(path, { ...opts, headers: { ...(mutating && csrf ? { 'x-csrf-token': csrf } : {}), ...opts.headers } });
  } catch (err) {
    // The server ended the session (idle, absolute lifetime, revoked passkey): back to the sign-in screen.
    if (err instanceof ApiError && err.status === 401 && session.get() !== null) {
      sessionEnded.set('expired');
      session.set(null);
    }
    throw err;
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
