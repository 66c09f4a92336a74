import { text, integer } from 'drizzle-orm/sqlite-core';

/** Columns every changeable resource carries: an optimistic-lock version and UTC instants. */
export const changeTracking = {
  version: integer('version').notNull().default(1),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
};

/**
 * Records that have history are archived instead of deleted: hidden from the plan's lists by default,
 * kept everywhere the record is read (history, exports, reports). Null while the record is in use.
 */
export const archiving = {
  archivedAt: text('archived_at'),
};
