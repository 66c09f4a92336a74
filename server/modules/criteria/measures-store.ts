import { count, desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { criterionRamps, programmeReadings, readings } from '../../db/schema.ts';
import type { ProgrammeReading, Ramp } from './measures-schemas.ts';

/** SQL for ramps and programme-wide readings: both append-only (migration 0024). */
export function createMeasuresStore(db: Db) {
  const rampColumns = {
    id: criterionRamps.id, criterionId: criterionRamps.criterionId, effectiveFrom: criterionRamps.effectiveFrom, points: criterionRamps.points,
    reason: criterionRamps.reason, enteredByName: criterionRamps.enteredByName, enteredAt: criterionRamps.enteredAt,
  };
  const readingColumns = {
    id: programmeReadings.id, criterionId: programmeReadings.criterionId, value: programmeReadings.value, readingDate: programmeReadings.readingDate,
    note: programmeReadings.note, enteredByName: programmeReadings.enteredByName, enteredAt: programmeReadings.enteredAt,
  };
  return {
    /** Every ramp of a criterion, newest (latest effective, then latest entered) first. */
    rampsOf: (criterionId: number): Ramp[] =>
      db.select(rampColumns).from(criterionRamps).where(eq(criterionRamps.criterionId, criterionId))
        .orderBy(desc(criterionRamps.effectiveFrom), desc(criterionRamps.id)).all(),
    insertRamp: (row: typeof criterionRamps.$inferInsert): Ramp =>
      db.insert(criterionRamps).values(row).returning(rampColumns).get(),

    readingsOf: (criterionId: number, limit: number, offset: number): ProgrammeReading[] =>
      db.select(readingColumns).from(programmeReadings).where(eq(programmeReadings.criterionId, criterionId))
        .orderBy(desc(programmeReadings.readingDate), desc(programmeReadings.id)).limit(limit).offset(offset).all(),
    countReadings: (criterionId: number): number =>
      db.select({ n: count() }).from(programmeReadings).where(eq(programmeReadings.criterionId, criterionId)).get()?.n ?? 0,
    insertReading: (row: typeof programmeReadings.$inferInsert): ProgrammeReading =>
      db.insert(programmeReadings).values(row).returning(readingColumns).get(),

    /** Council readings of a criterion: a criterion with any cannot become programme-wide, and the reverse. */
    countCouncilReadings: (criterionId: number): number =>
      db.select({ n: count() }).from(readings).where(eq(readings.criterionId, criterionId)).get()?.n ?? 0,
  };
}
