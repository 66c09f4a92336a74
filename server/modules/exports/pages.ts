import { max } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../db/database.ts';
import { csvCell } from '../../http/csv.ts';

/**
 * How long one page's query should take. Pages are sized by time, not by count: a page of 5,000 audit rows (their
 * before and after JSON) took 25–70 ms on a busy machine where 5,000 readings took 15, and a filter that matches few
 * rows (a date range over a million audit rows) looks through many ids for each row it finds. csvStream hands the
 * event loop back whenever a slice passes 8 ms, so a page of a few milliseconds keeps every pause short.
 */
const TARGET_MS = 4;

/** The first page's size: small, since nothing is known yet of how costly this table's rows are. */
const FIRST = { rows: 500, ids: 5_000 };
/**
 * The bounds within which the size follows the time the pages take. At most 1,000 rows, however quick: a page is alive
 * while it is written, and every young-generation collection meanwhile copies what is alive (and moves what survives
 * two into the old generation). Read apart (no HTTP, semi-spaces of 8 MB as the server runs), the 3 M readings went at
 * 74–77 MB/s in pages of 250–1,000 rows, 64–69 in pages of 2,000–5,000 and 41 in pages of 20,000 (docs/performance.md,
 * "The readings export's garbage").
 */
export const PAGE_ROWS = { min: 50, max: 1_000 };
const IDS = { min: 500, max: 200_000 };

const clamp = (value: number, bounds: { min: number; max: number }) => Math.min(bounds.max, Math.max(bounds.min, Math.round(value)));

/**
 * Pages of a table in id order, by keyset, up to the highest id when the export began: each page is one short
 * query for at most `rows` rows among at most `ids` ids (a window with no match gives an empty page, so the stream
 * can hand the event loop back). After each page both grow or shrink, at most twofold, towards the size that takes
 * TARGET_MS. The rows, and so the file, are the same whatever the sizes.
 */
export function* keysetPages<Row>(read: (afterId: number, uptoId: number, limit: number) => Row[], lastId: number, idOf: (row: Row) => number = (row) => (row as { id: number }).id): Generator<Row[]> {
  let after = 0;
  let { rows, ids } = FIRST;
  while (after < lastId) {
    const upto = Math.min(after + ids, lastId);
    const started = performance.now();
    const page = read(after, upto, rows);
    const factor = Math.min(2, Math.max(0.5, TARGET_MS / Math.max(performance.now() - started, 0.05)));
    yield page;
    after = page.length === rows ? idOf(page[page.length - 1]!) : upto;
    rows = clamp(rows * factor, PAGE_ROWS);
    ids = clamp(ids * factor, IDS);
  }
}

/**
 * The pages of a table read by one prepared query (its condition with db/paging.ts's keysetWindow, its limit the `limit`
 * placeholder) as plain arrays whose first value is the id, up to the table's highest id when the export began.
 */
export function tuplePages<Row extends [number, ...unknown[]]>(db: Db, table: SQLiteTable & { id: SQLiteColumn }, page: { values(params: Record<string, number>): unknown }): Generator<Row[]> {
  return keysetPages((after, upto, limit) => page.values({ after, upto, limit }) as Row[], lastIdOf(db, table), (row) => row[0]);
}

/** The highest id of a table now: where a keyset export stops. */
export const lastIdOf = (db: Db, table: SQLiteTable & { id: SQLiteColumn }): number => Number(db.select({ n: max(table.id) }).from(table).get()?.n ?? 0);

/** Every code of a catalogue table by id, each already written as a CSV cell: what a flat export writes for an id. */
export function csvCodesById(db: Db, table: 'councils' | 'criteria' | 'features' | 'transaction_types'): Map<number, string> {
  const rows = db.$client.prepare(`select id, code from ${table}`).raw().all() as Array<[number, string]>;
  return new Map(rows.map(([id, code]) => [id, csvCell(code)]));
}
