type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level | 'silent', number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  /** Whether a record at this level is written: for a caller whose fields cost something to gather. */
  enabled(level: Level): boolean;
}

/** One JSON line per record on stderr. Callers never pass secrets or personal data in fields. */
export function createLogger(level: Level | 'silent', write: (line: string) => void = (l) => process.stderr.write(l)): Logger {
  const enabled = (l: Level) => ORDER[l] >= ORDER[level];
  const at = (l: Level) => (msg: string, fields?: Record<string, unknown>) => {
    if (!enabled(l)) return;
    write(`${JSON.stringify({ time: new Date().toISOString(), level: l, msg, ...fields })}\n`);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), enabled };
}
