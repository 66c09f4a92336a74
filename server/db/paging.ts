import { and, count, gt, lte, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from './database.ts';
import { askWorker } from './workers.ts';

/** One page of a list, with the total the filter matches. */
export interface Page<Row> {
  data: Row[];
  page: { total: number; limit: number; offset: number };
}

export interface PageRequest {
  limit?: number;
  offset?: number;
}

export const DEFAULT_PAGE_SIZE = 50;

export function pageBounds(request: PageRequest): { limit: number; offset: number } {
  return { limit: request.limit ?? DEFAULT_PAGE_SIZE, offset: request.offset ?? 0 };
}

/** Counts the rows a filter matches, for the page envelope. */
export function countWhere(db: Db, table: SQLiteTable, where: SQL | undefined): number {
  return db.select({ n: count() }).from(table).where(where).get()?.n ?? 0;
}

/**
 * countWhere off the event loop: in a worker thread with a read-only connection of its own when the database is a
 * file, on the serving thread when it is in memory (there is no file for a second connection). For counts that read
 * hundreds of thousands of index entries; the worker sees every transaction committed before it was asked.
 */
export function countWhereOffLoop(db: Db, table: SQLiteTable, where: SQL | undefined): Promise<number> {
  if (db.$client.memory) return Promise.resolve(countWhere(db, table, where));
  const query = db.select({ n: count() }).from(table).where(where).toSQL();
  return askWorker<number>('count', { file: db.$client.name, sql: query.sql, params: query.params }, 'The rows could not be counted');
}

export function toPage<Row>(data: Row[], total: number, bounds: { limit: number; offset: number }): Page<Row> {
  return { data, page: { total, ...bounds } };
}

/** Where one window of a keyset read falls: ids after the `after` placeholder, up to `upto` (both filled per window). */
export const keysetWindow = (id: SQLiteColumn): SQL => and(gt(id, sql.placeholder('after')), lte(id, sql.placeholder('upto')))!;
