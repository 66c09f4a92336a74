/** What other modules read of the early wins: the cards the screens and the board report show. */
export { createWinCards, winCards } from './store.ts';
/** The wins service's type, for the modules the composition root (server/services.ts) hands it to. */
export type { WinService } from './service.ts';
