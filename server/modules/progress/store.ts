import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { baselineItems, councilGroups, councils, features, rolloutItems, waves } from '../../db/schema.ts';
import type { BaselineFacts, ItemFacts } from '../../domain/progress.ts';

export interface ItemFactsRow extends ItemFacts {
  councilName: string;
  councilCode: string;
  featureName: string;
  waveName: string | null;
  waveSequence: number | null;
  waveGoLive: string | null;
  waveStatus: (typeof waves.$inferSelect)['status'] | null;
  note: string;
}

/** The read model behind every progress figure: one query for the plan, one for the baseline. */
export function createProgressStore(db: Db) {
  const factsQuery = () => db.select({
    itemId: rolloutItems.id,
    councilId: rolloutItems.councilId,
    featureId: rolloutItems.featureId,
    waveId: rolloutItems.waveId,
    status: rolloutItems.status,
    plannedGoLive: sql<string | null>`coalesce(${rolloutItems.plannedDateOverride}, ${waves.plannedGoLive})`,
    actualGoLive: rolloutItems.actualGoLive,
    audience: features.audience,
    staffHeadcount: councils.staffHeadcount,
    managerHeadcount: councils.managerHeadcount,
    groupHeadcount: councilGroups.headcount,
    councilName: councils.name,
    councilCode: councils.code,
    featureName: features.name,
    waveName: waves.name,
    waveSequence: waves.sequence,
    waveGoLive: waves.plannedGoLive,
    waveStatus: waves.status,
    note: rolloutItems.note,
  }).from(rolloutItems)
    .innerJoin(councils, eq(councils.id, rolloutItems.councilId))
    .innerJoin(features, eq(features.id, rolloutItems.featureId))
    .leftJoin(waves, eq(waves.id, rolloutItems.waveId))
    .leftJoin(councilGroups, eq(councilGroups.id, rolloutItems.groupId));
  const order = [councils.name, sql`${waves.sequence} is null`, waves.sequence, features.name] as const;
  const facts = factsQuery().orderBy(...order).prepare();
  const factsOfCouncil = factsQuery().where(eq(rolloutItems.councilId, sql.placeholder('councilId'))).orderBy(...order).prepare();

  const itemRef = db.select({ councilId: rolloutItems.councilId, featureId: rolloutItems.featureId }).from(rolloutItems).where(eq(rolloutItems.id, sql.placeholder('itemId'))).prepare();
  const frozen = db.select({ itemId: baselineItems.itemId, plannedGoLive: baselineItems.plannedGoLive, status: baselineItems.status })
    .from(baselineItems).where(eq(baselineItems.baselineId, sql.placeholder('baselineId'))).prepare();

  const frozenItem = db.select({ plannedGoLive: baselineItems.plannedGoLive, status: baselineItems.status }).from(baselineItems)
    .where(and(eq(baselineItems.baselineId, sql.placeholder('baselineId')), eq(baselineItems.itemId, sql.placeholder('itemId')))).prepare();

  return {
    /** One item's frozen plan in a baseline, as a one-entry map (the shape baselineFacts has). */
    baselineFactOf(baselineId: number | undefined, itemId: number): Map<number, BaselineFacts> {
      const row = baselineId === undefined ? undefined : frozenItem.get({ baselineId, itemId });
      return new Map(row ? [[itemId, row]] : []);
    },
    itemFacts: (): ItemFactsRow[] => facts.all(),
    itemFactsOf: (councilId: number): ItemFactsRow[] => factsOfCouncil.all({ councilId }),
    itemRef: (itemId: number): { councilId: number; featureId: number } | undefined => itemRef.get({ itemId }),
    baselineFacts(baselineId: number | undefined): Map<number, BaselineFacts> {
      if (baselineId === undefined) return new Map();
      return new Map(frozen.all({ baselineId }).map((r) => [r.itemId, { plannedGoLive: r.plannedGoLive, status: r.status }]));
    },
  };
}
