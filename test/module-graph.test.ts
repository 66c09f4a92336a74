import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importGraph, loopThrough, relativeToRoot, ROOT, sourceFiles, stronglyConnected } from './import-graph.ts';

/**
 * No two modules depend on each other, directly or round a loop (docs/architecture.md, "Modules"). The file-level
 * checks (import-x/no-cycle in `npm run lint`, test/import-cycles.test.ts) allow a loop of modules whose files do not
 * loop: raid/plan-links.ts reading the timeline while timeline/service.ts reads the RAID log is two modules tied
 * together although no file imports itself round a loop. Here every file belongs to its module (a folder under
 * server/modules/) or its layer (server/db, http, auth, domain, read-models); imports are read with TypeScript's own
 * pre-processor, type-only imports included, and the graph of modules and layers must have no loop. The composition
 * root (server/services.ts, server/app.ts), the fixtures and the scripts sit above them all and are not part of it.
 */
const LAYERS = ['db', 'http', 'auth', 'domain', 'read-models'];

/** The module or layer a server file belongs to, or undefined for files above them (the root, fixtures, scripts). */
export function unitOf(file: string): string | undefined {
  const path = relativeToRoot(file);
  const module = /^server\/modules\/([^/]+)\//.exec(path)?.[1];
  if (module) return `modules/${module}`;
  const layer = /^server\/([^/]+)\//.exec(path)?.[1];
  return layer && LAYERS.includes(layer) ? layer : undefined;
}

interface ModuleGraph {
  /** Module or layer → the modules and layers it imports. */
  units: Map<string, string[]>;
  /** "from → to" → one file-level import that makes the edge, for the message. */
  because: Map<string, string>;
}

function moduleGraph(files: Map<string, string[]>, unit: (file: string) => string | undefined): ModuleGraph {
  const units = new Map<string, Set<string>>();
  const because = new Map<string, string>();
  for (const [file, targets] of files) {
    const from = unit(file);
    if (from === undefined) continue;
    const edges = units.get(from) ?? new Set<string>();
    units.set(from, edges);
    for (const target of targets) {
      const to = unit(target);
      if (to === undefined || to === from) continue;
      edges.add(to);
      if (!because.has(`${from} → ${to}`)) because.set(`${from} → ${to}`, `${relativeToRoot(file)} imports ${relativeToRoot(target)}`);
    }
  }
  return { units: new Map([...units].map(([name, edges]) => [name, [...edges].sort()])), because };
}

/** Each loop of modules, as one shortest loop through its first member with the import behind each step. */
function moduleLoops({ units, because }: ModuleGraph): string[] {
  return stronglyConnected(units).map((members) => {
    const loop = loopThrough(units, members[0]!, new Set(members));
    const steps = loop.slice(1).map((to, i) => `  ${loop[i]} → ${to}: ${because.get(`${loop[i]} → ${to}`)}`);
    return [`${members.join(', ')} depend on each other:`, ...steps].join('\n');
  });
}

describe('the modules and layers of the server', () => {
  const files = importGraph(sourceFiles(join(ROOT, 'server')));
  const graph = moduleGraph(files, unitOf);

  it('finds a loop of modules whose files form none (the check itself)', () => {
    const a = '/server/modules/a/service.ts';
    const aRead = '/server/modules/a/read-model.ts';
    const b = '/server/modules/b/service.ts';
    const bRead = '/server/modules/b/read-model.ts';
    const fake = new Map([[a, [bRead]], [bRead, []], [b, [aRead]], [aRead, []]]);
    expect(stronglyConnected(fake)).toEqual([]);
    const unit = (file: string) => /\/modules\/([^/]+)\//.exec(file)?.[1];
    const loops = moduleLoops(moduleGraph(fake, unit));
    expect(loops).toHaveLength(1);
    expect(loops[0]).toContain('a, b depend on each other');
    expect(loops[0]).toContain(`a → b: ${relativeToRoot(a)} imports ${relativeToRoot(bRead)}`);
  });

  it('covers every module and layer', () => {
    const names = [...graph.units.keys()];
    for (const layer of LAYERS) expect(names).toContain(layer);
    expect(names).toEqual(expect.arrayContaining(['modules/raid', 'modules/timeline', 'modules/readiness', 'modules/gates', 'modules/items']));
    expect(names.filter((n) => n.startsWith('modules/')).length).toBeGreaterThan(25);
  });

  it('form no loop: no module or layer depends on itself through others', () => {
    expect(moduleLoops(graph)).toEqual([]);
  });
});
