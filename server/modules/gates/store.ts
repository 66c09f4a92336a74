import { desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { gateDecisions } from '../../db/schema.ts';

export type DecisionRow = typeof gateDecisions.$inferSelect;

/** The decision in force for an item: the latest one; earlier ones are superseded, never edited. */
export function latestDecision(db: Db, itemId: number): DecisionRow | undefined {
  return db.select().from(gateDecisions).where(eq(gateDecisions.itemId, itemId)).orderBy(desc(gateDecisions.id)).limit(1).get();
}

/** The decision in force for each of many items, in one query. */
export function latestDecisions(db: Db, itemIds?: number[]): Map<number, DecisionRow> {
  // One query, the ids bound as one JSON array: a list of thousands of ids as separate parameters cost more to build
  // than the query took to run.
  const filter = itemIds ? sql`where item_id in (select value from json_each(${JSON.stringify(itemIds)}))` : sql``;
  const inForce = db.select().from(gateDecisions)
    .where(sql`${gateDecisions.id} in (select max(id) from gate_decisions ${filter} group by item_id)`).all();
  return new Map(inForce.map((d) => [d.itemId, d]));
}

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
