/**
 * What other modules read of the plan's progress: the item facts as of any day (the store), the plan's history of
 * moves and their reasons, and `withPlanChange`, which names who changed the plan and why for the history triggers of
 * the change's own transaction. The reason fields of a request are in `http/reasons.ts`.
 */
export { createProgressStore, type ItemFactsRow } from './store.ts';
export { createPlanHistoryStore, latestReasons, moveWhy, planMoves, withPlanChange, type PlanReason } from './history.ts';
export { createMovesKept, type MoveOfItem } from './moves-kept.ts';
