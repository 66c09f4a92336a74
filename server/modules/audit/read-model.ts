import { and, desc, eq, gte, lt, type SQL } from 'drizzle-orm';
import { addDays, parseISO } from 'date-fns';
import { isoDay } from '../../domain/clock.ts';
import type { Db } from '../../db/database.ts';
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
