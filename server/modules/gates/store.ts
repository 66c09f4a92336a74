import { desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { idList, inIds } from '../../db/filters.ts';
import { gateDecisions } from '../../db/schema.ts';

export type DecisionRow = typeof gateDecisions.$inferSelect;

/** The decision in force for an item: the latest one; earlier ones are superseded, never edited. */
export function latestDecision(db: Db, itemId: number): DecisionRow | undefined {
  return db.select().from(gateDecisions).where(eq(gateDecisions.itemId, itemId)).orderBy(desc(gateDecisions.id)).limit(1).get();
}

/**
 * The decision in force for each of many items (or every item), in one query: the ids bound as one JSON array, as a
 * list of thousands of ids as separate parameters cost more to build than the query took to run. Made once by a
 * reader that asks on every build (the dashboard's views), so its statements are prepared once.
 */
export function createLatestDecisions(db: Db) {
  const inForce = (filter: SQL) => db.select().from(gateDecisions).where(sql`${gateDecisions.id} in (select max(id) from gate_decisions ${filter} group by item_id)`);
  // Each prepared on first use: asked once (`latestDecisions`), only the one wanted is prepared.
  let some: ReturnType<typeof prepareSome> | undefined;
  let every: ReturnType<typeof prepareEvery> | undefined;
  const prepareSome = () => inForce(sql`where ${inIds(gateDecisions.itemId)}`).prepare();
  const prepareEvery = () => inForce(sql``).prepare();
  return (itemIds?: number[]): Map<number, DecisionRow> =>
    new Map((itemIds ? (some ??= prepareSome()).all(idList(itemIds)) : (every ??= prepareEvery()).all()).map((d) => [d.itemId, d]));
}

/** The same, asked once. */
export const latestDecisions = (db: Db, itemIds?: number[]): Map<number, DecisionRow> => createLatestDecisions(db)(itemIds);

export function decisionsOf(db: Db, itemId: number): DecisionRow[] {
  return db.select().from(gateDecisions).where(eq(gateDecisions.itemId, itemId)).orderBy(desc(gateDecisions.id)).all();
}

/** Whether the decision in force lets the item go live. */
export const allowsGoLive = (decision: DecisionRow | undefined): boolean => decision?.decision === 'go' || decision?.decision === 'go_override';

/** A decision as the API shows it. */
export function presentDecision(d: DecisionRow) {
  return {
    id: d.id, itemId: d.itemId, waveId: d.waveId, proposed: d.proposed, decision: d.decision, reason: d.reason,
    evidence: d.evidence as string[], asOf: d.asOf, decidedByName: d.decidedByName, decidedAt: d.decidedAt,
  };
}
