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

/**
 * Points the texts of a council's judged items, about to be kept, at one string each (`text` is an interner,
 * domain/objects.ts). SQLite gives every row's council name, wave name and days strings of their own, and each
 * judgement writes its reasons afresh, so a day's kept pass held the same texts thousands of times over: at 400
 * councils, 17.3 MB of heap for the pass before, 12.7 MB after (docs/performance.md, "Texts of kept judgements held
 * once"). Only fresh results are passed in, before anything else can see them; what they read is unchanged.
 */
export function shareTexts(items: readonly Judged[], text: (s: string) => string): void {
  const done = new Set<CriterionResult>();
  const shareEvaluation = (evaluation: Evaluation) => {
    for (const result of evaluation.criteria) {
      // A council-wide criterion's result is one object for all of the council's items: share its texts once.
      if (done.has(result)) continue;
      done.add(result);
      result.reason = text(result.reason);
      if (result.readingDate !== null) result.readingDate = text(result.readingDate);
      if (result.since !== null) result.since = text(result.since);
      if (result.dueFrom !== undefined) result.dueFrom = text(result.dueFrom);
    }
    const { reasons } = evaluation;
    for (let i = 0; i < reasons.length; i += 1) reasons[i] = text(reasons[i]!);
  };
  for (const item of items) {
    shareFields(item.facts, text);
    shareFields(item.progress, text);
    shareEvaluation(item.readiness);
    if (item.adoption) shareEvaluation(item.adoption);
  }
}
