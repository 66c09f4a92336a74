import { CHANNELS, type Channel } from '../db/schema.ts';
import { extend } from './objects.ts';
import { monthCount, monthOf, monthsBetween, nextMonth } from './months.ts';

export { monthCount, monthOf, monthsBetween, nextMonth, previousMonth } from './months.ts';

/**
 * Benefits of channel shift: what moving HR transactions from paper, e-mail, phone and face to face to
 * self-service saves. Pure rules; every formula is written out in docs/benefits.md.
 *
 * Money is integer pence on the way in (unit costs) and on the way out (figures). In between, amounts keep
 * their fractions: the only division is by a baseline's volume, and rounding to the penny happens once, on
 * the final figure (`toPence`), never per row.
 */

/** A month's (or a baseline's monthly) count per channel; a channel left out or null was not reported. */
export type Volumes = Partial<Record<Channel, number | null>>;

/** What one contact by a channel costs, and whether fewer of them remove budget (cashable) or free time. */
export interface ChannelCost {
  pence: number;
  cashable: boolean;
}
export type Costs = Partial<Record<Channel, ChannelCost>>;

/** The self-service channels: online is done by the person, assisted is done online with someone's help. */
export const DIGITAL: readonly Channel[] = ['online', 'assisted'];

export const volumeOf = (v: Volumes, channel: Channel): number => v[channel] ?? 0;
/** Every channel's volume added up, in CHANNELS order. Written as loops, not reduce and filter: a day's benefits figures call these helpers some 400,000 times at 400 councils. */
export const totalOf = (v: Volumes): number => { let sum = 0; for (const c of CHANNELS) sum += volumeOf(v, c); return sum; };

/**
 * Rounds an amount of pence (with fractions) to the penny: half away from zero, after dropping floating-point
 * noise below a ten-thousandth of a penny, so the same amount summed in another order rounds the same way.
 */
export function toPence(amount: number): number {
  const cleaned = Math.round(amount * 10_000) / 10_000;
  return Math.sign(cleaned) * Math.round(Math.abs(cleaned));
}

/** A share as a percentage with one decimal, e.g. 0.4567 → 45.7. */
export const toPercent = (share: number): number => Math.round(share * 1000) / 10;

/** Digital take-up (the GOV.UK measure): online ÷ all transactions; assisted digital is shown on its own. */
export function takeUp(v: Volumes): { online: number | null; assisted: number | null } {
  const total = totalOf(v);
  if (total === 0) return { online: null, assisted: null };
  return { online: volumeOf(v, 'online') / total, assisted: volumeOf(v, 'assisted') / total };
}

/** Channels with volume but no unit cost: a figure that needs them cannot be given. */
export function missingCosts(v: Volumes, costs: Costs): Channel[] {
  const missing: Channel[] = [];
  for (const c of CHANNELS) if (costMissing(v, costs, c)) missing.push(c);
  return missing;
}

/** The rule of missingCosts for one channel: it has volume and no unit cost. */
const costMissing = (v: Volumes, costs: Costs, c: Channel): boolean => volumeOf(v, c) > 0 && costs[c] === undefined;
/** Whether any channel with volume has no unit cost (missingCosts is not empty). */
const lacksCost = (v: Volumes, costs: Costs): boolean => CHANNELS.some((c) => costMissing(v, costs, c));

/** Σ volume × unit cost, in pence: exact, since both are integers. */
export const costOf = (v: Volumes, costs: Costs): number => { let sum = 0; for (const c of CHANNELS) sum += volumeOf(v, c) * (costs[c]?.pence ?? 0); return sum; };

/** Blended cost per transaction in pence (with fractions): cost ÷ volume; null without volume or with a cost missing. */
export function blendedCost(v: Volumes, costs: Costs): number | null {
  const total = totalOf(v);
  if (total === 0 || lacksCost(v, costs)) return null;
  return costOf(v, costs) / total;
}

export interface Saving {
  /** (blended before − blended now) × this month's volume, in pence with fractions. */
  saving: number;
  cashable: number;
  nonCashable: number;
  /** What this month's transactions would have cost in the baseline's channel mix. */
  expectedCost: number;
  actualCost: number;
}

/**
 * One council's saving on one transaction type in one month, against its baseline: this month's transactions
 * costed in the baseline's channel mix, less what they cost in the mix they actually came by. Per channel,
 * (baseline share × this month's total − this month's count) × unit cost; the channels the office marks
 * cashable make the cashable part. Null when there is no baseline volume or a unit cost is missing.
 */
export function monthSaving(baseline: Volumes, actual: Volumes, costs: Costs): Saving | null {
  const base = totalOf(baseline);
  if (base === 0 || lacksCost(baseline, costs) || lacksCost(actual, costs)) return null;
  return savingWith({ volumes: baseline, total: base, cost: costOf(baseline, costs) }, actual, totalOf(actual), costOf(actual, costs), costs);
}

/** monthSaving's sum, given the baseline's and the month's totals and costs (worked out once per series by a caller that has them). */
function savingWith(baseline: { volumes: Volumes; total: number; cost: number }, actual: Volumes, total: number, actualCost: number, costs: Costs): Saving {
  let cashable = 0;
  let nonCashable = 0;
  for (const c of CHANNELS) {
    const cost = costs[c];
    if (!cost) continue;
    const term = ((volumeOf(baseline.volumes, c) * total) / baseline.total - volumeOf(actual, c)) * cost.pence;
    if (cost.cashable) cashable += term;
    else nonCashable += term;
  }
  return { saving: cashable + nonCashable, cashable, nonCashable, expectedCost: (baseline.cost * total) / baseline.total, actualCost };
}

// Aggregation ------------------------------------------------------------------------------------------------

/** A series' newest entry of each month by month: a Map, or anything read as one. */
export type Actuals = Pick<ReadonlyMap<string, Volumes>, 'get' | 'keys' | 'entries'>;

/** Everything known about one council × transaction type. */
export interface Series {
  councilId: number;
  featureId: number;
  transactionTypeId: number;
  /** Monthly volumes before self-service, or null: "no baseline". */
  baseline: Volumes | null;
  /** The first month actual volumes are expected: the month after the baseline was measured. */
  expectedFrom: string | null;
  costs: Costs;
  /** The newest entry of each month, as known on the day asked about: a Map, or anything read as one. */
  actuals: Actuals;
}

export interface MonthFigures {
  month: string;
  volumes: Record<Channel, number>;
  total: number;
  /** Fractions 0..1, or null without volume. */
  takeUp: number | null;
  assisted: number | null;
  /** Pence with fractions; null when nothing in scope gives the figure. */
  blendedNow: number | null;
  saving: number | null;
  cashable: number | null;
  nonCashable: number | null;
  /** Series (council × type) with a baseline that should have reported this month and did not. */
  missing: number;
  /** Series that reported this month. */
  reported: number;
}

export interface Figures {
  months: MonthFigures[];
  /** Pence with fractions: Σ baseline cost ÷ Σ baseline volume over series with a baseline; null without one. */
  blendedBefore: number | null;
  /** Σ of monthly savings; null when no series in scope has both a baseline and a reported month. */
  saved: number | null;
  cashable: number | null;
  nonCashable: number | null;
  seriesWithoutBaseline: Series[];
  /** Series with unit costs missing for channels they have volume on. */
  seriesWithoutCosts: Array<{ series: Series; channels: Channel[] }>;
  missingMonths: Array<{ series: Series; month: string }>;
}

const emptyVolumes = (): Record<Channel, number> => ({ paper: 0, email: 0, phone: 0, face_to_face: 0, online: 0, assisted: 0 });
const addNullable = (a: number | null, b: number): number => (a ?? 0) + b;

/**
 * Figures for a set of series over months up to `lastMonth`. A month is due (missing if absent) when it is on or
 * after the series' expectedFrom and before `dueBefore` (the month not yet over is not due). Volumes add up for
 * every series; savings only for series with a baseline and unit costs.
 */
export function figuresFor(series: Series[], options: FiguresWindow): Figures {
  const figures = figuresAccumulator(options);
  for (const s of series) figures.add(s);
  return figures.result();
}

/** One month of one series within a window: its newest entry, costed (null when a unit cost is missing) and saved. */
interface MonthPart { actual: Volumes; total: number; cost: number | null; saving: Saving | null }

/**
 * What one series adds to figures over a window (figuresAccumulator's part): whether a baseline was entered (even
 * an empty one) and has volume; per month its part, 'missing' when due and not reported, else null; the baseline's
 * cost and volume when every channel it uses is costed (else 0); channels with volume but no unit cost.
 */
export interface SeriesPart {
  series: Series; entered: boolean; usable: boolean; perMonth: Array<MonthPart | 'missing' | null>;
  baseCost: number; baseVolume: number; lacking: Channel[];
}

export interface FiguresWindow {
  firstMonth: string;
  lastMonth: string;
  dueBefore: string;
}

/** What a series adds to figures over these months, worked out once for every scope it is added to (programme, council, feature, type). */
function seriesPart(s: Series, months: string[], dueBefore: string): SeriesPart {
  const baseline = s.baseline !== null && totalOf(s.baseline) > 0 ? s.baseline : null;
  const lacking = new Set<Channel>(baseline ? missingCosts(baseline, s.costs) : []);
  const counted = baseline !== null && lacking.size === 0;
  // What monthSaving works out of the baseline every month, once: the same sums, so the same figures to the bit.
  const base = counted ? { volumes: baseline, total: totalOf(baseline), cost: costOf(baseline, s.costs) } : null;
  const perMonth: Array<MonthPart | 'missing' | null> = months.map((month) => {
    const actual = s.actuals.get(month);
    if (!actual) return baseline && s.expectedFrom !== null && month >= s.expectedFrom && month < dueBefore ? 'missing' : null;
    const gaps = lacksCost(actual, s.costs);
    if (gaps) for (const c of missingCosts(actual, s.costs)) lacking.add(c);
    const [total, cost] = [totalOf(actual), gaps ? null : costOf(actual, s.costs)];
    return { actual, total, cost, saving: base && cost !== null ? savingWith(base, actual, total, cost, s.costs) : null };
  });
  return {
    series: s, entered: s.baseline !== null, usable: baseline !== null, perMonth,
    baseCost: base?.cost ?? 0, baseVolume: base?.total ?? 0,
    lacking: lacking.size > 0 ? CHANNELS.filter((c) => lacking.has(c)) : [],
  };
}

/**
 * The same figures, taken one series at a time: a caller can add series to several scopes in one pass (the
 * programme, its council, feature and type) and hand the event loop back between them. Adding series in any
 * order gives the same figures as `figuresFor`.
 */
export function figuresAccumulator(options: FiguresWindow) {
  const months = monthsBetween(options.firstMonth, options.lastMonth);
  const rows = months.map((m) => ({
    month: m, volumes: emptyVolumes(), total: 0, cost: 0, costed: 0, takeUp: null, assisted: null, blendedNow: null,
    saving: null as number | null, cashable: null as number | null, nonCashable: null as number | null, missing: 0, reported: 0,
  }));
  let baseCost = 0;
  let baseVolume = 0;
  let withBaseline = false;
  const seriesWithoutBaseline: Series[] = [];
  const seriesWithoutCosts: Figures['seriesWithoutCosts'] = [];
  const missingMonths: Figures['missingMonths'] = [];

  const part = (s: Series): SeriesPart => seriesPart(s, months, options.dueBefore);

  function addPart(p: SeriesPart): void {
    if (p.entered) withBaseline = true;
    if (!p.usable) seriesWithoutBaseline.push(p.series);
    baseCost += p.baseCost;
    baseVolume += p.baseVolume;
    for (let i = 0; i < months.length; i += 1) {
      const m = p.perMonth[i];
      if (m === null || m === undefined) continue;
      const row = rows[i]!;
      if (m === 'missing') {
        row.missing += 1;
        missingMonths.push({ series: p.series, month: months[i]! });
        continue;
      }
      row.reported += 1;
      for (const c of CHANNELS) row.volumes[c] += volumeOf(m.actual, c);
      row.total += m.total;
      if (m.cost !== null) {
        row.cost += m.cost;
        row.costed += m.total;
      }
      if (m.saving) {
        row.saving = addNullable(row.saving, m.saving.saving);
        row.cashable = addNullable(row.cashable, m.saving.cashable);
        row.nonCashable = addNullable(row.nonCashable, m.saving.nonCashable);
      }
    }
    if (p.lacking.length > 0) seriesWithoutCosts.push({ series: p.series, channels: p.lacking });
  }

  const add = (s: Series): void => addPart(part(s));

  function result(): Figures {
    let saved: number | null = null;
    let cashable: number | null = null;
    let nonCashable: number | null = null;
    const monthFigures = rows.map(({ cost, costed, ...row }) => {
      const shares = takeUp(row.volumes);
      if (row.saving !== null) {
        saved = addNullable(saved, row.saving);
        cashable = addNullable(cashable, row.cashable ?? 0);
        nonCashable = addNullable(nonCashable, row.nonCashable ?? 0);
      }
      return extend(row, { volumes: { ...row.volumes }, takeUp: shares.online, assisted: shares.assisted, blendedNow: costed > 0 ? cost / costed : null });
    });
    return {
      months: monthFigures, blendedBefore: baseVolume > 0 ? baseCost / baseVolume : null, saved, cashable, nonCashable,
      seriesWithoutBaseline: [...seriesWithoutBaseline], seriesWithoutCosts: [...seriesWithoutCosts], missingMonths: [...missingMonths],
    };
  }

  /** Whether any series added so far has a baseline entered (even an empty one). */
  const hasBaseline = (): boolean => withBaseline;

  return { add, part, addPart, result, hasBaseline };
}

// Targets, forecast, break-even ------------------------------------------------------------------------------

export interface TargetProfile {
  /** Cumulative target (pence) at the end of the target date's month. */
  target: number;
  startDate: string;
  targetDate: string;
  /** Explicit cumulative values by month; empty means a straight line from the start to the target date. */
  profile: Array<{ month: string; value: number }>;
}

/**
 * The cumulative target at the end of a month. An explicit profile holds its last value until the next month
 * it names (0 before the first); a straight line grows by equal steps from the start month to the target month,
 * then holds the target.
 */
export function targetAt(t: TargetProfile, month: string): number {
  if (t.profile.length > 0) {
    const sorted = [...t.profile].sort((a, b) => a.month.localeCompare(b.month));
    let value = 0;
    for (const p of sorted) if (p.month <= month) value = p.value;
    return value;
  }
  const start = monthOf(t.startDate);
  const end = monthOf(t.targetDate);
  if (month < start) return 0;
  if (month >= end) return t.target;
  const steps = monthCount(start, end);
  const done = monthCount(start, month);
  return (t.target * done) / steps;
}

export interface Forecast {
  method: string;
  /** The months the trend was fitted on. */
  fittedFrom: string;
  fittedTo: string;
  toMonth: string;
  /** Cumulative saving at the end of toMonth, pence with fractions: central, low, high. */
  cumulative: number;
  low: number;
  high: number;
  /** The trend's monthly saving for each month after the last reported one, up to toMonth. */
  monthly: Array<{ month: string; saving: number }>;
}

export const FORECAST_MONTHS_USED = 6;
export const FORECAST_MIN_MONTHS = 3;
export const FORECAST_METHOD =
  `Least-squares straight line through the monthly saving of the last ${FORECAST_MONTHS_USED} months reported (at least ${FORECAST_MIN_MONTHS}), `
  + 'continued month by month to the end date and added to the saving to date; the range adds or takes away one residual standard deviation of the fit for every month ahead.';

/**
 * Forecast of the cumulative saving at the end of `toMonth` from the trend of monthly savings (see FORECAST_METHOD).
 * Null with fewer than FORECAST_MIN_MONTHS months reported, or when toMonth is not after the last one.
 */
export function forecast(monthly: Array<{ month: string; saving: number }>, savedToDate: number, toMonth: string): Forecast | null {
  const used = monthly.slice(-FORECAST_MONTHS_USED);
  if (used.length < FORECAST_MIN_MONTHS) return null;
  const last = used.at(-1)!.month;
  if (toMonth <= last) return null;
  // x is the month's position counted from the first month used, so gaps in reporting stretch the line honestly.
  const first = used[0]!.month;
  const x = used.map((p) => monthCount(first, p.month) - 1);
  const y = used.map((p) => p.saving);
  const n = used.length;
  const meanX = x.reduce((a, b) => a + b, 0) / n;
  const meanY = y.reduce((a, b) => a + b, 0) / n;
  const sxx = x.reduce((sum, xi) => sum + (xi - meanX) ** 2, 0);
  const slope = sxx === 0 ? 0 : x.reduce((sum, xi, i) => sum + (xi - meanX) * (y[i]! - meanY), 0) / sxx;
  const intercept = meanY - slope * meanX;
  const residual = n > 2 ? Math.sqrt(y.reduce((sum, yi, i) => sum + (yi - (intercept + slope * x[i]!)) ** 2, 0) / (n - 2)) : 0;
  const ahead = monthsBetween(nextMonth(last), toMonth);
  const lastX = x.at(-1)!;
  const projected = ahead.map((month, i) => ({ month, saving: intercept + slope * (lastX + i + 1) }));
  const central = savedToDate + projected.reduce((sum, p) => sum + p.saving, 0);
  const spread = residual * ahead.length;
  return { method: FORECAST_METHOD, fittedFrom: first, fittedTo: last, toMonth, cumulative: central, low: central - spread, high: central + spread, monthly: projected };
}

/**
 * The first month by whose end the cumulative saving covers the set-up costs incurred by then. Looks at the
 * reported months first, then the forecast's months; `forecast` says which. Null when set-up cost nothing or
 * it is not reached in the months given.
 */
export function breakEven(
  reported: Array<{ month: string; saving: number }>,
  projected: Array<{ month: string; saving: number }>,
  setupCosts: Array<{ month: string; pence: number }>,
): { month: string; forecast: boolean } | null {
  if (setupCosts.reduce((sum, c) => sum + c.pence, 0) <= 0) return null;
  let cumulative = 0;
  const costBy = (month: string) => setupCosts.filter((c) => c.month <= month).reduce((sum, c) => sum + c.pence, 0);
  for (const [list, isForecast] of [[reported, false], [projected, true]] as const) {
    for (const p of list) {
      cumulative += p.saving;
      const cost = costBy(p.month);
      if (cost > 0 && cumulative >= cost) return { month: p.month, forecast: isForecast };
    }
  }
  return null;
}
