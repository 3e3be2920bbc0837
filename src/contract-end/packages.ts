import { createReadStream, existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import type { Ctx, Deps } from '../deps.ts';
import { transact } from '../db/client.ts';
import { AppError } from '../http/app-error.ts';
import { recordChange } from '../journal/append.ts';
import { exportForCity } from './city-export.ts';
import { exportEvidence } from './evidence.ts';
import { packageName, safeRelative, type Manifest } from './writer.ts';

export const PACKAGE_NAME = /^(city-export|evidence)-\d{8}T\d{6}Z-[0-9a-f]{6}$/;

/**
 * Where the server writes export packages: `exports/` beside the database file, on the server's own
 * disk (the purge lists what is left there, since it holds what a purge erases).
 */
export function exportsRoot(deps: Pick<Deps, 'config'>): string {
  return join(dirname(resolve(deps.config.dbPath)), 'exports');
}

function summary(name: string, m: Manifest) {
  return { name, kind: m.kind, generatedAt: m.generatedAt, generatedBy: m.generatedBy ?? null, range: m.range ?? null, files: m.files.length, bytes: m.files.reduce((n, f) => n + f.bytes, 0), journal: m.journal ?? null };
}

/** The city export (E6) written server-side by an admin. */
export async function writeCityExport(ctx: Ctx) {
  const name = packageName('contract_end', ctx.deps.clock.now());
  const out = await exportForCity(ctx, join(exportsRoot(ctx.deps), name));
  return { ...summary(name, out.manifest), manifestSha256: out.manifestSha256, manifest: out.manifest };
}

/** The dated evidence package for an inspection (E5). */
export async function writeEvidencePackage(ctx: Ctx, range: { from: string; to: string }) {
  const name = packageName('evidence', ctx.deps.clock.now());
  const out = await exportEvidence(ctx, join(exportsRoot(ctx.deps), name), range);
  return { ...summary(name, out.manifest), manifestSha256: out.manifestSha256, manifest: out.manifest };
}

async function manifestOf(deps: Pick<Deps, 'config'>, name: string): Promise<Manifest> {
  if (!PACKAGE_NAME.test(name)) throw AppError.field('param.name', 'not an export package name');
  const file = join(exportsRoot(deps), name, 'manifest.json');
  if (!existsSync(file)) throw AppError.notFound('export package');
  return JSON.parse(await readFile(file, 'utf8')) as Manifest;
}

export async function listPackages(deps: Pick<Deps, 'config'>) {
  const root = exportsRoot(deps);
  const names = existsSync(root) ? (await readdir(root)).filter((n) => PACKAGE_NAME.test(n)).sort().reverse() : [];
  const found = [];
  for (const name of names) if (existsSync(join(root, name, 'manifest.json'))) found.push(summary(name, await manifestOf(deps, name)));
  return { packages: found };
}

const TYPES: Record<string, string> = { csv: 'text/csv; charset=utf-8', html: 'text/html; charset=utf-8', json: 'application/json', jsonl: 'application/x-ndjson', txt: 'text/plain; charset=utf-8' };

/**
 * One file of a package, only if its manifest lists it (or the manifest itself): no path is ever taken
 * from the request as such. The download is journaled, like a read of restricted fields (A6).
 */
export async function packageFile(ctx: Ctx, name: string, path: string) {
  const manifest = await manifestOf(ctx.deps, name);
  const rel = safeRelative(path);
  const listed = rel !== null && (rel === 'manifest.json' || manifest.files.some((f) => f.path === rel));
  if (!listed) throw AppError.field('query.path', 'not a file of this package');
  transact(ctx.deps.db, (tx) => recordChange(tx, ctx, { action: 'data_export.file_read', entityType: 'export', entityId: name, data: { path: rel } }));
  const ext = rel!.slice(rel!.lastIndexOf('.') + 1);
  const stream = Readable.toWeb(createReadStream(join(exportsRoot(ctx.deps), name, ...rel!.split('/')))) as ReadableStream<Uint8Array>;
  return { stream, contentType: TYPES[ext] ?? 'application/octet-stream', filename: rel!.split('/').join('_') };
}
