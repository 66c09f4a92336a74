import { and, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';

/**
 * The WHERE clause of a list filter: each column must equal its value when one is given; an optional
 * date column must fall within [from, to]. Values left out do not filter.
 */
export function whereGiven(
  equal: Array<[SQLiteColumn, string | number | boolean | undefined]>,
  range?: { column: SQLiteColumn; from?: string; to?: string },
): SQL | undefined {
  return and(
    ...equal.map(([column, value]) => (value !== undefined ? eq(column, value) : undefined)),
    range?.from !== undefined ? gte(range.column, range.from) : undefined,
    range?.to !== undefined ? lte(range.column, range.to) : undefined,
  );
}

/**
 * `column in (ids)`, the ids bound as one JSON array (`idList`): a statement prepared once serves any number
 * of them, and a long list never meets SQLite's limit on bound variables.
 */
export const inIds = (column: SQLiteColumn): SQL => sql`${column} in (select value from json_each(${sql.placeholder('ids')}))`;

/** The values to run an `inIds` statement with. */
export const idList = (ids: number[]): { ids: string } => ({ ids: JSON.stringify(ids) });
