import { describe, expect, it } from 'vitest';
import { asc, desc, eq, sql } from 'drizzle-orm';
import { testEnv } from '../support/harness.ts';
import { prepared } from '../../src/db/prepared.ts';
import { organisations } from '../../src/db/schema/roster.ts';

describe('prepared queries: the same rows as drizzle gives', () => {
  it('a constant limit written into the SQL returns what drizzle returns, with placeholders before it and with an offset', () => {
    const env = testEnv();
    const db = env.deps.db;
    for (let i = 0; i < 6; i++) db.insert(organisations).values({ name: `組織${i}`, kana: i % 2 ? 'あ' : 'い', createdAt: i, updatedAt: i }).run();
    const byKana = (limit: number) =>
      db.select().from(organisations).where(eq(organisations.kana, sql.placeholder('kana'))).orderBy(desc(organisations.id)).limit(limit);
    for (const limit of [0, 1, 2, 10]) {
      const ours = prepared(db, `test.byKana:${limit}`, () => byKana(limit).prepare());
      expect(ours.all({ kana: 'あ' })).toEqual(byKana(limit).prepare().all({ kana: 'あ' }));
      expect(ours.all({ kana: 'あ' })).toHaveLength(Math.min(limit, 3));
      expect(ours.get({ kana: 'い' })).toEqual(byKana(limit).prepare().get({ kana: 'い' }));
    }
    const paged = () => db.select({ name: organisations.name }).from(organisations).orderBy(asc(organisations.id)).limit(2).offset(3);
    expect(prepared(db, 'test.paged', () => paged().prepare()).all()).toEqual([{ name: '組織3' }, { name: '組織4' }]);
    const byLimit = () => db.select({ id: organisations.id }).from(organisations).limit(sql.placeholder('n'));
    expect(prepared(db, 'test.byLimit', () => byLimit().prepare()).all({ n: 4 })).toHaveLength(4);
  });
});
