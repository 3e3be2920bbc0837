import { describe, expect, it } from 'vitest';
import { testEnv } from '../support/harness.ts';
import { Client } from '../support/client.ts';
import { createLogger } from '../../src/logger.ts';

describe('the request log: one debug line per answered request, nothing gathered when debug is off', () => {
  it('writes the request id, method, path, status and duration at debug level', async () => {
    const env = testEnv();
    const res = await new Client(env.app).call('GET', '/api/info', undefined, { 'x-request-id': 'req-log-1' });
    expect(res.status).toBe(200);
    const lines = env.logs.map((l) => JSON.parse(l)).filter((r) => r.msg === 'request');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'debug', requestId: 'req-log-1', method: 'GET', path: '/api/info', status: 200 });
    expect(lines[0].ms).toBeGreaterThanOrEqual(0);
  });

  it('a logger says which levels it writes, and writes only those', () => {
    const written: string[] = [];
    const log = createLogger('warn', (l) => written.push(l));
    expect([log.enabled('debug'), log.enabled('info'), log.enabled('warn'), log.enabled('error')]).toEqual([false, false, true, true]);
    log.debug('quiet');
    log.info('quiet');
    log.warn('heard', { n: 1 });
    expect(written.map((l) => JSON.parse(l))).toEqual([expect.objectContaining({ level: 'warn', msg: 'heard', n: 1 })]);
    expect(createLogger('silent', (l) => written.push(l)).enabled('error')).toBe(false);
  });
});
