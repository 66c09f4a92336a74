/** What other modules read of the items: the council, feature, wave and group a record refers to, checked and named. */
export { loadReferences } from './references.ts';
/** The items service's type, for the plan import the composition root (server/services.ts) hands it to. */
export type { ItemService } from './service.ts';
