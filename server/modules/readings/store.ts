import { desc, eq, inArray, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { whereGiven } from '../../db/filters.ts';
import { councils, criteria, features, readings } from '../../db/schema.ts';
import type { Reading, ReadingQuery } from './schemas.ts';

const readingView = {
  id: readings.id,
  criterionId: readings.criterionId,
  criterionCode: criteria.code,
  criterionName: criteria.name,
  councilId: readings.councilId,
  councilCode: councils.code,
  featureId: readings.featureId,
  featureCode: features.code,
  value: readings.value,
  readingDate: readings.readingDate,
  note: readings.note,
  enteredByName: readings.enteredByName,
  enteredAt: readings.enteredAt,
};

export function readingFilter(q: Omit<ReadingQuery, 'limit' | 'offset'>): SQL | undefined {
  return whereGiven(
    [[readings.councilId, q.councilId], [readings.criterionId, q.criterionId], [readings.featureId, q.featureId]],
    { column: readings.readingDate, from: q.from, to: q.to },
  );
}

export function createReadingStore(db: Db) {
  const view = () => db.select(readingView).from(readings)
    .innerJoin(criteria, eq(criteria.id, readings.criterionId))
    .innerJoin(councils, eq(councils.id, readings.councilId))
    .leftJoin(features, eq(features.id, readings.featureId));
  return {
    page: (where: SQL | undefined, limit: number, offset: number): Reading[] =>
      view().where(where).orderBy(desc(readings.readingDate), desc(readings.id)).limit(limit).offset(offset).all(),
    byIds: (ids: number[]): Reading[] => (ids.length ? view().where(inArray(readings.id, ids)).orderBy(readings.id).all() : []),
    insert: (row: typeof readings.$inferInsert): number => db.insert(readings).values(row).returning({ id: readings.id }).get().id,
  };
}
