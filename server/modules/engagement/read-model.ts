/**
 * What other modules read of engagement: the communications activities with their dates worked out (calendar, board
 * report, notifications, timeline, exports) and the staff questions with their answer targets judged.
 */
export { listActivitiesWithDates } from './activities-store.ts';
export { createQuestionStore, judged, questionFilter } from './questions-store.ts';
