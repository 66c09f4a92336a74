/** What other modules read of the exports: the plan CSV's columns, which the plan import reads back. */
export { PLAN_COLUMNS } from './tables.ts';
