import { addDays, parseISO, subDays } from 'date-fns';
import { isoDay } from './clock.ts';
import { dayWords } from './date-words.ts';
import type { Audience, CriterionScope, Direction, Phase, Unit } from '../db/schema.ts';
import { extend, flat } from './objects.ts';

/** A criterion as the rules see it, with the target and amber threshold that apply to this item. */
export interface CriterionRule {
  id: number;
  code: string;
  name: string;
  unit: Unit;
  direction: Direction;
  target: number;
  amberThreshold: number;
  weight: number;
  mandatory: boolean;
  scope: CriterionScope;
  audience: 'all' | 'employees' | 'managers';
  phase: Phase;
  /** Recorded and shown, never part of the score, the RAG or a gate proposal. */
  trackingOnly?: boolean;
  /** Set when a ramp towards this item's go-live applies (see rampFor): target and amber above are then the step's. */
  expectation?: Expectation;
}

/** One step of a ramp: by this many weeks before an item's planned go-live, judge against these. */
export interface RampPoint {
  weeksBefore: number;
  target: number;
  amberThreshold: number;
}

/** What a ramp expects of one item as of a day: nothing yet (before its first step), or a step reached. */
export type Expectation =
  | { kind: 'not_due'; goLive: string; firstDue: string; firstTarget: number }
  | { kind: 'ramp'; goLive: string; stepDate: string; finalTarget: number };

export interface ReadingPoint {
  value: number;
  readingDate: string;
}

/** not_due: a ramp's first step towards go-live has not come yet; the criterion neither counts nor colours. */
export type CriterionStatus = 'met' | 'at_risk' | 'not_met' | 'missing' | 'not_due';
export type Rag = 'red' | 'amber' | 'green';

export interface RagSettings {
  /** Score (0-100) under which an item is red. */
  scoreRedBelow: number;
  staleAfterDays: number;
}

export interface CriterionResult {
  criterionId: number;
  code: string;
  name: string;
  unit: Unit;
  direction: Direction;
  mandatory: boolean;
  weight: number;
  /** Shown but never counted (docs/readiness.md, "Tracking-only measures"). */
  trackingOnly: boolean;
  status: CriterionStatus;
  /** When not due: the day the ramp's first step comes. */
  dueFrom?: string;
  /** The value judged: for "people" criteria, the share of the eligible audience in percent. */
  value: number | null;
  /** The value as entered (a count of people for "people" criteria). */
  rawValue: number | null;
  readingDate: string | null;
  stale: boolean;
  target: number;
  amberThreshold: number;
  /** How far short of target (positive) or beyond it (zero or negative), in the criterion's unit. */
  gap: number | null;
  /** The first day of the current run of this status. */
  since: string | null;
  reason: string;
}

export interface Evaluation {
  /** Weighted score 0-100, or null when no criterion applies. */
  score: number | null;
  rag: Rag;
  criteria: CriterionResult[];
  /** Why the RAG is what it is, worst first. */
  reasons: string[];
  /** Criteria whose ramp has not reached its first step yet. */
  notDue: number;
  /** Criteria apply, but none is due yet: "not started and not yet due", not behind. */
  nothingDue: boolean;
}

/** Whether a criterion applies to a feature with this audience. "Both" features meet every audience's criteria. */
export function appliesTo(criterion: Pick<CriterionRule, 'audience'>, featureAudience: Audience): boolean {
  return criterion.audience === 'all' || featureAudience === 'both' || featureAudience === criterion.audience;
}

/** Met on or beyond target; at risk between target and the amber threshold; not met beyond amber. */
export function judge(value: number, target: number, amberThreshold: number, direction: Direction): Exclude<CriterionStatus, 'missing'> {
  if (direction === 'higher') {
    if (value >= target) return 'met';
    return value >= amberThreshold ? 'at_risk' : 'not_met';
  }
  if (value <= target) return 'met';
  return value <= amberThreshold ? 'at_risk' : 'not_met';
}

/** Credit towards the score: a met criterion counts fully, at risk half, not met and missing nothing. */
export const CREDIT: Record<CriterionStatus, number> = { met: 1, at_risk: 0.5, not_met: 0, missing: 0, not_due: 0 };

const round1 = (n: number): number => Math.round(n * 10) / 10;

function format(value: number, unit: Unit): string {
  const v = round1(value);
  switch (unit) {
    case 'percent':
    case 'people':
      return `${v}%`;
    case 'score':
      return `${v} out of 5`;
    case 'days':
      return `${v} day${v === 1 ? '' : 's'}`;
    default:
      return String(v);
  }
}

function formatGap(gap: number, unit: Unit): string {
  const v = round1(Math.abs(gap));
  if (unit === 'percent' || unit === 'people') return `${v} percentage point${v === 1 ? '' : 's'}`;
  if (unit === 'days') return `${v} day${v === 1 ? '' : 's'}`;
  return String(v);
}

/** Readings dated before this day are stale as of asOf. */
export function staleDay(asOf: string, staleAfterDays: number): string {
  return isoDay(subDays(parseISO(asOf), staleAfterDays));
}

function isSorted(points: ReadingPoint[]): boolean {
  for (let i = 1; i < points.length; i += 1) if (points[i - 1]!.readingDate > points[i]!.readingDate) return false;
  return true;
}

const STATUS_WORDS: Record<CriterionStatus, string> = { met: 'met', at_risk: 'at risk', not_met: 'not met', missing: 'missing', not_due: 'not due yet' };

const WEEK_DAYS = 7;

/**
 * The thresholds a ramp sets for one item as of a day (docs/readiness.md, "Ramps"). Before go-live, each step
 * applies from `weeksBefore` weeks ahead of the planned go-live until the next; before the first step nothing is due;
 * from go-live on (or with no ramp, or no planned date) the final target applies. A step never asks for more than
 * the final target; once a step asks the final target (and its amber), the criterion is judged as without a ramp.
 */
export function rampFor(
  rule: Pick<CriterionRule, 'target' | 'amberThreshold' | 'direction'>,
  points: readonly RampPoint[] | undefined,
  goLive: string | null,
  asOf: string,
): { target: number; amberThreshold: number; expectation?: Expectation } {
  const final = { target: rule.target, amberThreshold: rule.amberThreshold };
  if (!points || points.length === 0 || !goLive || asOf >= goLive) return final;
  const steps = points
    .map((p) => extend(p, { date: isoDay(subDays(parseISO(goLive), p.weeksBefore * WEEK_DAYS)) }))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const cap = rule.direction === 'higher' ? Math.min : Math.max;
  const reached = steps.filter((s) => s.date <= asOf).at(-1);
  if (!reached) {
    const first = steps[0]!;
    return extend(final, { expectation: { kind: 'not_due', goLive, firstDue: first.date, firstTarget: cap(first.target, rule.target) } });
  }
  const target = cap(reached.target, rule.target);
  const amberThreshold = cap(reached.amberThreshold, rule.amberThreshold);
  // A step that asks the final target is the final target: judged and worded as without a ramp.
  if (target === rule.target && amberThreshold === rule.amberThreshold) return final;
  return { target, amberThreshold, expectation: { kind: 'ramp', goLive, stepDate: reached.date, finalTarget: rule.target } };
}

/**
 * Judges one criterion as of a day from its reading history (any order). Readings after asOf are
 * ignored; the latest one counts unless it is older than the staleness limit, when the criterion is missing.
 */
export function judgeCriterion(
  rule: CriterionRule,
  history: ReadingPoint[],
  asOf: string,
  settings: RagSettings,
  eligible: number,
  /** False when only the latest reading was loaded: then "since when" is not known and not claimed. */
  wholeHistory = true,
  /** The first day a reading still counts (see staleDay); computed when not given. */
  staleCutoff?: string,
): CriterionResult {
  const known = history.filter((r) => r.readingDate <= asOf);
  if (!isSorted(known)) known.sort((a, b) => (a.readingDate < b.readingDate ? -1 : a.readingDate > b.readingDate ? 1 : 0));
  const asShare = (v: number) => (rule.unit === 'people' ? (eligible > 0 ? (v / eligible) * 100 : 0) : v);
  const statusOf = (r: ReadingPoint) => judge(asShare(r.value), rule.target, rule.amberThreshold, rule.direction);
  const latest = known.at(-1);
  const staleBefore = staleCutoff ?? staleDay(asOf, settings.staleAfterDays);
  const expectation = rule.expectation;
  const comparison = rule.direction === 'higher' ? 'at least' : 'at most';

  if (expectation?.kind === 'not_due') {
    const now = latest && latest.readingDate >= staleBefore ? `${format(asShare(latest.value), rule.unit)} now; ` : '';
    const result = resultOf(rule, {
      status: 'not_due', value: latest ? round1(asShare(latest.value)) : null, rawValue: latest?.value ?? null, readingDate: latest?.readingDate ?? null,
      stale: false, gap: null, since: null,
      reason: `${rule.name}: not due yet; ${now}the ramp expects ${comparison} ${format(expectation.firstTarget, rule.unit)} by ${dayWords(expectation.firstDue)} (go-live ${dayWords(expectation.goLive)})`,
    });
    result.dueFrom = expectation.firstDue;
    return result;
  }

  if (!latest) {
    return resultOf(rule, { status: 'missing', value: null, rawValue: null, readingDate: null, stale: false, gap: null, since: null, reason: `${rule.name}: no reading yet` });
  }
  if (latest.readingDate < staleBefore) {
    const since = isoDay(addDays(parseISO(latest.readingDate), settings.staleAfterDays + 1));
    return resultOf(rule, {
      status: 'missing', value: asShare(latest.value), rawValue: latest.value, readingDate: latest.readingDate, stale: true, gap: null, since,
      reason: `${rule.name}: the last reading (${dayWords(latest.readingDate)}) is more than ${settings.staleAfterDays} days old`,
    });
  }

  const status = statusOf(latest);
  let since: string | null = wholeHistory ? latest.readingDate : null;
  for (let i = known.length - 2; wholeHistory && i >= 0 && statusOf(known[i]!) === status; i -= 1) since = known[i]!.readingDate;
  const value = asShare(latest.value);
  const gap = round1(rule.direction === 'higher' ? rule.target - value : value - rule.target);
  const shortfall = status === 'met' ? '' : `, ${formatGap(gap, rule.unit)} ${rule.direction === 'higher' ? 'short' : 'over'}`;
  const standing = `${STATUS_WORDS[status]}${since ? ` since ${dayWords(since)}` : ` (reading of ${dayWords(latest.readingDate)})`}`;
  const reason = expectation?.kind === 'ramp'
    ? `${rule.name}: ${format(value, rule.unit)}; ${status === 'met' ? 'on track for go-live' : 'behind the ramp'}: expected ${comparison} ${format(rule.target, rule.unit)} by now${shortfall}, ${comparison} ${format(expectation.finalTarget, rule.unit)} at go-live on ${dayWords(expectation.goLive)}; ${standing}`
    : `${rule.name}: ${format(value, rule.unit)} against a target of ${comparison} ${format(rule.target, rule.unit)}${shortfall}; ${standing}`;
  return resultOf(rule, { status, value: round1(value), rawValue: latest.value, readingDate: latest.readingDate, stale: false, gap, since, reason });
}

type Judged = Pick<CriterionResult, 'status' | 'value' | 'rawValue' | 'readingDate' | 'stale' | 'gap' | 'since' | 'reason'>;

/**
 * A criterion's result as one literal with every field in one order: the thousands a judgement makes share one
 * hidden class and hold their fields in the object itself (docs/performance.md, "Hidden classes").
 */
function resultOf(rule: CriterionRule, judged: Judged): CriterionResult {
  return {
    criterionId: rule.id, code: rule.code, name: rule.name, unit: rule.unit, direction: rule.direction, mandatory: rule.mandatory, weight: rule.weight,
    trackingOnly: rule.trackingOnly ?? false, target: rule.target, amberThreshold: rule.amberThreshold,
    status: judged.status, value: judged.value, rawValue: judged.rawValue, readingDate: judged.readingDate, stale: judged.stale, gap: judged.gap,
    since: judged.since, reason: flat(judged.reason),
  };
}

const ORDER: Record<CriterionStatus, number> = { not_met: 0, missing: 1, at_risk: 2, met: 3, not_due: 4 };

/**
 * The RAG rules (docs/readiness.md):
 * - red if any mandatory criterion is not met, or the weighted score is under settings.scoreRedBelow;
 * - amber if any criterion is at risk, missing, or not met but not mandatory (or no criterion applies);
 * - green otherwise.
 * Tracking-only criteria and criteria not due yet (a ramp's first step has not come) are listed but never counted.
 */
export function rate(results: CriterionResult[], settings: RagSettings, label = 'Readiness'): Evaluation {
  const counts = (r: CriterionResult) => !r.trackingOnly && r.status !== 'not_due';
  const counted = results.filter(counts);
  const totalWeight = counted.reduce((sum, r) => sum + r.weight, 0);
  const score = totalWeight > 0 ? round1((100 * counted.reduce((sum, r) => sum + r.weight * CREDIT[r.status], 0)) / totalWeight) : null;
  const ordered = [...results].sort((a, b) => Number(a.trackingOnly) - Number(b.trackingOnly) || ORDER[a.status] - ORDER[b.status] || Number(b.mandatory) - Number(a.mandatory) || b.weight - a.weight);
  const reasons: string[] = [];
  const notDue = results.filter((r) => !r.trackingOnly && r.status === 'not_due');
  const nothingDue = counted.length === 0 && notDue.length > 0;
  const mandatoryFailing = ordered.filter((r) => counts(r) && r.mandatory && r.status === 'not_met');
  const lowScore = score !== null && score < settings.scoreRedBelow;

  let rag: Rag;
  if (mandatoryFailing.length > 0 || lowScore) {
    rag = 'red';
    for (const r of mandatoryFailing) reasons.push(flat(`Mandatory: ${r.reason}`));
    if (lowScore) reasons.push(flat(`${label} score ${score} is under ${settings.scoreRedBelow}`));
  } else if (counted.length === 0 || counted.some((r) => r.status !== 'met')) {
    rag = 'amber';
    if (nothingDue) {
      // Every criterion not due carries the day its first step comes.
      const first = notDue.map((r) => r.dueFrom ?? '').sort()[0];
      reasons.push(flat(`Not yet due: nothing is expected before ${dayWords(first ?? '')}`));
    } else if (counted.length === 0) reasons.push('No criteria apply yet');
  } else {
    rag = 'green';
  }
  for (const r of ordered) if (counts(r) && r.status !== 'met' && !(r.mandatory && r.status === 'not_met')) reasons.push(r.reason);
  return { score, rag, criteria: ordered, reasons, notDue: notDue.length, nothingDue };
}

/** Judges every applicable criterion and rates the whole. */
export function evaluate(
  rules: CriterionRule[],
  historyOf: (rule: CriterionRule) => ReadingPoint[],
  asOf: string,
  settings: RagSettings,
  eligible: number,
  options: { wholeHistory?: boolean; label?: string; memo?: JudgementMemo } = {},
): Evaluation {
  const cutoff = staleDay(asOf, settings.staleAfterDays);
  const judgeOne = (rule: CriterionRule): CriterionResult => {
    const history = historyOf(rule);
    if (!options.memo) return judgeCriterion(rule, history, asOf, settings, eligible, options.wholeHistory ?? true, cutoff);
    // The same series judged against the same thresholds gives the same result: a council-wide criterion
    // is judged once for all of the council's items.
    const e = rule.expectation;
    const key = `${rule.id}|${rule.target}|${rule.amberThreshold}|${rule.unit === 'people' ? eligible : ''}|${e ? `${e.kind}${e.goLive}` : ''}`;
    let byRule = options.memo.get(history);
    if (!byRule) options.memo.set(history, (byRule = new Map()));
    let result = byRule.get(key);
    if (!result) byRule.set(key, (result = judgeCriterion(rule, history, asOf, settings, eligible, options.wholeHistory ?? true, cutoff)));
    return result;
  };
  return rate(rules.map(judgeOne), settings, options.label);
}

/** Judgements already made in one pass, by reading history (its identity) and thresholds. */
export type JudgementMemo = WeakMap<ReadingPoint[], Map<string, CriterionResult>>;

export const RAG_ORDER: Record<Rag, number> = { red: 0, amber: 1, green: 2 };

/** The worst of several RAGs; green when there are none. */
export function worst(rags: Rag[]): Rag {
  return rags.reduce<Rag>((w, r) => (RAG_ORDER[r] < RAG_ORDER[w] ? r : w), 'green');
}

export interface GateProposal {
  proposed: 'go' | 'no_go';
  reasons: string[];
}

/** The first reason of a go proposal for an amber item: the reasons after it are the conditions of going. */
export const GO_WITH_CONDITIONS = 'Go with conditions:';

/** Go unless the item is red or a mandatory criterion is missing; the reasons say why either way. */
export function proposeGate(evaluation: Evaluation): GateProposal {
  const mandatoryMissing = evaluation.criteria.filter((c) => c.mandatory && !c.trackingOnly && c.status === 'missing');
  if (evaluation.rag === 'red' || mandatoryMissing.length > 0) {
    return {
      proposed: 'no_go',
      reasons: [...mandatoryMissing.map((c) => `Mandatory: ${c.reason}`), ...evaluation.reasons],
    };
  }
  return {
    proposed: 'go',
    reasons: evaluation.rag === 'green' ? ['Every criterion is met'] : [GO_WITH_CONDITIONS, ...evaluation.reasons],
  };
}
