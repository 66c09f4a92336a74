import { and, eq, sql } from 'drizzle-orm';
import { keptWhileStampStands, versionedTableStamp } from '../../db/change-signal.ts';
import type { Db } from '../../db/database.ts';
import { baselineItems, councilGroups, councils, features, rolloutItems, waves } from '../../db/schema.ts';
import type { BaselineFacts, ItemFacts } from '../../domain/progress.ts';
import { createPlanHistoryStore, planAsOf } from './history.ts';
import { extend } from '../../domain/objects.ts';

export interface WaveAsOf {
  id: number;
  name: string;
  sequence: number;
  plannedGoLive: string;
  status: (typeof waves.$inferSelect)['status'];
  description: string;
}

export interface ItemFactsRow extends ItemFacts {
  councilName: string;
  councilCode: string;
  featureName: string;
  waveName: string | null;
  waveSequence: number | null;
  waveGoLive: string | null;
  waveStatus: (typeof waves.$inferSelect)['status'] | null;
  note: string;
}

/** Replayed plans kept, one per day asked about (the screens look back four weeks and a quarter, among others). */
const REPLAYS_KEPT = 8;

/** The read model behind every progress figure: one query for the plan, one for the baseline. */
// eslint-disable-next-line max-lines-per-function -- a store: one prepared statement per question about the plan's facts, each method a line or two
export function createProgressStore(db: Db) {
  const factsQuery = () => db.select({
    itemId: rolloutItems.id,
    councilId: rolloutItems.councilId,
    featureId: rolloutItems.featureId,
    waveId: rolloutItems.waveId,
    status: rolloutItems.status,
    plannedGoLive: sql<string | null>`coalesce(${rolloutItems.plannedDateOverride}, ${waves.plannedGoLive})`,
    actualGoLive: rolloutItems.actualGoLive,
    audience: features.audience,
    staffHeadcount: councils.staffHeadcount,
    managerHeadcount: councils.managerHeadcount,
    groupHeadcount: councilGroups.headcount,
    councilName: councils.name,
    councilCode: councils.code,
    featureName: features.name,
    waveName: waves.name,
    waveSequence: waves.sequence,
    waveGoLive: waves.plannedGoLive,
    waveStatus: waves.status,
    note: rolloutItems.note,
  }).from(rolloutItems)
    .innerJoin(councils, eq(councils.id, rolloutItems.councilId))
    .innerJoin(features, eq(features.id, rolloutItems.featureId))
    .leftJoin(waves, eq(waves.id, rolloutItems.waveId))
    .leftJoin(councilGroups, eq(councilGroups.id, rolloutItems.groupId));
  const order = [councils.name, sql`${waves.sequence} is null`, waves.sequence, features.name] as const;
  const facts = factsQuery().orderBy(...order).prepare();
  const factsOfCouncil = factsQuery().where(eq(rolloutItems.councilId, sql.placeholder('councilId'))).orderBy(...order).prepare();
  const factsOfItem = factsQuery().where(eq(rolloutItems.id, sql.placeholder('itemId'))).prepare();

  const itemRef = db.select({ councilId: rolloutItems.councilId, featureId: rolloutItems.featureId }).from(rolloutItems).where(eq(rolloutItems.id, sql.placeholder('itemId'))).prepare();
  const frozen = db.select({ itemId: baselineItems.itemId, plannedGoLive: baselineItems.plannedGoLive, status: baselineItems.status })
    .from(baselineItems).where(eq(baselineItems.baselineId, sql.placeholder('baselineId'))).prepare();

  const frozenItem = db.select({ plannedGoLive: baselineItems.plannedGoLive, status: baselineItems.status }).from(baselineItems)
    .where(and(eq(baselineItems.baselineId, sql.placeholder('baselineId')), eq(baselineItems.itemId, sql.placeholder('itemId')))).prepare();

  const history = createPlanHistoryStore(db);
  const councilsInWave = db.$client.prepare('select id from councils where id in (select council_id from rollout_items where wave_id = ?) order by name').pluck();
  // Which councils a wave has changes only with a new row of the plan history (an item made, deleted or moved), and
  // their order with the councils' names (each update moves a version): the lists are kept while both stand. Every
  // build of a wave summary asks, 0.3 ms a time against some 0.02 ms for the stamp.
  const waveCouncils = keptWhileStampStands<readonly number[]>(db.$client, `select (select coalesce(max(id), 0) from plan_history) || '|' || ${versionedTableStamp('councils')}`);
  const councilsOfWave = (waveId: number): readonly number[] => waveCouncils(String(waveId), () => Object.freeze(councilsInWave.all(waveId) as number[]));
  const councilRows = db.select({ id: councils.id, name: councils.name, code: councils.code, staffHeadcount: councils.staffHeadcount, managerHeadcount: councils.managerHeadcount }).from(councils).prepare();
  const featureRows = db.select({ id: features.id, name: features.name, audience: features.audience }).from(features).prepare();
  const waveRows = db.select({ id: waves.id, name: waves.name, sequence: waves.sequence, plannedGoLive: waves.plannedGoLive, status: waves.status, description: waves.description })
    .from(waves).orderBy(waves.sequence).prepare();
  const groupRows = db.select({ id: councilGroups.id, headcount: councilGroups.headcount }).from(councilGroups).prepare();

  /**
   * The plan as it stood at the end of `asOf`, replayed from plan_history (the items and waves that existed then,
   * with their dates, waves, status, scope and notes then); names and headcounts are today's.
   */
  const replay = (asOf: string): { items: ItemFactsRow[]; waves: WaveAsOf[] } => {
    const plan = planAsOf(history.upTo(asOf));
    const councilOf = new Map(councilRows.all().map((c) => [c.id, c]));
    const featureOf = new Map(featureRows.all().map((f) => [f.id, f]));
    const waveOf = new Map(waveRows.all().map((w) => [w.id, w]));
    const groupOf = new Map(groupRows.all().map((g) => [g.id, g.headcount]));
    const items: ItemFactsRow[] = [];
    for (const h of plan.items.values()) {
      const council = councilOf.get(h.councilId!);
      const feature = featureOf.get(h.featureId!);
      if (!council || !feature) continue;
      const wave = h.waveId === null ? undefined : waveOf.get(h.waveId);
      const waveThen = h.waveId === null ? undefined : plan.waves.get(h.waveId);
      items.push({
        itemId: h.entityId, councilId: council.id, featureId: feature.id, waveId: h.waveId, status: h.status as ItemFactsRow['status'],
        plannedGoLive: h.plannedDateOverride ?? waveThen?.plannedGoLive ?? null, actualGoLive: h.actualGoLive, audience: feature.audience,
        staffHeadcount: council.staffHeadcount, managerHeadcount: council.managerHeadcount, groupHeadcount: h.groupId === null ? null : groupOf.get(h.groupId) ?? null,
        councilName: council.name, councilCode: council.code, featureName: feature.name, waveName: wave?.name ?? null, waveSequence: wave?.sequence ?? null,
        waveGoLive: waveThen?.plannedGoLive ?? null, waveStatus: (waveThen?.status as ItemFactsRow['waveStatus']) ?? null, note: h.note,
      });
    }
    // The same order as the live query: council, then wave (unscheduled last), then feature.
    items.sort((a, b) => a.councilName.localeCompare(b.councilName) || (a.waveSequence === null ? 1 : 0) - (b.waveSequence === null ? 1 : 0)
      || (a.waveSequence ?? 0) - (b.waveSequence ?? 0) || a.featureName.localeCompare(b.featureName));
    const wavesThen = waveRows.all().flatMap((w) => {
      const then = plan.waves.get(w.id);
      return then ? [extend(w, { plannedGoLive: then.plannedGoLive!, status: then.status as WaveAsOf['status'] })] : [];
    });
    return { items, waves: wavesThen };
  };
  // What a replay is made of: the plan history (append-only: the database refuses updates and deletes, migration
  // 0020) up to its newest row, and today's names and headcounts (each update moves a version; a group's headcount
  // is listed whole, as groups keep no version). 0.1 ms at 400 councils, against 10 ms and more for a replay.
  const replayStamp = db.$client.prepare(`select (select coalesce(max(id), 0) from plan_history)
    || '|' || ${['councils', 'features', 'waves'].map(versionedTableStamp).join(" || '|' || ")}
    || '|' || (select coalesce(group_concat(id || '=' || headcount), '') from council_groups)`).pluck();
  const replays = new Map<string, ReturnType<typeof replay>>();
  /**
   * A replay, made once per day asked about while what it is made of stands: the overview, the wave summaries and
   * the council summaries "as of" one day share it. Its rows are handed to every caller, who must not change them
   * (the one exception: the readiness engine points their texts at equal strings before keeping judgements of them,
   * modules/readiness/kept-judgements.ts, which no reader can tell).
   */
  const replayed = (asOf: string): ReturnType<typeof replay> => {
    // Not kept from inside a transaction: a rollback leaves ids and versions the next committed writes take again.
    if (db.$client.inTransaction) return replay(asOf);
    const key = `${asOf}|${replayStamp.get() as string}`;
    let found = replays.get(key);
    if (!found) {
      found = replay(asOf);
      replays.set(key, found);
      if (replays.size > REPLAYS_KEPT) replays.delete(replays.keys().next().value!);
    }
    return found;
  };

  return {
    /** Whether `asOf` needs the plan replayed from its history (a change took effect after it). */
    isPast: (asOf: string): boolean => history.changedSince(asOf),
    /** The councils with items in a wave in today's plan, in order of name (as the engine takes councils). */
    councilsInWave: councilsOfWave,
    /** Every item as the plan stood at the end of `asOf`: today's rows when nothing changed since, else replayed. */
    itemFactsAt: (asOf: string): ItemFactsRow[] => (history.changedSince(asOf) ? replayed(asOf).items : facts.all()),
    /** The waves as they stood at the end of `asOf`, in sequence order. */
    wavesAt: (asOf: string): WaveAsOf[] => (history.changedSince(asOf) ? replayed(asOf).waves : waveRows.all()),
    /** One item's frozen plan in a baseline, as a one-entry map (the shape baselineFacts has). */
    baselineFactOf(baselineId: number | undefined, itemId: number): Map<number, BaselineFacts> {
      const row = baselineId === undefined ? undefined : frozenItem.get({ baselineId, itemId });
      return new Map(row ? [[itemId, row]] : []);
    },
    itemFacts: (): ItemFactsRow[] => facts.all(),
    itemFactsOf: (councilId: number): ItemFactsRow[] => factsOfCouncil.all({ councilId }),
    /** One item's facts in today's plan (none when there is no such item): an item's page, without its council's other items. */
    itemFactsOfItem: (itemId: number): ItemFactsRow[] => factsOfItem.all({ itemId }),
    itemRef: (itemId: number): { councilId: number; featureId: number } | undefined => itemRef.get({ itemId }),
    baselineFacts(baselineId: number | undefined): Map<number, BaselineFacts> {
      if (baselineId === undefined) return new Map();
      return new Map(frozen.all({ baselineId }).map((r) => [r.itemId, { plannedGoLive: r.plannedGoLive, status: r.status }]));
    },
  };
}
