import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, normalize, sep } from 'node:path';

export interface ManifestFile {
  path: string;
  bytes: number;
  sha256: string;
}

export interface ManifestMeta {
  kind: 'contract_end' | 'evidence';
  generatedAt: string;
  [key: string]: unknown;
}

export interface Manifest extends ManifestMeta {
  format: 'access-custody-ledger-export/1';
  files: ManifestFile[];
}

/** A relative path inside the package, `/`-separated, that cannot climb out of it. */
export function safeRelative(path: string): string | null {
  if (path === '' || isAbsolute(path) || path.includes('\\') || path.includes('\0')) return null;
  const parts = path.split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..')) return null;
  return normalize(path) === parts.join(sep) ? path : null;
}

/** A name for a new package directory: its kind, the UTC time and a few random characters. */
export function packageName(kind: ManifestMeta['kind'], now: number): string {
  const stamp = new Date(now).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${kind === 'contract_end' ? 'city-export' : 'evidence'}-${stamp}-${randomBytes(3).toString('hex')}`;
}

/**
 * Writes an export package: a directory tree of files (no zip), each hashed while it is written, then
 * manifest.json listing every file with its size and SHA-256. Writes are asynchronous, chunk by chunk,
 * so a large table never sits whole in memory nor holds the event loop.
 */
export class ExportWriter {
  private readonly files: ManifestFile[] = [];

  private constructor(readonly dir: string) {}

  /** Refuses a directory that already holds anything: a package is never mixed with other files. */
  static async create(dir: string): Promise<ExportWriter> {
    await mkdir(dir, { recursive: true });
    const present = await readdir(dir);
    if (present.length > 0) throw new ExportTargetError(`${dir} is not empty`);
    return new ExportWriter(dir);
  }

  async write(path: string, content: string | AsyncIterable<string> | Iterable<string>): Promise<ManifestFile> {
    const rel = safeRelative(path);
    if (rel === null) throw new Error(`export path ${path} is not a plain relative path`);
    const full = join(this.dir, ...rel.split('/'));
    await mkdir(dirname(full), { recursive: true });
    const hash = createHash('sha256');
    let bytes = 0;
    const file = await open(full, 'wx');
    try {
      for await (const chunk of typeof content === 'string' ? [content] : content) {
        const buf = Buffer.from(chunk, 'utf8');
        hash.update(buf);
        bytes += buf.length;
        await file.write(buf);
      }
      await file.sync();
    } finally {
      await file.close();
    }
    const entry = { path: rel, bytes, sha256: hash.digest('hex') };
    this.files.push(entry);
    return entry;
  }

  /** Writes manifest.json (not listed in itself) and returns it with its own SHA-256. */
  async finish(meta: ManifestMeta): Promise<{ manifest: Manifest; sha256: string }> {
    const manifest: Manifest = { ...meta, format: 'access-custody-ledger-export/1', files: [...this.files].sort((a, b) => (a.path < b.path ? -1 : 1)) };
    const text = `${JSON.stringify(manifest, null, 2)}\n`;
    await writeFile(join(this.dir, 'manifest.json'), text, { flag: 'wx' });
    return { manifest, sha256: createHash('sha256').update(text, 'utf8').digest('hex') };
  }
}

/** The target directory cannot take a package (it exists and is not empty). */
export class ExportTargetError extends Error {}
