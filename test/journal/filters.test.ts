import { describe, expect, it } from 'vitest';
import { testEnv, T0 } from '../support/harness.ts';
import { givenPerson, setupAdmin } from '../support/client.ts';
import { readJournal } from '../../src/journal/read.ts';

// Steps shorter than the session's idle timeout, so the admin stays signed in.
const STEP = 600_000;
type Entry = { seq: number; action: string; entityType: string; entityId: string; actorType: string; actorId: string | null; at: string };
const seqs = (body: { entries: Entry[] }) => body.entries.map((e) => e.seq);

/** A journal with organisations and people made ten minutes (a "step") apart, by the admin. */
async function journalWorld() {
  const env = testEnv();
  const admin = await setupAdmin(env);
  const people: number[] = [];
  for (let i = 0; i < 4; i++) {
    env.clock.set(T0 + (i + 1) * STEP);
    people.push((await givenPerson(admin.client)).id);
  }
  const all = env.deps.sqlite.prepare('SELECT seq, action, entity_type AS entityType, entity_id AS entityId, actor_type AS actorType, actor_id AS actorId, at FROM journal ORDER BY seq').all() as (Omit<Entry, 'at'> & { at: number })[];
  return { env, admin, people, all };
}

describe('the journal by action, entity, actor and date (issue 18, E5)', () => {
  it('filters, each part alone and together, oldest first', async () => {
    const { admin, people, all } = await journalWorld();
    const expected = (keep: (e: (typeof all)[number]) => boolean) => all.filter(keep).map((e) => e.seq);

    const created = await admin.client.get('/api/journal?action=person.created');
    expect(created.status).toBe(200);
    expect(seqs(created.body)).toEqual(expected((e) => e.action === 'person.created'));
    expect(seqs(created.body).length).toBeGreaterThanOrEqual(4);

    const prefix = await admin.client.get('/api/journal?action=person.*');
    expect(seqs(prefix.body)).toEqual(expected((e) => e.action.startsWith('person.')));

    const one = await admin.client.get(`/api/journal?entityType=person&entityId=${people[2]}`);
    expect(seqs(one.body)).toEqual(expected((e) => e.entityType === 'person' && e.entityId === String(people[2])));
    expect(seqs(one.body).length).toBeGreaterThan(0);

    const adminId = all.find((e) => e.actorType === 'person')!.actorId;
    const byAdmin = await admin.client.get(`/api/journal?actor=person:${adminId}`);
    expect(seqs(byAdmin.body)).toEqual(expected((e) => e.actorType === 'person' && e.actorId === adminId));

    // The second and third step: the people made then, and nothing else.
    const from = new Date(T0 + 2 * STEP).toISOString();
    const to = new Date(T0 + 4 * STEP).toISOString();
    const hours = await admin.client.get(`/api/journal?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
    expect(seqs(hours.body)).toEqual(expected((e) => e.at >= T0 + 2 * STEP && e.at < T0 + 4 * STEP));
    expect(seqs(hours.body).length).toBeGreaterThan(0);

    const both = await admin.client.get(`/api/journal?action=person.created&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
    expect(seqs(both.body)).toEqual(expected((e) => e.action === 'person.created' && e.at >= T0 + 2 * STEP && e.at < T0 + 4 * STEP));
    expect(seqs(both.body)).toHaveLength(2);

    const newest = await admin.client.get('/api/journal?latest=true&limit=1&action=person.created');
    expect(seqs(newest.body)).toEqual(expected((e) => e.action === 'person.created').slice(-1));
    expect(newest.body.previous).not.toBeNull();
  });

  it('a filtered page looks through a bounded span of the journal and says where to go on', async () => {
    const { env, all } = await journalWorld();
    const wanted = all.filter((e) => e.action === 'person.created').map((e) => e.seq);
    // Forwards in spans of 3 seqs, following `next` until it is null: every match once, in order.
    const found: number[] = [];
    let after = 0;
    let pages = 0;
    for (;;) {
      const page = readJournal(env.deps.db, { after }, 100, { action: 'person.created' }, 3);
      found.push(...page.entries.map((e) => e.seq));
      pages++;
      if (page.next === null) break;
      expect(page.next).toBeGreaterThan(after);
      after = page.next;
    }
    expect(found).toEqual(wanted);
    expect(pages).toBeGreaterThanOrEqual(Math.ceil(all.length / 3));
    // Backwards the same.
    const back: number[] = [];
    let before: number | null = null;
    for (;;) {
      const page = readJournal(env.deps.db, { before }, 100, { action: 'person.created' }, 3);
      back.unshift(...page.entries.map((e) => e.seq));
      if (page.previous === null) break;
      before = page.previous;
    }
    expect(back).toEqual(wanted);
  });

  it('names the field of a bad filter', async () => {
    const { admin } = await journalWorld();
    const cases: [string, string][] = [
      ['action=DROP TABLE', 'query.action'],
      ['entityId=12', 'query.entityId'],
      ['actor=person:abc', 'query.actor'],
      ['from=2026-11-20', 'query.from'],
      [`from=${encodeURIComponent(new Date(T0 + STEP).toISOString())}&to=${encodeURIComponent(new Date(T0).toISOString())}`, 'query.to'],
    ];
    for (const [query, path] of cases) {
      const res = await admin.client.get(`/api/journal?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.error.details.issues.map((i: { path: string }) => i.path), query).toContain(path);
    }
  });
});
