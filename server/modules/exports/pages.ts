import { max } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../db/database.ts';

/** Rows are read this many at a time for the long tables, so memory stays flat. */
const PAGE = 5000;

/**
 * Ids a page may look through at most: with a filter that matches few rows (a date range over a million audit
 * rows), a page of PAGE matches could otherwise scan the whole table in one query and hold the event loop.
 */
const WINDOW = 50_000;

/**
 * Pages of a table in id order, by keyset: each page is one short query over at most WINDOW ids, up to the
 * highest id when the export began (a window with no match gives an empty page).
 */
export function* keysetPages<Row>(read: (afterId: number, uptoId: number, limit: number) => Row[], lastId: number, idOf: (row: Row) => number = (row) => (row as { id: number }).id): Generator<Row[]> {
  let after = 0;
  while (after < lastId) {
    const upto = Math.min(after + WINDOW, lastId);
    const page = read(after, upto, PAGE);
    // An empty window still comes back as an empty page, so the stream can hand the event loop back.
    yield page;
    after = page.length === PAGE ? idOf(page[page.length - 1]!) : upto;
  }
}

/** The highest id of a table now: where a keyset export stops. */
export const lastIdOf = (db: Db, table: SQLiteTable & { id: SQLiteColumn }): number => Number(db.select({ n: max(table.id) }).from(table).get()?.n ?? 0);
