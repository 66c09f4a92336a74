import type { DependencyRow } from './plan-state.ts';

/**
 * Whether a new dependency would close a cycle ("A no earlier than B" and, through other dependencies, "B no
 * earlier than A"), and which: the cycle in words, from the new dependency's later end round to itself.
 *
 * Two graphs are searched. Features: feature prerequisites alone, so "Approve leave" before "Book annual leave"
 * and back again is refused even before any council has both items. Items: item links, and each feature
 * prerequisite as an edge in every council that has both items, so a cycle that mixes the kinds (a prerequisite in
 * one council, a link back across councils) is found too. Milestones wait for nothing, so they close no cycle.
 */

export interface CycleItem {
  itemId: number;
  councilId: number;
  featureId: number;
  label: string;
}

export type NewDependency = Pick<DependencyRow, 'kind' | 'beforeFeatureId' | 'afterFeatureId' | 'beforeItemId' | 'afterItemId'>;

/** The path from `from` to `to` in `edges` (breadth first: the shortest), or null. */
function pathBetween<K>(edges: Map<K, K[]>, from: K, to: K): K[] | null {
  const parent = new Map<K, K | null>([[from, null]]);
  const queue: K[] = [from];
  for (let head = 0; head < queue.length; head += 1) {
    const node = queue[head]!;
    if (node === to) {
      const path: K[] = [];
      for (let at: K | null = node; at !== null; at = parent.get(at)!) path.unshift(at);
      return path;
    }
    for (const next of edges.get(node) ?? []) {
      if (!parent.has(next)) {
        parent.set(next, node);
        queue.push(next);
      }
    }
  }
  return null;
}

const addEdge = <K>(edges: Map<K, K[]>, from: K, to: K) => {
  const list = edges.get(from);
  if (list) list.push(to);
  else edges.set(from, [to]);
};

/**
 * The cycle `dep` would close among `existing` dependencies, as the names along it (the later end first and
 * last), or null when it closes none.
 */
export function cycleClosedBy(dep: NewDependency, existing: NewDependency[], items: CycleItem[], featureName: (id: number) => string): string[] | null {
  if (dep.kind === 'milestone') return null;

  if (dep.kind === 'feature') {
    const features = new Map<number, number[]>();
    for (const d of existing) if (d.kind === 'feature') addEdge(features, d.beforeFeatureId!, d.afterFeatureId!);
    // The new edge runs before → after; a path back from after to before closes the cycle.
    const path = pathBetween(features, dep.afterFeatureId!, dep.beforeFeatureId!);
    if (path) return [...path, dep.afterFeatureId!].map((id) => `"${featureName(id)}"`);
  }

  const byCouncilFeature = new Map<string, CycleItem>();
  const byFeature = new Map<number, CycleItem[]>();
  const byId = new Map<number, CycleItem>();
  for (const i of items) {
    byCouncilFeature.set(`${i.councilId}|${i.featureId}`, i);
    byFeature.set(i.featureId, [...(byFeature.get(i.featureId) ?? []), i]);
    byId.set(i.itemId, i);
  }
  const edges = new Map<number, number[]>();
  const itemEdges = (d: NewDependency): Array<[number, number]> => {
    if (d.kind === 'item') return [[d.beforeItemId!, d.afterItemId!]];
    if (d.kind !== 'feature') return [];
    const out: Array<[number, number]> = [];
    for (const after of byFeature.get(d.afterFeatureId!) ?? []) {
      const before = byCouncilFeature.get(`${after.councilId}|${d.beforeFeatureId}`);
      if (before) out.push([before.itemId, after.itemId]);
    }
    return out;
  };
  for (const d of existing) for (const [from, to] of itemEdges(d)) addEdge(edges, from, to);
  for (const [before, after] of itemEdges(dep)) {
    const path = pathBetween(edges, after, before);
    if (path) return [...path, after].map((id) => byId.get(id)?.label ?? `item ${id}`);
  }
  return null;
}

/** "A waits for B, which waits for C, which waits for A" from the path the new dependency closes. */
export function cycleInWords(path: string[]): string {
  // path runs later → … → earlier → later along "is waited for by"; read backwards it is "waits for".
  const reversed = [...path].reverse();
  return reversed.slice(1).reduce((words, name, k) => `${words}${k === 0 ? ' would wait for ' : ', which waits for '}${name}`, reversed[0]!);
}
