/** What other modules read of staff voice: the results of a round (under the reporting threshold) and who may read them. */
export { createVoiceResults, readerOf } from './results.ts';
