import { and, eq, gte, lte, type SQL } from 'drizzle-orm';
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
