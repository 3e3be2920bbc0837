import { describe, expect, it } from 'vitest';
import { apiTime, testEnv, T0 } from '../support/harness.ts';
import { setupAdmin, signedInAs } from '../support/client.ts';
import { journalCount, lastJournal, rowCounts } from '../support/db-snapshot.ts';
import { transact } from '../../src/db/client.ts';
import { SYSTEM } from '../../src/actor.ts';
import { openIncident } from '../../src/incidents/service.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const at = (ms: number) => apiTime(ms);

// The deadlines span two days and more: sessions must outlive the clock's jumps.
const WEEK = 7 * 24 * HOUR;

async function world() {
  const env = testEnv({ config: { sessionIdleMs: 3 * WEEK, sessionAbsoluteMs: 3 * WEEK } });
  const admin = await setupAdmin(env);
  const guard = await signedInAs(env, admin.client, ['guard']);
  const supervisor = await signedInAs(env, admin.client, ['supervisor']);
  return { env, admin, guard, supervisor };
}

const LOST_USB = { kind: 'lost_asset', title: 'USBメモリの紛失', whatLost: '業務用USBメモリ（暗号化済み）', quantity: 1, location: '第二庁舎 3階 会議室', circumstances: '会議後に置き忘れ、翌朝に紛失が判明した。' };

function states(body: { deadlines: { stage: string; state: string }[] }) {
  return Object.fromEntries(body.deadlines.map((d) => [d.stage, d.state]));
}

describe('incidents (E4, 002 §2(4), 003 §12)', () => {
  it('E4: deadlines at 1 h / 8 h / 24 h / 48 h from discovery, met or overdue against the injected clock', async () => {
    const { env, guard, supervisor } = await world();
    const opened = await guard.client.post('/api/incidents', { ...LOST_USB, discoveredAt: at(T0 - 20 * MIN) });
    expect(opened.status).toBe(201);
    const id = opened.body.id;
    expect(opened.body.deadlines).toEqual([
      { stage: 'first_report', dueAt: at(T0 + 40 * MIN), reportedAt: null, state: 'pending' },
      { stage: 'detail_report', dueAt: at(T0 + 7 * HOUR + 40 * MIN), reportedAt: null, state: 'pending' },
      { stage: 'corrective_plan', dueAt: at(T0 + 23 * HOUR + 40 * MIN), reportedAt: null, state: 'pending' },
      { stage: 'corrective_action', dueAt: at(T0 + 47 * HOUR + 40 * MIN), reportedAt: null, state: 'pending' },
    ]);

    env.clock.advance(30 * MIN);
    const first = await guard.client.post(`/api/incidents/${id}/updates`, { stage: 'first_report', text: '市の担当課へ電話で第一報。業務への影響なし。' });
    expect(first.status).toBe(201);
    expect(states(first.body)).toMatchObject({ first_report: 'met', detail_report: 'pending' });

    env.clock.set(T0 + 8 * HOUR);
    const late = (await supervisor.client.get(`/api/incidents/${id}`)).body;
    expect(states(late)).toEqual({ first_report: 'met', detail_report: 'overdue', corrective_plan: 'pending', corrective_action: 'pending' });
    expect(late.overdue).toBe(true);
    expect((await supervisor.client.get('/api/incidents?overdue=true')).body.incidents.map((i: { id: number }) => i.id)).toEqual([id]);

    await supervisor.client.post(`/api/incidents/${id}/updates`, { stage: 'detail_report', text: '原因: 持出管理の確認漏れ。' });
    await supervisor.client.post(`/api/incidents/${id}/updates`, { stage: 'corrective_plan', text: '退室時の持出確認を二人で行う。' });
    env.clock.set(T0 + 48 * HOUR);
    const now = (await supervisor.client.get(`/api/incidents/${id}`)).body;
    expect(states(now)).toEqual({ first_report: 'met', detail_report: 'late', corrective_plan: 'met', corrective_action: 'overdue' });
    expect(now.deadlines[1].reportedAt).toBe(at(T0 + 8 * HOUR));
    expect((await supervisor.client.get('/api/incidents?overdue=false')).body.incidents).toEqual([]);
  });

  it('E4: status history, close with a final note; a closed incident takes no more updates and its clock stops', async () => {
    const { env, admin, guard, supervisor } = await world();
    const id = (await guard.client.post('/api/incidents', { ...LOST_USB, discoveredAt: at(T0) })).body.id;
    let before = journalCount(env.deps.sqlite);
    await guard.client.post(`/api/incidents/${id}/updates`, { stage: 'first_report', text: '第一報済み' });
    await guard.client.post(`/api/incidents/${id}/updates`, { stage: 'note', text: '清掃業者に確認中' });
    expect(journalCount(env.deps.sqlite)).toBe(before + 2);
    expect(lastJournal(env.deps.sqlite)).toMatchObject({ action: 'incident.update_recorded', entity_type: 'incident', entity_id: String(id), actor_id: String(guard.personId) });

    expect((await guard.client.post(`/api/incidents/${id}/close`, { note: '発見された' })).status).toBe(403);
    env.clock.advance(2 * HOUR);
    before = journalCount(env.deps.sqlite);
    const closed = await supervisor.client.post(`/api/incidents/${id}/close`, { note: '会議室の忘れ物箱で発見。情報の漏えいなし。' });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', closedAt: at(T0 + 2 * HOUR) });
    expect(closed.body.history.map((h: { stage: string; personName: string }) => [h.stage, h.personName])).toEqual([
      ['first_report', expect.any(String)],
      ['note', expect.any(String)],
      ['closed', expect.any(String)],
    ]);
    expect(journalCount(env.deps.sqlite)).toBe(before + 1);
    expect(lastJournal(env.deps.sqlite)).toMatchObject({ action: 'incident.closed', entity_id: String(id) });

    env.clock.advance(100 * HOUR);
    const later = (await admin.client.get(`/api/incidents/${id}`)).body;
    expect(states(later)).toEqual({ first_report: 'met', detail_report: 'pending', corrective_plan: 'pending', corrective_action: 'pending' });
    const counts = rowCounts(env.deps.sqlite);
    const refused = await supervisor.client.post(`/api/incidents/${id}/updates`, { stage: 'note', text: '追記' });
    expect(refused.status).toBe(409);
    expect((await supervisor.client.post(`/api/incidents/${id}/close`, { note: 'again' })).status).toBe(409);
    expect(rowCounts(env.deps.sqlite)).toEqual(counts);
    expect((await admin.client.get('/api/incidents?status=closed')).body.incidents).toHaveLength(1);
    expect((await admin.client.get('/api/incidents?status=open')).body.incidents).toHaveLength(0);
  });

  it('E4: bad input names the field and writes nothing; roles are checked on the server', async () => {
    const { env, admin, guard } = await world();
    const counts = rowCounts(env.deps.sqlite);
    // Malformed values are 400; ids that match nothing are 404 (issue 18); both name the field.
    const cases: [unknown, string, number][] = [
      [{ ...LOST_USB, discoveredAt: at(T0 + HOUR) }, 'body.discoveredAt', 400],
      [{ ...LOST_USB, discoveredAt: '2026-11-20' }, 'body.discoveredAt', 400],
      [{ ...LOST_USB, kind: 'alien_abduction', discoveredAt: at(T0) }, 'body.kind', 400],
      [{ ...LOST_USB, discoveredAt: at(T0), personId: 4242 }, 'body.personId', 404],
      [{ ...LOST_USB, discoveredAt: at(T0), assetId: 4242 }, 'body.assetId', 404],
      [{ ...LOST_USB, discoveredAt: at(T0), badgeSerial: 4242 }, 'body.badgeSerial', 404],
      [{ ...LOST_USB, discoveredAt: at(T0), quantity: 0 }, 'body.quantity', 400],
    ];
    for (const [body, field, status] of cases) {
      const res = await guard.client.post('/api/incidents', body);
      expect(res.status, field).toBe(status);
      expect(res.body.error.details.issues.map((i: { path: string }) => i.path)).toContain(field);
    }
    const id = (await admin.client.post('/api/incidents', { ...LOST_USB, discoveredAt: at(T0) })).body.id;
    const afterOpen = rowCounts(env.deps.sqlite);
    expect((await guard.client.post(`/api/incidents/${id}/updates`, { stage: 'closed', text: 'x' })).body.error.details.issues[0].path).toBe('body.stage');
    expect((await guard.client.post(`/api/incidents/${id}/updates`, { stage: 'note', text: '' })).body.error.details.issues[0].path).toBe('body.text');
    expect(rowCounts(env.deps.sqlite)).toEqual({ ...afterOpen });
    expect(afterOpen.incidents).toBe(counts.incidents! + 1);

    const worker = await signedInAs(env, admin.client, ['worker']);
    const auditor = await signedInAs(env, admin.client, ['auditor']);
    expect((await worker.client.post('/api/incidents', { ...LOST_USB, discoveredAt: at(T0) })).status).toBe(403);
    expect((await auditor.client.post('/api/incidents', { ...LOST_USB, discoveredAt: at(T0) })).status).toBe(403);
    expect((await worker.client.get(`/api/incidents/${id}`)).status).toBe(403);
    expect((await auditor.client.get(`/api/incidents/${id}/report`)).status).toBe(200);
  });

  it('E4/003 §12: the printable report shows what, how many, where, how and the timeline, with stored text escaped', async () => {
    const { env, admin, guard } = await world();
    const id = (
      await guard.client.post('/api/incidents', {
        kind: 'lost_asset',
        title: '<script>alert("x")</script>',
        whatLost: 'ノートPC <img src=x onerror=alert(1)>',
        quantity: 2,
        location: '会議室 "A" & 倉庫',
        circumstances: '移動中に紛失\n翌日判明',
        discoveredAt: at(T0),
      })
    ).body.id;
    env.clock.advance(20 * MIN);
    await guard.client.post(`/api/incidents/${id}/updates`, { stage: 'first_report', text: '</td><script>bad()</script>' });
    env.clock.advance(9 * HOUR);
    const res = await admin.client.get(`/api/incidents/${id}/report`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const page = res.body as string;
    expect(page).not.toMatch(/<script|<img/i);
    expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(page).toContain('ノートPC &lt;img src=x onerror=alert(1)&gt;');
    expect(page).toContain('会議室 &quot;A&quot; &amp; 倉庫');
    expect(page).toContain('&lt;/td&gt;&lt;script&gt;bad()&lt;/script&gt;');
    expect(page).toMatch(/<th>件数・数量<\/th><td>2<\/td>/);
    expect(page).toContain('令和8年11月20日');
    expect(page).toContain('2026-11-20 09:20');
    expect(page).toContain('期限内に報告');
    expect(page).toContain('期限超過・未報告');
    expect(page).toContain('<link rel="stylesheet" href="/print.css">');
    expect((await admin.client.get('/api/incidents/999/report')).status).toBe(404);
  });

  it('E4: openIncident(tx, ctx, input) opens an automatic incident with one journal entry in the caller\'s transaction', async () => {
    const { env } = await world();
    const before = journalCount(env.deps.sqlite);
    const ctx = { deps: env.deps, actor: SYSTEM, requestId: null };
    const row = transact(env.deps.db, (tx) => openIncident(tx, ctx, { kind: 'repeated_refusals', title: '入室拒否の繰り返し', location: 'サーバ室', quantity: 3 }));
    expect(row).toMatchObject({ kind: 'repeated_refusals', status: 'open', openedBy: null, discoveredAt: T0, location: 'サーバ室' });
    expect(journalCount(env.deps.sqlite)).toBe(before + 1);
    expect(lastJournal(env.deps.sqlite)).toMatchObject({ action: 'incident.opened', entity_type: 'incident', entity_id: String(row.id), actor_id: null });

    const failed = () => transact(env.deps.db, (tx) => {
      openIncident(tx, ctx, { kind: 'overdue_asset', title: '返却遅延' });
      throw new Error('the caller fails after opening');
    });
    expect(failed).toThrow('the caller fails');
    expect(journalCount(env.deps.sqlite)).toBe(before + 1);
    expect(env.deps.sqlite.prepare('select count(*) as n from incidents').get()).toEqual({ n: 1 });
  });
});
