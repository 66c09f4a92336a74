import { addHours, addMinutes } from 'date-fns';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { changeSignalOf } from '../db/change-signal.ts';
import type { Db } from '../db/database.ts';
import { apiTokens, sessions, shareLinks, userCouncils, users } from '../db/schema.ts';
import type { Actor } from './actor.ts';
import { randomToken, sha256 } from './secrets.ts';

export interface SessionSettings {
  idleMinutes: number;
  absoluteHours: number;
}

/** Unless the app is told otherwise (buildApp's `session`): 30 minutes idle, 12 hours at most. */
export const DEFAULT_SESSION_SETTINGS: SessionSettings = { idleMinutes: 30, absoluteHours: 12 };

/** How often a session's idle clock, or a token's last use, is written (at most): reads stay reads. */
const IDLE_CLOCK_MS = 60_000;
/** A share link's last use is written at most this often. */
const SHARE_LAST_USED_MS = 5 * 60_000;

/** Whether a last-used time is old enough to be written again. */
const writeDue = (lastAt: string | null, now: Date, everyMs: number): boolean => !lastAt || now.getTime() - new Date(lastAt).getTime() > everyMs;
const MAX_CHECKED_SESSIONS = 5_000;

/** Freezes a value and everything in it: one object served to many requests must not be changed by any. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') Object.values(value).forEach(deepFreeze);
  return Object.freeze(value);
}

export interface ActiveSession {
  idHash: string;
  csrfToken: string;
  actor: Actor;
}

/** Sessions, tokens and the actor behind them: the queries authentication runs on every request. */
// eslint-disable-next-line max-lines-per-function -- a store: one prepared statement per question about sessions, tokens and share links, each method a line or two
export function createAuthStore(db: Db) {
  // Run on every signed-in request: a plain prepared statement, without the query builder's row mapping.
  const sessionById = db.$client.prepare(`select s.id_hash as idHash, s.csrf_token as csrfToken, s.last_seen_at as lastSeenAt, s.expires_at as expiresAt,
      u.id as userId, u.display_name as name, u.role as role, u.disabled_at as disabledAt
    from sessions s join users u on u.id = s.user_id where s.id_hash = ?`);
  type SessionRow = { idHash: string; csrfToken: string; lastSeenAt: string; expiresAt: string; userId: number; name: string; role: Actor['role']; disabledAt: string | null };

  const tokenByHash = db.select({
    id: apiTokens.id, expiresAt: apiTokens.expiresAt, lastUsedAt: apiTokens.lastUsedAt,
    userId: users.id, name: users.displayName, role: users.role, disabledAt: users.disabledAt,
  }).from(apiTokens).innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, sql.placeholder('hash')), isNull(apiTokens.revokedAt))).prepare();

  const shareByHash = db.select({ id: shareLinks.id, label: shareLinks.label, expiresAt: shareLinks.expiresAt, lastUsedAt: shareLinks.lastUsedAt })
    .from(shareLinks).where(and(eq(shareLinks.tokenHash, sql.placeholder('hash')), isNull(shareLinks.revokedAt))).prepare();

  const councilsOf = db.select({ councilId: userCouncils.councilId }).from(userCouncils)
    .where(eq(userCouncils.userId, sql.placeholder('userId'))).prepare();

  // Sessions already checked against the database since the last write anywhere (any write moves the
  // change signal and empties this), so a cached read costs no query: see docs/performance.md. Keyed by the
  // cookie value, which the request carries anyway; bounded, oldest dropped first.
  const anyChange = changeSignalOf(db.$client);
  const checked = new Map<string, { session: ActiveSession; lastSeenAt: number; expiresAt: number; idleDeadline: number }>();
  let checkedUnder = '';

  const actorFor = (row: { userId: number; name: string; role: Actor['role'] }): Actor => ({
    id: row.userId, name: row.name, role: row.role,
    councilIds: row.role === 'lead' ? councilsOf.all({ userId: row.userId }).map((r) => r.councilId) : [],
  });

  return {
    /**
     * Starts a session with a fresh random id (never reuses one presented by the client). `device` is the short
     * description shown to its owner in their sessions list (`auth/device.ts`); nothing reads it to decide anything.
     */
    createSession(user: { id: number; displayName: string; role: Actor['role'] }, now: Date, settings: SessionSettings, device: string | null = null): { token: string; csrfToken: string; actor: Actor } {
      const token = randomToken(32);
      const csrfToken = randomToken(32);
      db.insert(sessions).values({
        idHash: sha256(token), userId: user.id, csrfToken, createdAt: now.toISOString(), lastSeenAt: now.toISOString(), device,
        expiresAt: addHours(now, settings.absoluteHours).toISOString(),
      }).run();
      return { token, csrfToken, actor: actorFor({ userId: user.id, name: user.displayName, role: user.role }) };
    },

    /** The live session for a cookie value, sliding its idle expiry; expired sessions are deleted. */
    findSession(token: string, now: Date, settings: SessionSettings): ActiveSession | undefined {
      const signal = anyChange();
      if (signal !== checkedUnder) {
        checked.clear(); // something was written: every session is looked up again
        checkedUnder = signal;
      }
      const known = checked.get(token);
      const at = now.getTime();
      // Served from memory only while nothing is due: not expired, not idle, idle clock not to be written.
      if (known && at < known.expiresAt && at < known.idleDeadline && at - known.lastSeenAt <= IDLE_CLOCK_MS) return known.session;

      const idHash = sha256(token);
      const row = sessionById.get(idHash) as SessionRow | undefined;
      if (!row) return undefined;
      const lastSeenAt = new Date(row.lastSeenAt).getTime();
      const expiresAt = new Date(row.expiresAt).getTime();
      const idleDeadline = addMinutes(lastSeenAt, settings.idleMinutes).getTime();
      if (row.disabledAt || at >= expiresAt || at >= idleDeadline) {
        db.delete(sessions).where(eq(sessions.idHash, idHash)).run();
        return undefined;
      }
      // Write the idle clock at most once a minute: reads stay reads.
      if (at - lastSeenAt > IDLE_CLOCK_MS) {
        db.update(sessions).set({ lastSeenAt: now.toISOString() }).where(eq(sessions.idHash, idHash)).run();
        return { idHash, csrfToken: row.csrfToken, actor: actorFor(row) };
      }
      const session = deepFreeze({ idHash, csrfToken: row.csrfToken, actor: actorFor(row) });
      // Not kept from inside a transaction: a rollback leaves the change signal where the lookup saw it.
      if (db.$client.inTransaction) return session;
      if (checked.size >= MAX_CHECKED_SESSIONS) checked.delete(checked.keys().next().value!);
      checked.set(token, { session, lastSeenAt, expiresAt, idleDeadline });
      return session;
    },

    endSession(idHash: string): void {
      db.delete(sessions).where(eq(sessions.idHash, idHash)).run();
    },

    endSessionsOf(userId: number): void {
      db.delete(sessions).where(eq(sessions.userId, userId)).run();
    },

    /** A live share link (not revoked, not expired) for the token presented. */
    findShareLink(token: string, now: Date): { id: number; label: string; expiresAt: string } | undefined {
      const row = shareByHash.get({ hash: sha256(token) });
      if (!row || now >= new Date(row.expiresAt)) return undefined;
      if (writeDue(row.lastUsedAt, now, SHARE_LAST_USED_MS)) {
        db.update(shareLinks).set({ lastUsedAt: now.toISOString() }).where(eq(shareLinks.id, row.id)).run();
      }
      return { id: row.id, label: row.label, expiresAt: row.expiresAt };
    },

    /** The actor behind a personal API token, if it is live. */
    findTokenActor(token: string, now: Date): Actor | undefined {
      const row = tokenByHash.get({ hash: sha256(token) });
      if (!row || row.disabledAt || (row.expiresAt && now >= new Date(row.expiresAt))) return undefined;
      if (writeDue(row.lastUsedAt, now, IDLE_CLOCK_MS)) {
        db.update(apiTokens).set({ lastUsedAt: now.toISOString() }).where(eq(apiTokens.id, row.id)).run();
      }
      return actorFor(row);
    },
  };
}

export type AuthStore = ReturnType<typeof createAuthStore>;
