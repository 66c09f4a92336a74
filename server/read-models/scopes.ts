import { keptWhileNewestStands, rememberedUntilWrite } from '../db/change-signal.ts';
import type { Db } from '../db/database.ts';
import { extend } from '../domain/objects.ts';
import { READ_MODEL_SCOPES, councilScope, globalScope, type Scope, type ScopeRule } from '../db/read-model-scopes.ts';

/**
 * Read-model scopes, typed: the table → scope map is declared beside the schema (db/read-model-scopes.ts, which the
 * version triggers follow); this file is how the read models name and read those scopes. No other file spells
 * `'council:'` or `'global'`: the TypeScript spelling is `councilScope`/`globalScope`, and the SQL spelling of every
 * version trigger is `scopeSql`, which test/read-model-scopes.test.ts compares with each trigger in the database.
 */
export { READ_MODEL_SCOPES, councilScope, globalScope, type Scope, type ScopeRule };

/** The prefix of a council's scope, as both spellings use it. */
const COUNCIL_PREFIX = councilScope(0).slice(0, -'0'.length);

/**
 * The scope a version trigger bumps for a row, as the trigger spells it in SQL: `row` is NEW, or OLD for deletes
 * and for the scope a moved row left. A rollout item's council is looked up; a row whose item has gone, or whose
 * council column is nullable and empty (a programme-level RAID entry), counts as the programme's.
 */
export function scopeSql(rule: Exclude<ScopeRule, { kind: 'none' }>, row: 'NEW' | 'OLD', nullable = false): string {
  if (rule.kind === 'global') return `'${globalScope}'`;
  if (rule.kind === 'council') {
    const council = `'${COUNCIL_PREFIX}' || ${row}.\`${rule.column}\``;
    return nullable ? `coalesce(${council}, '${globalScope}')` : council;
  }
  return `coalesce('${COUNCIL_PREFIX}' || (SELECT \`council_id\` FROM \`rollout_items\` WHERE \`id\` = ${row}.\`${rule.column}\`), '${globalScope}')`;
}

/** What a read model about a day before today remembers of the data it was made from (see `pastUnchanged`). */
export interface PastMark {
  /** The council the read model is about (its versions and the programme's count), or none (every scope's count). */
  council?: number;
  /** The sum of the versions it depends on: each write to a table of the scope map adds at least one to one. */
  versions: number;
  /** The newest reading, programme-wide reading and early win then. */
  readings: number;
  programmeReadings: number;
  wins: number;
}

/**
 * Readings saved since a mark that are looked at one by one, at most: past that, a read model about an earlier day
 * is made again rather than the readings scanned.
 */
const PAST_SCAN_LIMIT = 5_000;

/** Every scope's version, as read at one moment. */
export type Versions = ReadonlyMap<string, number>;

/**
 * Reads read_model_versions (kept by the triggers in the same transaction as each write). A stamp is what a cached
 * read model remembers and compares: equal stamps mean nothing it depends on has changed.
 */
export function createVersionReader(db: Db) {
  const all = db.$client.prepare('select scope, version from read_model_versions').raw(true);
  const one = db.$client.prepare('select version from read_model_versions where scope = ?').pluck();
  // Every scope at once: versions only grow, so their sum and count move whenever any of them does.
  const everything = db.$client.prepare("select coalesce(sum(version), 0) || ':' || count(*) from read_model_versions").pluck();
  const versionOf = (scope: Scope): number => (one.get(scope) as number | undefined) ?? 0;
  // The councils with items in a wave now, in order of id (rollout_items_wave_idx finds them), kept while the plan
  // history's newest id stands: an item made, deleted, or moved to another wave or council is a new row of that
  // append-only history (migrations 0020 and 0030), and nothing else changes which councils a wave has. Every wave
  // summary asks, cached or not, to check its stamp.
  const ofWave = db.$client.prepare('select distinct council_id from rollout_items where wave_id = ? order by council_id').pluck();
  const councilsOfWave = keptWhileNewestStands<readonly number[]>(db.$client, 'plan_history');
  const waveCouncils = (waveId: number) => councilsOfWave(String(waveId), () => Object.freeze(ofWave.all(waveId) as number[]));

  // Every scope's versions, read again only after a committed write (db/change-signal.ts): each build of a read
  // model asks for them, and 400 councils' rows each time added up under load.
  const allVersions = rememberedUntilWrite(db.$client, (): Versions => new Map(all.all() as Array<[string, number]>));
  // The same for the sum and count of every scope's version: a scan of the table (a row per council) that every cached
  // overview and wave summary "as of" a past day asked for, each time.
  const programmeStamp = rememberedUntilWrite(db.$client, (): string => everything.get() as string);

  const newest = `(select coalesce(max(id), 0) from readings) as readings, (select coalesce(max(id), 0) from programme_readings) as programmeReadings,
    (select coalesce(max(id), 0) from early_wins) as wins`;
  const markAll = db.$client.prepare(`select (select coalesce(sum(version), 0) from read_model_versions) as versions, ${newest}`);
  const markCouncil = db.$client.prepare(`select coalesce((select version from read_model_versions where scope = '${globalScope}'), 0)
    + coalesce((select version from read_model_versions where scope = :scope), 0) as versions, ${newest}`);
  // Along the rowid from the mark (NOT INDEXED keeps the planner off the date and series indexes): the rows saved
  // since, at most PAST_SCAN_LIMIT + 1 of each, and whether any reading is dated on or before the day. For one
  // council, its own readings and wins only: the others' do not move the versions it depends on.
  const sinceSql = (council: string) => `select
      (select count(*) from (select 1 from readings not indexed where id > :readings ${council} limit ${PAST_SCAN_LIMIT + 1})) as readings,
      (select count(*) from (select 1 from readings not indexed where id > :readings ${council} and reading_date <= :day limit 1)) as readingsByDay,
      (select count(*) from (select 1 from programme_readings not indexed where id > :programmeReadings limit ${PAST_SCAN_LIMIT + 1})) as programmeReadings,
      (select count(*) from (select 1 from programme_readings not indexed where id > :programmeReadings and reading_date <= :day limit 1)) as programmeByDay,
      (select count(*) from (select 1 from early_wins not indexed where id > :wins ${council} and (${council ? '' : 'published = 0 or '}won_on > :day) limit ${PAST_SCAN_LIMIT + 1})) as quietWins`;
  const sinceAll = db.$client.prepare(sinceSql(''));
  const sinceCouncil = db.$client.prepare(sinceSql('and council_id = :council'));
  const markOf = (council?: number): PastMark =>
    (council === undefined ? markAll.get() : extend(markCouncil.get({ scope: councilScope(council) }) as PastMark, { council })) as PastMark;

  return {
    /** What a read model about a day before today is made from, as it stands now: for one council, or all of them. */
    pastMark: (council?: number): PastMark => markOf(council),

    /**
     * Whether a read model about `day` (a day before today), made at `then`, still holds: true when every write
     * since (to its council, if it is about one) was a reading or a programme-wide reading dated after `day`, or a
     * new early win a view of that day does not show (won after it; for the whole programme, also one not
     * published, as only published wins show there). Each of those adds exactly one to one scope's version (its
     * trigger), so the versions' sum must have moved by their number, and by nothing more: any other write (a win
     * published, changed or deleted, a plan change, a reading dated on or before `day`) moves it further. Returns
     * the mark to keep from now on, or undefined when the read model must be made again.
     */
    pastUnchanged(then: PastMark, day: string): PastMark | undefined {
      const now = markOf(then.council);
      if (now.versions === then.versions) return now;
      const params = { readings: then.readings, programmeReadings: then.programmeReadings, wins: then.wins, day };
      const added = (then.council === undefined ? sinceAll.get(params) : sinceCouncil.get(extend(params, { council: then.council }))) as
        { readings: number; readingsByDay: number; programmeReadings: number; programmeByDay: number; quietWins: number };
      if (Math.max(added.readings, added.programmeReadings, added.quietWins) > PAST_SCAN_LIMIT) return undefined;
      if (added.readingsByDay > 0 || added.programmeByDay > 0) return undefined;
      return now.versions - then.versions === added.readings + added.programmeReadings + added.quietWins ? now : undefined;
    },

    /** Every scope's version at once. */
    all: allVersions,
    versionOf,
    /** What a read model about one council depends on: the programme's scope and the council's. */
    councilStamp: (councilId: number, versions?: Versions): string =>
      versions
        ? `${versions.get(globalScope) ?? 0}:${versions.get(councilScope(councilId)) ?? 0}`
        : `${versionOf(globalScope)}:${versionOf(councilScope(councilId))}`,
    /**
     * What a read model about a wave's items today depends on: the programme's scope, which councils have items in
     * the wave, and each of those councils' versions. An item moved into or out of the wave changes its council's
     * version and may change the list; either changes the stamp. Not for another day: the wave's items then are
     * replayed from the plan history, and may belong to councils with no item in the wave now.
     */
    waveStamp(waveId: number): string {
      const versions = allVersions();
      return `${versions.get(globalScope) ?? 0}:${waveCouncils(waveId).map((id) => `${id}=${versions.get(councilScope(id)) ?? 0}`).join(',')}`;
    },
    /** What a read model about the whole programme depends on: every scope. */
    programmeStamp,
  };
}

export type VersionReader = ReturnType<typeof createVersionReader>;
