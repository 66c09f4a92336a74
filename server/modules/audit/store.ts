import { and, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import { addDays, parseISO } from 'date-fns';
import { isoDay } from '../../domain/clock.ts';
import type { Actor } from '../../auth/actor.ts';
import type { Db } from '../../db/database.ts';
import { auditLog } from '../../db/schema.ts';
import { auditRowHash } from '../../db/audit-chain.ts';
import type { AuditEntity } from './schemas.ts';

export type { AuditEntity };

export interface AuditEntry {
  action: 'create' | 'update' | 'delete';
  entity: AuditEntity;
  entityId: number;
  before?: unknown;
  after?: unknown;
}

/** Only what changed: the fields whose values differ, before and after. Creates and deletes keep the whole record. */
export function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const ignored = new Set(['version', 'updatedAt']);
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (ignored.has(key)) continue;
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      b[key] = before[key];
      a[key] = after[key];
    }
  }
  return { before: b, after: a };
}

/** Appends to the audit trail. Call inside the transaction of the change it records. */
export function recordAudit(db: Db, actor: Actor, at: Date, entry: AuditEntry): void {
  let before = entry.before ?? null;
  let after = entry.after ?? null;
  if (entry.action === 'update' && before && after) {
    const diff = changedFields(before as Record<string, unknown>, after as Record<string, unknown>);
    if (Object.keys(diff.after).length === 0) return; // nothing changed, nothing to record
    ({ before, after } = diff);
  }
  const row = {
    at: at.toISOString(), userId: actor.id, userName: actor.name, action: entry.action, entity: entry.entity, entityId: entry.entityId,
    before: before === null ? null : JSON.stringify(before), after: after === null ? null : JSON.stringify(after),
  };
  // The chain: this row's hash covers its content and the previous row's hash (see chain.ts). Read and
  // written in the caller's transaction; a second writer in between makes this one fail, never fork the chain.
  const prevHash = db.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.id)).limit(1).get()?.hash ?? null;
  db.insert(auditLog).values({
    ...row,
    // Bound as the exact text that was hashed, not re-serialised by the column's JSON mode.
    before: sql`${row.before}`, after: sql`${row.after}`, prevHash, hash: auditRowHash(prevHash, row),
  }).run();
}

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
