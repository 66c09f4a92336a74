/** What other modules read of the readings: the filter the readings list and its CSV export share. */
export { readingFilter } from './store.ts';
