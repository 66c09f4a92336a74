/** What other modules read of the early wins: the cards the screens and the board report show. */
export { winCards } from './store.ts';
