/**
 * What other modules use of the notification centre: who can be told (active people by role and council), each
 * person's switches per kind, and the outbox a notification is written to in the caller's transaction (the sender
 * e-mails it later, exactly once; docs/adr/0011). The RAID log's daily chasing writes through these.
 */
export { insertNotification, people, preferencesOf, type Person } from './store.ts';
export type { KindName } from './kinds.ts';
