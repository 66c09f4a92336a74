import { LRUCache } from 'lru-cache';

/**
 * How much a read-model cache keeps, in size units (what `sizeOf` counts: items for the readiness engine,
 * entries for serialised responses). Today's entries and other days' ("as of") entries have budgets of their own.
 */
export interface CacheBudget {
  /** Units kept for entries about today. */
  today: number;
  /** Units kept for entries about any other day. */
  asOf: number;
}

export interface CacheStats {
  today: { entries: number; size: number; budget: number };
  asOf: { entries: number; size: number; budget: number };
}

export interface ReadModelCache<V extends object> {
  /** The entry kept under `key` for the day `day` (undefined: not about a day, counted with today's). */
  get(key: string, day?: string): V | undefined;
  set(key: string, value: V, day?: string): void;
  /**
   * Makes today's budget hold at least `units` (a whole pass over the programme, say), keeping every entry. The
   * data decides the floor, the configuration the default: a budget smaller than one pass would evict its own
   * entries before the next request could reuse them.
   */
  fitToday(units: number): void;
  stats(): CacheStats;
  clear(): void;
}

/**
 * The one bounded cache of the read models: two least-recently-used caches (lru-cache), one for today's entries
 * and one for other days', so a sweep of "as of" reads can only evict other "as of" entries, never today's.
 * `today` says which day today is (the app's clock). Entries keep no version of their own here: callers store
 * the versions they were made under inside the value and compare them on reading (read-models/versions.ts).
 */
export function createReadModelCache<V extends object>(options: {
  budget: CacheBudget;
  today: () => string;
  /** The size of an entry in budget units (at least 1); every entry counts 1 by default. */
  sizeOf?: (value: V) => number;
}): ReadModelCache<V> {
  const sizeOf = options.sizeOf ?? (() => 1);
  // Bounded through maxSize, not max: max makes lru-cache set aside room for that many entries up front.
  const make = (maxSize: number) => new LRUCache<string, V>({ maxSize: Math.max(1, maxSize), sizeCalculation: (value) => Math.max(1, sizeOf(value)) });
  let todays = make(options.budget.today);
  const others = make(options.budget.asOf);
  const partOf = (day: string | undefined) => (day === undefined || day === options.today() ? todays : others);

  return {
    get: (key, day) => partOf(day).get(key),
    set: (key, value, day) => {
      partOf(day).set(key, value);
    },
    fitToday(units) {
      if (units <= todays.maxSize) return;
      const bigger = make(units);
      // Oldest first, so the order of use survives the move.
      for (const [key, value] of [...todays.entries()].reverse()) bigger.set(key, value);
      todays = bigger;
    },
    stats: () => ({
      today: { entries: todays.size, size: todays.calculatedSize, budget: todays.maxSize },
      asOf: { entries: others.size, size: others.calculatedSize, budget: others.maxSize },
    }),
    clear() {
      todays.clear();
      others.clear();
    },
  };
}
