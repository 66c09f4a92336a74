/** What other modules read of the criteria: whether a reading's value fits its criterion's unit. */
export { valueProblem } from './rules.ts';
