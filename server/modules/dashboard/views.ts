import { eq, sql } from 'drizzle-orm';
import { seesUnpublished, type Actor } from '../../auth/actor.ts';
import type { Db } from '../../db/database.ts';
import { councils, features, rolloutItems, waves } from '../../db/schema.ts';
import { today, type Clock } from '../../domain/clock.ts';
import { groupBy } from '../../domain/group-by.ts';
import { mergeTotals, summarise } from '../../domain/progress.ts';
import { proposeGate, type Rag } from '../../domain/readiness.ts';
import { mergeTakeUp, takeUpOf, type TakeUp } from '../../domain/take-up.ts';
import { notFound } from '../../http/errors.ts';
import { runNow } from '../../http/steps.ts';
import { createOpenBlockers } from '../blockers/read-model.ts';
import { createLatestDecisions, presentDecision, type DecisionRow } from '../gates/read-model.ts';
import { createWinCards } from '../wins/read-model.ts';
import { createProgressStore } from '../progress/read-model.ts';
import { createMovesKept, createPlanHistoryStore } from '../progress/read-model.ts';
import { currentEvaluation, type EvaluateOptions, type ItemReadiness, type ReadinessEngine } from '../readiness/read-model.ts';
import { createBaselineLookup } from '../baselines/read-model.ts';
import { OVERVIEW_COUNCILS_PER_PAGE, OVERVIEW_LIST_CAP, OVERVIEW_REASONS_CAP, type ItemCard, type OverviewQuery } from './schemas.ts';
import { extend } from '../../domain/objects.ts';

function card(i: ItemReadiness, openBlockers: number, decision: DecisionRow | undefined): ItemCard {
  const { facts, progress } = i;
  const evaluation = currentEvaluation(i);
  return {
    itemId: facts.itemId, councilId: facts.councilId, councilName: facts.councilName, councilCode: facts.councilCode,
    featureId: facts.featureId, featureName: facts.featureName, audience: facts.audience, waveId: facts.waveId, waveName: facts.waveName,
    status: facts.status, plannedGoLive: progress.plannedGoLive, baselineGoLive: progress.baselineGoLive, actualGoLive: progress.actualGoLive,
    live: progress.live, overdue: progress.overdue, slippageDays: progress.slippageDays, slipState: progress.slipState, note: facts.note,
    rag: evaluation.rag, score: evaluation.score, reasons: evaluation.reasons, openBlockers, gate: decision?.decision ?? null,
  };
}

/** RAG counts; given `notYetDue`, the items it picks are counted apart ("not yet due", not amber: docs/readiness.md). */
function ragCounts(list: ItemReadiness[], pick: (i: ItemReadiness) => Rag | undefined, notYetDue?: (i: ItemReadiness) => boolean) {
  const counts: Record<Rag, number> & { notYetDue?: number } = notYetDue ? { red: 0, amber: 0, green: 0, notYetDue: 0 } : { red: 0, amber: 0, green: 0 };
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
const upcoming = (i: ItemReadiness) => !i.progress.live && i.facts.status !== 'cancelled' && i.facts.status !== 'deferred';

/** Readiness criteria apply to the item, but none is due yet on its ramp towards go-live. */
const notYetDue = (i: ItemReadiness) => i.readiness.nothingDue;

interface WaveShare {
  totals: ReturnType<typeof summarise>;
  firstBaseline: string | null;
  firstActual: string | null;
  lastForecast: string | null;
}

/** An item against the original baseline (docs/metrics.md, "Baselines"). */
interface ItemOriginal {
  baselineGoLive: string | null;
  slippageDays: number | null;
  slipState: string;
}

/** One council's contribution to the overview. */
interface CouncilPart {
  totals: ReturnType<typeof summarise>;
  waves: Map<number, WaveShare>;
  byStatus: Record<string, number>;
  readiness: Record<Rag, number>;
  adoption: Record<Rag, number>;
  /** Take-up of its live items: "using", beside "switched on" (docs/metrics.md). */
  takeUp: TakeUp;
  slipped: ItemReadiness[];
  red: ItemReadiness[];
  upcoming: ItemReadiness[];
}

/** An item as the overview's lists and the wave's table show it. */
function overviewItem(i: ItemReadiness) {
  return {
    itemId: i.facts.itemId, councilId: i.facts.councilId, councilName: i.facts.councilName, featureName: i.facts.featureName,
    waveId: i.facts.waveId, waveName: i.facts.waveName, rag: currentEvaluation(i).rag, plannedGoLive: i.progress.plannedGoLive,
    baselineGoLive: i.progress.baselineGoLive, actualGoLive: i.progress.actualGoLive, overdue: i.progress.overdue,
    slippageDays: i.progress.slippageDays, note: i.facts.note, reasons: currentEvaluation(i).reasons.slice(0, OVERVIEW_REASONS_CAP),
  };
}

/** Take-up (docs/metrics.md) of evaluated items. */
const takeUpOfItems = (items: ItemReadiness[]) => takeUpOf(items.map((i) => ({
  live: i.progress.live, cancelled: i.facts.status === 'cancelled', eligible: i.progress.eligibleStaff, adoption: i.adoption?.criteria ?? null,
})));

/** The first n of a list in an order, without sorting all of it. */
function topN<T>(list: T[], n: number, compare: (a: T, b: T) => number): T[] {
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

const NEXT_GO_LIVES = 10;
/** Latest first. */
const bySlippage = (a: ItemReadiness, b: ItemReadiness) => (b.progress.slippageDays ?? 0) - (a.progress.slippageDays ?? 0);
/** Soonest first. */
const byPlannedDate = (a: ItemReadiness, b: ItemReadiness) => a.progress.plannedGoLive!.localeCompare(b.progress.plannedGoLive!);

/** One council's part of the overview, worked out from its evaluated items. */
function partOf(items: ItemReadiness[]): CouncilPart {
  const byWave = groupBy(items.filter((i) => i.facts.waveId !== null), (i) => i.facts.waveId!);
  const first = (list: Array<string | null>) => list.filter((d): d is string => d !== null).sort()[0] ?? null;
  const byStatus: Record<string, number> = {};
  for (const i of items) byStatus[i.facts.status] = (byStatus[i.facts.status] ?? 0) + 1;
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
    red: items.filter((i) => currentEvaluation(i).rag === 'red' && i.facts.status !== 'cancelled'),
    upcoming: topN(items.filter((i) => upcoming(i) && i.progress.plannedGoLive !== null && !i.progress.overdue), NEXT_GO_LIVES, byPlannedDate),
  };
}

/** The screens' read models: one request per screen, built from one evaluation pass of the app's engine. */
// eslint-disable-next-line max-lines-per-function -- the screens' read models share the per-council parts kept beside the engine's entries (a WeakMap in this closure)
export function createReadinessViews(db: Db, clock: Clock, engine: ReadinessEngine) {
  /**
   * Each council's part, attached to the engine's cache entry for it: the key is the entry's array of evaluated
   * items, which the engine hands out again for as long as the entry holds, so a part is reused exactly that long
   * and goes with its entry (read-models/cache.ts bounds the entries; this adds no bound or policy of its own).
   */
  const parts = new WeakMap<ItemReadiness[], CouncilPart>();
  const partFor = (items: ItemReadiness[]): CouncilPart => {
    let part = parts.get(items);
    if (!part) parts.set(items, (part = partOf(items)));
    return part;
  };

  const winCards = createWinCards(db);
  const openBlockersFor = createOpenBlockers(db);
  const latestDecisions = createLatestDecisions(db);

  const cards = (items: ItemReadiness[], asOf: string, original?: Map<number, ItemOriginal>) => {
    const ids = items.map((i) => i.facts.itemId);
    const blockers = openBlockersFor(ids, asOf);
    const decisions = latestDecisions(ids);
    const moved = movedOf(ids, asOf);
    return {
      blockers, decisions,
      cardOf: (i: ItemReadiness) => extend(card(i, blockers.get(i.facts.itemId)?.length ?? 0, decisions.get(i.facts.itemId)), { moved: moved.get(i.facts.itemId) ?? null,
        original: original?.get(i.facts.itemId) ?? null,
      }),
    };
  };

  const councilList = db.select({ councilId: councils.id, name: councils.name, code: councils.code, staffHeadcount: councils.staffHeadcount }).from(councils).orderBy(councils.name).prepare();
  const featureList = db.select({ featureId: features.id, name: features.name, audience: features.audience }).from(features).orderBy(features.name).prepare();
  const plan = createProgressStore(db);
  const history = createPlanHistoryStore(db);
  const baselineLookup = createBaselineLookup(db);
  /** Items' moves as the plan stood at the end of a day, kept while the plan history stands. */
  const moves = createMovesKept(history);
  const movedOf = moves.latestOf;
  const councilOfItem = db.select({ councilId: rolloutItems.councilId }).from(rolloutItems).where(eq(rolloutItems.id, sql.placeholder('id'))).prepare();

  /**
   * The totals against the original baseline, where the one in force is another (a re-baseline never hides
   * slippage); `pick` restricts to the items the screen counts. Null when they are the same baseline.
   */
  function* againstOriginalSteps(asOf: string, baseline: { id: number } | null, pick: EvaluateOptions = { asOf }) {
    // Also when a baseline is chosen (the screens' selector): the original stays beside any other.
    const first = baselineLookup.original(asOf);
    if (!first || !baseline || first.id === baseline.id) return null;
    const { groups } = yield* engine.evaluateSteps(extend(pick, { asOf, baselineId: first.id }));
    const all = groups.flat();
    const byItem = new Map<number, ItemOriginal>(all.map((i) => [i.facts.itemId, {
      baselineGoLive: i.progress.baselineGoLive, slippageDays: i.progress.slippageDays, slipState: i.progress.slipState,
    }]));
    return { summary: { baseline: first, totals: mergeTotals(groups.map((g) => summarise(g))) }, all, byItem };
  }
  const againstOriginal = (asOf: string, baseline: { id: number } | null, pick?: EvaluateOptions) => runNow(againstOriginalSteps(asOf, baseline, pick));

  /** A wave's date and status as they stood at the end of `asOf` (today's when it did not exist yet). */
  const waveThen = (waveId: number, asOf: string, now: { plannedGoLive: string; status: (typeof waves.$inferSelect)['status'] }) => {
    const then = plan.wavesAt(asOf).find((w) => w.id === waveId);
    return { plannedGoLive: then?.plannedGoLive ?? now.plannedGoLive, status: then?.status ?? now.status };
  };

  return {
    /** The council an item belongs to (undefined when there is no such item). */
    councilOfItem: (itemId: number): number | undefined => councilOfItem.get({ id: itemId })?.councilId,

    /** The overview at once (tests, reports). */
    overview(query: OverviewQuery) {
      return runNow(this.overviewSteps(query));
    },

    /**
     * The overview as steps: a request runs it in slices (http/steps.ts), so a cold build (after a write, or an
     * "as of" day not seen before) pauses after each council judged and never holds the event loop for all of them.
     */
    *overviewSteps(query: OverviewQuery) {
      const asOf = query.asOf ?? today(clock);
      const limit = query.councilLimit ?? OVERVIEW_COUNCILS_PER_PAGE;
      const offset = query.councilOffset ?? 0;
      const { baseline, groups } = yield* engine.evaluateSteps({ asOf, baselineId: query.baselineId });
      const original = yield* againstOriginalSteps(asOf, baseline);
      // Each council's share of the overview, kept while its evaluation is: a change to one council redoes one part.
      const parts: CouncilPart[] = [];
      for (const group of groups) {
        parts.push(partFor(group));
        if (parts.length % 64 === 0) yield;
      }
      const allCouncils = councilList.all();
      const pageCouncils = allCouncils.slice(offset, offset + limit);
      const onPage = new Set(pageCouncils.map((c) => c.councilId));
      const grid = groups.flatMap((group) => (group.length > 0 && onPage.has(group[0]!.facts.councilId) ? group : [])).map((i) => ({
        itemId: i.facts.itemId, councilId: i.facts.councilId, featureId: i.facts.featureId, status: i.facts.status, rag: currentEvaluation(i).rag, live: i.progress.live,
      }));
      const slipped = topN(parts.flatMap((p) => p.slipped), OVERVIEW_LIST_CAP, bySlippage);
      const redCount = parts.reduce((n, p) => n + p.red.length, 0);
      const red = parts.flatMap((p) => p.red.slice(0, OVERVIEW_LIST_CAP)).slice(0, OVERVIEW_LIST_CAP);
      const next = topN(parts.flatMap((p) => p.upcoming), NEXT_GO_LIVES, byPlannedDate);
      // Late against the original, shown as the items stand against the baseline in force (with the original beside).
      const current = original ? new Map(groups.flat().map((i) => [i.facts.itemId, i])) : undefined;
      const lateOriginally = original
        ? topN(original.all.filter((i) => i.progress.slipState === 'slipped'), OVERVIEW_LIST_CAP, bySlippage).map((i) => current!.get(i.facts.itemId) ?? i) : [];
      const moved = movedOf([...slipped, ...red, ...next, ...lateOriginally].map((i) => i.facts.itemId), asOf);
      const cardOf = (i: ItemReadiness) => extend(overviewItem(i), { moved: moved.get(i.facts.itemId) ?? null, original: original?.byItem.get(i.facts.itemId) ?? null });
      const itemsByStatus: Record<string, number> = {};
      for (const p of parts) for (const [status, n] of Object.entries(p.byStatus)) itemsByStatus[status] = (itemsByStatus[status] ?? 0) + n;
      const sumCounts = (pick: (p: CouncilPart) => Record<Rag, number> & { notYetDue?: number }) => parts.reduce<Record<Rag, number> & { notYetDue?: number }>((sum, p) => {
        const c = pick(p);
        const total: Record<Rag, number> & { notYetDue?: number } = { red: sum.red + c.red, amber: sum.amber + c.amber, green: sum.green + c.green };
        if (c.notYetDue !== undefined) total.notYetDue = (sum.notYetDue ?? 0) + c.notYetDue;
        return total;
      }, { red: 0, amber: 0, green: 0 });

      // One pass over the councils' shares of each wave: earliest and latest dates without sorting, totals merged once.
      const byWave = new Map<number, { totals: CouncilPart['totals'][]; firstBaseline: string | null; firstActual: string | null; lastForecast: string | null }>();
      const earlier = (a: string | null, b: string | null) => (a === null ? b : b === null || a <= b ? a : b);
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
      const waveSummaries = plan.wavesAt(asOf).map((w) => {
        const acc = byWave.get(w.id);
        return {
          waveId: w.id, name: w.name, sequence: w.sequence, plannedGoLive: w.plannedGoLive, status: w.status,
          // The wave's own date when the baseline was approved (docs/metrics.md), not its items' earliest.
          baselineGoLive: baseline ? history.waveDateAt(w.id, baseline.approvedAt) : null, firstActualGoLive: acc?.firstActual ?? null, lastForecastGoLive: acc?.lastForecast ?? null,
          totals: mergeTotals(acc?.totals ?? []),
        };
      });

      return {
        asOf, baseline, totals: mergeTotals(parts.map((p) => p.totals)), original: original?.summary ?? null,
        readiness: sumCounts((p) => p.readiness),
        adoption: sumCounts((p) => p.adoption),
        takeUp: mergeTakeUp(parts.map((p) => p.takeUp)),
        itemsByStatus,
        councils: pageCouncils,
        councilPage: { total: allCouncils.length, limit, offset },
        features: featureList.all(),
        grid,
        waves: waveSummaries,
        slipped: slipped.map(cardOf),
        slippedAgainstOriginal: lateOriginally.map(cardOf),
        red: red.map(cardOf),
        redCount,
        nextGoLives: next.map(cardOf),
        wins: winCards.publishedBy(asOf, 6),
      };
    },

    item(itemId: number, asOf = today(clock)) {
      const found = engine.evaluateItem(itemId, asOf);
      if (!found) throw notFound('Rollout item', itemId);
      const original = againstOriginal(asOf, baselineLookup.inForce(asOf) ?? null, { asOf, councilIds: [found.facts.councilId], where: (f) => f.itemId === itemId });
      const { blockers, decisions, cardOf } = cards([found], asOf, original?.byItem);
      const decision = decisions.get(itemId);
      return {
        asOf, item: cardOf(found), readiness: found.readiness, adoption: found.adoption, eligibleStaff: found.progress.eligibleStaff,
        blockers: blockers.get(itemId) ?? [],
        gate: { proposal: proposeGate(found.readiness), current: decision ? presentDecision(decision) : null },
        planMoves: moves.ofItem(itemId, asOf),
      };
    },

    council(councilId: number, asOf: string, actor: Actor, baselineId?: number) {
      const council = db.select().from(councils).where(eq(councils.id, councilId)).get();
      if (!council) throw notFound('Council', councilId);
      const { items, baseline } = engine.evaluateItems({ asOf, councilIds: [councilId], baselineId });
      const original = againstOriginal(asOf, baseline, { asOf, councilIds: [councilId] });
      const { blockers, cardOf } = cards(items, asOf, original?.byItem);
      const featureOf = new Map(items.map((i) => [i.facts.itemId, i.facts.featureName]));
      return {
        asOf,
        council: { councilId, name: council.name, code: council.code, staffHeadcount: council.staffHeadcount, managerHeadcount: council.managerHeadcount },
        baseline,
        totals: summarise(items),
        original: original?.summary ?? null,
        readiness: ragCounts(items.filter(upcoming), (i) => i.readiness.rag, notYetDue),
        takeUp: takeUpOfItems(items),
        items: items.map(cardOf),
        blockers: [...blockers.entries()].flatMap(([itemId, list]) => list.map((b) => extend(b, { itemId, featureName: featureOf.get(itemId) ?? '' }))),
        wins: winCards.ofCouncil(councilId, seesUnpublished(actor), asOf, 20),
      };
    },

    /** A wave's summary at once (tests, reports). */
    wave(waveId: number, asOf: string, page: { limit?: number; offset?: number } = {}, baselineId?: number) {
      return runNow(this.waveSteps(waveId, asOf, page, baselineId));
    },

    /** A wave's summary as steps: cold (after a restart, or an "as of" day) it judges every council in the wave. */
    *waveSteps(waveId: number, asOf: string, page: { limit?: number; offset?: number } = {}, baselineId?: number) {
      const wave = db.select().from(waves).where(eq(waves.id, waveId)).get();
      if (!wave) throw notFound('Wave', waveId);
      const limit = page.limit ?? 20;
      const offset = page.offset ?? 0;
      // On today's plan (or a day since which it has not changed) only the councils with items in the wave are judged.
      const councilIds = plan.isPast(asOf) ? undefined : plan.councilsInWave(waveId);
      const { items, baseline } = yield* engine.evaluateSteps({ asOf, where: (f) => f.waveId === waveId, baselineId, councilIds });
      const original = yield* againstOriginalSteps(asOf, baseline, { asOf, where: (f) => f.waveId === waveId, councilIds });
      const shown = items.slice(offset, offset + limit);
      const decisions = latestDecisions(shown.map((i) => i.facts.itemId));
      return {
        asOf,
        page: { total: items.length, limit, offset },
        wave: { waveId, name: wave.name, sequence: wave.sequence, ...waveThen(waveId, asOf, wave), description: wave.description },
        baseline,
        totals: summarise(items),
        original: original?.summary ?? null,
        readiness: ragCounts(items.filter(upcoming), (i) => i.readiness.rag, notYetDue),
        items: shown.map((i) => {
          const decision = decisions.get(i.facts.itemId);
          const proposal = proposeGate(i.readiness);
          // The wave's table shows the first reasons; the item's own page has them all.
          return extend(overviewItem(i), { original: original?.byItem.get(i.facts.itemId) ?? null, status: i.facts.status, proposal: extend(proposal, { reasons: proposal.reasons.slice(0, OVERVIEW_REASONS_CAP + 1) }),
            decision: decision ? presentDecision(decision) : null,
          });
        }),
      };
    },
  };
}

export type ReadinessViews = ReturnType<typeof createReadinessViews>;
