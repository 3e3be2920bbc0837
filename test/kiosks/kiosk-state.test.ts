import { describe, expect, it } from 'vitest';
import { kioskWorld } from '../support/world.ts';
import { signedInAs } from '../support/client.ts';
import { apiTime, T0 } from '../support/harness.ts';
import { SYSTEM } from '../../src/actor.ts';
import { sweepAnomalies } from '../../src/anomalies/sweep.ts';

/**
 * Issue 19, item 4: each kiosk says how it is with every call (X-Kiosk-State: its unsent queue, the
 * oldest item's device time, its build); the console lists it; a kiosk silent for too long raises an
 * incident at the sweep, once.
 */
async function call(w: Awaited<ReturnType<typeof kioskWorld>>, state: string | null) {
  const headers: Record<string, string> = { authorization: `Bearer ${w.kiosk.token}` };
  if (state !== null) headers['x-kiosk-state'] = state;
  return w.env.app.request('/api/kiosk/me', { headers });
}

describe('the kiosk\'s own state in the console (issue 19)', () => {
  it('records the queue and build a kiosk reports as soon as they change, and shows them to staff', async () => {
    const w = await kioskWorld();
    const oldest = T0 - 2 * 86_400_000;
    expect((await call(w, `q=12;oldest=${oldest};v=kiosk-AbC123`)).status).toBe(200);
    const guard = await signedInAs(w.env, w.admin.client, ['guard']);
    const listed = (await guard.client.get('/api/kiosks')).body.kiosks.find((k: { id: number }) => k.id === w.kiosk.id);
    expect(listed).toMatchObject({ queue: { size: 12, oldestAt: apiTime(oldest) }, appVersion: 'kiosk-AbC123', lastSeenAt: apiTime(T0) });
    // Back from the outage with its queue sent: the count is 0 at once (not a minute later).
    w.env.clock.advance(5_000);
    await call(w, 'q=0;oldest=;v=kiosk-AbC123');
    expect((await guard.client.get('/api/kiosks')).body.kiosks.find((k: { id: number }) => k.id === w.kiosk.id).queue).toEqual({ size: 0, oldestAt: null });
    // A header not in that exact form is only a report: ignored, never an error.
    for (const bad of ['q=-1;oldest=;v=x', 'q=1;oldest=;v=<script>', 'q=1', 'x'.repeat(300)]) expect((await call(w, bad)).status).toBe(200);
    expect((await guard.client.get('/api/kiosks')).body.kiosks.find((k: { id: number }) => k.id === w.kiosk.id).queue).toEqual({ size: 0, oldestAt: null });
  });

  it('a kiosk not heard from for an hour raises one incident at the sweep, with its last contact and queue', async () => {
    const w = await kioskWorld();
    await call(w, `q=3;oldest=${T0 - 3_600_000};v=kiosk-1`);
    // The sweep as the timer runs it (`cli sweep`), an hour on: no session lasts that idle.
    const sweep = () => sweepAnomalies({ deps: w.env.deps, actor: SYSTEM, requestId: null });
    w.env.clock.advance(30 * 60_000);
    expect(sweep().silentKiosks).toEqual([]);
    w.env.clock.advance(31 * 60_000);
    expect(sweep().silentKiosks).toMatchObject([{ kioskId: w.kiosk.id, lastSeenAt: new Date(T0).toISOString() }]);
    const incident = w.env.deps.sqlite.prepare('SELECT title, circumstances FROM incidents').all() as { title: string; circumstances: string }[];
    expect(incident).toHaveLength(1);
    expect(incident[0]!.title).toContain('からの連絡が途絶えています');
    expect(incident[0]!.circumstances).toContain('未送信 3件');
    expect(sweep().silentKiosks).toEqual([]);
  });
});
