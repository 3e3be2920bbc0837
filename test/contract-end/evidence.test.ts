import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportsRoot } from '../../src/contract-end/packages.ts';
import { signedInAs } from '../support/client.ts';
import { journalCount, lastJournal, rowCounts } from '../support/db-snapshot.ts';
import { cli, contractWorld, tempDir } from './contract-world.ts';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('E5 the auditor\'s evidence package for an inspection', () => {
  it('E5: one request writes the dated package: daily ledgers, approvals, disposal certificates, the monthly report, the journal and its verification', async () => {
    const w = await contractWorld();
    const auditor = await signedInAs(w.env, w.admin.client, ['auditor']);
    const before = journalCount(w.env.deps.sqlite);
    const res = await auditor.client.post('/api/exports/evidence', { from: '2026-11-19', to: '2026-11-21' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(journalCount(w.env.deps.sqlite)).toBe(before + 1);
    expect(lastJournal(w.env.deps.sqlite)).toMatchObject({ action: 'evidence_package.written', actor_id: String(auditor.personId) });
    expect(res.body).toMatchObject({ kind: 'evidence', range: { from: '2026-11-19', to: '2026-11-21' } });

    const dir = join(exportsRoot(w.env.deps), res.body.name);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    for (const f of manifest.files) expect(sha256(readFileSync(join(dir, f.path))), f.path).toBe(f.sha256);
    const paths: string[] = manifest.files.map((f: { path: string }) => f.path);
    const general = w.site.general.id;
    expect(paths).toEqual(
      expect.arrayContaining([
        `ledgers/access/2026-11-20/area-${general}.csv`,
        `ledgers/access/2026-11-20/area-${general}.html`,
        `ledgers/custody/2026-11-20/area-${general}.csv`,
        'approvals.csv',
        `disposal-certificates/disposal-${w.disposalId}.html`,
        'monthly-reports/2026-11.html',
        'monthly-reports/2026-11.csv',
        'monthly-reports/2026-11.json',
        'journal/journal.jsonl',
        'journal/verification.json',
      ]),
    );
    // A day with nothing on it gets no ledger; the next day's shows those still inside since the day before.
    expect(paths.filter((p) => p.includes('2026-11-19'))).toEqual([]);
    expect(paths).toContain(`ledgers/access/2026-11-21/area-${general}.csv`);
    expect(readFileSync(join(dir, 'disposal-certificates', `disposal-${w.disposalId}.html`), 'utf8')).toContain('廃棄証明書');
    expect(readFileSync(join(dir, 'approvals.csv'), 'utf8')).toContain('持込,保守作業用端末の持込');
    expect(readFileSync(join(dir, 'monthly-reports/2026-11.html'), 'utf8')).toContain('セキュリティ保全状況報告書');
    expect(JSON.parse(readFileSync(join(dir, 'journal/verification.json'), 'utf8')).result).toMatchObject({ ok: true, count: before });
    expect(readFileSync(join(dir, 'journal/journal.jsonl'), 'utf8').trimEnd().split('\n')).toHaveLength(before);
  });

  it('E5: a reversed or too long range is refused with 400 naming body.to, writing nothing; workers may not ask', async () => {
    const w = await contractWorld();
    const counts = rowCounts(w.env.deps.sqlite);
    for (const body of [{ from: '2026-11-21', to: '2026-11-20' }, { from: '2026-01-01', to: '2026-11-20' }]) {
      const res = await w.supervisor.client.post('/api/exports/evidence', body);
      expect(res.status).toBe(400);
      expect(res.body.error.details.issues[0].path).toBe('body.to');
    }
    expect((await w.supervisor.client.post('/api/exports/evidence', { from: '2026-11-20' })).body.error.details.issues[0].path).toBe('body.to');
    expect(rowCounts(w.env.deps.sqlite)).toEqual(counts);
    expect(existsSync(exportsRoot(w.env.deps))).toBe(false);
    expect((await w.worker.client.post('/api/exports/evidence', { from: '2026-11-20', to: '2026-11-20' })).status).toBe(403);
  });

  it('E5: `cli evidence DIR --from --to` writes the same package', async () => {
    const w = await contractWorld();
    const dir = join(tempDir(), 'inspection');
    const run = cli(['evidence', dir, '--from', '2026-11-20', '--to', '2026-11-20'], { dbPath: w.env.dbPath });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'))).toMatchObject({ kind: 'evidence', range: { from: '2026-11-20', to: '2026-11-20' } });
    expect(cli(['evidence', dir, '--from', '2026-11-20'], { dbPath: w.env.dbPath }).status).toBe(2);
  });
});
