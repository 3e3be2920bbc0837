import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';

/** The part of vite's build manifest (.vite/manifest.json) this reads. */
interface ManifestChunk {
  file: string;
  css?: string[];
  assets?: string[];
  imports?: string[];
  dynamicImports?: string[];
}

export const SW_FILE = 'kiosk-sw.js';

/** Every file `entry` loads: its script, the chunks it imports (also later, dynamically), their styles and fonts. */
export function filesOf(manifest: Record<string, ManifestChunk>, entry: string): string[] {
  const files = new Set<string>();
  const seen = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || seen.has(key)) return;
    seen.add(key);
    files.add(chunk.file);
    for (const f of [...(chunk.css ?? []), ...(chunk.assets ?? [])]) files.add(f);
    for (const k of [...(chunk.imports ?? []), ...(chunk.dynamicImports ?? [])]) visit(k);
  };
  visit(entry);
  return [...files].filter((f) => !f.endsWith('.html')).sort();
}

/**
 * Writes the kiosk's service worker next to the built UI, its cache list taken from the manifest of this
 * build: the kiosk page (served at `pagePath`) and what `entry` loads. The version is a hash of all of
 * it, so any change to the page, its files or the worker makes a new worker, and only then.
 */
export function kioskServiceWorker(opts: { entry: string; pagePath: string; template: string }): Plugin {
  return {
    name: 'ledger-kiosk-service-worker',
    apply: 'build',
    writeBundle(output, bundle) {
      const manifestAsset = bundle['.vite/manifest.json'];
      if (!manifestAsset || manifestAsset.type !== 'asset') throw new Error('kiosk service worker: build.manifest must be on');
      const manifest = JSON.parse(String(manifestAsset.source)) as Record<string, ManifestChunk>;
      if (!manifest[opts.entry]) throw new Error(`kiosk service worker: ${opts.entry} is not in the build`);
      const files = filesOf(manifest, opts.entry);
      const precache = [opts.pagePath, ...files.map((f) => `/${f}`)];
      const template = readFileSync(opts.template, 'utf8');
      const hash = createHash('sha256').update(template);
      for (const f of [opts.entry, ...files]) {
        const item = bundle[f];
        hash.update(f).update(item ? (item.type === 'asset' ? item.source : item.code) : '');
      }
      const version = hash.digest('hex').slice(0, 16);
      const header = `const VERSION = ${JSON.stringify(version)};\nconst PRECACHE = ${JSON.stringify(precache)};\n`;
      writeFileSync(join(output.dir!, SW_FILE), header + template);
    },
  };
}
