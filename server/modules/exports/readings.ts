import { and, asc, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { readings } from '../../db/schema.ts';
import { cellColumn, type CsvColumn, writtenColumn } from '../../http/csv.ts';
import { readingFilter } from '../readings/read-model.ts';
import { keysetWindow } from '../../db/paging.ts';
import { csvCodesById, tuplePages } from './pages.ts';

/** A reading as the export reads it: one flat row of the table, no joins (codes come from maps made once). */
type ReadingTuple = [id: number, criterionId: number, councilId: number, featureId: number | null, date: string, value: number, note: string, enteredBy: string, enteredAt: string];

/**
 * Every reading (3 M at national scale) as CSV at the speed of the disk: one prepared statement over the readings
 * table alone, read as plain arrays a keyset page at a time; criterion, council and feature codes from maps made
 * once, each already written as its CSV cell; dates and instants written as they are (ISO, never quoted).
 */
export function readingRows(db: Db, query: Parameters<typeof readingFilter>[0]) {
  const [criterionCodes, councilCodes, featureCodes] = [csvCodesById(db, 'criteria'), csvCodesById(db, 'councils'), csvCodesById(db, 'features')];
  const page = db.select({
    id: readings.id, criterionId: readings.criterionId, councilId: readings.councilId, featureId: readings.featureId, date: readings.readingDate,
    value: readings.value, note: readings.note, enteredBy: readings.enteredByName, enteredAt: readings.enteredAt,
  }).from(readings)
    .where(and(readingFilter(query), keysetWindow(readings.id)))
    .orderBy(asc(readings.id)).limit(sql.placeholder('limit')).prepare();
  const text = cellColumn<ReadingTuple>;
  const plain = writtenColumn<ReadingTuple>;
  return {
    columns: [
      plain('criterion', (r) => criterionCodes.get(r[1]) ?? ''), plain('council', (r) => councilCodes.get(r[2]) ?? ''),
      plain('feature', (r) => (r[3] === null ? '' : featureCodes.get(r[3]) ?? '')),
      plain('date', (r) => r[4]), { header: 'value', value: (r) => r[5], written: (r) => String(r[5]) }, text('note', (r) => r[6]),
      text('entered_by', (r) => r[7]), plain('entered_at', (r) => r[8]),
    ] satisfies Array<CsvColumn<ReadingTuple>>,
    pages: tuplePages<ReadingTuple>(db, readings, page),
  };
}
