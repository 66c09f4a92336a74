import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { baselineItems, baselines, councils, features, waves } from '../../db/schema.ts';
import { today, type Clock } from '../../domain/clock.ts';
import { calendarDaysBetween } from '../../domain/day-count.ts';
import { itemProgress, type BaselineFacts } from '../../domain/progress.ts';
import { conflict, notFound } from '../../http/errors.ts';
import { runSliced, type Steps } from '../../http/steps.ts';
import { createBaselineLookup } from '../baselines/read-model.ts';
import type { BaselineComparison, CompareQuery } from '../baselines/schemas.ts';
import { createPlanHistoryStore } from './history.ts';
import { createProgressStore } from './store.ts';
import { extend } from '../../domain/objects.ts';

interface Frozen extends BaselineFacts {
  itemId: number;
  councilId: number;
  featureId: number;
  waveId: number | null;
}

/** A status that changes what is planned (deferred or cancelled); planned, ready and live are progress, not plan. */
const outOfPlan = (status: string | null | undefined) => status === 'deferred' || status === 'cancelled';
const statusMoved = (a: Frozen, b: Frozen) => a.status !== b.status && (outOfPlan(a.status) || outOfPlan(b.status));

const daysBetween = (later: string | null, earlier: string | null) =>
  later === null || earlier === null ? null : calendarDaysBetween(later, earlier);

/** Items compared between two pauses: a few milliseconds of work. */
const ITEMS_PER_STEP = 250;
// The collator `localeCompare` uses, made once: calling `localeCompare` for each pair builds one per call.
const byName = new Intl.Collator().compare;

/**
 * Two plans side by side (docs/metrics.md, "Comparing baselines"): a baseline against a later one, or against the
 * current plan, which is the preview of approving it now. Item by item and wave by wave, what moves and how far, and
 * the slippage as of today against each, so the lateness a re-baseline would absorb is plain before anyone approves it.
 * A handful of queries whatever the size of the plan: no query per item or per wave. Made in steps (http/steps.ts):
 * at 400 councils the 3,200 items held the event loop for 90–150 ms in one piece.
 */
// eslint-disable-next-line max-lines-per-function -- the comparison's prepared statements and the one function it returns, which compares two baselines item by item
export function createBaselineComparison(db: Db, clock: Clock) {
  const plan = createProgressStore(db);
  const history = createPlanHistoryStore(db);
  const baselineLookup = createBaselineLookup(db);
  const refOf = db.select({ id: baselines.id, name: baselines.name, approvedAt: baselines.approvedAt, approvedBy: baselines.approvedBy, reasonCategory: baselines.reasonCategory, reason: baselines.reason })
    .from(baselines).where(eq(baselines.id, sql.placeholder('id'))).prepare();
  const frozenOf = db.select({
    itemId: baselineItems.itemId, councilId: baselineItems.councilId, featureId: baselineItems.featureId, waveId: baselineItems.waveId,
    plannedGoLive: baselineItems.plannedGoLive, status: baselineItems.status,
  }).from(baselineItems).where(eq(baselineItems.baselineId, sql.placeholder('id'))).prepare();
  const councilNames = db.select({ id: councils.id, name: councils.name }).from(councils).prepare();
  const featureNames = db.select({ id: features.id, name: features.name }).from(features).prepare();
  const waveRows = db.select({ id: waves.id, name: waves.name, sequence: waves.sequence, plannedGoLive: waves.plannedGoLive }).from(waves).orderBy(waves.sequence, waves.id).prepare();

  const baselineRef = (id: number) => {
    const row = refOf.get({ id });
    if (!row) throw notFound('Baseline', id);
    return row;
  };

  /** Each wave's own date in each plan: when each baseline was approved, or today's. */
  const wavesCompared = (base: { approvedAt: string }, against: { approvedAt: string } | null, allWaves: Array<{ id: number; name: string; plannedGoLive: string | null }>) => {
    const baseWaves = history.waveDatesAt(base.approvedAt);
    const againstWaves = against ? history.waveDatesAt(against.approvedAt) : new Map(allWaves.map((w) => [w.id, w.plannedGoLive]));
    return allWaves.filter((w) => baseWaves.has(w.id) || againstWaves.has(w.id)).map((w) => {
      const baseDate = baseWaves.get(w.id) ?? null;
      const againstDate = againstWaves.get(w.id) ?? null;
      return { waveId: w.id, name: w.name, baseDate, againstDate, days: daysBetween(againstDate, baseDate) };
    });
  };

  function* compare(query: CompareQuery): Steps<BaselineComparison> {
    const asOf = today(clock);
    const inForce = baselineLookup.inForce(asOf);
    const base = query.base !== undefined ? baselineRef(query.base) : inForce ? baselineRef(inForce.id) : undefined;
    if (!base) throw conflict('No baseline has been approved yet, so there is nothing to compare with: the first approval is the original plan.');
    const against = query.against !== undefined ? baselineRef(query.against) : null;

    const current = plan.itemFacts();
    const factsById = new Map(current.map((i) => [i.itemId, i]));
    yield; // each read of the whole plan is a step of its own
    const before = new Map<number, Frozen>(frozenOf.all({ id: base.id }).map((r) => [r.itemId, r]));
    yield;
    const after = new Map<number, Frozen>(against
      ? frozenOf.all({ id: against.id }).map((r) => [r.itemId, r])
      : current.map((i) => [i.itemId, { itemId: i.itemId, councilId: i.councilId, featureId: i.featureId, waveId: i.waveId, plannedGoLive: i.plannedGoLive, status: i.status }]));

    const councilName = new Map(councilNames.all().map((c) => [c.id, c.name]));
    const featureName = new Map(featureNames.all().map((f) => [f.id, f.name]));
    const allWaves = waveRows.all();
    const waveName = new Map(allWaves.map((w) => [w.id, w.name]));
    const nameOfWave = (id: number | null | undefined) => (id === null || id === undefined ? null : waveName.get(id) ?? `Wave ${id}`);

    const slip = { base: { slipped: 0, days: 0 }, against: { slipped: 0, days: 0 } };
    const counts = { compared: 0, moved: 0, later: 0, earlier: 0, added: 0, removed: 0, changedWave: 0, changedStatus: 0, unchanged: 0 };
    const items: BaselineComparison['items'] = [];
    let done = 0;
    for (const itemId of [...new Set([...before.keys(), ...after.keys()])]) {
      if (++done % ITEMS_PER_STEP === 0) yield;
      const b = before.get(itemId);
      const a = after.get(itemId);
      const ref = (a ?? b)!;
      const facts = factsById.get(itemId);
      // Lateness as of today against each plan (only for items that still exist).
      const lateOf = (frozen: Frozen | undefined) => {
        if (!facts || !frozen) return null;
        const p = itemProgress(facts, frozen, asOf);
        return p.slipState === 'slipped' ? p.slippageDays : 0;
      };
      const lateBase = lateOf(b);
      const lateAgainst = lateOf(a);
      if (lateBase) { slip.base.slipped += 1; slip.base.days += lateBase; }
      if (lateAgainst) { slip.against.slipped += 1; slip.against.days += lateAgainst; }
      counts.compared += 1;
      const days = daysBetween(a?.plannedGoLive ?? null, b?.plannedGoLive ?? null);
      let change: BaselineComparison['items'][number]['change'];
      if (!b) change = 'added';
      else if (!a) change = 'removed';
      else if ((b.plannedGoLive ?? '') !== (a.plannedGoLive ?? '')) change = 'moved';
      else if (b.waveId !== a.waveId) change = 'wave';
      else if (statusMoved(b, a)) change = 'status';
      else { counts.unchanged += 1; continue; }
      if (change === 'added') counts.added += 1;
      if (change === 'removed') counts.removed += 1;
      if (change === 'moved') counts.moved += 1;
      if (days !== null && days > 0) counts.later += 1;
      if (days !== null && days < 0) counts.earlier += 1;
      if (b && a && b.waveId !== a.waveId) counts.changedWave += 1;
      if (b && a && statusMoved(b, a)) counts.changedStatus += 1;
      items.push({
        itemId, councilName: councilName.get(ref.councilId) ?? '', featureName: featureName.get(ref.featureId) ?? '', change,
        baseWave: b ? nameOfWave(b.waveId) : null, againstWave: a ? nameOfWave(a.waveId) : null,
        baseDate: b?.plannedGoLive ?? null, againstDate: a?.plannedGoLive ?? null, days,
        baseStatus: b?.status ?? null, againstStatus: a?.status ?? null,
        lateAgainstBase: lateBase, lateAgainstNew: lateAgainst,
      });
    }
    yield;
    items.sort((x, y) => Math.abs(y.days ?? 0) - Math.abs(x.days ?? 0) || byName(x.councilName, y.councilName) || byName(x.featureName, y.featureName));
    yield;

    const waveList = wavesCompared(base, against, allWaves);

    return {
      asOf, base, against,
      summary: extend(counts, {
        wavesMoved: waveList.filter((w) => w.days !== null && w.days !== 0).length,
        lateAgainstBase: slip.base, lateAgainstNew: slip.against,
        absorbedDays: Math.max(0, slip.base.days - slip.against.days),
      }),
      waves: waveList,
      items,
    };
  }

  return (query: CompareQuery): Promise<BaselineComparison> => runSliced(compare(query));
}
