import { and, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { countWhere } from '../../db/paging.ts';
import { notificationAttempts, notificationPreferences, notifications, userCouncils, users, type Role } from '../../db/schema.ts';
import type { Section } from './content.ts';
import { KIND_NAMES, KINDS, type KindName } from './kinds.ts';

export type NotificationRow = typeof notifications.$inferSelect;
export type Switches = { inApp: boolean; email: boolean };

/** A section of a digest as stored: where each one shows (the person's switches for its kind when it was written). */
export interface StoredSection extends Section {
  inApp: boolean;
  email: boolean;
}

/** Someone who can be notified: active, with their role, councils and address. */
export interface Person {
  id: number;
  name: string;
  email: string;
  role: Role;
  councilIds: number[];
}

/** Active users of these roles (and, for leads, of any of these councils), with their councils. */
export function people(db: Db, filter: { roles: Role[]; councilIds?: number[]; ids?: number[] }): Person[] {
  const rows = db.select({ id: users.id, name: users.displayName, email: users.email, role: users.role })
    .from(users)
    .where(and(isNull(users.disabledAt), inArray(users.role, filter.roles), filter.ids ? inArray(users.id, filter.ids) : undefined))
    .orderBy(users.id).all();
  if (rows.length === 0) return [];
  const links = db.select().from(userCouncils).where(inArray(userCouncils.userId, rows.map((r) => r.id))).all();
  return rows
    .map((r) => ({ ...r, councilIds: links.filter((l) => l.userId === r.id).map((l) => l.councilId) }))
    .filter((p) => !filter.councilIds || p.role !== 'lead' || p.councilIds.some((c) => filter.councilIds!.includes(c)));
}

/** A person's switches for every kind: their own where set, else the kind's default. */
export function preferencesOf(db: Db, userId: number): Record<KindName, Switches> {
  const own = new Map(db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, userId)).all().map((p) => [p.kind, p]));
  return Object.fromEntries(KIND_NAMES.map((kind) => {
    const p = own.get(kind);
    return [kind, p ? { inApp: p.inApp, email: p.email } : { ...KINDS[kind].defaults }];
  })) as Record<KindName, Switches>;
}

export function setPreference(db: Db, userId: number, kind: KindName, switches: Switches, at: string): void {
  db.insert(notificationPreferences).values({ userId, kind, ...switches, updatedAt: at })
    .onConflictDoUpdate({ target: [notificationPreferences.userId, notificationPreferences.kind], set: { ...switches, updatedAt: at } }).run();
}

export interface NewNotification {
  userId: number;
  kind: KindName;
  dedupeKey: string;
  title: string;
  body?: string;
  link: string;
  details?: StoredSection[] | null;
  /** Shown in the centre; e-mailed to this address (null: not e-mailed). */
  shown: boolean;
  emailTo: string | null;
}

/**
 * Writes one notification, once: a second write with the same person and key changes nothing (the unique index
 * decides, so two writers cannot both win). Returns the new id, or null when it was there already or goes nowhere.
 * Call inside the transaction of the change that causes it.
 */
export function insertNotification(db: Db, at: string, n: NewNotification): number | null {
  if (!n.shown && n.emailTo === null) return null;
  const row = db.insert(notifications).values({
    userId: n.userId, kind: n.kind, dedupeKey: n.dedupeKey, title: n.title, body: n.body ?? '', link: n.link, details: n.details ?? null,
    shown: n.shown, createdAt: at, emailState: n.emailTo ? 'pending' : 'none', emailTo: n.emailTo, nextAttemptAt: n.emailTo ? at : null,
  }).onConflictDoNothing({ target: [notifications.userId, notifications.dedupeKey] }).returning({ id: notifications.id }).get();
  return row?.id ?? null;
}

/** One person's notifications in the centre, newest first. */
export function centrePage(db: Db, userId: number, unreadOnly: boolean, limit: number, offset: number) {
  const where = and(eq(notifications.userId, userId), eq(notifications.shown, true), unreadOnly ? isNull(notifications.readAt) : undefined);
  const rows = db.select().from(notifications).where(where).orderBy(desc(notifications.id)).limit(limit).offset(offset).all();
  return { rows, total: countWhere(db, notifications, where) };
}

export function unreadCount(db: Db, userId: number): number {
  return (db.select({ n: sql<number>`count(*)` }).from(notifications)
    .where(and(eq(notifications.userId, userId), eq(notifications.shown, true), isNull(notifications.readAt))).get()?.n) ?? 0;
}

/** Marks some (or all) of one person's notifications read; others' ids are ignored. Returns how many changed. */
export function markRead(db: Db, userId: number, ids: number[] | 'all', at: string): number {
  return db.update(notifications).set({ readAt: at })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt), ids === 'all' ? undefined : inArray(notifications.id, ids)))
    .run().changes;
}

export function outboxWhere(filter: { state?: NotificationRow['emailState']; userId?: number }): SQL | undefined {
  return and(
    filter.state ? eq(notifications.emailState, filter.state) : sql`${notifications.emailState} <> 'none'`,
    filter.userId !== undefined ? eq(notifications.userId, filter.userId) : undefined,
  );
}

export const outboxColumns = {
  id: notifications.id, userId: notifications.userId, userName: users.displayName, emailTo: notifications.emailTo, kind: notifications.kind,
  title: notifications.title, createdAt: notifications.createdAt, emailState: notifications.emailState, attempts: notifications.attempts,
  nextAttemptAt: notifications.nextAttemptAt, lastError: notifications.lastError, sentAt: notifications.sentAt,
};

export function outboxPage(db: Db, where: SQL | undefined, limit: number, offset: number) {
  return db.select(outboxColumns).from(notifications).innerJoin(users, eq(users.id, notifications.userId))
    .where(where).orderBy(desc(notifications.id)).limit(limit).offset(offset).all();
}

export function outboxEntry(db: Db, id: number) {
  const row = db.select(outboxColumns).from(notifications).innerJoin(users, eq(users.id, notifications.userId)).where(eq(notifications.id, id)).get();
  if (!row) return undefined;
  const attempts = db.select().from(notificationAttempts).where(eq(notificationAttempts.notificationId, id)).orderBy(notificationAttempts.id).all();
  return { ...row, attemptLog: attempts.map((a) => ({ startedAt: a.startedAt, finishedAt: a.finishedAt, outcome: a.outcome, error: a.error })) };
}
