import { asc } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { benefits as benefitsTable, councils, features, setupCosts, type Channel } from '../../db/schema.ts';
import {
  breakEven, figuresFor, forecast, monthOf, nextMonth, targetAt, toPence, toPercent, type ChannelCost, type Costs, type Figures,
  type Series, type TargetProfile,
} from '../../domain/benefits.ts';
import { today, type Clock } from '../../domain/clock.ts';
import { notFound } from '../../http/errors.ts';
import type { Benefit, BenefitsHeadline, BenefitsSummary, SummaryQuery } from './schemas.ts';
import { createBenefitsStore, volumesOf } from './store.ts';

/** How long ahead the forecast looks when no business-case target date is set. */
const DEFAULT_FORECAST_MONTHS = 12;
const MEMO_ENTRIES = 64;

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
 * The benefits figures as the screens, the overview, the board report and the exports need them. Everything is
 * computed from the records on request (docs/benefits.md), then kept in memory while the benefits data stays
 * as it was: a fingerprint of every table the figures read (row count, highest id and the sum of versions,
 * so an insert, an update, a move between councils and a delete each change it).
 */
export function createBenefitsReadModel(db: Db, clock: Clock) {
  const store = createBenefitsStore(db);
  const fingerprint = db.$client.prepare(`select
    (select count(*) || ':' || coalesce(max(id), 0) from benefit_volumes) || '|' ||
    (select count(*) || ':' || coalesce(max(id), 0) || ':' || coalesce(sum(version), 0) from benefit_baselines) || '|' ||
    (select count(*) || ':' || coalesce(max(id), 0) || ':' || coalesce(sum(version), 0) from unit_costs) || '|' ||
    (select count(*) || ':' || coalesce(max(id), 0) || ':' || coalesce(sum(version), 0) from transaction_types) || '|' ||
    (select count(*) || ':' || coalesce(max(id), 0) || ':' || coalesce(sum(version), 0) from benefits) || '|' ||
    (select count(*) || ':' || coalesce(max(id), 0) || ':' || coalesce(sum(version), 0) from setup_costs) || '|' ||
    (select count(*) || ':' || coalesce(max(id), 0) || ':' || coalesce(sum(version), 0) from councils) || '|' ||
    (select count(*) || ':' || coalesce(max(id), 0) || ':' || coalesce(sum(version), 0) from features)`).pluck();
  const memo = new Map<string, unknown>();
  const remember = <T>(key: string, compute: () => T): T => {
    const full = `${fingerprint.get() as string}|${key}`;
    if (memo.has(full)) return memo.get(full) as T;
    const value = compute();
    memo.set(full, value);
    if (memo.size > MEMO_ENTRIES) memo.delete(memo.keys().next().value!);
    return value;
  };

  /** Everything the figures are made of, as known at the end of `asOf`. */
  function facts(asOf: string) {
    const lastMonth = monthOf(asOf);
    const types = store.types();
    const typeById = new Map(types.map((t) => [t.id, t]));
    const councilRows = db.select({ id: councils.id, name: councils.name }).from(councils).orderBy(asc(councils.name)).all();
    const councilName = new Map(councilRows.map((c) => [c.id, c.name]));
    const featureRows = db.select({ id: features.id, name: features.name }).from(features).orderBy(asc(features.name)).all();
    const costs = store.costs();
    const indicative = new Set<number>();
    /** The most specific cost: council and type, council, type, programme default. */
    const costFor = (councilId: number, typeId: number, channel: Channel): ChannelCost | undefined => {
      const rank = (c: (typeof costs)[number]) => (c.councilId === councilId ? 2 : 0) + (c.transactionTypeId === typeId ? 1 : 0);
      let best: (typeof costs)[number] | undefined;
      for (const c of costs) {
        if (c.channel !== channel || (c.councilId !== null && c.councilId !== councilId) || (c.transactionTypeId !== null && c.transactionTypeId !== typeId)) continue;
        if (!best || rank(c) > rank(best)) best = c;
      }
      if (best?.indicative) indicative.add(best.id);
      return best ? { pence: best.costPence, cashable: best.cashable } : undefined;
    };
    const series = new Map<string, Series>();
    const seriesOf = (councilId: number, typeId: number): Series | undefined => {
      const type = typeById.get(typeId);
      if (!type) return undefined;
      const key = `${councilId}:${typeId}`;
      let s = series.get(key);
      if (!s) {
        const c: Costs = {};
        for (const channel of type.channels) {
          const cost = costFor(councilId, typeId, channel);
          if (cost) c[channel] = cost;
        }
        s = { councilId, featureId: type.featureId, transactionTypeId: typeId, baseline: null, expectedFrom: null, costs: c, actuals: new Map() };
        series.set(key, s);
      }
      return s;
    };
    for (const b of store.baselines()) {
      const s = seriesOf(b.councilId, b.transactionTypeId);
      if (!s) continue;
      s.baseline = volumesOf(b);
      s.expectedFrom = nextMonth(monthOf(b.periodTo));
    }
    for (const e of store.latestEntries(`${asOf}T23:59:59.999Z`, lastMonth)) seriesOf(e.councilId, e.transactionTypeId)?.actuals.set(e.month, volumesOf(e));
    // Costs resolved for series with channels that only appear in volumes (a type's channels cover them by validation).
    const setups = db.select({ councilId: setupCosts.councilId, amountPence: setupCosts.amountPence, incurredOn: setupCosts.incurredOn }).from(setupCosts).all()
      .filter((s) => s.incurredOn <= asOf);
    const register = db.select().from(benefitsTable).orderBy(asc(benefitsTable.id)).all();
    return { lastMonth, types, typeById, councilRows, councilName, featureRows, series: [...series.values()], indicative, setups, register };
  }

  type Facts = ReturnType<typeof facts>;

  const windowOf = (all: Series[], lastMonth: string) => {
    let first = lastMonth;
    for (const s of all) {
      if (s.expectedFrom !== null && s.expectedFrom < first) first = s.expectedFrom;
      for (const m of s.actuals.keys()) if (m < first) first = m;
    }
    return { firstMonth: first, lastMonth, dueBefore: lastMonth };
  };

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
    return { ...h, text: headlineText(h) };
  }

  function part(id: number, name: string, all: Series[], window: ReturnType<typeof windowOf>) {
    const fig = figuresFor(all, window);
    const latest = latestReported(fig);
    const hasBaseline = all.some((s) => s.baseline !== null);
    return {
      id, name,
      status: !hasBaseline ? 'no_baseline' as const : fig.saved === null ? 'no_data' as const : 'ok' as const,
      savedPence: pence(fig.saved), takeUpPercent: percent(latest?.takeUp ?? null), assistedPercent: percent(latest?.assisted ?? null),
      costBeforePence: pence(fig.blendedBefore), costNowPence: pence(latest?.blendedNow ?? null), missingMonths: fig.missingMonths.length,
    };
  }

  function build(query: SummaryQuery): BenefitsSummary {
    const asOf = query.asOf ?? today(clock);
    const f = facts(asOf);
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
    const window = windowOf(inScope, f.lastMonth);
    const fig = figuresFor(inScope, window);
    const target = query.transactionTypeId === undefined ? targetFor(f, query.councilId ?? null, query.featureId ?? null) : null;

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

    const councilIds = query.councilId !== undefined ? [query.councilId] : f.councilRows.map((c) => c.id);
    const typeIds = f.types.filter((t) => (query.featureId === undefined || t.featureId === query.featureId) && (query.transactionTypeId === undefined || t.id === query.transactionTypeId));
    const featureIds = f.featureRows.filter((r) => typeIds.some((t) => t.featureId === r.id));
    const named = (s: Series) => ({
      councilId: s.councilId, councilName: f.councilName.get(s.councilId) ?? '', transactionTypeId: s.transactionTypeId,
      transactionTypeName: f.typeById.get(s.transactionTypeId)?.name ?? '',
    });
    // Councils in scope with no series at all have no baseline either: listed, never shown as £0.
    const noBaseline = [
      ...fig.seriesWithoutBaseline.map(named),
      ...councilIds.filter((id) => !inScope.some((s) => s.councilId === id)).flatMap((id) => typeIds.map((t) => ({
        councilId: id, councilName: f.councilName.get(id) ?? '', transactionTypeId: t.id, transactionTypeName: t.name,
      }))),
    ].sort((a, b) => a.councilName.localeCompare(b.councilName) || a.transactionTypeName.localeCompare(b.transactionTypeName));

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
      forecastNote: trend ? (target && toMonth === monthOf(target.targetDate) ? `To the business-case target date (${target.targetDate}).` : `${target ? 'The target date has passed' : 'No target date set'}: ${DEFAULT_FORECAST_MONTHS} months ahead.`)
        : 'No forecast: it needs at least three months with a measured saving.',
      setUp: { costsPence: setupTotal, breakEven: even },
      councils: councilIds.map((id) => part(id, f.councilName.get(id) ?? '', inScope.filter((s) => s.councilId === id), window)),
      features: featureIds.map((r) => part(r.id, r.name, inScope.filter((s) => s.featureId === r.id), window)),
      transactionTypes: typeIds.map((t) => part(t.id, t.name, inScope.filter((s) => s.transactionTypeId === t.id), window)),
      problems: {
        noBaseline,
        missingMonths: fig.missingMonths.map((m) => ({ ...named(m.series), month: m.month })),
        missingCosts: fig.seriesWithoutCosts.map((m) => ({ ...named(m.series), channels: m.channels })),
      },
      indicativeCosts: f.indicative.size,
    };
  }

  /** The measure of a register entry today, from the figures of its scope. */
  function current(b: Benefit, asOf: string): { current: number | null; targetToDate: number | null } {
    if (b.measure === 'other') return { current: null, targetToDate: null };
    const s = summary({ asOf, ...(b.councilId !== null ? { councilId: b.councilId } : {}), ...(b.featureId !== null ? { featureId: b.featureId } : {}) });
    const value = b.measure === 'saving' ? s.headline.savedPence
      : b.measure === 'cashable_saving' ? s.headline.cashablePence
        : b.measure === 'take_up' ? s.headline.takeUpPercent
          : s.costPerTransaction.nowPence;
    const cumulative = b.measure === 'saving' || b.measure === 'cashable_saving';
    const targetToDate = cumulative ? toPence(targetAt({ target: b.targetValue, startDate: b.startDate, targetDate: b.targetDate, profile: b.profile }, monthOf(asOf))) : null;
    return { current: value, targetToDate };
  }

  function summary(query: SummaryQuery): BenefitsSummary {
    const asOf = query.asOf ?? today(clock);
    return remember(`summary|${asOf}|${query.councilId ?? ''}|${query.featureId ?? ''}|${query.transactionTypeId ?? ''}`, () => build({ ...query, asOf }));
  }

  return {
    summary,
    /** The programme headline for the overview and the board report. */
    headline: (asOf: string): BenefitsHeadline => summary({ asOf }).headline,
    /** Register entries with their measure today. */
    withCurrent: (rows: Benefit[], asOf = today(clock)): Benefit[] => rows.map((b) => ({ ...b, ...current(b, asOf) })),
  };
}

export type BenefitsReadModel = ReturnType<typeof createBenefitsReadModel>;
