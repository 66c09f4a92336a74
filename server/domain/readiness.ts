import { addDays, parseISO, subDays } from 'date-fns';
import { isoDay } from './clock.ts';
import type { Audience, Direction, Phase, Unit } from '../db/schema.ts';

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
  scope: 'council' | 'feature';
  audience: 'all' | 'employees' | 'managers';
  phase: Phase;
}

export interface ReadingPoint {
  value: number;
  readingDate: string;
}

export type CriterionStatus = 'met' | 'at_risk' | 'not_met' | 'missing';
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
  status: CriterionStatus;
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
export const CREDIT: Record<CriterionStatus, number> = { met: 1, at_risk: 0.5, not_met: 0, missing: 0 };

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

const STATUS_WORDS: Record<CriterionStatus, string> = { met: 'met', at_risk: 'at risk', not_met: 'not met', missing: 'missing' };

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
  const base = {
    criterionId: rule.id, code: rule.code, name: rule.name, unit: rule.unit, direction: rule.direction,
    mandatory: rule.mandatory, weight: rule.weight, target: rule.target, amberThreshold: rule.amberThreshold,
  };

  if (!latest) {
    return { ...base, status: 'missing', value: null, rawValue: null, readingDate: null, stale: false, gap: null, since: null, reason: `${rule.name}: no reading yet` };
  }
  if (latest.readingDate < staleBefore) {
    const since = isoDay(addDays(parseISO(latest.readingDate), settings.staleAfterDays + 1));
    return {
      ...base, status: 'missing', value: asShare(latest.value), rawValue: latest.value, readingDate: latest.readingDate, stale: true, gap: null, since,
      reason: `${rule.name}: the last reading (${latest.readingDate}) is more than ${settings.staleAfterDays} days old`,
    };
  }

  const status = statusOf(latest);
  let since: string | null = wholeHistory ? latest.readingDate : null;
  for (let i = known.length - 2; wholeHistory && i >= 0 && statusOf(known[i]!) === status; i -= 1) since = known[i]!.readingDate;
  const value = asShare(latest.value);
  const gap = round1(rule.direction === 'higher' ? rule.target - value : value - rule.target);
  const comparison = rule.direction === 'higher' ? 'at least' : 'at most';
  const shortfall = status === 'met' ? '' : `, ${formatGap(gap, rule.unit)} ${rule.direction === 'higher' ? 'short' : 'over'}`;
  const reason = `${rule.name}: ${format(value, rule.unit)} against a target of ${comparison} ${format(rule.target, rule.unit)}${shortfall}; ${STATUS_WORDS[status]}${since ? ` since ${since}` : ` (reading of ${latest.readingDate})`}`;
  return { ...base, status, value: round1(value), rawValue: latest.value, readingDate: latest.readingDate, stale: false, gap, since, reason };
}

const ORDER: Record<CriterionStatus, number> = { not_met: 0, missing: 1, at_risk: 2, met: 3 };

/**
 * The RAG rules (docs/readiness.md):
 * - red if any mandatory criterion is not met, or the weighted score is under settings.scoreRedBelow;
 * - amber if any criterion is at risk, missing, or not met but not mandatory (or no criterion applies);
 * - green otherwise.
 */
export function rate(results: CriterionResult[], settings: RagSettings, label = 'Readiness'): Evaluation {
  const totalWeight = results.reduce((sum, r) => sum + r.weight, 0);
  const score = totalWeight > 0 ? round1((100 * results.reduce((sum, r) => sum + r.weight * CREDIT[r.status], 0)) / totalWeight) : null;
  const ordered = [...results].sort((a, b) => ORDER[a.status] - ORDER[b.status] || Number(b.mandatory) - Number(a.mandatory) || b.weight - a.weight);
  const reasons: string[] = [];
  const mandatoryFailing = ordered.filter((r) => r.mandatory && r.status === 'not_met');
  const lowScore = score !== null && score < settings.scoreRedBelow;

  let rag: Rag;
  if (mandatoryFailing.length > 0 || lowScore) {
    rag = 'red';
    for (const r of mandatoryFailing) reasons.push(`Mandatory: ${r.reason}`);
    if (lowScore) reasons.push(`${label} score ${score} is under ${settings.scoreRedBelow}`);
  } else if (results.length === 0 || ordered.some((r) => r.status !== 'met')) {
    rag = 'amber';
    if (results.length === 0) reasons.push('No criteria apply yet');
  } else {
    rag = 'green';
  }
  for (const r of ordered) if (r.status !== 'met' && !(r.mandatory && r.status === 'not_met')) reasons.push(r.reason);
  return { score, rag, criteria: ordered, reasons };
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
    const key = `${rule.id}|${rule.target}|${rule.amberThreshold}|${rule.unit === 'people' ? eligible : ''}`;
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
  const mandatoryMissing = evaluation.criteria.filter((c) => c.mandatory && c.status === 'missing');
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
