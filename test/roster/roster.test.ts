import { describe, expect, it } from 'vitest';
import { testEnv } from '../support/harness.ts';
import { givenPerson, setupAdmin, signedInAs } from '../support/client.ts';
import { journalCount, lastJournal } from '../support/db-snapshot.ts';

describe('roster (A1): people with kana, affiliation and roles', () => {
  it('lists people sorted by kana and searches name or kana', async () => {
    const env = testEnv();
    const admin = await setupAdmin(env);
    await givenPerson(admin.client, { name: '渡辺 健', kana: 'わたなべ けん' });
    await givenPerson(admin.client, { name: '青木 愛', kana: 'あおき あい' });
    await givenPerson(admin.client, { name: '佐藤 誠', kana: 'さとう まこと' });
    const list = await admin.client.get('/api/people');
    expect(list.status).toBe(200);
    const kanas = list.body.people.map((p: { kana: string }) => p.kana);
    expect(kanas).toEqual([...kanas].sort());
    expect(kanas.indexOf('あおき あい')).toBeLessThan(kanas.indexOf('わたなべ けん'));
    const found = await admin.client.get(`/api/people?q=${encodeURIComponent('さとう')}`);
    expect(found.body.people.map((p: { name: string }) => p.name)).toEqual(['佐藤 誠']);
    const none = await admin.client.get(`/api/people?q=${encodeURIComponent('%')}`);
    expect(none.body.people).toEqual([]);
  });

  it('sorts by kana with katakana and hiragana as the same letters, half-width as full-width (issue 17)', async () => {
    const env = testEnv();
    const admin = await setupAdmin(env, '管理 一郎');
    await givenPerson(admin.client, { name: '山田 太郎', kana: 'やまだ たろう' });
    await givenPerson(admin.client, { name: '鈴木 花子', kana: 'スズキ ハナコ' });
    await givenPerson(admin.client, { name: '鈴木 一', kana: 'すずき はじめ' });
    await givenPerson(admin.client, { name: '佐藤 誠', kana: 'ｻﾄｳ ﾏｺﾄ' });
    await givenPerson(admin.client, { name: '青木 愛', kana: 'アオキ アイ' });
    const list = await admin.client.get('/api/people');
    expect(list.body.people.map((p: { name: string }) => p.name)).toEqual(['青木 愛', '管理 一郎', '佐藤 誠', '鈴木 一', '鈴木 花子', '山田 太郎']);
    expect(list.body.people.find((p: { name: string }) => p.name === '佐藤 誠').kana).toBe('サトウ マコト');
    await admin.client.post('/api/organisations', { name: 'ワカバ保守', kana: 'ワカバホシュ' });
    await admin.client.post('/api/organisations', { name: 'あさひ警備', kana: 'あさひけいび' });
    await admin.client.post('/api/organisations', { name: 'カモメ設備', kana: 'ｶﾓﾒｾﾂﾋﾞ' });
    const orgs = (await admin.client.get('/api/organisations')).body.organisations.map((o: { kana: string }) => o.kana);
    expect(orgs).toEqual(['あさひけいび', 'かぶしきがいしゃてすと', 'カモメセツビ', 'ワカバホシュ']);
  });

  it('normalises NFD input to NFC and refuses control characters', async () => {
    const env = testEnv();
    const admin = await setupAdmin(env);
    const nfd = 'か\u3099わ ひろし'; // が written as か + combining dakuten
    const p = await givenPerson(admin.client, { name: '河 博', kana: nfd });
    const got = await admin.client.get(`/api/people/${p.id}`);
    expect(got.body.kana).toBe('がわ ひろし');
    const bad = await admin.client.post('/api/people', { name: '河\u202e博', kana: 'かわ', organisationId: 1, roles: ['worker'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues[0].path).toBe('body.name');
  });

  it('refuses to suspend or demote the last active admin', async () => {
    const env = testEnv();
    const admin = await setupAdmin(env);
    const res = await admin.client.post(`/api/people/${admin.personId}/suspend`, { reason: 'test' });
    expect(res.status).toBe(409);
    const demote = await admin.client.patch(`/api/people/${admin.personId}`, { roles: ['worker'] });
    expect(demote.status).toBe(409);
  });
});

describe('sensitive fields (A6): contact and nationality only for admin, supervisor, auditor; every read journaled', () => {
  it('hides them by default and from guards', async () => {
    const env = testEnv();
    const admin = await setupAdmin(env);
    const p = await givenPerson(admin.client, { contact: '090-1111-2222', nationality: '日本' });
    const plain = await admin.client.get(`/api/people/${p.id}`);
    expect(plain.body).not.toHaveProperty('contact');
    expect(plain.body).not.toHaveProperty('nationality');
    const guard = await signedInAs(env, admin.client, ['guard']);
    const before = journalCount(env.deps.sqlite);
    const refused = await guard.client.get(`/api/people/${p.id}?include=sensitive`);
    expect(refused.status).toBe(403);
    const refusedList = await guard.client.get('/api/people?include=sensitive');
    expect(refusedList.status).toBe(403);
    expect(journalCount(env.deps.sqlite)).toBe(before);
  });

  for (const role of ['supervisor', 'auditor'] as const) {
    it(`a ${role} reads them and the read is journaled with who read whose fields`, async () => {
      const env = testEnv();
      const admin = await setupAdmin(env);
      const p = await givenPerson(admin.client, { contact: '090-1111-2222', nationality: 'ベトナム' });
      const reader = await signedInAs(env, admin.client, [role]);
      const res = await reader.client.get(`/api/people/${p.id}?include=sensitive`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ contact: '090-1111-2222', nationality: 'ベトナム' });
      const entry = lastJournal(env.deps.sqlite);
      expect(entry).toMatchObject({ action: 'person.sensitive_read', entity_id: String(p.id), actor_id: String(reader.personId) });
      expect(JSON.parse(entry.data)).toEqual({ personIds: [p.id], fields: ['contact', 'nationality'] });
      const list = await reader.client.get('/api/people?include=sensitive');
      expect(list.body.people.every((x: object) => 'nationality' in x)).toBe(true);
      expect(JSON.parse(lastJournal(env.deps.sqlite).data).personIds).toHaveLength(list.body.people.length);
    });
  }

  it('the journal view withholds them', async () => {
    const env = testEnv();
    const admin = await setupAdmin(env);
    await givenPerson(admin.client, { contact: '090-9999-0000', nationality: '日本' });
    const page = await admin.client.get('/api/journal?limit=1000');
    expect(page.status).toBe(200);
    const text = JSON.stringify(page.body);
    expect(text).not.toContain('090-9999-0000');
    expect(text).toContain('[restricted]');
  });
});

describe('the journal reads forwards and backwards (E5)', () => {
  it('pages from the start, and from the newest entry back', async () => {
    const env = testEnv();
    const admin = await setupAdmin(env);
    for (let i = 0; i < 5; i++) await givenPerson(admin.client);
    const total = (env.deps.sqlite.prepare('select count(*) n from journal').get() as { n: number }).n;
    const first = await admin.client.get('/api/journal?limit=3');
    expect(first.body.entries.map((e: { seq: number }) => e.seq)).toEqual([1, 2, 3]);
    expect(first.body.next).toBe(3);
    const latest = await admin.client.get('/api/journal?latest=true&limit=3');
    expect(latest.body.entries.map((e: { seq: number }) => e.seq)).toEqual([total - 2, total - 1, total]);
    const before = await admin.client.get(`/api/journal?before=${latest.body.previous}&limit=3`);
    expect(before.body.entries.map((e: { seq: number }) => e.seq)).toEqual([total - 5, total - 4, total - 3]);
    const both = await admin.client.get('/api/journal?after=1&before=3');
    expect(both.status).toBe(400);
  });
});
