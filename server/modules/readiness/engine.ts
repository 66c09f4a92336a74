import type { Db } from '../../db/database.ts';
import { itemProgress, type ItemProgress } from '../../domain/progress.ts';
import { appliesTo, evaluate, type CriterionRule, type Evaluation, type RagSettings, type ReadingPoint } from '../../domain/readiness.ts';
import { baselineFor } from '../baselines/service.ts';
import { createProgressStore, type ItemFactsRow } from '../progress/store.ts';
import { readSettings } from '../settings/routes.ts';
import { createReadinessStore, readingKey, type CriterionRow, type KeyedReading, type OverrideRow } from './store.ts';

export interface ItemReadiness {
  facts: ItemFactsRow;
  progress: ItemProgress;
  /** Judged on readiness criteria; for a live item, as it stood is not replayed: it is judged as of asOf. */
  readiness: Evaluation;
  /** Judged on adoption criteria once the item is live; null before. */
  adoption: Evaluation | null;
}

export interface EvaluateOptions {
  asOf: string;
  baselineId?: number;
  /** Restrict to these items (by predicate on their facts). */
  where?: (facts: ItemFactsRow) => boolean;
  /** Load each key's whole history, so "since when" is exact; otherwise only the latest reading (faster). */
  withHistory?: boolean;
}

/**
 * The threshold that applies to an item: council-and-wave override, else council, else wave, else the
 * criterion's own. One place for the precedence rule.
 */
export function thresholdsFor(criterion: CriterionRow, overrides: OverrideRow[], councilId: number, waveId: number | null): { target: number; amberThreshold: number } {
  const mine = overrides.filter((o) => o.criterionId === criterion.id);
  const pick = mine.find((o) => o.councilId === councilId && o.waveId !== null && o.waveId === waveId)
    ?? mine.find((o) => o.councilId === councilId && o.waveId === null)
    ?? mine.find((o) => o.councilId === null && o.waveId !== null && o.waveId === waveId);
  return pick ? { target: pick.target, amberThreshold: pick.amberThreshold } : { target: criterion.target, amberThreshold: criterion.amberThreshold };
}

/** Readiness and adoption of rollout items, computed from the catalogue and readings: the read model behind every RAG. */
export function createReadinessEngine(db: Db) {
  const store = createReadinessStore(db);
  const progressStore = createProgressStore(db);

  const evaluateItems = (options: EvaluateOptions) => {
    const { asOf } = options;
    const settings: RagSettings = readSettings(db);
    const baseline = baselineFor(db, asOf, options.baselineId) ?? null;
    const frozen = progressStore.baselineFacts(baseline?.id);
    const items = progressStore.itemFacts().filter((f) => !options.where || options.where(f));
    const councilIds = [...new Set(items.map((i) => i.councilId))];
    const criteriaRows = store.criteria();
    const overrides = store.overrides();

    const wholeHistory = options.withHistory ?? false;
    const readings: KeyedReading[] = wholeHistory ? store.history(asOf, councilIds) : store.latest(asOf, councilIds);
    const byKey = new Map<string, ReadingPoint[]>();
    for (const r of readings) {
      const key = readingKey(r.criterionId, r.councilId, r.featureId);
      const list = byKey.get(key);
      if (list) list.push(r);
      else byKey.set(key, [r]);
    }

    const rulesFor = (facts: ItemFactsRow, phase: CriterionRow['phase']): CriterionRule[] =>
      criteriaRows
        .filter((c) => c.phase === phase && appliesTo(c, facts.audience))
        .map((c) => ({ ...c, ...thresholdsFor(c, overrides, facts.councilId, facts.waveId) }));

    const results: ItemReadiness[] = items.map((facts) => {
      const progress = itemProgress(facts, frozen.get(facts.itemId), asOf);
      const historyOf = (rule: CriterionRule) => byKey.get(readingKey(rule.id, facts.councilId, rule.scope === 'feature' ? facts.featureId : null)) ?? [];
      return {
        facts,
        progress,
        readiness: evaluate(rulesFor(facts, 'readiness'), historyOf, asOf, settings, progress.eligibleStaff, { wholeHistory, label: 'Readiness' }),
        adoption: progress.live ? evaluate(rulesFor(facts, 'adoption'), historyOf, asOf, settings, progress.eligibleStaff, { wholeHistory, label: 'Adoption' }) : null,
      };
    });
    return { asOf, baseline, settings, items: results };
  };

  return { evaluateItems };
}

export type ReadinessEngine = ReturnType<typeof createReadinessEngine>;
