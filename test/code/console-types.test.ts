import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoPath } from '../../src/root.ts';

/**
 * The console reads the server's own types (issue 18 item 2). What guards it is the type-check:
 * `npm run typecheck` (CI, .ci/run) runs `tsc --noEmit -p kiosk`, and the console's shapes are the
 * answers of the routes (src/http/api-types.ts), so a server change a screen cannot read fails there.
 * This test keeps that chain from being cut quietly: no hand-written shape comes back beside it, the
 * type-check still covers the console, and nothing of the server is imported as code into the bundle.
 */
const CONSOLE = repoPath('kiosk', 'src', 'console');
const KIOSK = repoPath('kiosk', 'src');
const SHAPE_MODULES = ['types.ts', 'compliance-types.ts', 'submission-types.ts', 'custody/types.ts'];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

/** The type argument of each `api<…>(` / `request<…>(` call, brackets balanced. */
function callTypes(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/\b(?:api|request)</g)) {
    let depth = 1;
    let i = m.index + m[0].length;
    const start = i;
    for (; depth > 0 && i < text.length; i++) {
      if (text[i] === '<') depth++;
      else if (text[i] === '>' && text[i - 1] !== '=') depth--;
    }
    if (text[i] === '(') out.push(text.slice(start, i - 1));
  }
  return out;
}

describe("the console's shapes are the server's (issue 18)", () => {
  it('every API call is typed by a route (ApiJson, Ceremony) or a name for one, never by an object written out', () => {
    const written: string[] = [];
    let calls = 0;
    for (const file of files(CONSOLE)) {
      for (const type of callTypes(readFileSync(file, 'utf8'))) {
        calls++;
        if (type.includes('{')) written.push(`${relative(CONSOLE, file)}: ${type}`);
      }
    }
    expect(calls).toBeGreaterThan(100);
    expect(written).toEqual([]);
  });

  it("the console's shape modules name the routes' answers and write out none", () => {
    for (const name of SHAPE_MODULES) {
      const text = readFileSync(join(CONSOLE, name), 'utf8');
      expect(text, name).toMatch(/import type \{[^}]*\bApiJson\b[^}]*\} from '(\.\.?\/)+(src\/http\/api-types|types)\.ts'/);
      expect(text.match(/^\s*(export )?interface /m), name).toBeNull();
      // A type alias is a route's answer or part of one, never an object literal.
      expect(text.match(/^\s*(export )?type \w+(<[^>]*>)? = \{(?!\s*\[)/m), name).toBeNull();
    }
  });

  it('the type-check covers the console, and the console imports nothing of the server as code but the shared words', () => {
    expect(JSON.parse(readFileSync(repoPath('package.json'), 'utf8')).scripts.typecheck).toContain('tsc --noEmit -p kiosk');
    expect(readFileSync(repoPath('.ci', 'run'), 'utf8')).toMatch(/npm run typecheck/);
    const include = (JSON.parse(readFileSync(repoPath('kiosk', 'tsconfig.json'), 'utf8')) as { include: string[] }).include;
    expect(include).toContain('src');
    const runtime = new Set<string>();
    for (const file of files(KIOSK)) {
      for (const m of readFileSync(file, 'utf8').matchAll(/^(import|export)\s+(?!type\s)[^;]*?from\s+'((?:\.\.\/)+src\/[^']+)'/gm)) runtime.add(m[2]!.replace(/^(\.\.\/)+/, ''));
    }
    // The request's words are shared as code on purpose (decision 0016): a module that imports nothing.
    expect([...runtime]).toEqual(['src/custody/request-words.ts']);
    expect(readFileSync(repoPath('src', 'custody', 'request-words.ts'), 'utf8')).not.toMatch(/^import\s+(?!type\s)/m);
  });
});
