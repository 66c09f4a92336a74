import { and, eq, isNull } from 'drizzle-orm';
import type { Actor } from './actor.ts';
import type { Db } from '../db/database.ts';
import { apiTokens } from '../db/schema.ts';
import { recordAudit } from '../db/audit.ts';

/**
 * Revokes every live API token of a user, each with its audit entry; run inside the caller's transaction.
 * A token is a password in its own right: when the password is reset or the account disabled, the tokens end
 * too, for good (re-enabling the account does not bring them back). Returns how many were revoked.
 */
export function revokeTokensOf(db: Db, actor: Actor, at: Date, userId: number): number {
  const revoked = db.update(apiTokens).set({ revokedAt: at.toISOString() })
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id, name: apiTokens.name, prefix: apiTokens.prefix, revokedAt: apiTokens.revokedAt }).all();
  for (const token of revoked) {
    recordAudit(db, actor, at, { action: 'update', entity: 'api_token', entityId: token.id, before: { ...token, revokedAt: null }, after: token });
  }
  return revoked.length;
}
