import { describe, expect, it } from 'vitest';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { testEnv } from '../support/harness.ts';
import { setupAdmin } from '../support/client.ts';
import { badgeEvent, givenKiosk, givenSite, givenWorker } from '../support/world.ts';
import { rowCounts } from '../support/db-snapshot.ts';

/**
 * The body limit through a real listening server: only there does a request carry the Content-Length
 * header that the limit judges by (app.request builds web Requests, which never declare one).
 */
async function listening(env: ReturnType<typeof testEnv>) {
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: env.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;
  return { port, close: () => new Promise<void>((r) => server.close(() => r())) };
}

function post(port: number, token: string, body: string, chunked: boolean): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    if (!chunked) headers['content-length'] = Buffer.byteLength(body);
    const req = request({ host: '127.0.0.1', port, path: '/api/kiosk/events', method: 'POST', headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(parts).toString() || 'null') }));
    });
    req.on('error', reject);
    if (chunked) {
      // Two writes before end: Node sends Transfer-Encoding: chunked and no Content-Length.
      req.write(body.slice(0, 10));
      req.end(body.slice(10));
    } else req.end(body);
  });
}

describe('request body limit on a real server', () => {
  it('answers 413 to a declared or a chunked body over the limit, writes nothing, and accepts one under it either way', async () => {
    const env = testEnv({ config: { bodyLimitBytes: 4096 } });
    const admin = await setupAdmin(env);
    const site = await givenSite(admin.client);
    const kiosk = await givenKiosk(env, admin.client, [site.general.id]);
    const w = await givenWorker(admin.client, [site.general.id]);
    const srv = await listening(env);
    try {
      const big = JSON.stringify(badgeEvent(site.general.id, w.badge, 'in', { purpose: 'x'.repeat(5000) }));
      for (const chunked of [false, true]) {
        const before = rowCounts(env.deps.sqlite);
        const res = await post(srv.port, kiosk.token, big, chunked);
        expect(res.status, `chunked=${chunked}`).toBe(413);
        expect(res.json.error.code).toBe('PAYLOAD_TOO_LARGE');
        expect(rowCounts(env.deps.sqlite)).toEqual(before);
      }
      const entry = await post(srv.port, kiosk.token, JSON.stringify(badgeEvent(site.general.id, w.badge, 'in')), false);
      expect(entry.status).toBe(201);
      expect(entry.json.event.result).toBe('accepted');
      const exit = await post(srv.port, kiosk.token, JSON.stringify(badgeEvent(site.general.id, w.badge, 'out')), true);
      expect(exit.status).toBe(201);
      expect(exit.json.event).toMatchObject({ result: 'accepted', direction: 'out' });
    } finally {
      await srv.close();
    }
  });
});
