import { LRUCache } from 'lru-cache';
import type { Db } from '../../db/database.ts';
import { interner } from '../../domain/objects.ts';
import type { KeyedReading } from './store.ts';

/** Readings kept by default across every item's history (about 100 bytes each): some twenty items' at 400 councils. */
export const DEFAULT_ITEM_HISTORY_READINGS = 120_000;

/** Distinct days whose strings are shared; more than a decade of daily readings. */
const DAYS_KEPT = 5_000;

interface Kept {
  /** The highest reading id when the history was read or last brought up to date. */
  upTo: number;
  readings: KeyedReading[];
}

/** Series order, as the history query sorts it: criterion, council-wide before per-feature, then day. */
function compare(a: KeyedReading, b: KeyedReading): number {
  return a.criterionId - b.criterionId || (a.featureId ?? 0) - (b.featureId ?? 0) || (a.readingDate < b.readingDate ? -1 : a.readingDate > b.readingDate ? 1 : 0);
}

/** Where `r` belongs in sorted `list`: the index of its day's entry if there is one, else where it goes. */
function placeOf(list: KeyedReading[], r: KeyedReading): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compare(list[mid]!, r) < 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * Whole histories of items (their council's council-wide series and their feature's), kept so that an item's page
 * after a reading is saved reads only the new readings instead of thousands again (8–13 ms at 400 councils).
 *
 * Correct because readings are append-only (the database refuses updates, deletes and replacements: migrations 0004 and 0012) and ids only
 * grow: a kept history plus every reading with a higher id is the history now. A new reading takes its day's
 * place in its series, replacing an earlier entry of the same day (of a day's entries the last one counts, as the
 * history query has it); a reading dated after the day asked about is left out. Restoring a backup refuses while
 * a server holds the database (db/in-use.ts), so no kept history outlives the file it was read from.
 */
export function createItemHistories(db: Db, maxReadings = DEFAULT_ITEM_HISTORY_READINGS) {
  const kept = new LRUCache<string, Kept>({ maxSize: Math.max(1, maxReadings), sizeCalculation: (k) => Math.max(1, k.readings.length) });
  const highest = db.$client.prepare('select coalesce(max(id), 0) from readings').pluck();
  // Along the rowid from the last id seen: only the readings saved since (NOT INDEXED keeps the planner off the
  // council index, which would walk every reading of the council).
  const since = db.$client.prepare(`select criterion_id, feature_id, value, reading_date, id from readings not indexed
    where id > ? and council_id = ? order by id`).raw(true);
  const keyOf = (councilId: number, featureId: number, asOf: string) => `${councilId}|${featureId}|${asOf}`;
  // One string per day across every kept history: each row read gives its day a string of its own, 32 bytes that a
  // hundred thousand kept readings repeated (docs/performance.md).
  const dayOf = interner(DAYS_KEPT);

  return {
    /** The highest reading id now: read before a history, so the history is known to hold everything up to it. */
    highestId: (): number => highest.get() as number,

    /** The kept history, brought up to date; undefined when none is kept. */
    get(councilId: number, featureId: number, asOf: string): KeyedReading[] | undefined {
      const key = keyOf(councilId, featureId, asOf);
      const found = kept.get(key);
      if (!found) return undefined;
      const rows = since.all(found.upTo, councilId) as Array<[number, number | null, number, string, number]>;
      if (rows.length === 0) return found.readings;
      let readings = found.readings;
      let copied = false;
      for (const [criterionId, feature, value, readingDate] of rows) {
        if (readingDate > asOf || (feature !== null && feature !== featureId)) continue;
        // Copied once before the first change: a history already handed out is never changed under its reader.
        if (!copied) readings = readings.slice();
        copied = true;
        const r: KeyedReading = { criterionId, councilId, featureId: feature, value, readingDate: dayOf(readingDate) };
        const at = placeOf(readings, r);
        if (at < readings.length && compare(readings[at]!, r) === 0) readings[at] = r;
        else readings.splice(at, 0, r);
      }
      kept.set(key, { upTo: rows.at(-1)![4], readings });
      return readings;
    },

    /** Keeps a whole history read when the highest reading id was `upTo`. */
    keep(councilId: number, featureId: number, asOf: string, upTo: number, readings: KeyedReading[]): void {
      for (const r of readings) r.readingDate = dayOf(r.readingDate);
      kept.set(keyOf(councilId, featureId, asOf), { upTo, readings });
    },

    stats: () => ({ entries: kept.size, readings: kept.calculatedSize }),
  };
}

export type ItemHistories = ReturnType<typeof createItemHistories>;
