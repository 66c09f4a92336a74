import { and, count, desc, eq, gt, gte, lt, lte, max, type SQL } from 'drizzle-orm';
import { addDays, parseISO } from 'date-fns';
import { LRUCache } from 'lru-cache';
import { isoDay } from '../../domain/clock.ts';
import type { Db } from '../../db/database.ts';
import { countWhereOffLoop } from '../../db/paging.ts';
import { auditLog } from '../../db/schema.ts';

/** The audit trail as other modules read it: the filter of the audit routes and one page of rows, newest first. */
export interface AuditFilter {
  entity?: string;
  entityId?: number;
  userId?: number;
  /** Calendar days, inclusive. */
  from?: string;
  to?: string;
}

export function auditWhere(filter: AuditFilter): SQL | undefined {
  return and(
    filter.entity !== undefined ? eq(auditLog.entity, filter.entity) : undefined,
    filter.entityId !== undefined ? eq(auditLog.entityId, filter.entityId) : undefined,
    filter.userId !== undefined ? eq(auditLog.userId, filter.userId) : undefined,
    filter.from !== undefined ? gte(auditLog.at, filter.from) : undefined,
    filter.to !== undefined ? lt(auditLog.at, isoDay(addDays(parseISO(filter.to), 1))) : undefined,
  );
}

export function auditPage(db: Db, where: SQL | undefined, limit: number, offset: number) {
  return db.select().from(auditLog).where(where).orderBy(desc(auditLog.id)).limit(limit).offset(offset).all();
}

/**
 * How many rows the whole audit trail holds: counted once, then only the rows added since. The trail is append-only
 * (triggers refuse UPDATE and DELETE, and the chain's verification names a row removed behind the application's
 * back), so counting a million rows (some 30 ms of the event loop) is paid once per process, not per page.
 */
export function createAuditCounter(db: Db): () => number {
  // The first count reads the smallest index; counting by a range of ids would read the table itself.
  const all = db.$client.prepare('select count(*) as n, max(id) as last from audit_log');
  const since = db.$client.prepare('select count(*) as n, max(id) as last from audit_log where id > ?');
  let counted = { total: 0, last: 0 };
  return () => {
    const added = (counted.last === 0 ? all.get() : since.get(counted.last)) as { n: number; last: number | null };
    if (added.n > 0) counted = { total: counted.total + added.n, last: added.last! };
    return counted.total;
  };
}

/** A filter's count as far as a row: the rows after `last` are counted as they are asked for. */
type Counted = { total: number; last: number };

/**
 * How many rows a filtered view of the audit trail holds. The first count of a filter reads up to hundreds of
 * thousands of index entries (a year's rows by date, or every change to items: 40–120 ms at a million rows), so it
 * runs off the event loop (countWhereOffLoop) up to the last row written when it was asked; after that, as the
 * trail is append-only, only rows added since are counted. The last 64 filters asked for are remembered, and first
 * counts run one at a time.
 */
export function createFilteredAuditCounter(db: Db): (filter: AuditFilter) => Promise<number> {
  const counted = new LRUCache<string, Promise<Counted>>({ max: 64 });
  const lastId = db.$client.prepare('select max(id) from audit_log').pluck();
  // One first count at a time: many new filters at once wait their turn rather than start a worker each.
  let queue: Promise<unknown> = Promise.resolve();
  return async (filter) => {
    const where = auditWhere(filter);
    const key = [filter.entity, filter.entityId, filter.userId, filter.from, filter.to].join('|');
    let base = counted.get(key);
    if (!base) {
      const upTo = (lastId.get() as number | null) ?? 0;
      const total = queue.then(() => countWhereOffLoop(db, auditLog, and(where, lte(auditLog.id, upTo))));
      queue = total.catch(() => undefined);
      base = total.then((n) => ({ total: n, last: upTo }));
      counted.set(key, base);
      base.catch(() => counted.delete(key));
    }
    const known = await base;
    const added = db.select({ n: count(), last: max(auditLog.id) }).from(auditLog).where(and(where, gt(auditLog.id, known.last))).get();
    if (added && added.n > 0) {
      known.total += added.n;
      known.last = added.last!;
    }
    return known.total;
  };
}
