import type { Db } from '../../db/database.ts';
import { today, type Clock } from '../../domain/clock.ts';
import { groupBy } from '../../domain/group-by.ts';
import { itemProgress, summarise, type ItemProgress } from '../../domain/progress.ts';
import { createBaselineLookup } from '../baselines/read-model.ts';
import type { ItemProgressPage, ItemProgressQuery, ProgressQuery, ProgressSummary } from './schemas.ts';
import { createProgressStore, type ItemFactsRow } from './store.ts';

interface Evaluated {
  facts: ItemFactsRow;
  progress: ItemProgress;
}

export function createProgressService(db: Db, clock: Clock) {
  const store = createProgressStore(db);
  const baselineLookup = createBaselineLookup(db);

  /** Every item judged as of a date against the baseline in force then (or the one named). */
  const evaluate = (query: { asOf?: string; baselineId?: number }) => {
    const asOf = query.asOf ?? today(clock);
    const baseline = baselineLookup.inForce(asOf, query.baselineId) ?? null;
    const frozen = store.baselineFacts(baseline?.id);
    const items: Evaluated[] = store.itemFactsAt(asOf).map((facts) => ({ facts, progress: itemProgress(facts, frozen.get(facts.itemId), asOf) }));
    return { asOf, baseline, items };
  };

  return {
    summary(query: ProgressQuery): ProgressSummary {
      const { asOf, baseline, items } = evaluate(query);

      const waves = [...groupBy(items, (i) => i.facts.waveId).values()]
        .map((group) => {
          const f = group[0]!.facts;
          return {
            waveId: f.waveId, name: f.waveName ?? 'Not scheduled', sequence: f.waveSequence, plannedGoLive: f.waveGoLive,
            status: f.waveStatus, totals: summarise(group),
          };
        })
        .sort((a, b) => (a.sequence ?? Number.MAX_SAFE_INTEGER) - (b.sequence ?? Number.MAX_SAFE_INTEGER));

      const councils = [...groupBy(items, (i) => i.facts.councilId).values()].map((group) => {
        const f = group[0]!.facts;
        return { councilId: f.councilId, name: f.councilName, code: f.councilCode, staffHeadcount: f.staffHeadcount, totals: summarise(group) };
      });

      const features = [...groupBy(items, (i) => i.facts.featureId).values()]
        .map((group) => {
          const f = group[0]!.facts;
          const counted = group.filter((i) => i.facts.status !== 'cancelled');
          return {
            featureId: f.featureId, name: f.featureName, audience: f.audience, items: group.length,
            live: group.filter((i) => i.progress.live).length,
            staffReached: group.reduce((sum, i) => sum + (i.progress.live ? i.progress.eligibleStaff : 0), 0),
            staffEligible: counted.reduce((sum, i) => sum + i.progress.eligibleStaff, 0),
          };
        })
        .sort((a, b) => a.name.localeCompare(b.name));

      // Against the original baseline too, where another is in force or was chosen.
      const first = baselineLookup.original(asOf);
      const original = first && baseline && first.id !== baseline.id
        ? { baseline: first, totals: summarise(evaluate({ asOf, baselineId: first.id }).items) } : null;
      return { asOf, baseline, totals: summarise(items), original, waves, councils, features };
    },

    items(query: ItemProgressQuery): ItemProgressPage {
      const { asOf, baseline, items } = evaluate(query);
      const matching = items.filter(({ facts, progress }) =>
        (query.councilId === undefined || facts.councilId === query.councilId)
        && (query.featureId === undefined || facts.featureId === query.featureId)
        && (query.waveId === undefined || facts.waveId === query.waveId)
        && (query.slipState === undefined || progress.slipState === query.slipState));
      const limit = query.limit ?? 50;
      const offset = query.offset ?? 0;
      const data = matching.slice(offset, offset + limit).map(({ facts, progress }) => ({
        ...progress,
        councilId: facts.councilId, councilName: facts.councilName, featureId: facts.featureId, featureName: facts.featureName,
        waveId: facts.waveId, waveName: facts.waveName, status: facts.status,
      }));
      return { asOf, baseline, data, page: { total: matching.length, limit, offset } };
    },
  };
}
