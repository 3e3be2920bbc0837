import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/env.ts';
import { AppError } from '../http/app-error.ts';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The witnesses' side of every API call (issue 14): the checkpoint a kiosk or browser presents is
 * checked against the chain, the latest signed checkpoint goes back with the answer, and once the alarm
 * is raised every write is refused (LEDGER_HALTED, 503: a kiosk keeps its events queued) but signing in,
 * so that staff can still read what happened.
 */
export const witnessCheckpoints: MiddlewareHandler<AppEnv> = async (c, next) => {
  const deps = c.get('deps');
  const { integrity } = deps;
  const presented = c.req.header('x-ledger-witness');
  if (presented) {
    const alarm = integrity.examine(deps.db, deps, presented);
    if (alarm) integrity.raise(deps, alarm);
  }
  const header = integrity.header;
  if (header) c.header('X-Ledger-Checkpoint', header);
  if (integrity.alarm) {
    c.header('X-Ledger-Alarm', integrity.alarm.reason);
    if (!READS.has(c.req.method) && !c.req.path.startsWith('/api/auth/')) {
      throw new AppError('LEDGER_HALTED', '台帳の照合に失敗したため、記録を停止しています。管理者に連絡してください。/ The ledger failed a check; recording is stopped. Contact the administrator.', { reason: integrity.alarm.reason });
    }
  }
  await next();
};
