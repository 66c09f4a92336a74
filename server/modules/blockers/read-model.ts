/** What other modules read of the blockers: each item's open issues (RAID issues since migration 0025), for the readiness screens. */
export { createOpenBlockers, type OpenBlocker } from './store.ts';
