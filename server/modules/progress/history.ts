import { differenceInCalendarDays, parseISO } from 'date-fns';
import { sql } from 'drizzle-orm';
import type { Actor } from '../../auth/actor.ts';
import { keptWhileNewestStands } from '../../db/change-signal.ts';
import type { Db } from '../../db/database.ts';
import type { ReasonCategory } from '../../db/schema.ts';
import type { MoveWhy, PlanReason } from '../../http/reasons.ts';
import type { Steps } from '../../http/steps.ts';

/** Why a date of the plan moved: a category and a sentence (docs/metrics.md, "Plan moves and reasons"). */
export type { PlanReason };

export const REASON_WORDS: Record<ReasonCategory, string> = {
  supplier_delay: 'supplier delay',
  readiness: 'readiness',
  business_decision: 'business decision',
  dependency: 'dependency',
  other: 'other',
};

/**
 * Runs a change to the plan with who makes it, when (the injected clock) and why, for the triggers that write
 * plan_history (migrations/0020). Call inside the change's transaction; the context is cleared before it ends,
 * so a change made without one (an import, a tool) is still kept, with its row's time and no name.
 */
export function withPlanChange<T>(db: Db, change: { actor: Actor; at: Date; reason?: PlanReason | null }, work: () => T): T {
  const clear = () => db.run(sql`delete from plan_change_context`);
  clear();
  db.run(sql`insert into plan_change_context (id, at, user_id, user_name, reason_category, reason)
    values (1, ${change.at.toISOString()}, ${change.actor.id}, ${change.actor.name}, ${change.reason?.reasonCategory ?? null}, ${change.reason?.reason.trim() ?? ''})`);
  try {
    return work();
  } finally {
    clear();
  }
}

/** One row of the plan's history: the state of an item or a wave from `effectiveOn`, with who and why. */
export interface PlanHistoryRow {
  id: number;
  entity: 'item' | 'wave';
  entityId: number;
  effectiveOn: string;
  recordedAt: string;
  councilId: number | null;
  featureId: number | null;
  waveId: number | null;
  groupId: number | null;
  plannedDateOverride: string | null;
  plannedGoLive: string | null;
  actualGoLive: string | null;
  status: string;
  note: string;
  removed: boolean;
  changedBy: number | null;
  changedByName: string;
  reasonCategory: ReasonCategory | null;
  reason: string;
}

const COLUMNS = `id, entity, entity_id as entityId, effective_on as effectiveOn, recorded_at as recordedAt, council_id as councilId,
  feature_id as featureId, wave_id as waveId, group_id as groupId, planned_date_override as plannedDateOverride, planned_go_live as plannedGoLive,
  actual_go_live as actualGoLive, status, note, removed, changed_by as changedBy, changed_by_name as changedByName,
  reason_category as reasonCategory, reason`;

/** Waves' dates at instants kept at most, between changes to the plan (`waveDateAt`). */
const WAVE_DATES_KEPT = 1_000;

/** Plan history rows read between two pauses by `upToSteps`. */
const HISTORY_ROWS_PER_STEP = 800;

/** A row as read (SQLite's 0 or 1 made a boolean), in place: the row object is fresh from the statement. */
const toRow = (r: PlanHistoryRow): PlanHistoryRow => {
  r.removed = Boolean(r.removed);
  return r;
};

/** Reads of the plan's history. */
export function createPlanHistoryStore(db: Db) {
  const client = db.$client;
  const latestEffective = client.prepare('select max(effective_on) from plan_history').pluck(true);
  const newestId = client.prepare('select coalesce(max(id), 0) from plan_history').pluck(true);
  const upTo = client.prepare(`select ${COLUMNS} from plan_history where effective_on <= ? order by id`);
  const upToAfter = client.prepare(`select ${COLUMNS} from plan_history where effective_on <= ? and id > ? order by id limit ?`);
  const ofEntity = client.prepare(`select ${COLUMNS} from plan_history where entity = ? and entity_id = ? order by id`);
  const forItems = client.prepare(`select ${COLUMNS} from plan_history where effective_on <= ?
    and (entity = 'wave' or (entity = 'item' and entity_id in (select value from json_each(?)))) order by id`);
  const waveAt = client.prepare(`select ${COLUMNS} from plan_history where entity = 'wave' and entity_id = ? and recorded_at <= ? order by id desc limit 1`);
  // SQLite gives the other columns of the row holding max(id): each wave's latest row recorded by then.
  const wavesAtInstant = client.prepare(`select entity_id as waveId, planned_go_live as plannedGoLive, removed, max(id) as id
    from plan_history where entity = 'wave' and recorded_at <= ? group by entity_id`);

  const waveDates = keptWhileNewestStands<string | null>(client, 'plan_history', WAVE_DATES_KEPT);

  return {
    /**
     * Whether the plan as it stood at the end of `asOf` differs from today's tables: only when a change took effect
     * after it. Otherwise the current rows are exactly the latest history rows (the triggers see to it).
     */
    changedSince: (asOf: string): boolean => {
      const last = latestEffective.get() as string | null | undefined;
      return last !== null && last !== undefined && last > asOf;
    },
    /** The id of the newest row: the history is append-only, so any change to the plan moves it (a read of the rowid's end). */
    newestId: (): number => newestId.get() as number,
    /** Every row effective on or before `asOf`, oldest first. */
    upTo: (asOf: string): PlanHistoryRow[] => (upTo.all(asOf) as PlanHistoryRow[]).map(toRow),
    /**
     * The same, read `perStep` rows at a time with a pause between (http/steps.ts): each row is an
     * object of 19 columns, and 3,200 of them at 400 councils took 12–16 ms in one read.
     */
    *upToSteps(asOf: string, perStep = HISTORY_ROWS_PER_STEP): Steps<PlanHistoryRow[]> {
      const rows: PlanHistoryRow[] = [];
      for (let after = 0; ;) {
        const page = upToAfter.all(asOf, after, perStep) as PlanHistoryRow[];
        for (const row of page) rows.push(toRow(row));
        if (page.length < perStep) return rows;
        after = page[page.length - 1]!.id;
        yield;
      }
    },
    /** The rows of these items and of every wave, effective on or before `asOf`, oldest first. */
    forItems: (itemIds: number[], asOf: string): PlanHistoryRow[] => (forItems.all(asOf, JSON.stringify(itemIds)) as PlanHistoryRow[]).map(toRow),
    /** The whole history of one item or wave, oldest first. */
    of: (entity: 'item' | 'wave', id: number): PlanHistoryRow[] => (ofEntity.all(entity, id) as PlanHistoryRow[]).map(toRow),
    /**
     * A wave's own planned go-live at an instant (e.g. when a baseline was approved). Every overview build asks it of
     * each wave, so answers are kept while the history's newest id stands (any change to the plan moves it); not
     * inside a transaction, which might roll back and leave an id the next committed row takes again.
     */
    waveDateAt: (waveId: number, at: string): string | null =>
      waveDates(`${waveId}|${at}`, () => (waveAt.get(waveId, at) as PlanHistoryRow | undefined)?.plannedGoLive ?? null),
    /** Every wave's own planned go-live at an instant, in one query (waves removed by then left out). */
    waveDatesAt: (at: string): Map<number, string | null> => new Map((wavesAtInstant.all(at) as Array<{ waveId: number; plannedGoLive: string | null; removed: number }>)
      .filter((w) => !w.removed).map((w) => [w.waveId, w.plannedGoLive])),
  };
}

export type PlanHistoryStore = ReturnType<typeof createPlanHistoryStore>;

/** The plan as it stood at the end of a day: the latest row of each item and wave effective by then (removed ones left out). */
export function planAsOf(rows: PlanHistoryRow[]): { items: Map<number, PlanHistoryRow>; waves: Map<number, PlanHistoryRow> } {
  const items = new Map<number, PlanHistoryRow>();
  const waves = new Map<number, PlanHistoryRow>();
  for (const row of rows) (row.entity === 'item' ? items : waves).set(row.entityId, row);
  for (const map of [items, waves]) for (const [id, row] of map) if (row.removed) map.delete(id);
  return { items, waves };
}

/** A move of the plan: a wave's date, or an item's wave or own date, with who, when, how far and why. */
export interface PlanMove {
  entity: 'item' | 'wave';
  entityId: number;
  /** The day it took effect, and the instant. */
  on: string;
  at: string;
  fromDate: string | null;
  toDate: string | null;
  /** Days later (+) or earlier (-); null when either date is missing. */
  days: number | null;
  fromWaveId: number | null;
  toWaveId: number | null;
  changedByName: string;
  reasonCategory: ReasonCategory | null;
  reason: string;
}

const daysBetween = (later: string, earlier: string): number => differenceInCalendarDays(parseISO(later), parseISO(earlier));

/**
 * Every move of the plan in a history (oldest first): a wave whose date changed, an item whose wave or own date
 * changed (an item that moves only because its wave did is the wave's move). An item's dates are read through its
 * wave as the wave stood at the moment of the move.
 */
export function planMoves(rows: PlanHistoryRow[]): PlanMove[] {
  const waves = new Map<number, PlanHistoryRow>();
  const items = new Map<number, PlanHistoryRow>();
  const dateOf = (r: PlanHistoryRow) => r.plannedDateOverride ?? (r.waveId === null ? null : waves.get(r.waveId)?.plannedGoLive ?? null);
  const moves: PlanMove[] = [];
  for (const row of rows) {
    const who = { on: row.effectiveOn, at: row.recordedAt, changedByName: row.changedByName, reasonCategory: row.reasonCategory, reason: row.reason };
    if (row.entity === 'wave') {
      const before = waves.get(row.entityId);
      if (before && !row.removed && before.plannedGoLive !== row.plannedGoLive) {
        moves.push({
          entity: 'wave', entityId: row.entityId, ...who, fromDate: before.plannedGoLive, toDate: row.plannedGoLive,
          days: before.plannedGoLive && row.plannedGoLive ? daysBetween(row.plannedGoLive, before.plannedGoLive) : null, fromWaveId: row.entityId, toWaveId: row.entityId,
        });
      }
      waves.set(row.entityId, row);
    } else {
      const before = items.get(row.entityId);
      if (before && !row.removed && (before.waveId !== row.waveId || before.plannedDateOverride !== row.plannedDateOverride)) {
        const fromDate = dateOf(before);
        const toDate = dateOf(row);
        moves.push({
          entity: 'item', entityId: row.entityId, ...who, fromDate, toDate, days: fromDate && toDate ? daysBetween(toDate, fromDate) : null,
          fromWaveId: before.waveId, toWaveId: row.waveId,
        });
      }
      items.set(row.entityId, row);
    }
  }
  return moves;
}

/** Why an item's date last moved, as of the end of the rows given: its own latest move, or its wave's if later. */
export function latestReasons(rows: PlanHistoryRow[]): Map<number, PlanMove> {
  const moves = planMoves(rows);
  const plan = planAsOf(rows);
  const lastOfWave = new Map<number, PlanMove>();
  const lastOfItem = new Map<number, PlanMove>();
  for (const m of moves) (m.entity === 'wave' ? lastOfWave : lastOfItem).set(m.entityId, m);
  const out = new Map<number, PlanMove>();
  for (const [itemId, row] of plan.items) {
    const own = lastOfItem.get(itemId);
    const ofWave = row.waveId === null || row.plannedDateOverride !== null ? undefined : lastOfWave.get(row.waveId);
    const later = own && ofWave ? (own.at >= ofWave.at ? own : ofWave) : own ?? ofWave;
    if (later) out.set(itemId, later);
  }
  return out;
}

/** The move as screens show it. */
export const moveWhy = (m: PlanMove): MoveWhy => ({
  on: m.on, changedByName: m.changedByName, fromDate: m.fromDate, toDate: m.toDate, days: m.days, reasonCategory: m.reasonCategory, reason: m.reason,
});
