import { groupBy } from '../../domain/group-by.ts';
import { mergeTotals, summarise } from '../../domain/progress.ts';
import type { Rag } from '../../domain/readiness.ts';
import { mergeTakeUp, takeUpOf, type TakeUp } from '../../domain/take-up.ts';
import { currentEvaluation, type ItemReadiness } from '../readiness/read-model.ts';
import { OVERVIEW_LIST_CAP } from './schemas.ts';

/** RAG counts, with the items "not yet due" counted apart when they are asked for (docs/readiness.md). */
export type RagCounts = Record<Rag, number> & { notYetDue?: number };

/** RAG counts; given `notYetDue`, the items it picks are counted apart ("not yet due", not amber: docs/readiness.md). */
export function ragCounts(list: ItemReadiness[], pick: (i: ItemReadiness) => Rag | undefined, notYetDue?: (i: ItemReadiness) => boolean): RagCounts {
  const counts: RagCounts = notYetDue ? { red: 0, amber: 0, green: 0, notYetDue: 0 } : { red: 0, amber: 0, green: 0 };
  for (const i of list) {
    if (notYetDue?.(i)) {
      counts.notYetDue! += 1;
      continue;
    }
    const rag = pick(i);
    if (rag) counts[rag] += 1;
  }
  return counts;
}

/** Items that are still to go live, and not cancelled or deferred: the ones readiness is about. */
export const upcoming = (i: ItemReadiness) => !i.progress.live && i.facts.status !== 'cancelled' && i.facts.status !== 'deferred';

/** Readiness criteria apply to the item, but none is due yet on its ramp towards go-live. */
export const notYetDue = (i: ItemReadiness) => i.readiness.nothingDue;

/** Take-up (docs/metrics.md) of evaluated items. */
export const takeUpOfItems = (items: ItemReadiness[]) => takeUpOf(items.map((i) => ({
  live: i.progress.live, cancelled: i.facts.status === 'cancelled', eligible: i.progress.eligibleStaff, adoption: i.adoption?.criteria ?? null,
})));

/** The first n of a list in an order, without sorting all of it; ties keep the list's order. */
export function topN<T>(list: T[], n: number, compare: (a: T, b: T) => number): T[] {
  const top: T[] = [];
  for (const x of list) {
    if (top.length === n && compare(x, top[n - 1]!) >= 0) continue;
    let i = top.length < n ? top.length : n - 1;
    while (i > 0 && compare(x, top[i - 1]!) < 0) {
      top[i] = top[i - 1]!;
      i -= 1;
    }
    top[i] = x;
  }
  return top;
}

export const NEXT_GO_LIVES = 10;
/** Latest first. */
export const bySlippage = (a: ItemReadiness, b: ItemReadiness) => (b.progress.slippageDays ?? 0) - (a.progress.slippageDays ?? 0);
/** Soonest first. */
const byPlannedDate = (a: ItemReadiness, b: ItemReadiness) => a.progress.plannedGoLive!.localeCompare(b.progress.plannedGoLive!);

export interface WaveShare {
  totals: ReturnType<typeof summarise>;
  firstBaseline: string | null;
  firstActual: string | null;
  lastForecast: string | null;
}

/**
 * One council's contribution to the overview, or several councils' merged (`mergeParts`): every figure adds up or
 * takes the earlier, later, first few of its parts, so a merge of merged parts is the merge of all of them.
 */
export interface CouncilPart {
  totals: ReturnType<typeof summarise>;
  waves: Map<number, WaveShare>;
  byStatus: Record<string, number>;
  readiness: RagCounts;
  adoption: RagCounts;
  /** Take-up of its live items: "using", beside "switched on" (docs/metrics.md). */
  takeUp: TakeUp;
  /** The first few in each list's order: the overview shows the first few of all. */
  slipped: ItemReadiness[];
  red: ItemReadiness[];
  /** How many are red in all, beyond the first few listed. */
  redCount: number;
  upcoming: ItemReadiness[];
}

/** One council's part of the overview, worked out from its evaluated items. */
export function partOf(items: ItemReadiness[]): CouncilPart {
  const byWave = groupBy(items.filter((i) => i.facts.waveId !== null), (i) => i.facts.waveId!);
  const first = (list: Array<string | null>) => list.filter((d): d is string => d !== null).sort()[0] ?? null;
  const byStatus: Record<string, number> = {};
  for (const i of items) byStatus[i.facts.status] = (byStatus[i.facts.status] ?? 0) + 1;
  const red = items.filter((i) => currentEvaluation(i).rag === 'red' && i.facts.status !== 'cancelled');
  return {
    totals: summarise(items),
    waves: new Map([...byWave].map(([waveId, list]) => [waveId, {
      totals: summarise(list),
      firstBaseline: first(list.map((i) => i.progress.baselineGoLive)),
      firstActual: first(list.map((i) => i.progress.actualGoLive)),
      lastForecast: list.map((i) => i.progress.forecastGoLive).filter((d): d is string => d !== null).sort().at(-1) ?? null,
    }])),
    byStatus,
    readiness: ragCounts(items.filter(upcoming), (i) => i.readiness.rag, notYetDue),
    adoption: ragCounts(items, (i) => i.adoption?.rag),
    takeUp: takeUpOfItems(items),
    // Each council's own first few, in the lists' orders: the overview takes its first few from these (a much
    // shorter merge on every rebuild), and the result is the same as from every item, ties included.
    slipped: topN(items.filter((i) => i.progress.slipState === 'slipped'), OVERVIEW_LIST_CAP, bySlippage),
    red: red.slice(0, OVERVIEW_LIST_CAP),
    redCount: red.length,
    upcoming: topN(items.filter((i) => upcoming(i) && i.progress.plannedGoLive !== null && !i.progress.overdue), NEXT_GO_LIVES, byPlannedDate),
  };
}

const sumCounts = (counts: RagCounts[]): RagCounts => {
  const total: RagCounts = { red: 0, amber: 0, green: 0 };
  for (const c of counts) {
    total.red += c.red;
    total.amber += c.amber;
    total.green += c.green;
    if (c.notYetDue !== undefined) total.notYetDue = (total.notYetDue ?? 0) + c.notYetDue;
  }
  return total;
};

const earlier = (a: string | null, b: string | null) => (a === null ? b : b === null || a <= b ? a : b);

/** Parts of disjoint sets of councils as one, in their order: the lists' first few of all, every count added up. */
export function mergeParts(parts: CouncilPart[]): CouncilPart {
  const byStatus: Record<string, number> = {};
  for (const p of parts) for (const status in p.byStatus) byStatus[status] = (byStatus[status] ?? 0) + p.byStatus[status]!;
  // One pass over the parts' shares of each wave: earliest and latest dates without sorting, totals merged once.
  const byWave = new Map<number, { totals: WaveShare['totals'][]; firstBaseline: string | null; firstActual: string | null; lastForecast: string | null }>();
  for (const part of parts) {
    for (const [waveId, share] of part.waves) {
      const acc = byWave.get(waveId) ?? { totals: [], firstBaseline: null, firstActual: null, lastForecast: null };
      acc.totals.push(share.totals);
      acc.firstBaseline = earlier(acc.firstBaseline, share.firstBaseline);
      acc.firstActual = earlier(acc.firstActual, share.firstActual);
      if (share.lastForecast !== null && (acc.lastForecast === null || share.lastForecast > acc.lastForecast)) acc.lastForecast = share.lastForecast;
      byWave.set(waveId, acc);
    }
  }
  return {
    totals: mergeTotals(parts.map((p) => p.totals)),
    waves: new Map([...byWave].map(([waveId, acc]): [number, WaveShare] => [waveId, {
      totals: mergeTotals(acc.totals), firstBaseline: acc.firstBaseline, firstActual: acc.firstActual, lastForecast: acc.lastForecast,
    }])),
    byStatus,
    readiness: sumCounts(parts.map((p) => p.readiness)),
    adoption: sumCounts(parts.map((p) => p.adoption)),
    takeUp: mergeTakeUp(parts.map((p) => p.takeUp)),
    slipped: topN(parts.flatMap((p) => p.slipped), OVERVIEW_LIST_CAP, bySlippage),
    red: parts.flatMap((p) => p.red).slice(0, OVERVIEW_LIST_CAP),
    redCount: parts.reduce((n, p) => n + p.redCount, 0),
    upcoming: topN(parts.flatMap((p) => p.upcoming), NEXT_GO_LIVES, byPlannedDate),
  };
}

/** Councils' parts merged together first, before the merge of all: a change to one council redoes one block. */
const BLOCK = 16;

/**
 * Every council's part merged as one, by blocks of councils: a block's merge is kept while it holds the very same
 * parts (a part is kept while its council's evaluation holds), so after a write to one council the overview merges
 * that council's block and the blocks' merges, not every council's part. A block is kept by its first part, weakly,
 * and knows its parts by serial number only, so it keeps no other council's part alive; it goes when its first part
 * goes. `merge` is `mergeParts`, given another only by a test that counts the merges.
 */
export function createPartMerger(merge: (parts: CouncilPart[]) => CouncilPart = mergeParts) {
  const serials = new WeakMap<CouncilPart, number>();
  let nextSerial = 0;
  const serialOf = (part: CouncilPart) => {
    let serial = serials.get(part);
    if (serial === undefined) serials.set(part, (serial = (nextSerial += 1)));
    return serial;
  };
  const blocks = new WeakMap<CouncilPart, { serials: string; merged: CouncilPart }>();
  return (parts: CouncilPart[]): CouncilPart => {
    const merged: CouncilPart[] = [];
    for (let start = 0; start < parts.length; start += BLOCK) {
      const block = parts.slice(start, start + BLOCK);
      const holds = block.map(serialOf).join(',');
      const kept = blocks.get(block[0]!);
      if (kept?.serials === holds) {
        merged.push(kept.merged);
        continue;
      }
      const made = merge(block);
      blocks.set(block[0]!, { serials: holds, merged: made });
      merged.push(made);
    }
    return merge(merged);
  };
}
