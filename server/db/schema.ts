/**
 * The database schema, one file per domain under server/db/schema/ (drizzle-kit reads this file; migrations are
 * generated from it). Everything is re-exported here, so `import { councils } from './schema.ts'` keeps working.
 */
export * from './schema/plan.ts';
export * from './schema/people.ts';
export * from './schema/readiness.ts';
export * from './schema/raid.ts';
export * from './schema/read-models.ts';
export * from './schema/sharing.ts';
export * from './schema/engagement.ts';
export * from './schema/benefits.ts';
export * from './schema/notifications.ts';
export * from './schema/voice.ts';
export * from './schema/timeline.ts';
export * from './schema/history.ts';
