/** What other modules read of the readings: the filter the readings list and its CSV export share. */
export { readingFilter } from './store.ts';
/** The readings service's type, for the modules the composition root (server/services.ts) hands it to. */
export type { ReadingService } from './service.ts';
