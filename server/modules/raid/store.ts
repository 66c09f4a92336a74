import { and, asc, desc, eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import {
  blockers, boardReports, councils, features, gateDecisions, programmeStatuses, raidActions, raidEntries, rolloutItems, userCouncils, users, waves,
} from '../../db/schema.ts';

export type EntryRow = typeof raidEntries.$inferSelect;
export type ActionRow = typeof raidActions.$inferSelect;
export type StatusRow = typeof programmeStatuses.$inferSelect;

/** An entry with the names it is shown with. */
export interface EntryRecord extends EntryRow {
  councilName: string | null;
  waveName: string | null;
  featureName: string | null;
  ownerUserName: string | null;
  openActions: number;
}

export interface ActionRecord extends ActionRow {
  ownerUserName: string | null;
  /** The shareable flag of the RAID entry the action belongs to (false when it belongs to none). */
  entryShareable: boolean;
}

/** Words for what an entry is about. */
export function aboutOf(e: Pick<EntryRecord, 'scope' | 'councilName' | 'waveName' | 'featureName'>): string {
  switch (e.scope) {
    case 'programme': return 'Programme';
    case 'council': return e.councilName ?? 'Council';
    case 'wave': return e.waveName ?? 'Wave';
    case 'feature': return e.featureName ?? 'Feature';
    case 'item': return `${e.councilName ?? 'Council'}: ${e.featureName ?? 'Feature'}`;
  }
}

export const ownerNameOf = (row: { ownerUserId: number | null; ownerUserName: string | null; ownerName: string }): string =>
  row.ownerUserId !== null ? (row.ownerUserName ?? `User ${row.ownerUserId}`) : row.ownerName;

const entryItem = sql`(select feature_id from rollout_items where id = ${raidEntries.itemId})`;
const openActionCount = sql<number>`(select count(*) from raid_actions a where a.raid_entry_id = ${raidEntries.id} and a.status = 'open')`;

/** Open first, then by score (risks), then soonest due. */
const entryOrder = [
  sql`case when ${raidEntries.status} = 'open' then 0 else 1 end`,
  sql`coalesce(${raidEntries.likelihood} * ${raidEntries.impact}, 0) desc`,
  asc(raidEntries.dueDate),
  asc(raidEntries.id),
];

export function createRaidStore(db: Db) {
  const entryView = () => db.select({
    ...getTableColumns(raidEntries),
    councilName: councils.name,
    waveName: waves.name,
    featureName: features.name,
    ownerUserName: users.displayName,
    openActions: openActionCount,
  }).from(raidEntries)
    .leftJoin(councils, eq(councils.id, raidEntries.councilId))
    .leftJoin(waves, eq(waves.id, raidEntries.waveId))
    .leftJoin(features, sql`${features.id} = coalesce(${raidEntries.featureId}, ${entryItem})`)
    .leftJoin(users, eq(users.id, raidEntries.ownerUserId));

  const actionView = () => db.select({
    ...getTableColumns(raidActions),
    ownerUserName: users.displayName,
    entryShareable: sql<number>`coalesce((select shareable from raid_entries e where e.id = ${raidActions.raidEntryId}), 0)`.mapWith(Boolean),
  }).from(raidActions).leftJoin(users, eq(users.id, raidActions.ownerUserId));

  return {
    entry: (id: number): EntryRecord | undefined => entryView().where(eq(raidEntries.id, id)).get(),
    entries: (where: SQL | undefined, limit: number, offset: number): EntryRecord[] =>
      entryView().where(where).orderBy(...entryOrder).limit(limit).offset(offset).all(),
    insertEntry: (row: typeof raidEntries.$inferInsert): EntryRow => db.insert(raidEntries).values(row).returning().get(),
    updateEntry: (id: number, changes: Partial<typeof raidEntries.$inferInsert>): void => {
      db.update(raidEntries).set({ ...changes, version: sql`${raidEntries.version} + 1` }).where(eq(raidEntries.id, id)).run();
    },

    action: (id: number): ActionRecord | undefined => actionView().where(eq(raidActions.id, id)).get(),
    actions: (where: SQL | undefined, limit = Number.MAX_SAFE_INTEGER, offset = 0): ActionRecord[] =>
      actionView().where(where)
        .orderBy(sql`case when ${raidActions.status} = 'open' then 0 else 1 end`, asc(raidActions.dueDate), asc(raidActions.id))
        .limit(limit).offset(offset).all(),
    insertAction: (row: typeof raidActions.$inferInsert): ActionRow => db.insert(raidActions).values(row).returning().get(),
    updateAction: (id: number, changes: Partial<typeof raidActions.$inferInsert>): void => {
      db.update(raidActions).set({ ...changes, version: sql`${raidActions.version} + 1` }).where(eq(raidActions.id, id)).run();
    },

    /** What a link points at, with the council it belongs to (null: programme-wide). */
    council: (id: number) => db.select({ id: councils.id, name: councils.name }).from(councils).where(eq(councils.id, id)).get(),
    wave: (id: number) => db.select({ id: waves.id }).from(waves).where(eq(waves.id, id)).get(),
    feature: (id: number) => db.select({ id: features.id }).from(features).where(eq(features.id, id)).get(),
    item: (id: number) => db.select({ id: rolloutItems.id, councilId: rolloutItems.councilId, councilName: councils.name }).from(rolloutItems)
      .innerJoin(councils, eq(councils.id, rolloutItems.councilId)).where(eq(rolloutItems.id, id)).get(),
    blocker: (id: number) => db.select({ id: blockers.id, itemId: blockers.itemId, councilId: rolloutItems.councilId }).from(blockers)
      .innerJoin(rolloutItems, eq(rolloutItems.id, blockers.itemId)).where(eq(blockers.id, id)).get(),
    gateDecision: (id: number) => db.select({ id: gateDecisions.id, itemId: gateDecisions.itemId }).from(gateDecisions).where(eq(gateDecisions.id, id)).get(),
    /**
     * Active office staff and council leads who can own entries and actions, with the councils a lead answers for;
     * for a lead, only the office and the leads of their own councils (councilIds given).
     */
    owners: (councilIds: number[] | null): Array<{ id: number; name: string; role: string; councilIds: number[] }> => {
      const rows = db.select({ id: users.id, name: users.displayName, role: users.role, councilId: userCouncils.councilId }).from(users)
        .leftJoin(userCouncils, eq(userCouncils.userId, users.id))
        .where(sql`${users.disabledAt} is null and ${users.role} in ('office', 'lead')`)
        .orderBy(asc(users.displayName), asc(users.id)).all();
      const byId = new Map<number, { id: number; name: string; role: string; councilIds: number[] }>();
      for (const r of rows) {
        const owner = byId.get(r.id) ?? { id: r.id, name: r.name, role: r.role, councilIds: [] };
        if (r.councilId !== null) owner.councilIds.push(r.councilId);
        byId.set(r.id, owner);
      }
      return [...byId.values()].filter((o) => councilIds === null || o.role === 'office' || o.councilIds.some((c) => councilIds.includes(c)));
    },
    /** An active user who can own entries and actions. */
    activeUser: (id: number) => db.select({ id: users.id, name: users.displayName, disabledAt: users.disabledAt }).from(users).where(eq(users.id, id)).get(),

    statusByPeriod: (period: string): StatusRow | undefined => db.select().from(programmeStatuses).where(eq(programmeStatuses.period, period)).get(),
    status: (id: number): StatusRow | undefined => db.select().from(programmeStatuses).where(eq(programmeStatuses.id, id)).get(),
    statuses: (limit: number, offset: number): StatusRow[] =>
      db.select().from(programmeStatuses).orderBy(desc(programmeStatuses.period)).limit(limit).offset(offset).all(),
    /** The status that heads a report ending in this month: that month's, else the latest before it. */
    statusFor: (period: string): StatusRow | undefined =>
      db.select().from(programmeStatuses).where(sql`${programmeStatuses.period} <= ${period}`).orderBy(desc(programmeStatuses.period)).limit(1).get(),
    insertStatus: (row: typeof programmeStatuses.$inferInsert): StatusRow => db.insert(programmeStatuses).values(row).returning().get(),
    updateStatus: (id: number, changes: Partial<typeof programmeStatuses.$inferInsert>): void => {
      db.update(programmeStatuses).set({ ...changes, version: sql`${programmeStatuses.version} + 1` }).where(eq(programmeStatuses.id, id)).run();
    },
    /** A board report issued for a period ending in this month: the month's status is then frozen. */
    issuedReportIn: (period: string) =>
      db.select({ id: boardReports.id, title: boardReports.title }).from(boardReports)
        .where(and(sql`substr(${boardReports.periodTo}, 1, 7) = ${period}`)).orderBy(asc(boardReports.id)).limit(1).get(),
    councilNames: (): Map<number, string> => new Map(db.select({ id: councils.id, name: councils.name }).from(councils).all().map((c) => [c.id, c.name])),
  };
}

export type RaidStore = ReturnType<typeof createRaidStore>;
