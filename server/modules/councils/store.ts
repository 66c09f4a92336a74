import { asc, count, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { councilGroups, councils, rolloutItems } from '../../db/schema.ts';

export type CouncilRow = typeof councils.$inferSelect;
export type GroupRow = typeof councilGroups.$inferSelect;

export function createCouncilStore(db: Db) {
  const byId = db.select().from(councils).where(eq(councils.id, sql.placeholder('id'))).prepare();
  const groupsOf = db.select().from(councilGroups).where(eq(councilGroups.councilId, sql.placeholder('id')))
    .orderBy(asc(councilGroups.name)).prepare();

  return {
    find: (id: number): CouncilRow | undefined => byId.get({ id }),
    page: (where: SQL | undefined, limit: number, offset: number): CouncilRow[] =>
      db.select().from(councils).where(where).orderBy(asc(councils.name)).limit(limit).offset(offset).all(),
    groupsOf: (id: number): GroupRow[] => groupsOf.all({ id }),
    groupsOfMany(ids: number[]): Map<number, GroupRow[]> {
      const map = new Map<number, GroupRow[]>(ids.map((id) => [id, []]));
      if (ids.length === 0) return map;
      const rows = db.select().from(councilGroups).where(inArray(councilGroups.councilId, ids)).orderBy(asc(councilGroups.name)).all();
      for (const row of rows) map.get(row.councilId)?.push(row);
      return map;
    },
    insert: (row: typeof councils.$inferInsert): CouncilRow => db.insert(councils).values(row).returning().get(),
    update: (id: number, changes: Partial<typeof councils.$inferInsert>): CouncilRow | undefined =>
      db.update(councils).set({ ...changes, version: sql`${councils.version} + 1` }).where(eq(councils.id, id)).returning().get(),
    delete: (id: number): void => {
      db.delete(councils).where(eq(councils.id, id)).run();
    },
    insertGroup: (councilId: number, name: string, headcount: number): void => {
      db.insert(councilGroups).values({ councilId, name, headcount }).run();
    },
    updateGroup: (id: number, name: string, headcount: number): void => {
      db.update(councilGroups).set({ name, headcount }).where(eq(councilGroups.id, id)).run();
    },
    deleteGroup: (id: number): void => {
      db.delete(councilGroups).where(eq(councilGroups.id, id)).run();
    },
    /** Feature names of this council's rollout items, to say what blocks a delete. */
    dependentFeatureNames(councilId: number): string[] {
      return db.all<{ name: string }>(sql`select f.name from rollout_items i join features f on f.id = i.feature_id
        where i.council_id = ${councilId} order by f.name`).map((r) => r.name);
    },
    /** Readings and early wins recorded for the council: history that keeps it from being deleted. */
    recordsOf(councilId: number): { readings: number; wins: number; activities: number; questions: number } {
      return db.get<{ readings: number; wins: number; activities: number; questions: number }>(sql`select
        (select count(*) from readings where council_id = ${councilId}) as readings,
        (select count(*) from early_wins where council_id = ${councilId}) as wins,
        (select count(*) from activity_councils where council_id = ${councilId}) as activities,
        (select count(*) from staff_questions where council_id = ${councilId}) as questions`) ?? { readings: 0, wins: 0, activities: 0, questions: 0 };
    },
    itemsUsingGroup: (groupId: number): number =>
      db.select({ n: count() }).from(rolloutItems).where(eq(rolloutItems.groupId, groupId)).get()?.n ?? 0,
  };
}

export type CouncilStore = ReturnType<typeof createCouncilStore>;
