import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { auditLog, users } from '../../db/schema.ts';
import { cellColumn, csvCell, type CsvColumn } from '../../http/csv.ts';
import { auditWhere, type AuditFilter } from '../audit/read-model.ts';
import { keysetWindow } from '../../db/paging.ts';
import { tuplePages } from './pages.ts';

/** An audit row as the export reads it: plain values, the changed fields as the JSON text stored. */
type AuditTuple = [id: number, at: string, userName: string | null, email: string | null, action: string, entity: string, entityId: number | null, before: string | null, after: string | null];

/**
 * The stored JSON of a change as the cell shows it. The audit trail's JSON is written by JSON.stringify (drizzle's
 * json columns), so the text is what parsing and writing it again would give: a million rows are not parsed twice.
 * SQL null and a JSON null are both an empty cell, as they were when the column was read parsed.
 */
const changed = (text: string | null): string => (text === null || text === 'null' ? '' : csvCell(text));

/**
 * The audit trail (a million rows at national scale) as CSV: one prepared statement read as plain arrays a keyset
 * page at a time, instead of a query built per page whose rows were objects with both JSON columns parsed.
 */
export function auditRows(db: Db, query: AuditFilter) {
  const page = db.select({
    id: auditLog.id, at: auditLog.at, userName: auditLog.userName, email: users.email, action: auditLog.action, entity: auditLog.entity,
    entityId: auditLog.entityId, before: auditLog.before, after: auditLog.after,
  }).from(auditLog).leftJoin(users, eq(users.id, auditLog.userId))
    .where(and(auditWhere(query), keysetWindow(auditLog.id)))
    .orderBy(asc(auditLog.id)).limit(sql.placeholder('limit')).prepare();
  const cell = cellColumn<AuditTuple>;
  return {
    columns: [
      cell('at', (a) => a[1]), cell('user', (a) => a[2]), cell('user_email', (a) => a[3]), cell('action', (a) => a[4]),
      cell('entity', (a) => a[5]), cell('entity_id', (a) => a[6]),
      { header: 'before', value: (a) => (a[7] === 'null' ? null : a[7]), written: (a) => changed(a[7]) },
      { header: 'after', value: (a) => (a[8] === 'null' ? null : a[8]), written: (a) => changed(a[8]) },
    ] satisfies Array<CsvColumn<AuditTuple>>,
    pages: tuplePages<AuditTuple>(db, auditLog, page),
  };
}
