/**
 * What other modules read of readiness: the engine's judgement of every item (its type, which the composition root
 * hands to them, and the current evaluation of a council or the programme). The screens' read models are the dashboard module's.
 */
export { createReadinessEngine, currentEvaluation, DEFAULT_ENGINE_BUDGET, type EvaluateOptions, type ItemReadiness, type ReadinessEngine } from './engine.ts';
