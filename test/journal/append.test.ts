import { describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { SYSTEM } from '../../src/actor.ts';
import type { Ctx } from '../../src/deps.ts';
import { transact } from '../../src/db/client.ts';
import { journal } from '../../src/db/schema/journal.ts';
import { organisations } from '../../src/db/schema/roster.ts';
import { createOrganisation, ensureOrganisation } from '../../src/roster/service.ts';
import { appendJournal, entryHash, GENESIS_HASH, payloadHash } from '../../src/journal/append.ts';
import { canonicalJson } from '../../src/journal/canonical.ts';
import { AppError } from '../../src/http/app-error.ts';
import { testEnv, T0, type TestEnv } from '../support/harness.ts';

function systemCtx(env: TestEnv): Ctx {
  return { deps: env.deps, actor: SYSTEM, requestId: 'r1' };
}

function entries(env: TestEnv) {
  return env.deps.db.select().from(journal).orderBy(asc(journal.seq)).all();
}

function orgCount(env: TestEnv): number {
  return env.deps.db.select().from(organisations).all().length;
}

describe('E2 journal append: every change writes one chained entry', () => {
  it('numbers entries 1..n and links each to the hash of the one before, from 64 zeros', () => {
    const env = testEnv();
    const ctx = systemCtx(env);
    for (let i = 1; i <= 4; i++) {
      createOrganisation(ctx, { name: `会社${i}`, kana: `かいしゃ${i}` });
      env.clock.advance(1000);
    }
    const rows = entries(env);
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    expect(GENESIS_HASH).toBe('0'.repeat(64));
    expect(rows[0]!.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prevHash).toBe(rows[i - 1]!.hash);
    expect(new Set(rows.map((r) => r.hash)).size).toBe(4);
    for (const r of rows) expect(r.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('records the envelope: time from the clock, actor, action, entity, request id', () => {
    const env = testEnv();
    const org = createOrganisation(systemCtx(env), { name: '株式会社テスト', kana: 'てすと' });
    const [row] = entries(env);
    expect(row).toMatchObject({
      seq: 1,
      at: T0,
      actorType: 'system',
      actorId: null,
      actorSession: null,
      actorName: 'system',
      action: 'organisation.created',
      entityType: 'organisation',
      entityId: String(org.id),
      requestId: 'r1',
    });
    expect(JSON.parse(row!.data!)).toEqual(org);
    expect(row!.data).toBe(canonicalJson(org));
  });

  it('stores a hash that recomputes from the stored envelope with entryHash', () => {
    const env = testEnv();
    createOrganisation(systemCtx(env), { name: '甲', kana: 'こう' });
    createOrganisation(systemCtx(env), { name: '乙', kana: 'おつ' });
    for (const row of entries(env)) {
      expect(entryHash(row)).toBe(row.hash);
      expect(entryHash({ ...row, at: row.at + 1 })).not.toBe(row.hash);
      expect(entryHash({ ...row, action: 'organisation.updated' })).not.toBe(row.hash);
      expect(entryHash({ ...row, prevHash: 'f'.repeat(64) })).not.toBe(row.hash);
    }
  });

  it('commits to actor name, data and salt through the payload hash, which the entry hash covers', () => {
    const env = testEnv();
    createOrganisation(systemCtx(env), { name: '丙', kana: 'へい' });
    const [row] = entries(env);
    const { payloadSalt: salt, actorName, data } = row!;
    expect(salt).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(payloadHash(salt, actorName, data)).toBe(row!.payloadHash);
    expect(payloadHash(salt, 'someone else', data)).not.toBe(row!.payloadHash);
    expect(payloadHash(salt, actorName, data!.replace('丙', '丁'))).not.toBe(row!.payloadHash);
    expect(payloadHash('another-salt', actorName, data)).not.toBe(row!.payloadHash);
    expect(entryHash({ ...row!, payloadHash: payloadHash(salt, 'someone else', data) })).not.toBe(row!.hash);
  });

  it('salts each entry, so equal content does not give equal payload hashes', () => {
    const env = testEnv();
    const w = { at: T0, actor: SYSTEM, requestId: null, action: 'test.recorded', entityType: 'test', entityId: 1, data: { same: true } };
    const [a, b] = transact(env.deps.db, (tx) => [appendJournal(tx, w), appendJournal(tx, w)]);
    expect(a!.data).toBe(b!.data);
    expect(a!.payloadSalt).not.toBe(b!.payloadSalt);
    expect(a!.payloadHash).not.toBe(b!.payloadHash);
  });

  it('refuses an action not named entity.verb_past, and writes nothing', () => {
    const env = testEnv();
    const w = { at: T0, actor: SYSTEM, requestId: null, entityType: 'test', entityId: 1, data: null };
    for (const action of ['Organisation.Created', 'created', 'organisation.created.twice', 'organisation-created']) {
      expect(() => transact(env.deps.db, (tx) => appendJournal(tx, { ...w, action }))).toThrow(/entity\.verb_past/);
    }
    expect(entries(env)).toEqual([]);
  });
});

describe('E2 journal append: the change and its entry commit or roll back together', () => {
  it('a conflicting createOrganisation (duplicate name) leaves no row and no entry', () => {
    const env = testEnv();
    const ctx = systemCtx(env);
    createOrganisation(ctx, { name: '重複株式会社', kana: 'ちょうふく' });
    let error: unknown;
    try {
      createOrganisation(ctx, { name: '重複株式会社', kana: 'ちょうふく' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('CONFLICT');
    expect(orgCount(env)).toBe(1);
    expect(entries(env).map((r) => r.seq)).toEqual([1]);
  });

  it('a throw after the row and its entry are written rolls both back', () => {
    const env = testEnv();
    const ctx = systemCtx(env);
    expect(() =>
      transact(env.deps.db, (tx) => {
        const org = ensureOrganisation(tx, ctx, '途中失敗株式会社', 'とちゅう');
        // Written inside the transaction: the row and its entry are there until the throw.
        expect(tx.select().from(journal).where(eq(journal.entityId, String(org.id))).all()).toHaveLength(1);
        throw new Error('fails after the write');
      }),
    ).toThrow('fails after the write');
    expect(orgCount(env)).toBe(0);
    expect(entries(env)).toEqual([]);
    // The chain continues from genesis: the rolled-back entry left no trace.
    createOrganisation(ctx, { name: '次の会社', kana: 'つぎ' });
    expect(entries(env).map((r) => [r.seq, r.prevHash])).toEqual([[1, GENESIS_HASH]]);
  });

  it('a journal append that fails after the change rolls back the change', () => {
    const env = testEnv();
    expect(() =>
      transact(env.deps.db, (tx) => {
        tx.insert(organisations).values({ name: '記録なし', kana: 'きろくなし', createdAt: T0, updatedAt: T0 }).run();
        appendJournal(tx, { at: T0, actor: SYSTEM, requestId: null, action: 'bad action', entityType: 'organisation', entityId: 1, data: null });
      }),
    ).toThrow(/entity\.verb_past/);
    expect(orgCount(env)).toBe(0);
    expect(entries(env)).toEqual([]);
  });
});

describe('E2 journal append-only: the database refuses to rewrite history', () => {
  function withTwoEntries() {
    const env = testEnv();
    createOrganisation(systemCtx(env), { name: '甲', kana: 'こう' });
    createOrganisation(systemCtx(env), { name: '乙', kana: 'おつ' });
    return { env, before: entries(env) };
  }

  it.each([
    ['UPDATE of content', "UPDATE journal SET data = '{}' WHERE seq = 1"],
    ['UPDATE of the hash', "UPDATE journal SET hash = '00' WHERE seq = 2"],
    ['UPDATE of every row', 'UPDATE journal SET at = at + 1'],
  ])('refuses %s through raw SQL', (_name, sql) => {
    const { env, before } = withTwoEntries();
    expect(() => env.deps.sqlite.prepare(sql).run()).toThrow('journal is append-only: UPDATE refused');
    expect(entries(env)).toEqual(before);
  });

  it.each([
    ['DELETE of one row', 'DELETE FROM journal WHERE seq = 2'],
    ['DELETE of every row', 'DELETE FROM journal'],
  ])('refuses %s through raw SQL', (_name, sql) => {
    const { env, before } = withTwoEntries();
    expect(() => env.deps.sqlite.prepare(sql).run()).toThrow('journal is append-only: DELETE refused');
    expect(entries(env)).toEqual(before);
  });

  it('refuses UPDATE and DELETE through drizzle as well', () => {
    const { env, before } = withTwoEntries();
    expect(() => env.deps.db.update(journal).set({ action: 'organisation.deleted' }).where(eq(journal.seq, 1)).run()).toThrow(/UPDATE refused/);
    expect(() => env.deps.db.delete(journal).where(eq(journal.seq, 1)).run()).toThrow(/DELETE refused/);
    expect(entries(env)).toEqual(before);
  });
});
