import { and, asc, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { benefitVolumes } from '../../db/schema.ts';
import { cellColumn, type CsvColumn, writtenColumn } from '../../http/csv.ts';
import { entryFilter } from '../benefits/read-model.ts';
import { keysetWindow } from '../../db/paging.ts';
import { csvCodesById, tuplePages } from './pages.ts';

/** A volume entry as the export reads it: one flat row of the table, no joins (codes come from maps made once). */
type VolumeTuple = [
  id: number, councilId: number, transactionTypeId: number, month: string, paper: number | null, email: number | null, phone: number | null,
  faceToFace: number | null, online: number | null, assisted: number | null, note: string, enteredBy: string, enteredAt: string,
];

/**
 * Every monthly volume entry (86,400 at national scale) as CSV: one prepared statement over the volumes table alone,
 * read as plain arrays a keyset page at a time; council and transaction type codes from maps made once, each
 * already written as its CSV cell (an entry whose council or type has no code is left out, as the joins left it).
 */
export function volumeRows(db: Db, query: Parameters<typeof entryFilter>[0]) {
  const [councilCodes, typeCodes] = [csvCodesById(db, 'councils'), csvCodesById(db, 'transaction_types')];
  const page = db.select({
    id: benefitVolumes.id, councilId: benefitVolumes.councilId, transactionTypeId: benefitVolumes.transactionTypeId, month: benefitVolumes.month,
    paper: benefitVolumes.paper, email: benefitVolumes.email, phone: benefitVolumes.phone, faceToFace: benefitVolumes.faceToFace, online: benefitVolumes.online,
    assisted: benefitVolumes.assisted, note: benefitVolumes.note, enteredBy: benefitVolumes.enteredByName, enteredAt: benefitVolumes.enteredAt,
  }).from(benefitVolumes)
    .where(and(entryFilter(query), keysetWindow(benefitVolumes.id)))
    .orderBy(asc(benefitVolumes.id)).limit(sql.placeholder('limit')).prepare();
  const coded = (r: VolumeTuple) => councilCodes.has(r[1]) && typeCodes.has(r[2]);
  const cell = cellColumn<VolumeTuple>;
  return {
    columns: [
      writtenColumn('council', (r) => councilCodes.get(r[1]) ?? ''), writtenColumn('transaction_type', (r) => typeCodes.get(r[2]) ?? ''),
      cell('month', (r) => r[3]), cell('paper', (r) => r[4]), cell('email', (r) => r[5]), cell('phone', (r) => r[6]), cell('face_to_face', (r) => r[7]),
      cell('online', (r) => r[8]), cell('assisted', (r) => r[9]), cell('note', (r) => r[10]), cell('entered_by', (r) => r[11]), cell('entered_at', (r) => r[12]),
    ] satisfies Array<CsvColumn<VolumeTuple>>,
    // keysetPages goes on from the last row it read, so leaving rows out after it cannot skip any.
    pages: (function* pages() {
      for (const rows of tuplePages<VolumeTuple>(db, benefitVolumes, page)) yield rows.every(coded) ? rows : rows.filter(coded);
    })(),
  };
}
