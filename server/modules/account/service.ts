import { addMinutes } from 'date-fns';
import { and, desc, eq, ne, sql } from 'drizzle-orm';
import type { Actor } from '../../auth/actor.ts';
import { hashPassword, sha256, verifyPassword } from '../../auth/secrets.ts';
import type { SessionSettings } from '../../auth/store.ts';
import { inTransaction, type Db } from '../../db/database.ts';
import { sessions, users } from '../../db/schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { AppError, badRequest, conflict } from '../../http/errors.ts';
import { recordAudit } from '../../db/audit.ts';
import type { ChangePassword, OwnSession } from './schemas.ts';

/** The reference a session is listed and ended by: a hash of its stored hash, so neither the cookie nor the stored hash leaves the server. */
export const sessionRef = (idHash: string): string => sha256(`session-ref:${idHash}`).slice(0, 16);

/** The account of the signed-in user (never share links or the system): API tokens act for a user and count. */
function ownId(actor: Actor): number {
  if (actor.id === null) throw new AppError(403, 'Only a user account has sessions and a password.');
  return actor.id;
}

/**
 * A person's own account: their sessions and their password. Nobody reaches another person's sessions here (the
 * programme office resets passwords and disables accounts through /api/users).
 */
export function createAccountService(db: Db, clock: Clock, settings: SessionSettings) {
  /** Sessions still alive now (an expired one is deleted when next presented; it is not listed meanwhile). */
  const liveSessionsOf = (userId: number) => {
    const now = clock();
    return db.select().from(sessions).where(eq(sessions.userId, userId)).orderBy(desc(sessions.lastSeenAt)).all()
      .map((s) => {
        const idle = addMinutes(new Date(s.lastSeenAt), settings.idleMinutes);
        const absolute = new Date(s.expiresAt);
        return { ...s, endsAt: (idle < absolute ? idle : absolute) };
      })
      .filter((s) => s.endsAt > now);
  };

  return {
    listSessions(actor: Actor, currentIdHash: string | null): OwnSession[] {
      return liveSessionsOf(ownId(actor)).map((s) => ({
        id: sessionRef(s.idHash), current: s.idHash === currentIdHash, createdAt: s.createdAt, lastSeenAt: s.lastSeenAt, endsAt: s.endsAt.toISOString(), device: s.device,
      }));
    },

    /** Ends one of the caller's other sessions at once. The session in use ends by signing out. */
    endSession(actor: Actor, ref: string, currentIdHash: string | null): void {
      const userId = ownId(actor);
      inTransaction(db, () => {
        const session = liveSessionsOf(userId).find((s) => sessionRef(s.idHash) === ref);
        // Another person's session, or one already ended, does not exist for this caller.
        if (!session) throw new AppError(404, `Session ${ref} was not found among your sessions.`);
        if (session.idHash === currentIdHash) throw conflict('This is the session you are using: sign out to end it.');
        db.delete(sessions).where(eq(sessions.idHash, session.idHash)).run();
        recordAudit(db, actor, clock(), {
          action: 'update', entity: 'user', entityId: userId,
          before: { endedSession: null }, after: { endedSession: ref, sessionStartedAt: session.createdAt },
        });
      });
    },

    /**
     * Checks the current password, then sets the new one and ends every other session of the caller's (API
     * tokens stay: they are listed beside the sessions and revoked one by one). `keep` is the session in use,
     * replaced by the caller with a fresh one afterwards.
     */
    async changePassword(actor: Actor, input: ChangePassword, keep: string | null): Promise<{ endedSessions: number; email: string }> {
      const userId = ownId(actor);
      const user = db.select().from(users).where(eq(users.id, userId)).get();
      if (!user || user.disabledAt) throw new AppError(403, 'This account is disabled.');
      if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
        throw badRequest('Your current password is not right. Nothing was changed.', [{ field: 'currentPassword', message: 'is not right' }]);
      }
      if (input.newPassword === input.currentPassword) {
        throw badRequest('The new password is the same as the current one. Nothing was changed.', [{ field: 'newPassword', message: 'must differ from your current password' }]);
      }
      const passwordHash = await hashPassword(input.newPassword);
      return inTransaction(db, () => {
        // The hash checked above is still the one stored: a change made meanwhile (by the office, or in another
        // tab) wins, and this one is refused rather than silently undoing it.
        const now = db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId)).get();
        if (now?.passwordHash !== user.passwordHash) throw conflict('Your password was changed meanwhile. Sign in again and retry.');
        db.update(users).set({ passwordHash, version: sql`${users.version} + 1`, updatedAt: clock().toISOString() }).where(eq(users.id, userId)).run();
        const others = keep === null ? eq(sessions.userId, userId) : and(eq(sessions.userId, userId), ne(sessions.idHash, keep));
        const ended = db.delete(sessions).where(others).run().changes;
        recordAudit(db, actor, clock(), {
          action: 'update', entity: 'user', entityId: userId,
          before: { password: 'previous' }, after: { password: 'changed by its owner', otherSessionsEnded: ended },
        });
        return { endedSessions: ended, email: user.email };
      });
    },
  };
}

export type AccountService = ReturnType<typeof createAccountService>;
