/** What other modules read of the items: the council, feature, wave and group a record refers to, checked and named. */
export { loadReferences } from './references.ts';
