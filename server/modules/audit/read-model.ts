import { and, desc, eq, gte, lt, type SQL } from 'drizzle-orm';
import { addDays, parseISO } from 'date-fns';
import { isoDay } from '../../domain/clock.ts';
import type { Db } from '../../db/database.ts';
import { createAppendOnlyCounter, type OffThreadCount } from '../../db/paging.ts';
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

/**
 * How many rows a filtered view of the audit trail holds. The first count of a filter reads up to hundreds of
 * thousands of index entries (a year's rows by date, or every change to items: 40–120 ms at a million rows), so it
 * runs off the event loop, and after that only rows added since are counted (createAppendOnlyCounter).
 */
export function createFilteredAuditCounter(db: Db, offThread?: OffThreadCount): (filter: AuditFilter) => Promise<number> {
  const counter = createAppendOnlyCounter(db, auditLog, auditLog.id, { offThread });
  return (filter) => counter([filter.entity, filter.entityId, filter.userId, filter.from, filter.to].join('|'), auditWhere(filter));
}
