/**
 * What other modules read of readiness: the engine's judgement of every item (its type, which the composition root
 * hands to them, and the current evaluation of a council or the programme) and the screens' read models.
 */
export { currentEvaluation, type ItemReadiness, type ReadinessEngine } from './engine.ts';
export type { ReadinessViews } from './views.ts';
