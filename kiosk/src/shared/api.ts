import { observe, witnessHeaders, witnessReady } from './witness.ts';

/** The server's error envelope: { error: { code, message, requestId, details } }. */
export interface ApiErrorBody {
  code: string;
  message: string;
  requestId: string | null;
  details: { issues?: { path: string; message: string }[] } & Record<string, unknown> | null;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(body.message);
  }
  /** Field errors keyed by the field name without its `body.` / `query.` prefix. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const i of this.body.details?.issues ?? []) out[i.path.replace(/^(body|query|param)\.?/, '') || '_'] = i.message;
    return out;
  }
}

/** Thrown when the server cannot be reached at all (offline kiosk, server down). */
export class NetworkError extends Error {}

export interface ApiOptions {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Defaults to 'same-origin'. The kiosk sends 'omit': it authenticates by its device token, and a staff
   * session cookie left in the same browser would otherwise make the server demand a CSRF token. */
  credentials?: RequestCredentials;
}

export async function request<T>(path: string, opts: ApiOptions = {}): Promise<T> {
  let res: Response;
  await witnessReady;
  try {
    res = await fetch(path, {
      method: opts.method ?? (opts.body === undefined ? 'GET' : 'POST'),
      headers: { ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }), ...witnessHeaders(), ...opts.headers },
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      credentials: opts.credentials ?? 'same-origin',
      cache: 'no-store',
      signal: opts.signal,
    });
  } catch (err) {
    throw new NetworkError((err as Error).message);
  }
  observe(res);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (!res.ok) {
    const body = (parsed as { error?: ApiErrorBody } | null)?.error ?? { code: 'INTERNAL', message: `HTTP ${res.status}`, requestId: null, details: null };
    throw new ApiError(res.status, body);
  }
  return parsed as T;
}
