import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { changeTracking } from './columns.ts';
import { councils } from './plan.ts';

export const ROLES = ['office', 'lead', 'sponsor'] as const;
export type Role = (typeof ROLES)[number];

export const users = sqliteTable(
  'users',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    email: text('email').notNull(),
    displayName: text('display_name').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    /** argon2id; null until a password is set. */
    passwordHash: text('password_hash'),
    disabledAt: text('disabled_at'),
    ...changeTracking,
  },
  (t) => [uniqueIndex('users_email_unique').on(sql`lower(${t.email})`)],
);

/** The councils a council lead answers for. */
export const userCouncils = sqliteTable(
  'user_councils',
  {
    userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    councilId: integer('council_id').notNull().references(() => councils.id, { onDelete: 'restrict' }),
  },
  (t) => [primaryKey({ columns: [t.userId, t.councilId] }), index('user_councils_council_idx').on(t.councilId)],
);

/** Server-side sessions. The cookie holds a random id; only its SHA-256 is stored. */
export const sessions = sqliteTable(
  'sessions',
  {
    idHash: text('id_hash').primaryKey(),
    userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    createdAt: text('created_at').notNull(),
    lastSeenAt: text('last_seen_at').notNull(),
    expiresAt: text('expires_at').notNull(),
    /** "Chrome on Android": from the User-Agent at sign-in, cleaned (auth/device.ts); shown to its owner only, never trusted. */
    device: text('device'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** Personal API tokens for scripts. Shown once; only the SHA-256 is stored. */
export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull(),
    /** The first characters, so a person can tell tokens apart. */
    prefix: text('prefix').notNull(),
    createdAt: text('created_at').notNull(),
    expiresAt: text('expires_at'),
    lastUsedAt: text('last_used_at'),
    revokedAt: text('revoked_at'),
  },
  (t) => [uniqueIndex('api_tokens_hash_unique').on(t.tokenHash), index('api_tokens_user_idx').on(t.userId)],
);

export const AUDIT_ACTIONS = ['create', 'update', 'delete'] as const;

/** Append-only: triggers in the migrations refuse UPDATE, DELETE and an INSERT that would replace a row. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: text('at').notNull(),
    userId: integer('user_id'),
    userName: text('user_name').notNull(),
    action: text('action', { enum: AUDIT_ACTIONS }).notNull(),
    entity: text('entity').notNull(),
    entityId: integer('entity_id').notNull(),
    before: text('before', { mode: 'json' }),
    after: text('after', { mode: 'json' }),
    /** The previous row's hash (null for the first row): the chain that makes an edit or a removal show. */
    prevHash: text('prev_hash'),
    /** SHA-256 of this row's content and prevHash; computed by recordAudit (see server/db/audit-chain.ts). */
    hash: text('hash'),
  },
  (t) => [
    index('audit_entity_idx').on(t.entity, t.entityId, t.id),
    index('audit_user_idx').on(t.userId, t.id),
    index('audit_at_idx').on(t.at),
  ],
);
