import { asc, eq, getTableColumns, sql } from 'drizzle-orm';
import { idList, inIds } from '../../db/filters.ts';
import type { Db } from '../../db/database.ts';
import { activityCouncils, commsActivities, councils, criteria, waves } from '../../db/schema.ts';
import { activityDate, activityDueThisWeek, activityOverdue } from '../../domain/engagement.ts';
import { workingCalendar } from '../../domain/working-days.ts';
import type { Region } from '../../db/schema.ts';
import { COMMS_REACH_CRITERION } from './rules.ts';
import type { Activity } from './schemas.ts';

export type ActivityRow = typeof commsActivities.$inferSelect;

/** The communications reach criterion of the catalogue (by its code), which done activities feed and silence is judged by. */
export const reachCriterionQuery = (db: Db) =>
  db.select({ id: criteria.id, target: criteria.target }).from(criteria).where(sql`upper(${criteria.code}) = ${COMMS_REACH_CRITERION}`).prepare();

export interface ActivityFilter {
  waveId?: number;
  councilId?: number;
  status?: ActivityRow['status'];
  /** Calendar days, inclusive, on the activity's computed date. */
  from?: string;
  to?: string;
  id?: number;
}

/** The prepared statements behind every read of activities, made once per database handle. */
const prepared = new WeakMap<Db, ReturnType<typeof prepare>>();

function prepare(db: Db) {
  const p = (name: string) => sql.placeholder(name);
  const columns = { ...getTableColumns(commsActivities), waveName: waves.name, waveGoLive: waves.plannedGoLive };
  const given = sql`(${p('id')} is null or ${commsActivities.id} = ${p('id')})
      and (${p('waveId')} is null or ${commsActivities.waveId} = ${p('waveId')})
      and (${p('status')} is null or ${commsActivities.status} = ${p('status')})`;
  const rows = db.select(columns)
    .from(commsActivities)
    .innerJoin(waves, eq(waves.id, commsActivities.waveId))
    .where(given)
    .prepare();
  // One council's activities from the council's own entries in activity_councils (its index), not a look at every activity.
  const ofCouncil = db.select(columns)
    .from(activityCouncils)
    .innerJoin(commsActivities, eq(commsActivities.id, activityCouncils.activityId))
    .innerJoin(waves, eq(waves.id, commsActivities.waveId))
    .where(sql`${activityCouncils.councilId} = ${p('councilId')} and ${given}`)
    .prepare();
  const councilsOf = db.select({ activityId: activityCouncils.activityId, councilId: councils.id, name: councils.name, region: councils.region })
    .from(activityCouncils)
    .innerJoin(councils, eq(councils.id, activityCouncils.councilId))
    .where(inIds(activityCouncils.activityId))
    .orderBy(asc(councils.name))
    .prepare();
  return { rows, ofCouncil, councilsOf };
}

function statements(db: Db) {
  let found = prepared.get(db);
  if (!found) {
    found = prepare(db);
    prepared.set(db, found);
  }
  return found;
}

/**
 * Activities with the day each falls on, computed now from its wave's planned go-live (relative ones) or
 * its fixed date, in date order. Two queries whatever the number of activities: the rows, then their councils.
 * The calendar feed and the screens both read activities through this.
 */
export function listActivitiesWithDates(db: Db, filter: ActivityFilter, today: string): Activity[] {
  const { rows, ofCouncil, councilsOf } = statements(db);
  const given = { id: filter.id ?? null, waveId: filter.waveId ?? null, status: filter.status ?? null };
  const found = filter.councilId === undefined ? rows.all(given) : ofCouncil.all({ ...given, councilId: filter.councilId });
  if (found.length === 0) return [];
  const byActivity = new Map<number, Array<{ councilId: number; name: string }>>();
  const regionsOf = new Map<number, Region[]>();
  for (const c of councilsOf.all(idList(found.map((r) => r.id)))) {
    const list = byActivity.get(c.activityId) ?? [];
    list.push({ councilId: c.councilId, name: c.name });
    byActivity.set(c.activityId, list);
    regionsOf.set(c.activityId, [...(regionsOf.get(c.activityId) ?? []), c.region]);
  }
  return found
    .map((row): Activity => {
      // Off the weekends and the bank holidays of every council the activity is for.
      const date = activityDate(row, row.waveGoLive, workingCalendar(regionsOf.get(row.id) ?? []));
      return {
        id: row.id, waveId: row.waveId, waveName: row.waveName, waveGoLive: row.waveGoLive, councils: byActivity.get(row.id) ?? [],
        title: row.title, channel: row.channel, audience: row.audience, audienceGroup: row.audienceGroup, dateMode: row.dateMode,
        offsetDays: row.offsetDays, fixedDate: row.fixedDate, date, owner: row.owner, status: row.status, doneOn: row.doneOn,
        peopleReached: row.peopleReached, attendance: row.attendance, openRate: row.openRate, note: row.note,
        feedsReadiness: row.feedsReadiness, templateActivityId: row.templateActivityId,
        overdue: activityOverdue(row.status, date, today), dueThisWeek: activityDueThisWeek(row.status, date, today),
        version: row.version, createdAt: row.createdAt, updatedAt: row.updatedAt,
      };
    })
    .filter((a) => (filter.from === undefined || a.date >= filter.from) && (filter.to === undefined || a.date <= filter.to))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id - b.id));
}

export function createActivityStore(db: Db) {
  return {
    view: (id: number, today: string): Activity | undefined => listActivitiesWithDates(db, { id }, today)[0],
    insert: (row: typeof commsActivities.$inferInsert, councilIds: number[]): number => {
      const { id } = db.insert(commsActivities).values(row).returning({ id: commsActivities.id }).get();
      db.insert(activityCouncils).values(councilIds.map((councilId) => ({ activityId: id, councilId }))).run();
      return id;
    },
    update: (id: number, changes: Partial<typeof commsActivities.$inferInsert>, councilIds?: number[]): void => {
      db.update(commsActivities).set({ ...changes, version: sql`${commsActivities.version} + 1` }).where(eq(commsActivities.id, id)).run();
      if (councilIds) {
        db.delete(activityCouncils).where(eq(activityCouncils.activityId, id)).run();
        db.insert(activityCouncils).values(councilIds.map((councilId) => ({ activityId: id, councilId }))).run();
      }
    },
    delete: (id: number): void => {
      db.delete(commsActivities).where(eq(commsActivities.id, id)).run();
    },
  };
}
