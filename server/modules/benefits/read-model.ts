import type { Db } from '../../db/database.ts';
import {
  breakEven, figuresAccumulator, forecast, monthOf, nextMonth, targetAt, toPence, toPercent, type Figures,
  type FiguresWindow, type Series, type TargetProfile,
} from '../../domain/benefits.ts';
import { today, type Clock } from '../../domain/clock.ts';
import { dayWords } from '../../domain/date-words.ts';
import { notFound } from '../../http/errors.ts';
import { runNow, runSliced, type Steps } from '../../http/steps.ts';
import type { Benefit, BenefitsHeadline, BenefitsSummary, SummaryQuery } from './schemas.ts';
import { createBenefitsStore } from './store.ts';
import { gapsOf } from './gaps.ts';
import { createBenefitsFingerprint } from './fingerprint.ts';
import { createFactsReader, type Facts } from './facts.ts';
import { extend } from '../../domain/objects.ts';
import type { Background, Lane } from '../../http/background.ts';
/** Read by the CSV exports: the filter the benefits register and its export share. */
export { entryFilter } from './store.ts';

/** How long ahead the forecast looks when no business-case target date is set. */
const DEFAULT_FORECAST_MONTHS = 12;
const MEMO_ENTRIES = 64;
/**
 * Facts (where every volume entry that counts is) are large at national scale, some 5 MB a day at 400 councils: those of the
 * last two days a summary was made for are kept (an export's pages make one each, never kept). A headline, one
 * figure kept apart once made (MEMO_ENTRIES), keeps no facts of its own: the warm-ups' headlines of today and of the
 * board report's period start left 22 MB behind (docs/performance.md).
 */
const FACTS_ENTRIES = 2;

const pence = (x: number | null): number | null => (x === null ? null : toPence(x));
const percent = (x: number | null): number | null => (x === null ? null : toPercent(x));
const pounds = (p: number): string => `£${Math.round(p / 100).toLocaleString('en-GB')}`;

/** The headline in words; the definition is in docs/metrics.md. */
export function headlineText(h: Pick<BenefitsHeadline, 'savedPence' | 'targetPence' | 'takeUpPercent'>): string {
  const saved = h.savedPence === null ? 'No saving measured yet (no baseline)' : `${pounds(h.savedPence)} saved to date`;
  const target = h.targetPence === null ? ' (no target set)' : ` of ${pounds(h.targetPence)} target`;
  const online = h.takeUpPercent === null ? 'no volumes reported' : `${h.takeUpPercent.toLocaleString('en-GB', { minimumFractionDigits: 1 })}% online`;
  return `${saved}${target}; ${online}`;
}

/**
 * Each scope's figures among `ids`, made when first asked for (made up front, 400 councils' months held the loop in one
 * piece); `forget` lets a scope's go once it has been summed up.
 */
function lazyFigures(ids: number[], window: FiguresWindow) {
  const known = new Set(ids), made = new Map<number, ReturnType<typeof figuresAccumulator>>();
  const of = (id: number): ReturnType<typeof figuresAccumulator> | undefined => (known.has(id) ? made.get(id) ?? made.set(id, figuresAccumulator(window)).get(id) : undefined);
  return Object.assign(of, { forget: (id: number): void => { made.delete(id); } });
}

/**
 * The benefits figures as the screens, the overview, the board report and the exports need them. Everything is
 * computed from the records on request (docs/benefits.md), then kept in memory while the benefits data stays
 * as it was: a fingerprint of every table the figures read (fingerprint.ts).
 *
 * At national scale a cold summary goes through some 90,000 volume entries (kept in memory: kept-entries.ts) and
 * adds up thousands of series, so it is written once as steps (`http/steps.ts`): request handlers run it in slices
 * that hand the event loop back every few milliseconds (`summary`, `headline`); synchronous builders such as the
 * board report run it straight through (`summaryNow`, `headlineNow`), usually finding it already made. Both share
 * one memo.
 */
// eslint-disable-next-line max-lines-per-function -- the read model's factory: its prepared statements, cache and the sliced build share one closure
export function createBenefitsReadModel(db: Db, clock: Clock, options: { sliceMs?: number; background?: Background } = {}) {
  const store = createBenefitsStore(db);
  const facts = createFactsReader(db, store);
  const fingerprint = createBenefitsFingerprint(db);
  type Entry = { done: true; value: unknown } | { done: false; promise: Promise<unknown>; lane?: Lane };
  const memo = new Map<string, Entry>();
  const keep = <E>(map: Map<string, E>, key: string, entry: E, max: number) => {
    // Nothing made inside a transaction is kept: a rollback leaves ids and versions that committed writes take again.
    if (db.$client.inTransaction) return;
    map.delete(key);
    map.set(key, entry);
    if (map.size > max) map.delete(map.keys().next().value!);
  };
  /** The value for `key` as the data stands now: made straight through unless it is already known. */
  function rememberedNow<T>(key: string, steps: (fp: string) => Steps<T>): T {
    const fp = fingerprint();
    const full = `${fp}|${key}`;
    const hit = memo.get(full);
    if (hit?.done) return hit.value as T;
    const value = runNow(steps(fp));
    keep(memo, full, { done: true, value }, MEMO_ENTRIES);
    return value;
  }
  /**
   * The same, made in slices; requests for a value still being made wait for it rather than make it again. Made as
   * background work (`background`: http/background.ts) until a request asks for the same value, which it then waits for.
   */
  function rememberedSliced<T>(key: string, steps: (fp: string) => Steps<T>, background = false): Promise<T> {
    const fp = fingerprint();
    const full = `${fp}|${key}`;
    const hit = memo.get(full);
    if (hit && !hit.done && !background) hit.lane?.promote();
    if (hit) return hit.done ? Promise.resolve(hit.value as T) : (hit.promise as Promise<T>);
    const lane = background ? options.background?.lane() : undefined;
    // Without a lane, runSliced takes ordinary turns of the event loop.
    const promise = runSliced(steps(fp), options.sliceMs, lane?.turn).then(
      (value) => {
        if (memo.get(full)?.done === false) keep(memo, full, { done: true, value }, MEMO_ENTRIES);
        return value;
      },
      (error: unknown) => {
        memo.delete(full);
        throw error;
      },
    );
    keep(memo, full, { done: false, promise, lane }, MEMO_ENTRIES);
    return promise;
  }

  const factsMemo = new Map<string, Facts>();
  /** The facts for a day under the fingerprint a build started with; kept for the next build unless `once`. */
  function* factsOf(asOf: string, fp: string, once = false): Steps<Facts> {
    const key = `${fp}|${asOf}`;
    const hit = factsMemo.get(key);
    if (hit) return hit;
    const f = yield* facts(asOf);
    if (!once) keep(factsMemo, key, f, FACTS_ENTRIES);
    return f;
  }

  function* windowOf(all: Series[], lastMonth: string): Steps<FiguresWindow> {
    let first = lastMonth;
    for (const s of all) {
      if (s.expectedFrom !== null && s.expectedFrom < first) first = s.expectedFrom;
      for (const m of s.actuals.keys()) if (m < first) first = m;
      yield;
    }
    return { firstMonth: first, lastMonth, dueBefore: lastMonth };
  }

  /** The business-case target for a scope: the first "saving" benefit registered for exactly that council and feature. */
  const targetFor = (f: Facts, councilId: number | null, featureId: number | null): TargetProfile | null => {
    const b = f.register.find((r) => r.measure === 'saving' && r.councilId === councilId && r.featureId === featureId);
    return b ? { target: b.targetValue, startDate: b.startDate, targetDate: b.targetDate, profile: b.profile } : null;
  };

  const latestReported = (fig: Figures) => [...fig.months].reverse().find((m) => m.reported > 0) ?? null;

  function headlineOf(f: Facts, asOf: string, fig: Figures, target: TargetProfile | null, councilIds: number[]): BenefitsHeadline {
    const latest = latestReported(fig);
    const withBaseline = new Set(f.series.filter((s) => s.baseline !== null).map((s) => s.councilId));
    const h = {
      asOf, month: latest?.month ?? null,
      savedPence: pence(fig.saved), cashablePence: pence(fig.cashable), nonCashablePence: pence(fig.nonCashable),
      targetPence: target ? target.target : null,
      targetToDatePence: target ? toPence(targetAt(target, f.lastMonth)) : null,
      targetDate: target?.targetDate ?? null,
      takeUpPercent: percent(latest?.takeUp ?? null), assistedPercent: percent(latest?.assisted ?? null),
      councilsWithoutBaseline: councilIds.filter((id) => !withBaseline.has(id)).map((id) => f.councilName.get(id) ?? String(id)),
      missingMonths: fig.missingMonths.length,
    };
    return extend(h, { text: headlineText(h) });
  }

  type Accumulator = ReturnType<typeof figuresAccumulator>;

  function part(id: number, name: string, figures: Accumulator) {
    const fig = figures.result();
    const latest = latestReported(fig);
    return {
      id, name,
      status: !figures.hasBaseline() ? 'no_baseline' as const : fig.saved === null ? 'no_data' as const : 'ok' as const,
      savedPence: pence(fig.saved), takeUpPercent: percent(latest?.takeUp ?? null), assistedPercent: percent(latest?.assisted ?? null),
      costBeforePence: pence(fig.blendedBefore), costNowPence: pence(latest?.blendedNow ?? null), missingMonths: fig.missingMonths.length,
    };
  }

  // eslint-disable-next-line max-lines-per-function -- one summary built in slices: each yield lets other requests run, and the partial figures stay in this generator's locals
  function* build(query: SummaryQuery & { asOf: string }, fp: string): Steps<BenefitsSummary> {
    const { asOf } = query;
    const f = yield* factsOf(asOf, fp);
    const scopeName: string[] = [];
    if (query.councilId !== undefined) {
      const name = f.councilName.get(query.councilId);
      if (!name) throw notFound('Council', query.councilId);
      scopeName.push(name);
    }
    if (query.featureId !== undefined) {
      const feature = f.featureRows.find((r) => r.id === query.featureId);
      if (!feature) throw notFound('Feature', query.featureId);
      scopeName.push(feature.name);
    }
    if (query.transactionTypeId !== undefined) {
      const type = f.typeById.get(query.transactionTypeId);
      if (!type) throw notFound('Transaction type', query.transactionTypeId);
      scopeName.push(type.name);
    }
    const inScope = f.series.filter((s) => (query.councilId === undefined || s.councilId === query.councilId)
      && (query.featureId === undefined || s.featureId === query.featureId)
      && (query.transactionTypeId === undefined || s.transactionTypeId === query.transactionTypeId));
    const window = yield* windowOf(inScope, f.lastMonth);
    const target = query.transactionTypeId === undefined ? targetFor(f, query.councilId ?? null, query.featureId ?? null) : null;

    const councilIds = query.councilId !== undefined ? [query.councilId] : f.councilRows.map((c) => c.id);
    const typeIds = f.types.filter((t) => (query.featureId === undefined || t.featureId === query.featureId) && (query.transactionTypeId === undefined || t.id === query.transactionTypeId));
    const featureIds = f.featureRows.filter((r) => typeIds.some((t) => t.featureId === r.id));

    // One pass: each series is added to the programme's figures and to those of its council, feature and type. A
    // council's figures are summed up after its last series and let go: at 4,000 councils, holding every council's
    // months to the end took some 40 MB at once (docs/performance.md, "Ten times the data").
    const whole = figuresAccumulator(window);
    const byCouncil = lazyFigures(councilIds, window);
    const byFeature = lazyFigures(featureIds.map((r) => r.id), window);
    const byType = lazyFigures(typeIds.map((t) => t.id), window);
    const lastSeriesOf = new Map<number, number>();
    inScope.forEach((s, i) => lastSeriesOf.set(s.councilId, i));
    const councilPart = new Map<number, ReturnType<typeof part>>();
    for (let i = 0; i < inScope.length; i += 1) {
      const s = inScope[i]!;
      const seriesPart = whole.part(s);
      whole.addPart(seriesPart);
      const council = byCouncil(s.councilId);
      council?.addPart(seriesPart);
      if (council && lastSeriesOf.get(s.councilId) === i) {
        councilPart.set(s.councilId, part(s.councilId, f.councilName.get(s.councilId) ?? '', council));
        byCouncil.forget(s.councilId);
      }
      byFeature(s.featureId)?.addPart(seriesPart);
      byType(s.transactionTypeId)?.addPart(seriesPart);
      yield;
    }
    const fig = whole.result();

    let cumulative: number | null = null;
    const months = fig.months.map((m) => {
      if (m.saving !== null) cumulative = (cumulative ?? 0) + m.saving;
      return {
        month: m.month, volumes: m.volumes, total: m.total, takeUpPercent: percent(m.takeUp), assistedPercent: percent(m.assisted),
        costPerTransactionPence: pence(m.blendedNow), savingPence: pence(m.saving), cashablePence: pence(m.cashable), nonCashablePence: pence(m.nonCashable),
        cumulativePence: pence(cumulative), targetPence: target ? toPence(targetAt(target, m.month)) : null, reported: m.reported, missing: m.missing,
      };
    });

    const reported = fig.months.filter((m) => m.saving !== null).map((m) => ({ month: m.month, saving: m.saving! }));
    // The forecast runs to the business-case target date, else a year past the month asked about.
    let toMonth = target ? monthOf(target.targetDate) : '';
    if (toMonth <= (reported.at(-1)?.month ?? f.lastMonth)) {
      toMonth = f.lastMonth;
      for (let i = 0; i < DEFAULT_FORECAST_MONTHS; i += 1) toMonth = nextMonth(toMonth);
    }
    const trend = forecast(reported, fig.saved ?? 0, toMonth);
    const setupsInScope = f.setups.filter((s) => (query.featureId === undefined && query.transactionTypeId === undefined)
      && (query.councilId === undefined || s.councilId === query.councilId));
    const setupTotal = setupsInScope.reduce((sum, s) => sum + s.amountPence, 0);
    const even = breakEven(reported, trend?.monthly ?? [], setupsInScope.map((s) => ({ month: monthOf(s.incurredOn), pence: s.amountPence })));

    const named = (s: Series) => ({
      councilId: s.councilId, councilName: f.councilName.get(s.councilId) ?? '', transactionTypeId: s.transactionTypeId,
      transactionTypeName: f.typeById.get(s.transactionTypeId)?.name ?? '',
    });
    // Councils in scope with no series at all have no baseline either: listed, never shown as £0.
    const withSeries = new Set(inScope.map((s) => s.councilId));
    const noBaseline = [
      ...fig.seriesWithoutBaseline.map(named),
      ...councilIds.filter((id) => !withSeries.has(id)).flatMap((id) => typeIds.map((t) => ({
        councilId: id, councilName: f.councilName.get(id) ?? '', transactionTypeId: t.id, transactionTypeName: t.name,
      }))),
    ].sort((a, b) => a.councilName.localeCompare(b.councilName) || a.transactionTypeName.localeCompare(b.transactionTypeName));

    // In the order of the councils (by name); one with no series is summed up from no figures at all.
    const councilParts = [];
    for (const id of councilIds) {
      councilParts.push(councilPart.get(id) ?? part(id, f.councilName.get(id) ?? '', byCouncil(id)!));
      yield;
    }
    return {
      asOf,
      scope: { councilId: query.councilId ?? null, featureId: query.featureId ?? null, transactionTypeId: query.transactionTypeId ?? null, name: scopeName.join(' · ') || 'Programme' },
      headline: headlineOf(f, asOf, fig, target, councilIds),
      costPerTransaction: { beforePence: pence(fig.blendedBefore), nowPence: pence(latestReported(fig)?.blendedNow ?? null), month: latestReported(fig)?.month ?? null },
      months,
      forecast: trend ? {
        method: trend.method, fittedFrom: trend.fittedFrom, fittedTo: trend.fittedTo, toMonth: trend.toMonth,
        cumulativePence: toPence(trend.cumulative), lowPence: toPence(trend.low), highPence: toPence(trend.high),
      } : null,
      forecastNote: trend ? (target && toMonth === monthOf(target.targetDate) ? `To the business-case target date (${dayWords(target.targetDate)}).` : `${target ? 'The target date has passed' : 'No target date set'}: ${DEFAULT_FORECAST_MONTHS} months ahead.`)
      : 'No forecast: it needs at least three months with a measured saving.',
      setUp: { costsPence: setupTotal, breakEven: even },
      councils: councilParts,
      councilPage: { total: councilParts.length, limit: councilParts.length, offset: 0 },
      features: featureIds.map((r) => part(r.id, r.name, byFeature(r.id)!)),
      transactionTypes: typeIds.map((t) => part(t.id, t.name, byType(t.id)!)),
      problems: gapsOf(noBaseline, fig, named),
      indicativeCosts: f.indicative.size,
    };
  }

  /**
   * The programme's headline alone, as `build` makes it for the whole programme, without the breakdowns by council,
   * feature and type or the rest of the summary: the board report asks for it at the start of its period, and the
   * overview "as of" a day, where nothing else of that day's figures is shown.
   */
  function* headlineSteps(asOf: string, fp: string): Steps<BenefitsHeadline> {
    const f = yield* factsOf(asOf, fp, true);
    const whole = figuresAccumulator(yield* windowOf(f.series, f.lastMonth));
    for (const s of f.series) {
      whole.add(s);
      yield;
    }
    return headlineOf(f, asOf, whole.result(), targetFor(f, null, null), f.councilRows.map((c) => c.id));
  }

  /** The measure of a register entry on a day, from the figures of its scope. */
  function measureOf(b: Benefit, asOf: string, s: BenefitsSummary | null): { current: number | null; targetToDate: number | null } {
    if (b.measure === 'other' || s === null) return { current: null, targetToDate: null };
    const value = b.measure === 'saving' ? s.headline.savedPence
      : b.measure === 'cashable_saving' ? s.headline.cashablePence
        : b.measure === 'take_up' ? s.headline.takeUpPercent
          : s.costPerTransaction.nowPence;
    const cumulative = b.measure === 'saving' || b.measure === 'cashable_saving';
    const targetToDate = cumulative ? toPence(targetAt({ target: b.targetValue, startDate: b.startDate, targetDate: b.targetDate, profile: b.profile }, monthOf(asOf))) : null;
    return { current: value, targetToDate };
  }

  const scopeOf = (b: Benefit, asOf: string): SummaryQuery => ({
    asOf, ...(b.councilId !== null ? { councilId: b.councilId } : {}), ...(b.featureId !== null ? { featureId: b.featureId } : {}),
  });
  const keyOf = (q: SummaryQuery & { asOf: string }) => `summary|${q.asOf}|${q.councilId ?? ''}|${q.featureId ?? ''}|${q.transactionTypeId ?? ''}`;
  const dated = (query: SummaryQuery) => extend(query, { asOf: query.asOf ?? today(clock) });

  /** The figures for a scope, made in slices (for request handlers) or straight through (for synchronous builders). */
  function summary(query: SummaryQuery): Promise<BenefitsSummary> {
    const q = dated(query);
    return rememberedSliced(keyOf(q), (fp) => build(q, fp));
  }
  /** The value for `key`, when already made under the data as it stands. */
  const madeValue = <T>(key: string): T | undefined => {
    const hit = memo.get(`${fingerprint()}|${key}`);
    return hit?.done ? hit.value as T : undefined;
  };
  /** The whole programme's summary of a day, when already made under the data as it stands. */
  const madeSummary = (asOf: string): BenefitsSummary | undefined => madeValue<BenefitsSummary>(keyOf({ asOf }));
  const headlineKey = (asOf: string) => `headline|${asOf}`;
  function summaryNow(query: SummaryQuery): BenefitsSummary {
    const q = dated(query);
    return rememberedNow(keyOf(q), (fp) => build(q, fp));
  }

  return {
    summary,
    summaryNow,
    /** Made in slices from the shared facts and not remembered: an export asks for 400 scopes once each. */
    summaryOnce: (query: SummaryQuery): Promise<BenefitsSummary> => runSliced(build(dated(query), fingerprint()), options.sliceMs),
    /** What the figures are made from, as one string (fingerprint.ts): for caches of responses that show them. */
    fingerprint,
    /** The programme headline for the overview and the board report: the programme summary's when made, else made alone. */
    headline: async (asOf: string, made?: { background?: boolean }): Promise<BenefitsHeadline> =>
      madeSummary(asOf)?.headline ?? rememberedSliced(headlineKey(asOf), (fp) => headlineSteps(asOf, fp), made?.background),
    /** Whether the programme headline of a day is already made under the data as it stands (no build needed). */
    headlineKept: (asOf: string): boolean => madeSummary(asOf) !== undefined || madeValue<BenefitsHeadline>(headlineKey(asOf)) !== undefined,
    headlineNow: (asOf: string): BenefitsHeadline => madeSummary(asOf)?.headline ?? rememberedNow(headlineKey(asOf), (fp) => headlineSteps(asOf, fp)),
    /** Register entries with their measure on the day (today by default). */
    withCurrent: async (rows: Benefit[], asOf = today(clock)): Promise<Benefit[]> => {
      const out: Benefit[] = [];
      for (const b of rows) out.push(extend(b, measureOf(b, asOf, b.measure === 'other' ? null : await summary(scopeOf(b, asOf)))));
      return out;
    },
  };
}

export type BenefitsReadModel = ReturnType<typeof createBenefitsReadModel>;
