import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// This module runs as src/root.ts (tsx, vitest) or inlined into a bundle in dist/ (npm start): both
// are one folder below the repository root, so one relative step finds it from either. The drizzle
// migrations, the built web UI, package.json and print.css are read from there, not copied.
const here = import.meta.url;

/** The repository root, with a trailing separator. */
export const REPO_ROOT = fileURLToPath(new URL('..', here));

/** True when running from the esbuild bundle (dist/*.mjs) rather than from the TypeScript source. */
export const BUNDLED = here.endsWith('.mjs');

/** A path inside the repository, from its root. */
export function repoPath(...parts: string[]): string {
  return join(REPO_ROOT, ...parts);
}
