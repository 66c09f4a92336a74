import { asc, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { councils, criteria, criterionOverrides, latestReadings, readModelVersions } from '../../db/schema.ts';
import type { ReadingPoint } from '../../domain/readiness.ts';

export type CriterionRow = typeof criteria.$inferSelect;
export type OverrideRow = typeof criterionOverrides.$inferSelect;

export interface KeyedReading extends ReadingPoint {
  criterionId: number;
  councilId: number;
  featureId: number | null;
}

/** The key a reading is filed under: a criterion, a council, and a feature for per-feature criteria. */
export const readingKey = (criterionId: number, councilId: number, featureId: number | null): string => `${criterionId}:${councilId}:${featureId ?? ''}`;

const idList = (ids: number[]) => sql`(${sql.join((ids.length ? ids : [0]).map((id) => sql`${id}`), sql`, `)})`;

/** What readiness is computed from: the catalogue, its overrides, and readings up to a day. */
export function createReadinessStore(db: Db) {
  const allCriteria = db.select().from(criteria).orderBy(asc(criteria.id)).prepare();
  const allOverrides = db.select().from(criterionOverrides).prepare();

  const versions = db.select().from(readModelVersions).prepare();
  const councilIds = db.select({ id: councils.id }).from(councils).orderBy(asc(councils.name)).prepare();
  const latestOfCouncil = db.select().from(latestReadings).where(sql`${latestReadings.councilId} = ${sql.placeholder('councilId')}`).prepare();
  // In index order (series, then date): each series comes out oldest first, with no sort.
  const itemHistory = db.$client.prepare(`select criterion_id, feature_id, value, reading_date
    from readings where council_id = ? and (feature_id is null or feature_id = ?) and reading_date <= ?
    order by council_id, criterion_id, feature_id, reading_date`).raw(true);
  const seekWithFeature = db.$client.prepare(`select value, reading_date as readingDate from readings
    where council_id = ? and criterion_id = ? and feature_id = ? and reading_date <= ? order by reading_date desc, id desc limit 1`);
  const seekCouncilWide = db.$client.prepare(`select value, reading_date as readingDate from readings
    where council_id = ? and criterion_id = ? and feature_id is null and reading_date <= ? order by reading_date desc, id desc limit 1`);

  return {
    /** Every read-model version: 'global' and 'council:<id>'. */
    versions: (): Map<string, number> => new Map(versions.all().map((v) => [v.scope, v.version])),
    councilIds: (): number[] => councilIds.all().map((c) => c.id),

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

    criteria: (): CriterionRow[] => allCriteria.all(),
    overrides: (): OverrideRow[] => allOverrides.all(),

    /** The newest reading on or before asOf for every key (optionally for some councils only). */
    latest(asOf: string, councilIds?: number[]): KeyedReading[] {
      const only = councilIds ? sql`and council_id in ${idList(councilIds)}` : sql``;
      return db.all<KeyedReading>(sql`
        select criterion_id as criterionId, council_id as councilId, feature_id as featureId, value, reading_date as readingDate
        from (
          select r.*, row_number() over (partition by criterion_id, council_id, feature_id order by reading_date desc, id desc) as rn
          from readings r where reading_date <= ${asOf} ${only}
        ) where rn = 1`);
    },

    /** The history one item needs: its council's council-wide series and its own feature's series. */
    historyOfItem(councilId: number, featureId: number, asOf: string): KeyedReading[] {
      // Plain rows are several times cheaper to read than objects; there are thousands of them.
      return (itemHistory.all(councilId, featureId, asOf) as Array<[number, number | null, number, string]>)
        .map(([criterionId, feature, value, readingDate]) => ({ criterionId, councilId, featureId: feature, value, readingDate }));
    },

    /** Every reading on or before asOf for some councils, oldest first: for "since when" and trends. */
    history(asOf: string, councilIds: number[]): KeyedReading[] {
      if (councilIds.length === 0) return [];
      return db.all<KeyedReading>(sql`
        select criterion_id as criterionId, council_id as councilId, feature_id as featureId, value, reading_date as readingDate
        from readings where reading_date <= ${asOf} and council_id in ${idList(councilIds)}
        order by reading_date, id`);
    },
  };
}
