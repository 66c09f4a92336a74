import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { idList, inIds } from '../../db/filters.ts';
import { raidEntries, users } from '../../db/schema.ts';

/**
 * What stands in the way of an item: since migration 0025 a blocker is a RAID issue on the item (docs/adr/0015).
 * The readiness read models still list them under `blockers`, read from the RAID log.
 */
export interface OpenBlocker {
  /** The RAID entry's id. */
  id: number;
  /** The issue's title. */
  description: string;
  /** Its owner: a user's name or a named contact. */
  owner: string;
  dueDate: string | null;
  raisedOn: string;
  /** Past its due date as of the day asked about. */
  overdue: boolean;
}

/** Open and due before the day asked about. */
export function isOverdue(issue: { status: string; dueDate: string | null }, asOf: string): boolean {
  return issue.status === 'open' && issue.dueDate !== null && issue.dueDate < asOf;
}

/**
 * The open issues of many items in one query, for the readiness read models: soonest due first. Every item asked
 * about has an entry (empty when nothing blocks it). The ids go in as one JSON parameter, so a long list never
 * meets SQLite's limit on bound variables; the statement is prepared once per reader, as every build asks.
 */
export function createOpenBlockers(db: Db) {
  const open = db.select({
    itemId: raidEntries.itemId, id: raidEntries.id, description: raidEntries.title,
    owner: sql<string>`coalesce(${users.displayName}, ${raidEntries.ownerName})`, dueDate: raidEntries.dueDate, raisedOn: raidEntries.raisedOn,
  }).from(raidEntries).leftJoin(users, eq(users.id, raidEntries.ownerUserId))
    .where(and(eq(raidEntries.type, 'issue'), eq(raidEntries.status, 'open'), inIds(raidEntries.itemId)))
    .orderBy(asc(raidEntries.dueDate), asc(raidEntries.id))
    .prepare();
  /** The open issues of these items, each item's soonest due first; every item asked about has an entry. */
  return (itemIds: number[], asOf: string): Map<number, OpenBlocker[]> => {
    const ids = [...new Set(itemIds)];
    const map = new Map<number, OpenBlocker[]>(ids.map((id) => [id, []]));
    if (ids.length === 0) return map;
    for (const { itemId, ...issue } of open.all(idList(ids))) {
      map.get(itemId!)?.push({ ...issue, overdue: isOverdue({ status: 'open', dueDate: issue.dueDate }, asOf) });
    }
    return map;
  };
}

/** The RAID issue a blocker became (migration 0025), by the blocker's old id. */
export function issueOfBlocker(db: Db, blockerId: number): { id: number; itemId: number | null } | undefined {
  return db.select({ id: raidEntries.id, itemId: raidEntries.itemId }).from(raidEntries).where(eq(raidEntries.legacyBlockerId, blockerId)).get();
}
