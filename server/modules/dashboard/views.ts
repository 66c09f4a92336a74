import { eq, sql } from 'drizzle-orm';
import { seesUnpublished, type Actor } from '../../auth/actor.ts';
import type { Db } from '../../db/database.ts';
import { councils, features, rolloutItems, waves } from '../../db/schema.ts';
import { today, type Clock } from '../../domain/clock.ts';
import { mergeTotals, summarise } from '../../domain/progress.ts';
import { proposeGate } from '../../domain/readiness.ts';
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
import { bySlippage, createPartMerger, notYetDue, partOf, ragCounts, takeUpOfItems, topN, upcoming, type CouncilPart } from './overview-parts.ts';

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

/** An item against the original baseline (docs/metrics.md, "Baselines"). */
interface ItemOriginal {
  baselineGoLive: string | null;
  slippageDays: number | null;
  slipState: string;
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
  // Blocks of parts merged, each kept by its first part (weakly) while it holds the same parts: a kept block holds
  // only its merge, whose lists name a few dozen evaluated items at most.
  const mergeAll = createPartMerger();

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

  // Every overview build lists every council: read straight from SQLite, without the query builder's mapping of each row.
  const councilList = db.$client.prepare('select id as councilId, name, code, staff_headcount as staffHeadcount from councils order by name');
  const featureList = db.select({ featureId: features.id, name: features.name, audience: features.audience }).from(features).orderBy(features.name).prepare();
  const plan = createProgressStore(db);
  const history = createPlanHistoryStore(db);
  const baselineLookup = createBaselineLookup(db);
  /** Items' moves as the plan stood at the end of a day, kept while the plan history stands. */
  const moves = createMovesKept(history, () => db.$client.inTransaction);
  const movedOf = moves.latestOf;
  const councilOfItem = db.select({ councilId: rolloutItems.councilId }).from(rolloutItems).where(eq(rolloutItems.id, sql.placeholder('id'))).prepare();
  // Prepared once: built through the query builder on every summary, each took some 0.15 ms under load.
  const councilRow = db.select().from(councils).where(eq(councils.id, sql.placeholder('id'))).prepare();
  const waveRow = db.select().from(waves).where(eq(waves.id, sql.placeholder('id'))).prepare();

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
      const allCouncils = councilList.all() as Array<{ councilId: number; name: string; code: string; staffHeadcount: number }>;
      const pageCouncils = allCouncils.slice(offset, offset + limit);
      const onPage = new Set(pageCouncils.map((c) => c.councilId));
      const grid = groups.flatMap((group) => (group.length > 0 && onPage.has(group[0]!.facts.councilId) ? group : [])).map((i) => ({
        itemId: i.facts.itemId, councilId: i.facts.councilId, featureId: i.facts.featureId, status: i.facts.status, rag: currentEvaluation(i).rag, live: i.progress.live,
      }));
      const whole = mergeAll(parts);
      const slipped = whole.slipped;
      const red = whole.red;
      const next = whole.upcoming;
      // Late against the original, shown as the items stand against the baseline in force (with the original beside).
      const lateOriginally = original ? topN(original.all.filter((i) => i.progress.slipState === 'slipped'), OVERVIEW_LIST_CAP, bySlippage) : [];
      const current = lateOriginally.length > 0 ? new Map(groups.filter((g) => g.length > 0).map((g) => [g[0]!.facts.councilId, g])) : undefined;
      for (const [n, i] of lateOriginally.entries()) lateOriginally[n] = current!.get(i.facts.councilId)?.find((c) => c.facts.itemId === i.facts.itemId) ?? i;
      const moved = movedOf([...slipped, ...red, ...next, ...lateOriginally].map((i) => i.facts.itemId), asOf);
      const cardOf = (i: ItemReadiness) => extend(overviewItem(i), { moved: moved.get(i.facts.itemId) ?? null, original: original?.byItem.get(i.facts.itemId) ?? null });
      const waveSummaries = plan.wavesAt(asOf).map((w) => {
        const acc = whole.waves.get(w.id);
        return {
          waveId: w.id, name: w.name, sequence: w.sequence, plannedGoLive: w.plannedGoLive, status: w.status,
          // The wave's own date when the baseline was approved (docs/metrics.md), not its items' earliest.
          baselineGoLive: baseline ? history.waveDateAt(w.id, baseline.approvedAt) : null, firstActualGoLive: acc?.firstActual ?? null, lastForecastGoLive: acc?.lastForecast ?? null,
          totals: acc?.totals ?? mergeTotals([]),
        };
      });

      return {
        asOf, baseline, totals: whole.totals, original: original?.summary ?? null,
        readiness: whole.readiness,
        adoption: whole.adoption,
        takeUp: whole.takeUp,
        itemsByStatus: whole.byStatus,
        councils: pageCouncils,
        councilPage: { total: allCouncils.length, limit, offset },
        features: featureList.all(),
        grid,
        waves: waveSummaries,
        slipped: slipped.map(cardOf),
        slippedAgainstOriginal: lateOriginally.map(cardOf),
        red: red.map(cardOf),
        redCount: whole.redCount,
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
      const council = councilRow.get({ id: councilId });
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
      const wave = waveRow.get({ id: waveId });
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
