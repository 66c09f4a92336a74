import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * Read-only links for sponsors and board members who do not sign in: the overview and the board report,
 * published wins only, nothing else. Only the SHA-256 of the token is stored; revoking ends it at once.
 */
export const shareLinks = sqliteTable(
  'share_links',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    label: text('label').notNull(),
    tokenHash: text('token_hash').notNull(),
    /** The first characters, so the office can tell links apart. */
    prefix: text('prefix').notNull(),
    createdBy: integer('created_by'),
    createdByName: text('created_by_name').notNull(),
    createdAt: text('created_at').notNull(),
    expiresAt: text('expires_at').notNull(),
    lastUsedAt: text('last_used_at'),
    revokedAt: text('revoked_at'),
  },
  (t) => [uniqueIndex('share_links_hash_unique').on(t.tokenHash)],
);

/** Board reports as issued: a frozen copy of what the board was shown. Never edited (see the migrations). */
export const boardReports = sqliteTable(
  'board_reports',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    title: text('title').notNull(),
    periodFrom: text('period_from').notNull(),
    periodTo: text('period_to').notNull(),
    baselineId: integer('baseline_id'),
    content: text('content', { mode: 'json' }).notNull(),
    issuedBy: integer('issued_by'),
    issuedByName: text('issued_by_name').notNull(),
    issuedAt: text('issued_at').notNull(),
  },
  (t) => [index('board_reports_period_idx').on(t.periodTo, t.id)],
);
