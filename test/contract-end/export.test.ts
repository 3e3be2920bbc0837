import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { entryHash, GENESIS_HASH, payloadHash, type JournalRow } from '../../src/journal/append.ts';
import { TABLES, tableName } from '../../src/contract-end/tables.ts';
import { exportsRoot } from '../../src/contract-end/packages.ts';
import { journalCount, lastJournal, rowCounts } from '../support/db-snapshot.ts';
import { cli, contractWorld, KNOWN, tempDir } from './contract-world.ts';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

interface Manifest {
  kind: string;
  journal: { ok: boolean; headSeq: number; headHash: string };
  files: { path: string; bytes: number; sha256: string }[];
}

/** What the city does on receipt: every file against the manifest, and the chain from the JSONL alone. */
function checkPackage(dir: string): Manifest {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  for (const f of manifest.files) {
    const bytes = readFileSync(join(dir, f.path));
    expect(bytes.length, f.path).toBe(f.bytes);
    expect(sha256(bytes), f.path).toBe(f.sha256);
  }
  const rows = readFileSync(join(dir, 'journal/journal.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as JournalRow);
  let prev = GENESIS_HASH;
  for (const row of rows) {
    expect(row.prevHash, `seq ${row.seq}`).toBe(prev);
    expect(entryHash(row), `seq ${row.seq}`).toBe(row.hash);
    expect(payloadHash(row.payloadSalt, row.actorName, row.data), `seq ${row.seq}`).toBe(row.payloadHash);
    prev = row.hash;
  }
  expect(manifest.journal).toMatchObject({ ok: true, headSeq: rows.length, headHash: prev });
  return manifest;
}

describe('E6 the export for the city: every table, the journal, its verification and a manifest', () => {
  it('E6: `cli export DIR` writes every table as CSV (BOM, CRLF), the journal as JSONL and SHA-256 of every file; refuses a non-empty DIR', async () => {
    const w = await contractWorld();
    const entries = journalCount(w.env.deps.sqlite);
    const dir = join(tempDir(), 'city');
    const run = cli(['export', dir, '--operator', '業務責任者'], { dbPath: w.env.dbPath });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`export written to ${dir}`);

    const manifest = checkPackage(dir);
    expect(manifest).toMatchObject({ kind: 'contract_end', journal: { headSeq: entries } });
    const paths = manifest.files.map((f) => f.path);
    for (const t of TABLES) expect(paths).toContain(`tables/${tableName(t)}.csv`);
    expect(paths).toEqual(expect.arrayContaining(['journal/journal.jsonl', 'journal/verification.json', 'README.txt']));
    expect(JSON.parse(readFileSync(join(dir, 'journal/verification.json'), 'utf8')).result).toMatchObject({ ok: true, count: entries });

    const people = readFileSync(join(dir, 'tables/people.csv'));
    expect([...people.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = people.toString('utf8');
    expect(text.split('\r\n')[0]).toBe('\uFEFFid,name,kana,organisation_id,position,duties,expertise,contact,nationality,roles,site_ids,valid_from,valid_to,status,user_handle,created_at,updated_at');
    expect(text).toContain(KNOWN.name);
    expect(text).toContain(KNOWN.nationality);
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    const rows = (name: string) => readFileSync(join(dir, `tables/${name}.csv`), 'utf8').trimEnd().split('\r\n').length - 1;
    expect(rows('access_events')).toBe(rowCounts(w.env.deps.sqlite).access_events);
    expect(rows('presence')).toBe(rowCounts(w.env.deps.sqlite).presence);
    expect(readFileSync(join(dir, 'tables/sessions.csv'), 'utf8')).toContain('[withheld]');

    const entry = lastJournal(w.env.deps.sqlite);
    expect(entry).toMatchObject({ action: 'data_export.written', entity_type: 'export' });
    expect(JSON.parse(entry.data)).toMatchObject({ manifestSha256: sha256(readFileSync(join(dir, 'manifest.json'))), journal: { headSeq: entries } });

    const again = cli(['export', dir], { dbPath: w.env.dbPath });
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('is not empty');
  });

  it('E6: an admin writes the export server-side; staff list packages and download only files the manifest names', async () => {
    const w = await contractWorld();
    expect((await w.supervisor.client.post('/api/contract-end/export')).status).toBe(403);
    const before = journalCount(w.env.deps.sqlite);
    const res = await w.admin.client.post('/api/contract-end/export');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(journalCount(w.env.deps.sqlite)).toBe(before + 1);
    expect(lastJournal(w.env.deps.sqlite)).toMatchObject({ action: 'data_export.written', entity_id: res.body.name, actor_id: String(w.admin.personId) });
    const dir = join(exportsRoot(w.env.deps), res.body.name);
    checkPackage(dir);

    const list = await w.supervisor.client.get('/api/exports');
    expect(list.body.packages).toMatchObject([{ name: res.body.name, kind: 'contract_end', files: res.body.files }]);
    const file = await w.env.app.request(`/api/exports/${res.body.name}/file?path=tables/people.csv`, { headers: { cookie: w.supervisor.client.cookie! } });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toContain('attachment');
    const bytes = Buffer.from(await file.arrayBuffer());
    expect(sha256(bytes)).toBe(res.body.manifest.files.find((f: { path: string }) => f.path === 'tables/people.csv').sha256);
    expect(lastJournal(w.env.deps.sqlite)).toMatchObject({ action: 'data_export.file_read', entity_id: res.body.name, actor_id: String(w.supervisor.personId) });

    const counts = rowCounts(w.env.deps.sqlite);
    for (const [path, field] of [
      [`/api/exports/${res.body.name}/file?path=../../ledger.db`, 'query.path'],
      [`/api/exports/${res.body.name}/file?path=tables/nothing.csv`, 'query.path'],
      [`/api/exports/${res.body.name}/file?path=%2Fetc%2Fpasswd`, 'query.path'],
      ['/api/exports/..%2F..%2Fetc/file?path=manifest.json', 'param.name'],
    ] as const) {
      const bad = await w.supervisor.client.get(path);
      expect(bad.status, path).toBe(400);
      expect(bad.body.error.details.issues[0].path).toBe(field);
    }
    expect(rowCounts(w.env.deps.sqlite)).toEqual(counts);
    expect(readdirSync(exportsRoot(w.env.deps))).toEqual([res.body.name]);
    expect(existsSync(join(dir, 'manifest.json'))).toBe(true);
  });
});
