import { desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { idList, inIds, whereGiven } from '../../db/filters.ts';
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
  // A bulk upload's hot path: every statement is prepared once.
  const insert = db.insert(readings).values({
    criterionId: sql.placeholder('criterionId'), councilId: sql.placeholder('councilId'), featureId: sql.placeholder('featureId'),
    value: sql.placeholder('value'), readingDate: sql.placeholder('readingDate'), note: sql.placeholder('note'),
    enteredBy: sql.placeholder('enteredBy'), enteredByName: sql.placeholder('enteredByName'), enteredAt: sql.placeholder('enteredAt'),
  }).returning({ id: readings.id }).prepare();
  const byIds = view().where(inIds(readings.id)).orderBy(readings.id).prepare();
  const criteriaByIds = db.select().from(criteria).where(inIds(criteria.id)).prepare();
  const councilsByIds = db.select({ id: councils.id }).from(councils).where(inIds(councils.id)).prepare();
  const featuresByIds = db.select().from(features).where(inIds(features.id)).prepare();
  return {
    page: (where: SQL | undefined, limit: number, offset: number): Reading[] =>
      view().where(where).orderBy(desc(readings.readingDate), desc(readings.id)).limit(limit).offset(offset).all(),
    byIds: (ids: number[]): Reading[] => byIds.all(idList(ids)),
    insert: (row: Required<Omit<typeof readings.$inferInsert, 'id'>>): number => insert.get(row)!.id,
    /** What a batch of rows refers to, each kind fetched in one statement. */
    referenced: (ids: { criteria: number[]; councils: number[]; features: number[] }) => ({
      criteria: criteriaByIds.all(idList(ids.criteria)),
      councilIds: councilsByIds.all(idList(ids.councils)).map((c) => c.id),
      features: featuresByIds.all(idList(ids.features)),
    }),
  };
}
