// `npm run build:server`: bundles the server, its long-read worker and the CLI into dist/ so that
// `npm start` runs plain JavaScript; loading the TypeScript through tsx cost most of the start time
// and about half the idle memory (issue 7). See docs/decisions/0006-server-bundle.md.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

await build({
  absWorkingDir: fileURLToPath(new URL('..', import.meta.url)),
  entryPoints: { server: 'src/server.ts', 'long-read-worker': 'src/reports/long-read-worker.ts', cli: 'src/cli.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // better-sqlite3 loads its compiled addon from its own folder.
  external: ['better-sqlite3'],
  // CommonJS dependencies (qrcode, pngjs) call require() for Node's modules, which an ES module lacks.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  // The long-read worker rebuilds errors by their class name (long-read.ts).
  keepNames: true,
  sourcemap: true,
  logLevel: 'warning',
});
