import { asc, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { criteria, criterionOverrides, criterionRamps, latestReadings } from '../../db/schema.ts';
import type { ReadingPoint } from '../../domain/readiness.ts';

export type CriterionRow = typeof criteria.$inferSelect;
export type OverrideRow = typeof criterionOverrides.$inferSelect;
export type RampRow = Pick<typeof criterionRamps.$inferSelect, 'criterionId' | 'effectiveFrom' | 'points'>;

export interface KeyedReading extends ReadingPoint {
  criterionId: number;
  councilId: number;
  featureId: number | null;
}

/** The key a reading is filed under: a criterion, a council, and a feature for per-feature criteria. */
export const readingKey = (criterionId: number, councilId: number, featureId: number | null): string => `${criterionId}:${councilId}:${featureId ?? ''}`;

/**
 * Readings filed by series (`readingKey`), each series in the readings' order: what `groupBy` with `readingKey`
 * gives, in the same order, but the key is made only where the series changes. The history queries and kept
 * histories come sorted by series, so an item's page over thousands of readings makes a few dozen keys, not one
 * string per reading; readings in any other order are filed the same, only with more keys made.
 */
export function groupBySeries<R extends KeyedReading>(readings: Iterable<R>): Map<string, R[]> {
  const map = new Map<string, R[]>();
  let previous: R | undefined;
  let list: R[] = [];
  for (const r of readings) {
    if (previous === undefined || r.criterionId !== previous.criterionId || r.councilId !== previous.councilId || r.featureId !== previous.featureId) {
      const key = readingKey(r.criterionId, r.councilId, r.featureId);
      const found = map.get(key);
      if (found) list = found;
      else map.set(key, (list = []));
    }
    list.push(r);
    previous = r;
  }
  return map;
}

/** What readiness is computed from: the catalogue, its overrides, and readings up to a day. */
export function createReadinessStore(db: Db) {
  const allCriteria = db.select().from(criteria).orderBy(asc(criteria.id)).prepare();
  const allOverrides = db.select().from(criterionOverrides).prepare();
  const allRamps = db.select({ criterionId: criterionRamps.criterionId, effectiveFrom: criterionRamps.effectiveFrom, points: criterionRamps.points })
    .from(criterionRamps).orderBy(asc(criterionRamps.criterionId), asc(criterionRamps.effectiveFrom), asc(criterionRamps.id)).prepare();
  // Programme-wide series, one reading a day (the day's last entry is the correction), oldest first.
  const programmeHistory = db.$client.prepare(`select criterion_id, value, reading_date, max(id) from programme_readings
    where reading_date <= ? group by criterion_id, reading_date order by criterion_id, reading_date`).raw(true);

  const councilIds = db.$client.prepare('select id from councils order by name').pluck(true);
  const latestOfCouncil = db.select().from(latestReadings).where(sql`${latestReadings.councilId} = ${sql.placeholder('councilId')}`).prepare();
  // Each series oldest first, one reading a day: of a day's entries the last one counts, as it is the correction
  // (SQLite takes the bare columns from the row holding max(id)). Grouped along the covering series index, so a
  // series corrected a thousand times in a day costs an index scan, not a thousand rows.
  const itemHistory = db.$client.prepare(`select criterion_id, feature_id, value, reading_date, max(id)
    from readings where council_id = ? and (feature_id is null or feature_id = ?) and reading_date > ? and reading_date <= ?
    group by criterion_id, feature_id, reading_date order by criterion_id, feature_id, reading_date`).raw(true);
  const councilHistory = db.$client.prepare(`select criterion_id, feature_id, value, reading_date, max(id)
    from readings where council_id = ? and reading_date <= ?
    group by criterion_id, feature_id, reading_date order by criterion_id, feature_id, reading_date`).raw(true);
  // The days on which changes to the plan took effect, oldest first: days between two of them share one plan.
  const planEffectiveDays = db.$client.prepare('select distinct effective_on from plan_history order by effective_on').pluck(true);
  // Plain rows are several times cheaper to read than objects; a history has thousands of them.
  const keyed = (councilId: number, rows: unknown[]): KeyedReading[] =>
    (rows as Array<[number, number | null, number, string]>).map(([criterionId, featureId, value, readingDate]) => ({ criterionId, councilId, featureId, value, readingDate }));
  const seekWithFeature = db.$client.prepare(`select value, reading_date as readingDate from readings
    where council_id = ? and criterion_id = ? and feature_id = ? and reading_date <= ? order by reading_date desc, id desc limit 1`);
  const seekCouncilWide = db.$client.prepare(`select value, reading_date as readingDate from readings
    where council_id = ? and criterion_id = ? and feature_id is null and reading_date <= ? order by reading_date desc, id desc limit 1`);

  return {
    councilIds: (): number[] => councilIds.all() as number[],

    /**
     * The newest reading on or before asOf of every series of a council: straight from the latest_readings
     * read model, with an index seek only for series whose newest reading is after asOf.
     */
    latestOf(councilId: number, asOf: string): KeyedReading[] {
      const out: KeyedReading[] = [];
      for (const row of latestOfCouncil.all({ councilId })) {
        const featureId = row.featureKey === 0 ? null : row.featureKey;
        if (row.readingDate <= asOf) {
          out.push({ criterionId: row.criterionId, councilId, featureId, value: row.value, readingDate: row.readingDate });
          continue;
        }
        const earlier = (featureId === null ? seekCouncilWide.get(councilId, row.criterionId, asOf) : seekWithFeature.get(councilId, row.criterionId, featureId, asOf)) as
          { value: number; readingDate: string } | undefined;
        if (earlier) out.push({ criterionId: row.criterionId, councilId, featureId, ...earlier });
      }
      return out;
    },

    /** The days on which a change to the plan took effect (plan_history), oldest first. */
    planEffectiveDays: (): string[] => planEffectiveDays.all() as string[],

    criteria: (): CriterionRow[] => allCriteria.all(),
    overrides: (): OverrideRow[] => allOverrides.all(),
    /** Every ramp ever recorded, each criterion's oldest first. */
    ramps: (): RampRow[] => allRamps.all(),

    /** Each programme-wide criterion's readings on or before asOf, oldest first. */
    programmeHistory(asOf: string): Map<number, ReadingPoint[]> {
      const out = new Map<number, ReadingPoint[]>();
      for (const [criterionId, value, readingDate] of programmeHistory.all(asOf) as Array<[number, number, string]>) {
        let series = out.get(criterionId);
        if (!series) out.set(criterionId, (series = []));
        series.push({ value, readingDate });
      }
      return out;
    },

    /**
     * The history one item needs: its council's council-wide series and its own feature's series, the readings
     * after `after` (the recent part, where "since when" usually ends) or all of them.
     */
    historyOfItem(councilId: number, featureId: number, asOf: string, after = ''): KeyedReading[] {
      return keyed(councilId, itemHistory.all(councilId, featureId, after, asOf));
    },

    /** Every reading of a council on or before asOf, each series oldest first: for "since when". */
    historyOf(councilId: number, asOf: string): KeyedReading[] {
      return keyed(councilId, councilHistory.all(councilId, asOf));
    },
  };
}
