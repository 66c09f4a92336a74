import { and, asc, eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { idList, inIds } from '../../db/filters.ts';
import { blockers, councils, rolloutItems } from '../../db/schema.ts';

export type BlockerRow = typeof blockers.$inferSelect;
export type BlockerStatus = BlockerRow['status'];

/** A blocker with the council of its item: who may manage it depends on that council. */
export interface BlockerRecord extends BlockerRow {
  councilId: number;
  councilName: string;
}

/** An open blocker as the readiness read models show it. */
export interface OpenBlocker {
  id: number;
  description: string;
  owner: string;
  dueDate: string | null;
  raisedOn: string;
  /** Past its due date as of the day asked about. */
  overdue: boolean;
}

/** Open and due before the day asked about. Resolved blockers are never overdue. */
export function isOverdue(blocker: { status: BlockerStatus; dueDate: string | null }, asOf: string): boolean {
  return blocker.status === 'open' && blocker.dueDate !== null && blocker.dueDate < asOf;
}

/** Open first, then soonest due (no due date last), then in the order raised. */
const listOrder = [
  sql`case when ${blockers.status} = 'open' then 0 else 1 end`,
  sql`${blockers.dueDate} is null`,
  asc(blockers.dueDate),
  asc(blockers.id),
];

export function blockerFilter(itemId: number, status?: BlockerStatus): SQL | undefined {
  return and(eq(blockers.itemId, itemId), status !== undefined ? eq(blockers.status, status) : undefined);
}

/**
 * The open blockers of many items in one query, for the readiness read models. Every item asked
 * about has an entry (empty when nothing blocks it). The ids go in as one JSON parameter, so a long
 * list never meets SQLite's limit on bound variables.
 */
export function openBlockersFor(db: Db, itemIds: number[], asOf: string): Map<number, OpenBlocker[]> {
  const ids = [...new Set(itemIds)];
  const map = new Map<number, OpenBlocker[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return map;
  const rows = db.select({
    itemId: blockers.itemId, id: blockers.id, description: blockers.description, owner: blockers.owner,
    dueDate: blockers.dueDate, raisedOn: blockers.raisedOn,
  }).from(blockers)
    .where(and(eq(blockers.status, 'open'), inIds(blockers.itemId)))
    .orderBy(sql`${blockers.dueDate} is null`, asc(blockers.dueDate), asc(blockers.id))
    .all(idList(ids));
  for (const { itemId, ...blocker } of rows) {
    map.get(itemId)?.push({ ...blocker, overdue: isOverdue({ status: 'open', dueDate: blocker.dueDate }, asOf) });
  }
  return map;
}

export function createBlockerStore(db: Db) {
  const viewQuery = () =>
    db.select({ ...getTableColumns(blockers), councilId: rolloutItems.councilId, councilName: councils.name }).from(blockers)
      .innerJoin(rolloutItems, eq(rolloutItems.id, blockers.itemId))
      .innerJoin(councils, eq(councils.id, rolloutItems.councilId));

  const byId = viewQuery().where(eq(blockers.id, sql.placeholder('id'))).prepare();
  const itemById = db.select({ id: rolloutItems.id, councilId: rolloutItems.councilId, councilName: councils.name }).from(rolloutItems)
    .innerJoin(councils, eq(councils.id, rolloutItems.councilId))
    .where(eq(rolloutItems.id, sql.placeholder('id')))
    .prepare();

  return {
    find: (id: number): BlockerRecord | undefined => byId.get({ id }),
    /** The rollout item blockers hang off, with its council. */
    item: (itemId: number): { id: number; councilId: number; councilName: string } | undefined => itemById.get({ id: itemId }),
    page: (where: SQL | undefined, limit: number, offset: number): BlockerRecord[] =>
      viewQuery().where(where).orderBy(...listOrder).limit(limit).offset(offset).all(),
    insert: (row: typeof blockers.$inferInsert): BlockerRow => db.insert(blockers).values(row).returning().get(),
    update: (id: number, changes: Partial<typeof blockers.$inferInsert>): void => {
      db.update(blockers).set({ ...changes, version: sql`${blockers.version} + 1` }).where(eq(blockers.id, id)).run();
    },
    delete: (id: number): void => {
      db.delete(blockers).where(eq(blockers.id, id)).run();
    },
  };
}

export type BlockerStore = ReturnType<typeof createBlockerStore>;
