import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What `npm start` runs after its build, as node's arguments (its flags, then dist/server.mjs), read
 * from package.json: the start test and the bench start the server exactly as it is deployed.
 */
export function startArgs(root: string): string[] {
  const start = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const m = /^node((?: --[a-z-]+(?:=\S+)?)*) dist\/server\.mjs$/.exec(start);
  if (!m) throw new Error(`package.json's start script is not "node [flags] dist/server.mjs": ${start}`);
  return [...m[1]!.split(' ').filter(Boolean), 'dist/server.mjs'];
}
