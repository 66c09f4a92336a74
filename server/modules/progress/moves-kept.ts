import type { MoveWhy } from '../../http/reasons.ts';
import { extend } from '../../domain/objects.ts';
import { latestReasons, moveWhy, planMoves, type PlanHistoryStore } from './history.ts';

/** Days whose answers are kept at once: today's and the few "as of" days being looked at. */
const DAYS_KEPT = 8;

/** A move of an item's date, with whether the item moved or the wave it followed. */
export type MoveOfItem = MoveWhy & { movedWith: 'item' | 'wave' };

/** An item's moves up to `asOf` from its and the waves' history rows: its own, and its wave's while it followed it. */
function movesOfItem(history: PlanHistoryStore, itemId: number, asOf: string): MoveOfItem[] {
  const rows = history.forItems([itemId], asOf);
  const moves = planMoves(rows);
  // Which wave the item followed, day by day: a wave's move counts for the item while it was in it with no own date.
  const followed: Array<{ at: string; waveId: number | null }> = rows.filter((r) => r.entity === 'item')
    .map((r) => ({ at: r.recordedAt, waveId: r.plannedDateOverride === null ? r.waveId : null }));
  const waveAt = (at: string) => followed.filter((f) => f.at <= at).at(-1)?.waveId ?? null;
  return moves.flatMap((m): MoveOfItem[] => {
    if (m.entity === 'item' && m.entityId === itemId) return [extend(moveWhy(m), { movedWith: 'item' as const })];
    if (m.entity === 'wave' && waveAt(m.at) === m.entityId) return [extend(moveWhy(m), { movedWith: 'wave' as const })];
    return [];
  });
}

type Day = { latest: Map<number, Readonly<MoveWhy> | null>; all: Map<number, readonly MoveOfItem[]> };

/**
 * Items' moves as the plan stood at the end of a day, kept per day and item while the plan history stands. The
 * history is append-only (its triggers refuse updates, deletes and replacements), so its newest id moves with any
 * change to the plan (an item's or a wave's move, an item made or deleted), and then everything kept is dropped.
 * Inside a transaction nothing is kept: one that rolls back would leave an id the next committed row takes again.
 * The cards of the overview, a council's summary and an item's page ask on every build after any write; the answers
 * change only with the plan. What is handed out is frozen: it is shared by every response that shows it.
 */
export function createMovesKept(history: PlanHistoryStore, inTransaction: () => boolean) {
  let mark = -1;
  const days = new Map<string, Day>();

  const dayOf = (asOf: string): Day => {
    if (inTransaction()) return { latest: new Map(), all: new Map() };
    const newest = history.newestId();
    if (newest !== mark) {
      mark = newest;
      days.clear();
    }
    let day = days.get(asOf);
    if (day) {
      // The day looked at last is dropped last.
      days.delete(asOf);
    } else {
      if (days.size >= DAYS_KEPT) days.delete(days.keys().next().value!);
      day = { latest: new Map(), all: new Map() };
    }
    days.set(asOf, day);
    return day;
  };

  return {
    /** Why each of these items last moved, as the plan stood at the end of `asOf` (none for an item never moved). */
    latestOf(ids: number[], asOf: string): Map<number, Readonly<MoveWhy>> {
      const { latest } = dayOf(asOf);
      const missing = ids.filter((id) => !latest.has(id));
      if (missing.length > 0) {
        const found = latestReasons(history.forItems(missing, asOf));
        for (const id of missing) {
          const move = found.get(id);
          latest.set(id, move ? Object.freeze(moveWhy(move)) : null);
        }
      }
      const out = new Map<number, Readonly<MoveWhy>>();
      for (const id of ids) {
        const move = latest.get(id);
        if (move) out.set(id, move);
      }
      return out;
    },

    /** Every move of an item's date up to `asOf`, oldest first: its own, and its wave's while it was in it. */
    ofItem(itemId: number, asOf: string): readonly MoveOfItem[] {
      const { all } = dayOf(asOf);
      let moves = all.get(itemId);
      if (!moves) all.set(itemId, (moves = Object.freeze(movesOfItem(history, itemId, asOf).map((m) => Object.freeze(m)))));
      return moves;
    },
  };
}

export type MovesKept = ReturnType<typeof createMovesKept>;
