/** What other modules read of the baselines: which approved baseline applies on a day, and the original one. */
export { createBaselineLookup, type BaselineLookup } from './service.ts';
