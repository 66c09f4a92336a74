import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { users } from './people.ts';

/**
 * How far an e-mail got (docs/notifications.md): none (in-app only), pending (to send, at nextAttemptAt),
 * sending (claimed, the message not yet complete at the mail server), committing (the message is complete and
 * the final line is being handed over: from here it counts as sent), sent, failed (given up; the office resends).
 */
export const EMAIL_STATES = ['none', 'pending', 'sending', 'committing', 'sent', 'failed'] as const;
export type EmailState = (typeof EMAIL_STATES)[number];

/** One notification to one person: its row in the notification centre and, when e-mailed, its outbox entry. */
export const notifications = sqliteTable(
  'notifications',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    /** The event it is about, e.g. "report-issued:4" or "digest:2026-11-23": one notification per person per key. */
    dedupeKey: text('dedupe_key').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    /** A path in the dashboard, e.g. /items/12. */
    link: text('link').notNull(),
    /** Digests: the sections and their lines, each with its link. */
    details: text('details', { mode: 'json' }),
    /** Whether it shows in the notification centre (the person may want some kinds by e-mail only). */
    shown: integer('shown', { mode: 'boolean' }).notNull().default(true),
    createdAt: text('created_at').notNull(),
    readAt: text('read_at'),
    emailState: text('email_state', { enum: EMAIL_STATES }).notNull().default('none'),
    /** The e-mail address when it was written, so a later change of address does not rewrite history. */
    emailTo: text('email_to'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: text('next_attempt_at'),
    /** The sender process that claimed it (see notification_leases). */
    claimedBy: text('claimed_by'),
    lastError: text('last_error'),
    sentAt: text('sent_at'),
  },
  (t) => [
    uniqueIndex('notifications_user_dedupe_unique').on(t.userId, t.dedupeKey),
    index('notifications_user_idx').on(t.userId, t.shown, t.id),
    index('notifications_outbox_idx').on(t.emailState, t.nextAttemptAt),
  ],
);

export const ATTEMPT_OUTCOMES = ['sent', 'retry', 'failed', 'interrupted', 'assumed_sent'] as const;

/** Every attempt to deliver an e-mail, kept for the office's outbox page. */
export const notificationAttempts = sqliteTable(
  'notification_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    notificationId: integer('notification_id').notNull().references(() => notifications.id, { onDelete: 'cascade' }),
    startedAt: text('started_at').notNull(),
    finishedAt: text('finished_at'),
    outcome: text('outcome', { enum: ATTEMPT_OUTCOMES }),
    error: text('error'),
    holder: text('holder').notNull(),
  },
  (t) => [index('notification_attempts_notification_idx').on(t.notificationId, t.id)],
);

/** A person's switches per kind; a kind without a row has its default. */
export const notificationPreferences = sqliteTable(
  'notification_preferences',
  {
    userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    inApp: integer('in_app', { mode: 'boolean' }).notNull(),
    email: integer('email', { mode: 'boolean' }).notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind] })],
);

/** Durable next-run times of the scheduled jobs (weekly digest, alerts, monthly summary). */
export const notificationSchedule = sqliteTable('notification_schedule', {
  job: text('job').primaryKey(),
  nextRunAt: text('next_run_at').notNull(),
  lastRunAt: text('last_run_at'),
});

/** Who may send and schedule now: one holder at a time, until expiresAt unless renewed. */
export const notificationLeases = sqliteTable('notification_leases', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  acquiredAt: text('acquired_at').notNull(),
  expiresAt: text('expires_at').notNull(),
});

/**
 * The transactional outbox of plan changes that notify people: written by triggers (migrations/0015) in the
 * same transaction as the change, whichever route or tool made it; turned into one notification per person
 * by the sender, which stamps processedAt in the same transaction as the notifications it writes.
 */
export const notificationEvents = sqliteTable(
  'notification_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** report_issued, wave_moved, item_moved, item_live, win_drafted. */
    type: text('type').notNull(),
    entityId: integer('entity_id').notNull(),
    /** The entity's version after the change, so each change is its own event. */
    entityVersion: integer('entity_version').notNull().default(1),
    payload: text('payload', { mode: 'json' }),
    processedAt: text('processed_at'),
  },
  (t) => [index('notification_events_pending_idx').on(t.processedAt, t.id)],
);
