import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importGraph, relativeToRoot, ROOT, sourceFiles, stronglyConnected } from './import-graph.ts';

/**
 * No two files of the server or the dashboard import each other, directly or round a loop, layers point down, and
 * modules meet only through schemas.ts and read-model.ts (docs/architecture.md). `npm run lint` checks the same with
 * eslint-plugin-import-x; here imports are read with TypeScript's own pre-processor, type-only imports included (the
 * lint rule's cycle check skips them): a cycle of types still ties two files' meanings together.
 */

/** Loops between files: strongly connected components of the file graph, named relative to the project. */
const cycles = (graph: Map<string, string[]>): string[][] => stronglyConnected(graph).map((c) => c.map(relativeToRoot).sort());

describe('imports', () => {
  it('finds a loop when there is one (the check itself)', () => {
    const graph = new Map([['/a.ts', ['/b.ts']], ['/b.ts', ['/c.ts']], ['/c.ts', ['/a.ts']], ['/d.ts', ['/a.ts']]]);
    expect(cycles(graph).map((c) => c.length)).toEqual([3]);
  });

  it('point down: errors, paths, the database, the domain rules and auth import nothing from http/ or the modules', () => {
    const files = sourceFiles(join(ROOT, 'server'));
    const bottom = (file: string) => /^server\/(errors\.ts|paths\.ts|db\/|domain\/|auth\/)/.test(relative(ROOT, file));
    const above = (file: string) => /^server\/(http|modules)\//.test(relative(ROOT, file));
    const upward = [...importGraph(files)].flatMap(([file, targets]) =>
      bottom(file) ? targets.filter(above).map((target) => `${relative(ROOT, file)} → ${relative(ROOT, target)}`) : []);
    expect(files.filter(bottom).length).toBeGreaterThan(20);
    expect(upward).toEqual([]);
  });

  it('reach another module only through its schemas.ts or read-model.ts (the lint rule, with the exceptions it lists)', () => {
    // The same rule as import-x/no-restricted-paths in eslint.config.js; the imports still waiting to be moved are
    // counted per file in eslint-suppressions.json, and no file may break the boundary more often than listed there.
    const files = [...sourceFiles(join(ROOT, 'server')), ...sourceFiles(join(ROOT, 'client'))];
    const moduleOf = (file: string) => /^server\/modules\/([^/]+)\//.exec(relative(ROOT, file))?.[1];
    const crossings = new Map<string, string[]>();
    for (const [file, targets] of importGraph(files)) {
      const from = relative(ROOT, file);
      if (!from.startsWith('client/') && moduleOf(file) === undefined) continue;
      const outside = targets.filter((target) => moduleOf(target) !== undefined && moduleOf(target) !== moduleOf(file)
        && !/\/(schemas|read-model)\.ts$/.test(target));
      if (outside.length > 0) crossings.set(from, outside.map((target) => relative(ROOT, target)));
    }
    const listed = JSON.parse(readFileSync(join(ROOT, 'eslint-suppressions.json'), 'utf8')) as Record<string, Record<string, { count: number }>>;
    const beyond = [...crossings].filter(([file, targets]) => targets.length > (listed[file]?.['import-x/no-restricted-paths']?.count ?? 0));
    expect(beyond).toEqual([]);
    expect(crossings.size).toBeLessThanOrEqual(Object.values(listed).filter((rules) => rules['import-x/no-restricted-paths']).length);
  });

  it('form no loop between the files of the server and of the dashboard', () => {
    const files = [...sourceFiles(join(ROOT, 'server')), ...sourceFiles(join(ROOT, 'client'))];
    expect(files.length).toBeGreaterThan(150);
    expect(cycles(importGraph(files))).toEqual([]);
  });
});
