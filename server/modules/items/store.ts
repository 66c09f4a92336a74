import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { whereGiven } from '../../db/filters.ts';
import { archivedFilter } from '../../http/archiving.ts';
import { councilGroups, councils, features, rolloutItems, waves } from '../../db/schema.ts';
import type { RolloutItem } from './schemas.ts';

export type ItemRow = typeof rolloutItems.$inferSelect;

/** The item as the API shows it: names alongside ids, and the planned date read through the wave. */
const itemView = {
  id: rolloutItems.id,
  councilId: rolloutItems.councilId,
  councilCode: councils.code,
  councilName: councils.name,
  featureId: rolloutItems.featureId,
  featureCode: features.code,
  featureName: features.name,
  waveId: rolloutItems.waveId,
  waveName: waves.name,
  groupId: rolloutItems.groupId,
  groupName: councilGroups.name,
  plannedGoLive: sql<string | null>`coalesce(${rolloutItems.plannedDateOverride}, ${waves.plannedGoLive})`,
  plannedDateOverride: rolloutItems.plannedDateOverride,
  actualGoLive: rolloutItems.actualGoLive,
  status: rolloutItems.status,
  note: rolloutItems.note,
  // What is still to be done about the item (docs/raid.md): it is flagged until these are closed or done.
  openRaidEntries: sql<number>`(select count(*) from raid_entries e where e.item_id = ${rolloutItems.id} and e.status = 'open')`.mapWith(Number),
  openActions: sql<number>`(select count(*) from raid_actions a where a.item_id = ${rolloutItems.id} and a.status = 'open')`.mapWith(Number),
  openConditions: sql<number>`(select count(*) from raid_actions a where a.item_id = ${rolloutItems.id} and a.status = 'open' and a.gate_decision_id is not null)`.mapWith(Number),
  flagged: sql<boolean>`(exists (select 1 from raid_entries e where e.item_id = ${rolloutItems.id} and e.status = 'open')
    or exists (select 1 from raid_actions a where a.item_id = ${rolloutItems.id} and a.status = 'open'))`.mapWith(Boolean),
  archivedAt: rolloutItems.archivedAt,
  version: rolloutItems.version,
  createdAt: rolloutItems.createdAt,
  updatedAt: rolloutItems.updatedAt,
};

export interface ItemFilter {
  councilId?: number;
  featureId?: number;
  waveId?: number;
  status?: ItemRow['status'];
  archived?: 'false' | 'true' | 'all';
}

export function itemFilter(filter: ItemFilter): SQL | undefined {
  return and(whereGiven([
    [rolloutItems.councilId, filter.councilId], [rolloutItems.featureId, filter.featureId],
    [rolloutItems.waveId, filter.waveId], [rolloutItems.status, filter.status],
  ]), archivedFilter(rolloutItems.archivedAt, filter.archived));
}

export function createItemStore(db: Db) {
  const viewQuery = () =>
    db.select(itemView).from(rolloutItems)
      .innerJoin(councils, eq(councils.id, rolloutItems.councilId))
      .innerJoin(features, eq(features.id, rolloutItems.featureId))
      .leftJoin(waves, eq(waves.id, rolloutItems.waveId))
      .leftJoin(councilGroups, eq(councilGroups.id, rolloutItems.groupId));

  const viewById = viewQuery().where(eq(rolloutItems.id, sql.placeholder('id'))).prepare();
  const rowByPair = db.select().from(rolloutItems)
    .where(and(eq(rolloutItems.councilId, sql.placeholder('councilId')), eq(rolloutItems.featureId, sql.placeholder('featureId'))))
    .prepare();

  return {
    view: (id: number): RolloutItem | undefined => viewById.get({ id }),
    views(ids: number[]): RolloutItem[] {
      if (ids.length === 0) return [];
      return viewQuery().where(inArray(rolloutItems.id, ids)).orderBy(asc(councils.name), asc(features.name)).all();
    },
    page: (where: SQL | undefined, limit: number, offset: number): RolloutItem[] =>
      viewQuery().where(where).orderBy(asc(councils.name), sql`${waves.sequence} is null`, asc(waves.sequence), asc(features.name))
        .limit(limit).offset(offset).all(),
    rowFor: (councilId: number, featureId: number): ItemRow | undefined => rowByPair.get({ councilId, featureId }),
    insert: (row: typeof rolloutItems.$inferInsert): ItemRow => db.insert(rolloutItems).values(row).returning().get(),
    update: (id: number, changes: Partial<typeof rolloutItems.$inferInsert>): void => {
      db.update(rolloutItems).set({ ...changes, version: sql`${rolloutItems.version} + 1` }).where(eq(rolloutItems.id, id)).run();
    },
    delete: (id: number): void => {
      db.delete(rolloutItems).where(eq(rolloutItems.id, id)).run();
    },
    /** What would lose its subject if the item went: its decisions, its RAID entries and actions (and blockers from before they became issues), its council's readings of its feature. */
    records: (item: { id: number; councilId: number; featureId: number }) => db.get<{ decisions: number; blockers: number; readings: number }>(sql`select
      (select count(*) from gate_decisions where item_id = ${item.id}) as decisions,
      (select count(*) from blockers where item_id = ${item.id}) + (select count(*) from raid_entries where item_id = ${item.id})
        + (select count(*) from raid_actions where item_id = ${item.id}) as blockers,
      (select count(*) from readings where council_id = ${item.councilId} and feature_id = ${item.featureId}) as readings`)!,
  };
}

export type ItemStore = ReturnType<typeof createItemStore>;
