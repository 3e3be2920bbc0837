import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoPath } from '../../src/root.ts';

/**
 * No module depends on itself through others (issue 18): a cycle makes load order matter and ties
 * features together that should stand alone. Every relative import counts, `import type` included,
 * except imports of src/deps.ts: it is the container type every service is handed (Ctx, Deps), holds no
 * code, and names the services it carries by type.
 */
const CONTAINER = repoPath('src', 'deps.ts');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

function importGraph(dir: string): Map<string, string[]> {
  const files = new Set(sourceFiles(dir));
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const targets = [
      ...[...text.matchAll(/^(?:import|export)\s[^;]*?from\s+'(\.[^']+)'/gm)].map((m) => m[1]!),
      ...[...text.matchAll(/\bimport\(\s*'(\.[^']+)'\s*\)/g)].map((m) => m[1]!),
    ].map((spec) => resolve(dirname(file), spec));
    graph.set(
      file,
      targets.filter((t) => files.has(t) && t !== CONTAINER),
    );
  }
  return graph;
}

/** Strongly connected groups of more than one module (Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1) found.push(group);
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('import cycles', () => {
  for (const dir of ['src', 'kiosk/src']) {
    it(`${dir} has none`, () => {
      const graph = importGraph(repoPath(...dir.split('/')));
      expect(graph.size).toBeGreaterThan(20);
      const named = cycles(graph).map((group) => group.map((f) => relative(repoPath(), f)).sort());
      expect(named).toEqual([]);
    });
  }

  it('finds a cycle when there is one', () => {
    const a = resolve('/x/a.ts');
    const b = resolve('/x/b.ts');
    const c = resolve('/x/c.ts');
    expect(cycles(new Map([[a, [b]], [b, [c]], [c, [a]]]))).toHaveLength(1);
    expect(cycles(new Map([[a, [b]], [b, [c]], [c, []]]))).toHaveLength(0);
  });
});
