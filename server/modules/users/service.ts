import { and, asc, count, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import { hashPassword } from '../../auth/secrets.ts';
import { inTransaction, type Db } from '../../db/database.ts';
import { countWhere, pageBounds, toPage } from '../../db/paging.ts';
import { councils, sessions, userCouncils, users, type Role } from '../../db/schema.ts';
import { instant, type Clock } from '../../domain/clock.ts';
import type { Page, WriteContext } from '../../http/crud.ts';
import { badRequest, conflict, notFound, type ErrorDetail } from '../../http/errors.ts';
import { assertFresh } from '../../http/versioning.ts';
import { recordAudit } from '../../db/audit.ts';
import { revokeTokensOf } from '../../auth/credentials.ts';
import type { CreateUser, UpdateUser, User, UserQuery } from './schemas.ts';

type UserRow = typeof users.$inferSelect;

/** Leads answer for at least one council; other roles for none. */
function councilProblems(db: Db, role: Role, councilIds: number[]): ErrorDetail[] {
  if (role === 'lead' && councilIds.length === 0) return [{ field: 'councilIds', message: 'a council lead needs at least one council' }];
  if (role !== 'lead' && councilIds.length > 0) return [{ field: 'councilIds', message: 'only council leads are linked to councils' }];
  if (councilIds.length === 0) return [];
  const found = new Set(db.select({ id: councils.id }).from(councils).where(inArray(councils.id, councilIds)).all().map((r) => r.id));
  return councilIds.filter((id) => !found.has(id)).map((id) => ({ field: 'councilIds', message: `council ${id} does not exist` }));
}

// eslint-disable-next-line max-lines-per-function -- a CRUD service factory: the operations share the role, council and credential rules
export function createUserService(db: Db, clock: Clock) {
  const councilsOf = (ids: number[]): Map<number, number[]> => {
    const map = new Map<number, number[]>(ids.map((id) => [id, []]));
    if (ids.length === 0) return map;
    for (const row of db.select().from(userCouncils).where(inArray(userCouncils.userId, ids)).orderBy(asc(userCouncils.councilId)).all()) {
      map.get(row.userId)?.push(row.councilId);
    }
    return map;
  };
  const present = (row: UserRow, councilIds: number[]): User => ({
    id: row.id, email: row.email, displayName: row.displayName, role: row.role, councilIds,
    disabled: row.disabledAt !== null, version: row.version, createdAt: row.createdAt, updatedAt: row.updatedAt,
  });
  const load = (id: number): UserRow => {
    const row = db.select().from(users).where(eq(users.id, id)).get();
    if (!row) throw notFound('User', id);
    return row;
  };
  const get = (id: number): User => present(load(id), councilsOf([id]).get(id) ?? []);
  const setCouncils = (userId: number, councilIds: number[]): void => {
    db.delete(userCouncils).where(eq(userCouncils.userId, userId)).run();
    for (const councilId of councilIds) db.insert(userCouncils).values({ userId, councilId }).run();
  };
  const otherActiveOffice = (id: number): number =>
    db.select({ n: count() }).from(users).where(and(eq(users.role, 'office'), isNull(users.disabledAt), ne(users.id, id))).get()?.n ?? 0;

  const service = {
    list(query: UserQuery): Page<User> {
      const bounds = pageBounds(query);
      const where = query.role ? eq(users.role, query.role) : undefined;
      const rows = db.select().from(users).where(where).orderBy(asc(users.displayName)).limit(bounds.limit).offset(bounds.offset).all();
      const links = councilsOf(rows.map((r) => r.id));
      return toPage(rows.map((r) => present(r, links.get(r.id) ?? [])), countWhere(db, users, where), bounds);
    },

    get,

    async create(input: CreateUser, ctx: WriteContext): Promise<User> {
      const { password, ...account } = input;
      return service.insert(account, await hashPassword(password), ctx);
    },

    /** Creates an account whose password is already hashed (hashing is slow and async, so it happens first). */
    insert(input: Omit<CreateUser, 'password'>, passwordHash: string, ctx: WriteContext): User {
      const councilIds = input.councilIds ?? [];
      const problems = councilProblems(db, input.role, councilIds);
      if (problems.length > 0) throw badRequest('The user is not valid.', problems);
      return inTransaction(db, () => {
        const now = instant(clock);
        const row = db.insert(users).values({
          email: input.email.trim(), displayName: input.displayName.trim(), role: input.role, passwordHash, createdAt: now, updatedAt: now,
        }).returning().get();
        setCouncils(row.id, councilIds);
        const created = get(row.id);
        recordAudit(db, ctx.actor, clock(), { action: 'create', entity: 'user', entityId: row.id, after: created });
        return created;
      });
    },

    update(id: number, input: UpdateUser, ctx: WriteContext): User {
      return inTransaction(db, () => {
        const before = get(id);
        assertFresh('user', before, ctx.ifMatch, () => before);
        const role = input.role ?? before.role;
        const councilIds = input.councilIds ?? (role === 'lead' ? before.councilIds : []);
        const problems = councilProblems(db, role, councilIds);
        if (problems.length > 0) throw badRequest('The change to the user is not valid.', problems);
        const losesOffice = before.role === 'office' && !before.disabled && (role !== 'office' || input.disabled === true);
        if (losesOffice && otherActiveOffice(id) === 0) {
          throw conflict('This is the last active programme office account; add another before changing or disabling it.');
        }
        const disabling = input.disabled === true && !before.disabled;
        db.update(users).set({
          ...(input.displayName !== undefined ? { displayName: input.displayName.trim() } : {}),
          role,
          ...(input.disabled !== undefined ? { disabledAt: input.disabled ? instant(clock) : null } : {}),
          version: sql`${users.version} + 1`,
          updatedAt: instant(clock),
        }).where(eq(users.id, id)).run();
        setCouncils(id, councilIds);
        // A disabled user, or one whose role changed, signs in again: sessions end at once. Disabling also ends
        // the user's API tokens for good, so re-enabling the account does not bring them back.
        if (disabling || role !== before.role) db.delete(sessions).where(eq(sessions.userId, id)).run();
        if (disabling) revokeTokensOf(db, ctx.actor, clock(), id);
        const after = get(id);
        recordAudit(db, ctx.actor, clock(), { action: 'update', entity: 'user', entityId: id, before, after });
        return after;
      });
    },

    /** Sets a new password and ends every session and API token of that user (whoever resets it, themselves included). */
    async resetPassword(id: number, password: string, ctx: WriteContext): Promise<User> {
      load(id);
      const passwordHash = await hashPassword(password);
      return inTransaction(db, () => {
        const before = get(id);
        assertFresh('user', before, ctx.ifMatch, () => before);
        db.update(users).set({ passwordHash, version: sql`${users.version} + 1`, updatedAt: instant(clock) }).where(eq(users.id, id)).run();
        db.delete(sessions).where(eq(sessions.userId, id)).run();
        revokeTokensOf(db, ctx.actor, clock(), id);
        const after = get(id);
        recordAudit(db, ctx.actor, clock(), { action: 'update', entity: 'user', entityId: id, before: { password: 'previous' }, after: { password: 'reset' } });
        return after;
      });
    },
  };
  return service;
}

export type UserService = ReturnType<typeof createUserService>;
