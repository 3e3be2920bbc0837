import { z } from 'zod';

const minutes = z.coerce.number().int().positive();

const ConfigSchema = z
  .object({
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    HOST: z.string().min(1).default('127.0.0.1'),
    DB_PATH: z.string().min(1).default('./data/ledger.db'),
    SIGNING_KEY_PATH: z.string().min(1).default('./data/keys/server-signing-key.pem'),
    LEDGER_TIME_ZONE: z
      .string()
      .default('Asia/Tokyo')
      .refine(isTimeZone, { message: 'not an IANA time zone known to this Node.js' }),
    RP_ID: z.string().min(1).default('localhost'),
    // Unset: the server's own address on this machine, http://localhost:<PORT>.
    RP_ORIGIN: z.url().optional(),
    RP_NAME: z.string().min(1).default('入退室・持込持出管理'),
    SESSION_IDLE_MINUTES: minutes.default(15),
    SESSION_ABSOLUTE_MINUTES: minutes.default(12 * 60),
    BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(256 * 1024),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
    CHECKPOINT_PATH: z.string().min(1).optional(),
    CHECKPOINT_INTERVAL_MS: z.coerce.number().int().min(100).max(60_000).default(1000),
    VERIFY_EVERY_MINUTES: z.coerce.number().int().min(0).default(60),
    KIOSK_SILENT_AFTER_MINUTES: z.coerce.number().int().min(0).default(60),
    ASSET_NUMBER_FORMAT: z
      .string()
      .regex(/^[A-Za-z0-9._\/{}:-]+$/, 'letters, digits, . _ / - and {YYYY} {SEQ:n} only')
      .refine((f) => /\{SEQ:[1-9]\}/.test(f), 'must contain {SEQ:n}, e.g. {SEQ:5}')
      .default('A{YYYY}-{SEQ:5}'),
    // 甲's prior permission for a site with no policy of its own (F1): all reserved kinds, as 新潟市 writes them, or none.
    CITY_PERMISSION_DEFAULT: z.enum(['all', 'none']).default('all'),
  })
  .transform((c) => ({ ...c, RP_ORIGIN: c.RP_ORIGIN ?? `http://localhost:${c.PORT}` }))
  .refine((c) => new URL(c.RP_ORIGIN).hostname === c.RP_ID || new URL(c.RP_ORIGIN).hostname.endsWith(`.${c.RP_ID}`), {
    message: 'RP_ORIGIN must be on RP_ID or one of its subdomains',
    path: ['RP_ORIGIN'],
  });

export type Config = {
  port: number;
  host: string;
  dbPath: string;
  signingKeyPath: string;
  timeZone: string;
  rpId: string;
  rpOrigin: string;
  rpName: string;
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
  bodyLimitBytes: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** The signed checkpoint file, beside the database (default: DB_PATH + '.checkpoints'). */
  checkpointPath: string;
  /** How often the head is checkpointed when it moved: at most this long of entries stands unsigned (issue 14). */
  checkpointIntervalMs: number;
  /** How often the server verifies the whole ledger, tables included, off the request loop (0: only at start). */
  verifyEveryMinutes: number;
  /** A kiosk not heard from this long raises an incident at the next sweep (0: never). */
  kioskSilentAfterMinutes: number;
  /** How generated 管理番号 look: {YYYY} is the year in the ledger's time zone, {SEQ:n} a zero-padded counter. */
  assetNumberFormat: string;
  /** Which actions need 甲's permission at a site whose 甲 has stored no policy (F1). */
  cityPermissionDefault: 'all' | 'none';
};

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export class ConfigError extends Error {}

/** The only reader of the environment. Throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.') || '(config)'}: ${i.message}`);
    throw new ConfigError(`invalid configuration\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dbPath: e.DB_PATH,
    signingKeyPath: e.SIGNING_KEY_PATH,
    timeZone: e.LEDGER_TIME_ZONE,
    rpId: e.RP_ID,
    rpOrigin: new URL(e.RP_ORIGIN).origin,
    rpName: e.RP_NAME,
    sessionIdleMs: e.SESSION_IDLE_MINUTES * 60_000,
    sessionAbsoluteMs: e.SESSION_ABSOLUTE_MINUTES * 60_000,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    logLevel: e.LOG_LEVEL,
    assetNumberFormat: e.ASSET_NUMBER_FORMAT,
    cityPermissionDefault: e.CITY_PERMISSION_DEFAULT,
    checkpointPath: e.CHECKPOINT_PATH ?? `${e.DB_PATH}.checkpoints`,
    checkpointIntervalMs: e.CHECKPOINT_INTERVAL_MS,
    verifyEveryMinutes: e.VERIFY_EVERY_MINUTES,
    kioskSilentAfterMinutes: e.KIOSK_SILENT_AFTER_MINUTES,
  };
}
