import type { CriterionResult, Evaluation } from '../../domain/readiness.ts';

/** What a kept judgement holds that has texts: the plan's row, its progress and the two evaluations. */
interface Judged {
  facts: object;
  progress: object;
  readiness: Evaluation;
  adoption: Evaluation | null;
}

/** Every text field of a plain row (names, codes, days) as the one string `text` hands back for it. */
function shareFields(row: object, text: (s: string) => string): void {
  const fields = row as Record<string, unknown>;
  for (const key in fields) {
    const value = fields[key];
    if (typeof value === 'string') fields[key] = text(value);
  }
}

/** What kept judgements share: one string per text, and one object per criterion result (by what it says). */
export interface Shared {
  /** An interner (domain/objects.ts). */
  text: (s: string) => string;
  /** Results already kept, by their reason (one string per text, so its hash is worked out once). */
  results: KeptResults;
}

/**
 * Results kept to be shared, by reason, counted one by one. They live with the catalogue, beside the engine's cache
 * rather than in its budget: a result whose items the cache has let go stays here until the catalogue changes or
 * `RESULTS_KEPT` is reached, when they start again empty (sharing with what the cache still holds is then lost, not
 * any figure).
 */
export interface KeptResults {
  byReason: Map<string, CriterionResult[]>;
  count: number;
}

/** Results kept to be shared at most: a day's pass makes about 4,900 distinct ones at 400 councils, some 49,000 at 4,000. */
const RESULTS_KEPT = 200_000;

export const keptResults = (): KeptResults => ({ byReason: new Map(), count: 0 });

/**
 * Whether two results hold the same in every field. Every field is named here: a test judges results of every kind
 * and fails if one has a field this does not compare (test/kept-judgements.test.ts).
 */
export function sameResult(a: CriterionResult, b: CriterionResult): boolean {
  return a.criterionId === b.criterionId && a.status === b.status && a.value === b.value && a.rawValue === b.rawValue
    && a.readingDate === b.readingDate && a.since === b.since && a.stale === b.stale && a.gap === b.gap && a.target === b.target
    && a.amberThreshold === b.amberThreshold && a.dueFrom === b.dueFrom && a.reason === b.reason && a.code === b.code && a.name === b.name
    && a.unit === b.unit && a.direction === b.direction && a.mandatory === b.mandatory && a.weight === b.weight && a.trackingOnly === b.trackingOnly;
}

/** The fields sameResult compares. */
export const RESULT_FIELDS_COMPARED = [
  'criterionId', 'status', 'value', 'rawValue', 'readingDate', 'since', 'stale', 'gap', 'target', 'amberThreshold', 'dueFrom', 'reason',
  'code', 'name', 'unit', 'direction', 'mandatory', 'weight', 'trackingOnly',
] as const satisfies ReadonlyArray<keyof CriterionResult>;

/**
 * Makes a council's judged items, about to be kept, share what other kept items hold alike:
 * - each text (council and wave names, days, reasons) as one string. SQLite gives every row's texts strings of their
 *   own, and each judgement writes its reasons afresh;
 * - each criterion result as one object with every other result that holds the same: the same criterion, thresholds,
 *   reading and reason. A council-wide criterion's result was already one object for the council's items; most of
 *   the rest say the same as another council's ("met", or the last reading too old on the same day).
 *
 * At 400 councils a day's kept pass took 17.2 MB of heap before, 12.1 MB with the texts shared and 6.8 MB with the
 * results shared too (docs/performance.md, "Ten times the data"). Only fresh results are passed in, before anything
 * else can see them, and nothing changes what any of them reads; results are read, never changed, once judged.
 */
export function shareKept(items: readonly Judged[], shared: Shared): void {
  const { text, results } = shared;
  /** Each result of these items met so far, and the one kept in its place. */
  const done = new Map<CriterionResult, CriterionResult>();
  const canonical = (result: CriterionResult): CriterionResult => {
    result.reason = text(result.reason);
    if (result.readingDate !== null) result.readingDate = text(result.readingDate);
    if (result.since !== null) result.since = text(result.since);
    if (result.dueFrom !== undefined) result.dueFrom = text(result.dueFrom);
    const alike = results.byReason.get(result.reason);
    const known = alike?.find((other) => sameResult(other, result));
    if (known) return known;
    let list = alike;
    if (results.count >= RESULTS_KEPT) {
      results.byReason.clear();
      results.count = 0;
      list = undefined;
    }
    if (list) list.push(result);
    else results.byReason.set(result.reason, [result]);
    results.count += 1;
    return result;
  };
  const shareEvaluation = (evaluation: Evaluation) => {
    const { criteria, reasons } = evaluation;
    for (let i = 0; i < criteria.length; i += 1) {
      const result = criteria[i]!;
      let kept = done.get(result);
      if (!kept) done.set(result, (kept = canonical(result)));
      criteria[i] = kept;
    }
    for (let i = 0; i < reasons.length; i += 1) reasons[i] = text(reasons[i]!);
  };
  for (const item of items) {
    shareFields(item.facts, text);
    shareFields(item.progress, text);
    shareEvaluation(item.readiness);
    if (item.adoption) shareEvaluation(item.adoption);
  }
}
