import { and, asc, sql } from 'drizzle-orm';
import type { SelectedFields } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../db/database.ts';
import { readings } from '../../db/schema.ts';
import { AS_IS_CELL, csvCell, type CsvColumn, writtenColumn } from '../../http/csv.ts';
import { readingFilter } from '../readings/read-model.ts';
import { keysetWindow } from '../../db/paging.ts';
import { csvCodesById, keysetPages, lastIdOf } from './pages.ts';

/**
 * A reading as the export writes it: one flat row of the table, no joins (codes come from maps made once), its last
 * three cells (note, entered_by, entered_at) already written as CSV, joined by commas.
 */
export type ReadingTuple = [id: number, criterionId: number, councilId: number, featureId: number | null, date: string, value: number, lastCells: string];
/** The same row as read cell by cell: the note, the name and the instant apart (the last three written into the seventh). */
type SplitTuple = [...head: ReadingTuple extends [...infer H, string] ? H : never, note: string, enteredBy: string, enteredAt: string];

/**
 * The last three cells as SQLite joins them are already right as CSV when the note and the name need neither quotes
 * nor an apostrophe (no quote, comma or line break; no formula character or apostrophe first) and the instant holds
 * no comma: then the text has exactly two commas, one after each. Anything else is written cell by cell.
 */
const PLAIN_LAST_CELLS = new RegExp(`^${AS_IS_CELL},${AS_IS_CELL},[^",\r\n]*$`);
/** One cell that csvCell writes as it is. */
const PLAIN_CELL = new RegExp(`^${AS_IS_CELL}$`);

/**
 * Above this share of rows that need a cell written one by one, the next page is read cell by cell. Each value handed
 * from SQLite to JavaScript costs about as much as reading it, so three cells read as one save about a quarter of a
 * row's cost; a row read again by its id costs about three times that. Measured over 300,000 readings, against the
 * export before (every page cell by cell): every note plain, 289 ms against 353; three in ten with a comma, 355 against
 * 366; all of them, 368 against 391, where reading joined and each such row again took 680.
 */
const MOST_ODD = 1 / 8;

export interface ReadingPageReads {
  /** A page with the last three cells joined by SQLite. */
  joined: (after: number, upto: number, limit: number) => ReadingTuple[];
  /** The same page with them apart. */
  split: (after: number, upto: number, limit: number) => SplitTuple[];
  /** Rows read again by id, their last three cells apart: where a joined page held some that need quotes. */
  again: (ids: number[]) => Array<{ id: number; note: string; enteredBy: string; enteredAt: string }>;
}

const lastCells = (note: string, enteredBy: string, enteredAt: string) => `${csvCell(note)},${csvCell(enteredBy)},${enteredAt}`;

/**
 * Reads pages of readings with their last cells written: joined by SQLite while few rows need quotes, cell by cell
 * while many do (the share of the page before decides). Rows read again are read in the same turn as their page
 * (readings are never changed, only added): the same rows.
 */
export function readingPageReader(reads: ReadingPageReads): (after: number, upto: number, limit: number) => ReadingTuple[] {
  let joined = true;
  return (after, upto, limit) => {
    if (!joined) {
      const rows = reads.split(after, upto, limit);
      let odd = 0;
      for (const row of rows) {
        if (!PLAIN_CELL.test(row[6]) || !PLAIN_CELL.test(row[7]) || row[8].includes(',')) odd++;
        (row as unknown as ReadingTuple)[6] = lastCells(row[6], row[7], row[8]); // the cells after it are not written
      }
      joined = odd <= rows.length * MOST_ODD;
      return rows as unknown as ReadingTuple[];
    }
    const rows = reads.joined(after, upto, limit);
    const odd = rows.filter((row) => !PLAIN_LAST_CELLS.test(row[6]));
    if (odd.length > 0) {
      const written = new Map(reads.again(odd.map((row) => row[0])).map((r) => [r.id, lastCells(r.note, r.enteredBy, r.enteredAt)]));
      for (const row of odd) row[6] = written.get(row[0])!;
    }
    joined = odd.length <= rows.length * MOST_ODD;
    return rows;
  };
}

/**
 * Every reading (3 M at national scale) as CSV at the speed of the disk: prepared statements over the readings table
 * alone, read as plain arrays a keyset page at a time; criterion, council and feature codes from maps made once, each
 * already written as its CSV cell; dates and instants written as they are (ISO, never quoted); the note, the name and
 * the instant read as one text where they need no quotes (`readingPageReader`).
 */
export function readingRows(db: Db, query: Parameters<typeof readingFilter>[0]) {
  const [criterionCodes, councilCodes, featureCodes] = [csvCodesById(db, 'criteria'), csvCodesById(db, 'councils'), csvCodesById(db, 'features')];
  const head = { id: readings.id, criterionId: readings.criterionId, councilId: readings.councilId, featureId: readings.featureId, date: readings.readingDate, value: readings.value };
  const pageOf = (fields: SelectedFields) => db.select({ ...head, ...fields }).from(readings)
    .where(and(readingFilter(query), keysetWindow(readings.id))).orderBy(asc(readings.id)).limit(sql.placeholder('limit')).prepare();
  const joined = pageOf({ lastCells: sql<string>`${readings.note} || ',' || ${readings.enteredByName} || ',' || ${readings.enteredAt}` });
  const apart = { note: readings.note, enteredBy: readings.enteredByName, enteredAt: readings.enteredAt };
  const split = pageOf(apart);
  const again = db.select({ id: readings.id, ...apart })
    .from(readings).where(sql`${readings.id} in (select value from json_each(${sql.placeholder('ids')}))`).prepare();
  const read = readingPageReader({
    joined: (after, upto, limit) => joined.values({ after, upto, limit }) as ReadingTuple[],
    split: (after, upto, limit) => split.values({ after, upto, limit }) as SplitTuple[],
    again: (ids) => again.all({ ids: JSON.stringify(ids) }),
  });
  const plain = writtenColumn<ReadingTuple>;
  return {
    columns: [
      plain('criterion', (r) => criterionCodes.get(r[1]) ?? ''), plain('council', (r) => councilCodes.get(r[2]) ?? ''),
      plain('feature', (r) => (r[3] === null ? '' : featureCodes.get(r[3]) ?? '')),
      plain('date', (r) => r[4]), { header: 'value', value: (r) => r[5], written: (r) => String(r[5]) },
      { header: 'note', headers: ['note', 'entered_by', 'entered_at'], value: (r) => r[6], written: (r) => r[6] },
    ] satisfies Array<CsvColumn<ReadingTuple>>,
    pages: keysetPages(read, lastIdOf(db, readings), (row) => row[0]),
  };
}
