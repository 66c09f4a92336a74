import { and, count, gt, lte, max, sql, type SQL } from 'drizzle-orm';
import { LRUCache } from 'lru-cache';
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

/** Runs one counting statement off the serving thread: the database's background thread (db/database-thread.ts). */
export type OffThreadCount = (sql: string, params: unknown[]) => Promise<number>;

/**
 * countWhere off the event loop when the database is a file: on the database's background thread when the server
 * runs one (`offThread`), else in a worker thread started for it, each with a read-only connection of its own; on
 * the serving thread when it is in memory (there is no file for a second connection). For counts that read hundreds
 * of thousands of index entries; the other connection sees every transaction committed before it was asked.
 */
export function countWhereOffLoop(db: Db, table: SQLiteTable, where: SQL | undefined, offThread?: OffThreadCount): Promise<number> {
  if (db.$client.memory) return Promise.resolve(countWhere(db, table, where));
  const query = db.select({ n: count() }).from(table).where(where).toSQL();
  return offThread?.(query.sql, query.params) ?? countInWorker(db.$client.name, query.sql, query.params);
}

/** What a count that could not run says, wherever it ran (a worker of its own or the database thread). */
export const NOT_COUNTED = 'The rows could not be counted';

/** A counting statement in a worker thread of its own (count.worker.ts), on a read-only connection to `file`. */
export const countInWorker = (file: string, sql: string, params: unknown[]): Promise<number> =>
  askWorker<number>('count', { file, sql, params }, NOT_COUNTED);

export function toPage<Row>(data: Row[], total: number, bounds: { limit: number; offset: number }): Page<Row> {
  return { data, page: { total, ...bounds } };
}

/** Where one window of a keyset read falls: ids after the `after` placeholder, up to `upto` (both filled per window). */
export const keysetWindow = (id: SQLiteColumn): SQL => and(gt(id, sql.placeholder('after')), lte(id, sql.placeholder('upto')))!;

/** A filter's count as far as a row: the rows after `last` are counted as they are asked for. */
type Counted = { total: number; last: number };

/**
 * How many rows of an append-only table (the database refuses updates and deletes: the audit trail, readings) a
 * filter matches, for the page envelope of a list over hundreds of thousands of rows. A filter's first count runs
 * off the event loop (countWhereOffLoop) up to the last row written when it was asked; after that only rows added
 * since are counted. The last `remember` filters are kept, by the key the caller gives each, and first counts run
 * one at a time, so many new filters at once wait their turn rather than start a worker each. Inside a transaction
 * the count is made on the spot and kept nowhere, as every answer kept in memory is (docs/architecture.md).
 */
export function createAppendOnlyCounter(db: Db, table: SQLiteTable, id: SQLiteColumn, options: { remember?: number; offThread?: OffThreadCount } = {}): (key: string, where: SQL | undefined) => Promise<number> {
  const counted = new LRUCache<string, Promise<Counted>>({ max: options.remember ?? 64 });
  const lastId = db.select({ last: max(id) }).from(table).prepare();
  let queue: Promise<unknown> = Promise.resolve();
  return async (key, where) => {
    // Inside a transaction rows may yet be rolled back and their ids used again: counted afresh, nothing kept.
    if (db.$client.inTransaction) return countWhere(db, table, where);
    let base = counted.get(key);
    if (!base) {
      const upTo = (lastId.get()?.last as number | null | undefined) ?? 0;
      const total = queue.then(() => countWhereOffLoop(db, table, and(where, lte(id, upTo)), options.offThread));
      queue = total.catch(() => undefined);
      base = total.then((n) => ({ total: n, last: upTo }));
      counted.set(key, base);
      base.catch(() => counted.delete(key));
    }
    const known = await base;
    const added = db.select({ n: count(), last: max(id) }).from(table).where(and(where, gt(id, known.last))).get();
    if (added && added.n > 0) {
      known.total += added.n;
      known.last = added.last as number;
    }
    return known.total;
  };
}
