import { LRUCache } from 'lru-cache';
import type { Db } from '../../db/database.ts';
import { epochDay } from '../../domain/day-count.ts';
import type { Rag } from '../../domain/readiness.ts';
import { councilScope, globalScope, type Versions } from '../../read-models/scopes.ts';
import { CouncilWeeks } from './council-weeks.ts';

/**
 * What the remembered council-weeks may cost, in 8-byte words (`CouncilWeeks.words`): 12 MB. The longest trend of
 * 4,000 councils takes about 1,044,000 (a slot for each of its weeks, and the few parts that differ from the week
 * before); 400 councils' fit ten times over.
 */
export const MAX_REMEMBERED = 1_500_000;

/** One weekly point of a trend, as the API gives it. */
export interface Point {
  weekEnding: string;
  score: number | null;
  rag: Rag;
  red: number;
  amber: number;
  green: number;
  live: number;
}

/** Trends whose points are kept added up, by scope and id. */
const MAX_TOTALS = 256;

/** What the remembered weeks were judged with, as last checked. */
interface Mark {
  global: number;
  /** The catalogue, settings, baselines, features and wave order: what every week of every council reads. */
  catalogue: string;
  readingId: number;
  programmeReadingId: number;
  planChangeId: number;
  /** The last day a change to the plan took effect: weeks from it on were judged on the plan as it is now, not its history. */
  lastEffective: string | null;
  /** Per council: its read-model version and its undated facts (headcounts, groups, items) when last checked. */
  councils: Map<number, { stamp: number; facts: string }>;
}

/**
 * The council-weeks of trends, remembered between requests (docs/performance.md, "Trends"). The past does not
 * change, so a week once judged stays right until a write lands in it; before each trend, `sync` finds the earliest
 * day each write since the last check affects and forgets only the weeks ending on or after it:
 * - a reading (append-only): its council's weeks from the reading's date;
 * - a programme-wide reading: every council's weeks from its date;
 * - a change to the plan (plan_history, append-only, which every move, status change and removal of an item or wave
 *   writes with the day it takes effect): every council's weeks from that day, or from the day the previous change
 *   took effect if earlier (the weeks judged on the plan as it is now rather than on its history);
 * - a change to a council's headcounts, groups or the items it holds (which a move of an item or a group between
 *   councils changes for both): all of that council's weeks, as these are read as they are today;
 * - a change to the catalogue (criteria, overrides, ramps, settings), baselines, features or the waves' order: all.
 * A read-model version (kept by triggers, db/read-model-scopes.ts) that has not moved needs no check at all.
 */
// eslint-disable-next-line max-lines-per-function -- the cache, its mark and the statements that find what a write affects share this closure
export function createRememberedWeeks(db: Db, limit = MAX_REMEMBERED) {
  const client = db.$client;
  const lastIds = client.prepare(`select (select coalesce(max(id), 0) from readings), (select coalesce(max(id), 0) from programme_readings),
    (select coalesce(max(id), 0) from plan_history)`).raw(true);
  // The rows added since an id, found along the primary key (NOT INDEXED keeps SQLite from scanning a whole index of
  // three million readings for them instead).
  const newReadings = client.prepare('select council_id, min(reading_date) from readings not indexed where id > ? group by council_id').raw(true);
  const firstNewProgrammeReading = client.prepare('select min(reading_date) from programme_readings not indexed where id > ?').pluck(true);
  const firstNewPlanChange = client.prepare('select min(effective_on) from plan_history not indexed where id > ?').pluck(true);
  const lastPlanChange = client.prepare('select max(effective_on) from plan_history').pluck(true);
  const catalogueTables = ['criteria', 'criterion_overrides', 'criterion_ramps', 'settings', 'baselines'].map((t) => client.prepare(`select * from ${t} order by id`).raw(true));
  const orderAndAudience = client.prepare(`select (select json_group_array(json_array(id, name, audience)) from (select * from features order by id)),
    (select json_group_array(json_array(id, sequence)) from (select * from waves order by id))`).raw(true);
  const councilFacts = client.prepare(`select json_array(c.name, c.staff_headcount, c.manager_headcount,
    (select json_group_array(json_array(id, headcount)) from (select id, headcount from council_groups where council_id = c.id order by id)),
    (select json_group_array(json_array(id, feature_id)) from (select id, feature_id from rollout_items where council_id = c.id order by id)))
    from councils c where c.id = ?`).pluck(true);

  const parts = new LRUCache<string, { councilId: number; weeks: CouncilWeeks }>({
    // Bounded by size through maxSize, not max: max makes lru-cache set aside room for every entry up front.
    maxSize: limit, sizeCalculation: (entry) => entry.weeks.words + 1,
  });
  // The points added up from the parts, per trend (its councils named, so a council added or gone starts afresh):
  // a repeat of a trend whose weeks all hold is a lookup of each point.
  const totals = new LRUCache<string, { councils: string; points: Map<string, Point> }>({ max: MAX_TOTALS });
  let mark: Mark | undefined;

  const catalogue = () => JSON.stringify([...catalogueTables.map((s) => s.all()), orderAndAudience.get()]);
  const factsOf = (councilId: number) => (councilFacts.get(councilId) as string | undefined) ?? '';
  const fresh = (versions: Versions): Mark => {
    const [readingId, programmeReadingId, planChangeId] = lastIds.get() as [number, number, number];
    return {
      global: versions.get(globalScope) ?? 0, catalogue: catalogue(), readingId, programmeReadingId, planChangeId,
      lastEffective: lastPlanChange.get() as string | null, councils: new Map(),
    };
  };
  /** Forgets the weeks ending on or after `from` of one council, or of every council. */
  const forget = (councilId: number | null, from: string) => {
    for (const entry of totals.values()) for (const week of entry.points.keys()) if (week >= from) entry.points.delete(week);
    for (const entry of parts.values()) {
      if (councilId !== null && entry.councilId !== councilId) continue;
      if (from === '') entry.weeks.clear();
      else entry.weeks.forgetFrom(epochDay(from));
    }
  };

  return {
    /** Forgets what the writes since the last call change; call with the versions read just before, in the same turn. */
    sync(versions: Versions): void {
      // Nothing is kept from inside a transaction (the app makes trends from a later turn, which none of its
      // transactions spans): the weeks would be kept under ids and versions that a rollback hands to the next
      // committed writes. A trend made there gets weeks and points of its own (weeksOf, pointsOf) and keeps none.
      if (client.inTransaction) return;
      if (!mark) {
        mark = fresh(versions);
        return;
      }
      const global = versions.get(globalScope) ?? 0;
      if (global !== mark.global) {
        const now = catalogue();
        if (now !== mark.catalogue) {
          parts.clear();
          totals.clear();
          mark = fresh(versions);
          return;
        }
        mark.global = global;
      }
      const [readingId, programmeReadingId, planChangeId] = lastIds.get() as [number, number, number];
      if (readingId !== mark.readingId) {
        for (const [councilId, from] of newReadings.all(mark.readingId) as Array<[number, string]>) forget(councilId, from);
        mark.readingId = readingId;
      }
      if (programmeReadingId !== mark.programmeReadingId) {
        const from = firstNewProgrammeReading.get(mark.programmeReadingId) as string | null;
        if (from !== null) forget(null, from);
        mark.programmeReadingId = programmeReadingId;
      }
      if (planChangeId !== mark.planChangeId) {
        // Weeks from the last change's day on were judged on today's plan; once a later change takes effect they are
        // judged on the plan's history, which a change no history records (an item moved to another council) can
        // make differ: they are judged again too.
        const first = firstNewPlanChange.get(mark.planChangeId) as string | null;
        const from = [first, mark.lastEffective].filter((d): d is string => d !== null).sort()[0];
        if (from !== undefined) forget(null, from);
        mark.planChangeId = planChangeId;
        mark.lastEffective = lastPlanChange.get() as string | null;
      }
      for (const [councilId, seen] of mark.councils) {
        const stamp = versions.get(councilScope(councilId)) ?? 0;
        if (stamp === seen.stamp) continue;
        const facts = factsOf(councilId);
        if (facts !== seen.facts) forget(councilId, '');
        mark.councils.set(councilId, { stamp, facts });
      }
    },
    /** A council's remembered weeks under a filter (the scope's items), made empty if none; the council is watched from now on. */
    weeksOf(filter: string, councilId: number, versions: Versions): CouncilWeeks {
      if (client.inTransaction) return new CouncilWeeks();
      if (!mark) mark = fresh(versions);
      if (!mark.councils.has(councilId)) mark.councils.set(councilId, { stamp: versions.get(councilScope(councilId)) ?? 0, facts: factsOf(councilId) });
      const key = `${filter}|${councilId}`;
      let entry = parts.get(key);
      if (!entry) parts.set(key, (entry = { councilId, weeks: new CouncilWeeks() }));
      return entry.weeks;
    },
    /** The points of a trend already added up, for these councils; empty when none are, or the councils differ. */
    pointsOf(trend: string, councilIds: number[]): Map<string, Point> {
      if (client.inTransaction) return new Map();
      const councils = councilIds.join(',');
      let entry = totals.get(trend);
      if (!entry || entry.councils !== councils) totals.set(trend, (entry = { councils, points: new Map() }));
      return entry.points;
    },
    /**
     * Counts the weeks kept again once new ones are added, so the budget holds. Taken out and put back: lru-cache
     * counts an entry's size only when a different value is set under its key.
     */
    resize(filter: string, councilId: number): void {
      const key = `${filter}|${councilId}`;
      const entry = parts.get(key);
      if (!entry) return;
      entry.weeks.trim();
      parts.delete(key);
      parts.set(key, entry);
    },
    stats: () => ({ entries: parts.size, words: parts.calculatedSize }),
  };
}

export type RememberedWeeks = ReturnType<typeof createRememberedWeeks>;
