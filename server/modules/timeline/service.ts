import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { inTransaction, type Db } from '../../db/database.ts';
import { countWhere, pageBounds, toPage } from '../../db/paging.ts';
import { blackouts, councils, dependencies, features, milestones, rolloutItems } from '../../db/schema.ts';
import { instant, type Clock } from '../../domain/clock.ts';
import type { CrudService, WriteContext } from '../../http/crud.ts';
import { badRequest, conflict, notFound, type ErrorDetail } from '../../http/errors.ts';
import { assertFresh } from '../../http/versioning.ts';
import { recordAudit } from '../../db/audit.ts';
import { cycleClosedBy, cycleInWords } from './cycles.ts';
import { createPlanState } from './plan-state.ts';
import type {
  Blackout, BlackoutQuery, CreateBlackout, CreateDependency, CreateMilestone, Dependency, DependencyQuery, Milestone, MilestoneQuery,
  UpdateBlackout, UpdateDependency, UpdateMilestone,
} from './schemas.ts';

const exists = (db: Db, table: SQLiteTable, idColumn: unknown, id: number): boolean =>
  db.get<{ n: number }>(sql`select count(*) as n from ${table} where ${idColumn} = ${id}`)!.n > 0;

// ---- Blackouts --------------------------------------------------------------------------------------------------
function blackoutProblems(db: Db, b: Omit<Blackout, 'id' | 'version' | 'createdAt' | 'updatedAt'>): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  if (b.endsOn < b.startsOn) problems.push({ field: 'endsOn', message: 'must be on or after startsOn' });
  if (b.repeatsMonthly && b.startsOn.slice(0, 7) !== b.endsOn.slice(0, 7)) problems.push({ field: 'endsOn', message: 'a monthly blackout starts and ends in the same month' });
  if (!b.repeatsMonthly && b.repeatsUntil !== null) problems.push({ field: 'repeatsUntil', message: 'only a monthly blackout repeats' });
  if (b.repeatsUntil !== null && b.repeatsUntil < b.endsOn) problems.push({ field: 'repeatsUntil', message: 'must be on or after endsOn' });
  if (b.councilId !== null && !exists(db, councils, councils.id, b.councilId)) problems.push({ field: 'councilId', message: `no council ${b.councilId}` });
  return problems;
}

export function createBlackoutService(db: Db, clock: Clock): CrudService<Blackout, CreateBlackout, UpdateBlackout, BlackoutQuery> {
  const load = (id: number): Blackout => {
    const row = db.select().from(blackouts).where(eq(blackouts.id, id)).get();
    if (!row) throw notFound('Blackout', id);
    return row;
  };
  return {
    list(query) {
      const bounds = pageBounds(query);
      const where: SQL | undefined = query.councilId !== undefined ? sql`(${blackouts.councilId} = ${query.councilId} or ${blackouts.councilId} is null)` : undefined;
      const rows = db.select().from(blackouts).where(where).orderBy(asc(blackouts.startsOn), asc(blackouts.id)).limit(bounds.limit).offset(bounds.offset).all();
      return toPage(rows, countWhere(db, blackouts, where), bounds);
    },
    get: load,
    create(input, ctx) {
      const values = { name: input.name.trim(), kind: input.kind, councilId: input.councilId ?? null, startsOn: input.startsOn, endsOn: input.endsOn,
        repeatsMonthly: input.repeatsMonthly ?? false, repeatsUntil: input.repeatsUntil ?? null, note: input.note ?? '' };
      const problems = blackoutProblems(db, values);
      if (problems.length > 0) throw badRequest('The blackout is not valid.', problems);
      const now = instant(clock);
      return inTransaction(db, () => {
        const row = db.insert(blackouts).values({ ...values, createdAt: now, updatedAt: now }).returning().get();
        recordAudit(db, ctx.actor, clock(), { action: 'create', entity: 'blackout', entityId: row.id, after: row });
        return row;
      });
    },
    update(id, input, ctx) {
      return inTransaction(db, () => {
        const before = load(id);
        assertFresh('blackout', before, ctx.ifMatch, () => before);
        const merged = { ...before, ...input, ...(input.name !== undefined ? { name: input.name.trim() } : {}) };
        const problems = blackoutProblems(db, merged);
        if (problems.length > 0) throw badRequest('The blackout is not valid.', problems);
        const after = db.update(blackouts).set({ ...input, ...(input.name !== undefined ? { name: input.name.trim() } : {}), version: sql`${blackouts.version} + 1`, updatedAt: instant(clock) })
          .where(eq(blackouts.id, id)).returning().get()!;
        recordAudit(db, ctx.actor, clock(), { action: 'update', entity: 'blackout', entityId: id, before, after });
        return after;
      });
    },
    remove(id, ctx) {
      inTransaction(db, () => {
        const before = load(id);
        assertFresh('blackout', before, ctx.ifMatch, () => before);
        db.delete(blackouts).where(eq(blackouts.id, id)).run();
        recordAudit(db, ctx.actor, clock(), { action: 'delete', entity: 'blackout', entityId: id, before });
      });
    },
  };
}

// ---- Milestones -------------------------------------------------------------------------------------------------
export function createMilestoneService(db: Db, clock: Clock): CrudService<Milestone, CreateMilestone, UpdateMilestone, MilestoneQuery> {
  const load = (id: number): Milestone => {
    const row = db.select().from(milestones).where(eq(milestones.id, id)).get();
    if (!row) throw notFound('Milestone', id);
    return row;
  };
  const refuseTakenName = (name: string, except: number | null) => {
    const taken = db.select({ id: milestones.id }).from(milestones).where(sql`lower(${milestones.name}) = lower(${name})`).get();
    if (taken && taken.id !== except) throw conflict(`A milestone named "${name}" already exists.`, [{ field: 'name', message: 'already used by another milestone' }]);
  };
  return {
    list(query) {
      const bounds = pageBounds(query);
      const rows = db.select().from(milestones).orderBy(asc(milestones.onDay), asc(milestones.id)).limit(bounds.limit).offset(bounds.offset).all();
      return toPage(rows, countWhere(db, milestones, undefined), bounds);
    },
    get: load,
    create(input, ctx) {
      const now = instant(clock);
      return inTransaction(db, () => {
        refuseTakenName(input.name.trim(), null);
        const row = db.insert(milestones).values({ name: input.name.trim(), kind: input.kind, onDay: input.onDay, note: input.note ?? '', createdAt: now, updatedAt: now }).returning().get();
        recordAudit(db, ctx.actor, clock(), { action: 'create', entity: 'milestone', entityId: row.id, after: row });
        return row;
      });
    },
    update(id, input, ctx) {
      return inTransaction(db, () => {
        const before = load(id);
        assertFresh('milestone', before, ctx.ifMatch, () => before);
        if (input.name !== undefined) refuseTakenName(input.name.trim(), id);
        const after = db.update(milestones).set({ ...input, ...(input.name !== undefined ? { name: input.name.trim() } : {}), version: sql`${milestones.version} + 1`, updatedAt: instant(clock) })
          .where(eq(milestones.id, id)).returning().get()!;
        recordAudit(db, ctx.actor, clock(), { action: 'update', entity: 'milestone', entityId: id, before, after });
        return after;
      });
    },
    remove(id, ctx) {
      inTransaction(db, () => {
        const before = load(id);
        assertFresh('milestone', before, ctx.ifMatch, () => before);
        const used = db.get<{ n: number }>(sql`select count(*) as n from dependencies where milestone_id = ${id}`)!.n;
        if (used > 0) throw conflict(`The milestone "${before.name}" cannot be deleted: ${used} dependenc${used === 1 ? 'y waits' : 'ies wait'} for it. Delete them first.`);
        db.delete(milestones).where(eq(milestones.id, id)).run();
        recordAudit(db, ctx.actor, clock(), { action: 'delete', entity: 'milestone', entityId: id, before });
      });
    },
  };
}

// ---- Dependencies -----------------------------------------------------------------------------------------------
const SHAPES = {
  feature: { needs: ['beforeFeatureId', 'afterFeatureId'], oneOf: [] as string[] },
  item: { needs: ['beforeItemId', 'afterItemId'], oneOf: [] as string[] },
  milestone: { needs: ['milestoneId'], oneOf: ['afterFeatureId', 'afterItemId'] },
} as const;
const REFERENCE_FIELDS = ['beforeFeatureId', 'beforeItemId', 'milestoneId', 'afterFeatureId', 'afterItemId'] as const;

function dependencyProblems(db: Db, input: CreateDependency): ErrorDetail[] {
  const shape = SHAPES[input.kind];
  const problems: ErrorDetail[] = [];
  const given = REFERENCE_FIELDS.filter((f) => input[f] !== undefined);
  for (const f of shape.needs) if (input[f] === undefined) problems.push({ field: f, message: `is needed for a ${input.kind} dependency` });
  if (shape.oneOf.length > 0 && shape.oneOf.filter((f) => input[f as keyof CreateDependency] !== undefined).length !== 1) {
    problems.push({ field: 'afterFeatureId', message: 'a milestone dependency names either afterFeatureId or afterItemId' });
  }
  for (const f of given) {
    if (!(shape.needs as readonly string[]).includes(f) && !(shape.oneOf as readonly string[]).includes(f)) problems.push({ field: f, message: `is not part of a ${input.kind} dependency` });
  }
  if (problems.length > 0) return problems;
  const tables = {
    beforeFeatureId: [features, features.id], afterFeatureId: [features, features.id], beforeItemId: [rolloutItems, rolloutItems.id], afterItemId: [rolloutItems, rolloutItems.id],
    milestoneId: [milestones, milestones.id],
  } as const;
  for (const f of given) {
    const [table, column] = tables[f];
    if (!exists(db, table, column, input[f]!)) problems.push({ field: f, message: `no ${f.replace(/^(before|after)/, '').replace(/Id$/, '').toLowerCase()} ${input[f]}` });
  }
  if (input.kind === 'feature' && input.beforeFeatureId === input.afterFeatureId) problems.push({ field: 'afterFeatureId', message: 'a feature cannot depend on itself' });
  if (input.kind === 'item' && input.beforeItemId === input.afterItemId) problems.push({ field: 'afterItemId', message: 'an item cannot depend on itself' });
  return problems;
}

/** The RAID entries that name each of these plan dependencies (RAID's read, handed over by server/services.ts). */
export type RaidEntriesOfDependencies = (dependencyIds: number[]) => Map<number, Dependency['raidEntries']>;

export function createDependencyService(
  db: Db, clock: Clock, raidEntriesOf: RaidEntriesOfDependencies,
): CrudService<Dependency, CreateDependency, UpdateDependency, DependencyQuery> {
  const state = createPlanState(db);
  const present = (row: typeof dependencies.$inferSelect): Dependency => ({
    ...row, label: state.labelOf(row), broken: state.checks(undefined, [row]).filter((c) => c.broken),
    raidEntries: raidEntriesOf([row.id]).get(row.id) ?? [],
  });
  const loadRow = (id: number) => {
    const row = db.select().from(dependencies).where(eq(dependencies.id, id)).get();
    if (!row) throw notFound('Dependency', id);
    return row;
  };
  const audit = (ctx: WriteContext, action: 'create' | 'update' | 'delete', id: number, before: unknown, after: unknown) =>
    recordAudit(db, ctx.actor, clock(), { action, entity: 'dependency', entityId: id, before: before ?? undefined, after: after ?? undefined });
  /** A dependency that would close a cycle can never be kept with a lag, and with none it only ties days together: refused. */
  const refuseCycle = (input: CreateDependency) => {
    const dep = { kind: input.kind, beforeFeatureId: input.beforeFeatureId ?? null, afterFeatureId: input.afterFeatureId ?? null, beforeItemId: input.beforeItemId ?? null, afterItemId: input.afterItemId ?? null };
    const names = new Map(db.select({ id: features.id, name: features.name }).from(features).all().map((f) => [f.id, f.name]));
    const items = state.items().map((i) => ({ itemId: i.itemId, councilId: i.councilId, featureId: i.featureId, label: `${i.featureName} at ${i.councilName}` }));
    const cycle = cycleClosedBy(dep, state.dependencies(), items, (id) => names.get(id) ?? `feature ${id}`);
    if (cycle) {
      const words = cycleInWords(cycle);
      throw badRequest(`The dependency would close a cycle: ${words}.`, [{ field: input.kind === 'feature' ? 'afterFeatureId' : 'afterItemId', message: `closes a cycle: ${words}` }]);
    }
  };
  return {
    list(query) {
      const bounds = pageBounds(query);
      const rows = db.select().from(dependencies).orderBy(asc(dependencies.id)).limit(bounds.limit).offset(bounds.offset).all();
      return toPage(rows.map(present), countWhere(db, dependencies, undefined), bounds);
    },
    get: (id) => present(loadRow(id)),
    create(input, ctx) {
      const problems = dependencyProblems(db, input);
      if (problems.length > 0) throw badRequest('The dependency is not valid.', problems);
      const now = instant(clock);
      return inTransaction(db, () => {
        refuseCycle(input);
        const row = db.insert(dependencies).values({
          kind: input.kind, beforeFeatureId: input.beforeFeatureId ?? null, beforeItemId: input.beforeItemId ?? null, milestoneId: input.milestoneId ?? null,
          afterFeatureId: input.afterFeatureId ?? null, afterItemId: input.afterItemId ?? null, lagWorkingDays: input.lagWorkingDays ?? 0,
          note: input.note ?? '', createdAt: now, updatedAt: now,
        }).returning().get();
        audit(ctx, 'create', row.id, undefined, row);
        return present(row);
      });
    },
    update(id, input, ctx) {
      return inTransaction(db, () => {
        const before = loadRow(id);
        assertFresh('dependency', before, ctx.ifMatch, () => present(before));
        const after = db.update(dependencies).set({ ...input, version: sql`${dependencies.version} + 1`, updatedAt: instant(clock) })
          .where(and(eq(dependencies.id, id))).returning().get()!;
        audit(ctx, 'update', id, before, after);
        return present(after);
      });
    },
    remove(id, ctx) {
      inTransaction(db, () => {
        const before = loadRow(id);
        assertFresh('dependency', before, ctx.ifMatch, () => present(before));
        db.delete(dependencies).where(eq(dependencies.id, id)).run();
        audit(ctx, 'delete', id, before, undefined);
      });
    },
  };
}
