import { asc, eq, sql } from 'drizzle-orm';
import { Type, type Static } from 'typebox';
import { inTransaction, type Db } from '../../db/database.ts';
import { countWhere, pageBounds, toPage } from '../../db/paging.ts';
import { councilCapacities, councils, featureSupportNeeds, features } from '../../db/schema.ts';
import { instant, type Clock } from '../../domain/clock.ts';
import { workingCalendar } from '../../domain/working-days.ts';
import type { CrudService } from '../../http/crud.ts';
import { badRequest, conflict, notFound } from '../../http/errors.ts';
import { Id, Instant, LongText, PageQuery } from '../../http/schemas.ts';
import { assertFresh } from '../../http/versioning.ts';
import { recordAudit } from '../../db/audit.ts';
import type { PlanItem } from './plan-state.ts';
import type { OverBooked } from './schemas.ts';

/**
 * Optional support capacity (docs/timeline.md, "Capacity"): the training sessions a council's trainers can run and
 * the floorwalker shifts it can staff in a week, and what one council's go-live of a feature needs. Training falls
 * in the week before the go-live's week, floorwalking in its week (weeks start on Monday). A week is over-booked
 * when the go-lives planned (not yet live, not deferred or cancelled) need more than the council has.
 */

const PerWeek = Type.Integer({ minimum: 0, maximum: 1000 });

// ---- Schemas ----------------------------------------------------------------------------------------------------
export const CouncilCapacity = Type.Object({
  id: Id, councilId: Id,
  trainerSessionsPerWeek: Type.Integer({ description: 'Training sessions the council\'s trainers can run in a week' }),
  floorwalkerShiftsPerWeek: Type.Integer({ description: 'Floorwalker shifts the council can staff in a week' }),
  note: Type.String(), version: Type.Integer(), createdAt: Instant, updatedAt: Instant,
}, { $id: 'CouncilCapacity' });
export const CreateCouncilCapacity = Type.Object({
  councilId: Id, trainerSessionsPerWeek: PerWeek, floorwalkerShiftsPerWeek: PerWeek, note: Type.Optional(LongText),
}, { additionalProperties: false });
export const UpdateCouncilCapacity = Type.Partial(Type.Object({ trainerSessionsPerWeek: PerWeek, floorwalkerShiftsPerWeek: PerWeek, note: LongText }),
  { additionalProperties: false, minProperties: 1 });
export const CouncilCapacityQuery = Type.Object({ councilId: Type.Optional(Id), ...PageQuery }, { additionalProperties: false });

export const SupportNeed = Type.Object({
  id: Id, featureId: Id,
  trainerSessions: Type.Integer({ description: 'Training sessions one council\'s go-live of the feature needs, the week before' }),
  floorwalkerShifts: Type.Integer({ description: 'Floorwalker shifts one council\'s go-live needs, in its week' }),
  note: Type.String(), version: Type.Integer(), createdAt: Instant, updatedAt: Instant,
}, { $id: 'SupportNeed' });
export const CreateSupportNeed = Type.Object({
  featureId: Id, trainerSessions: PerWeek, floorwalkerShifts: PerWeek, note: Type.Optional(LongText),
}, { additionalProperties: false });
export const UpdateSupportNeed = Type.Partial(Type.Object({ trainerSessions: PerWeek, floorwalkerShifts: PerWeek, note: LongText }),
  { additionalProperties: false, minProperties: 1 });
export const SupportNeedQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });

export type CouncilCapacity = Static<typeof CouncilCapacity>;
export type CreateCouncilCapacity = Static<typeof CreateCouncilCapacity>;
export type UpdateCouncilCapacity = Static<typeof UpdateCouncilCapacity>;
export type CouncilCapacityQuery = Static<typeof CouncilCapacityQuery>;
export type SupportNeed = Static<typeof SupportNeed>;
export type CreateSupportNeed = Static<typeof CreateSupportNeed>;
export type UpdateSupportNeed = Static<typeof UpdateSupportNeed>;
export type SupportNeedQuery = Static<typeof SupportNeedQuery>;

// ---- Services ---------------------------------------------------------------------------------------------------
const councilExists = (db: Db, id: number) => db.select({ id: councils.id }).from(councils).where(eq(councils.id, id)).get() !== undefined;
const featureExists = (db: Db, id: number) => db.select({ id: features.id }).from(features).where(eq(features.id, id)).get() !== undefined;

export function createCapacityService(db: Db, clock: Clock): CrudService<CouncilCapacity, CreateCouncilCapacity, UpdateCouncilCapacity, CouncilCapacityQuery> {
  const load = (id: number) => {
    const row = db.select().from(councilCapacities).where(eq(councilCapacities.id, id)).get();
    if (!row) throw notFound('Council capacity', id);
    return row;
  };
  return {
    list(query) {
      const bounds = pageBounds(query);
      const where = query.councilId !== undefined ? eq(councilCapacities.councilId, query.councilId) : undefined;
      const rows = db.select().from(councilCapacities).where(where).orderBy(asc(councilCapacities.councilId)).limit(bounds.limit).offset(bounds.offset).all();
      return toPage(rows, countWhere(db, councilCapacities, where), bounds);
    },
    get: load,
    create(input, ctx) {
      if (!councilExists(db, input.councilId)) throw badRequest('The capacity is not valid.', [{ field: 'councilId', message: `no council ${input.councilId}` }]);
      const now = instant(clock);
      return inTransaction(db, () => {
        const taken = db.select({ id: councilCapacities.id }).from(councilCapacities).where(eq(councilCapacities.councilId, input.councilId)).get();
        if (taken) throw conflict(`Council ${input.councilId} already has a capacity (${taken.id}): change that one.`, [{ field: 'councilId', message: 'already has a capacity' }]);
        const row = db.insert(councilCapacities).values({ ...input, note: input.note ?? '', createdAt: now, updatedAt: now }).returning().get();
        recordAudit(db, ctx.actor, clock(), { action: 'create', entity: 'council_capacity', entityId: row.id, after: row });
        return row;
      });
    },
    update(id, input, ctx) {
      return inTransaction(db, () => {
        const before = load(id);
        assertFresh('council capacity', before, ctx.ifMatch, () => before);
        const after = db.update(councilCapacities).set({ ...input, version: sql`${councilCapacities.version} + 1`, updatedAt: instant(clock) })
          .where(eq(councilCapacities.id, id)).returning().get()!;
        recordAudit(db, ctx.actor, clock(), { action: 'update', entity: 'council_capacity', entityId: id, before, after });
        return after;
      });
    },
    remove(id, ctx) {
      inTransaction(db, () => {
        const before = load(id);
        assertFresh('council capacity', before, ctx.ifMatch, () => before);
        db.delete(councilCapacities).where(eq(councilCapacities.id, id)).run();
        recordAudit(db, ctx.actor, clock(), { action: 'delete', entity: 'council_capacity', entityId: id, before });
      });
    },
  };
}

export function createSupportNeedService(db: Db, clock: Clock): CrudService<SupportNeed, CreateSupportNeed, UpdateSupportNeed, SupportNeedQuery> {
  const load = (id: number) => {
    const row = db.select().from(featureSupportNeeds).where(eq(featureSupportNeeds.id, id)).get();
    if (!row) throw notFound('Support need', id);
    return row;
  };
  return {
    list(query) {
      const bounds = pageBounds(query);
      const rows = db.select().from(featureSupportNeeds).orderBy(asc(featureSupportNeeds.featureId)).limit(bounds.limit).offset(bounds.offset).all();
      return toPage(rows, countWhere(db, featureSupportNeeds, undefined), bounds);
    },
    get: load,
    create(input, ctx) {
      if (!featureExists(db, input.featureId)) throw badRequest('The support need is not valid.', [{ field: 'featureId', message: `no feature ${input.featureId}` }]);
      const now = instant(clock);
      return inTransaction(db, () => {
        const taken = db.select({ id: featureSupportNeeds.id }).from(featureSupportNeeds).where(eq(featureSupportNeeds.featureId, input.featureId)).get();
        if (taken) throw conflict(`Feature ${input.featureId} already has its support needs (${taken.id}): change those.`, [{ field: 'featureId', message: 'already has support needs' }]);
        const row = db.insert(featureSupportNeeds).values({ ...input, note: input.note ?? '', createdAt: now, updatedAt: now }).returning().get();
        recordAudit(db, ctx.actor, clock(), { action: 'create', entity: 'support_need', entityId: row.id, after: row });
        return row;
      });
    },
    update(id, input, ctx) {
      return inTransaction(db, () => {
        const before = load(id);
        assertFresh('support need', before, ctx.ifMatch, () => before);
        const after = db.update(featureSupportNeeds).set({ ...input, version: sql`${featureSupportNeeds.version} + 1`, updatedAt: instant(clock) })
          .where(eq(featureSupportNeeds.id, id)).returning().get()!;
        recordAudit(db, ctx.actor, clock(), { action: 'update', entity: 'support_need', entityId: id, before, after });
        return after;
      });
    },
    remove(id, ctx) {
      inTransaction(db, () => {
        const before = load(id);
        assertFresh('support need', before, ctx.ifMatch, () => before);
        db.delete(featureSupportNeeds).where(eq(featureSupportNeeds.id, id)).run();
        recordAudit(db, ctx.actor, clock(), { action: 'delete', entity: 'support_need', entityId: id, before });
      });
    },
  };
}

// ---- Over-booking -----------------------------------------------------------------------------------------------
const calendar = workingCalendar();

/** Monday of the week `day` is in (UTC, whatever the server's zone). */
export function mondayOf(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 Sunday … 6 Saturday
  return calendar.addCalendarDays(day, weekday === 0 ? -6 : 1 - weekday);
}

export function createCapacityReader(db: Db) {
  const capacities = db.select().from(councilCapacities).prepare();
  const needs = db.select().from(featureSupportNeeds).prepare();
  return {
    /** Whether any capacity and any need are set: without both there is nothing to judge. */
    capacitySet: () => capacities.all().length > 0 && needs.all().length > 0,
    /** Councils with a capacity set, for reading their items. */
    councilIds: () => capacities.all().map((c) => c.councilId),
    /**
     * The over-booked weeks of the councils of `items` (give every item of each council concerned). An item counts
     * when it has a planned day and is not live, deferred or cancelled.
     */
    overBooked(items: readonly PlanItem[]): OverBooked[] {
      const capacityOf = new Map(capacities.all().map((c) => [c.councilId, c]));
      const needOf = new Map(needs.all().map((n) => [n.featureId, n]));
      if (capacityOf.size === 0 || needOf.size === 0) return [];
      const weeks = new Map<string, { councilId: number; councilName: string; week: string; kind: 'trainers' | 'floorwalkers'; needed: number; itemIds: number[] }>();
      const add = (i: PlanItem, week: string, kind: 'trainers' | 'floorwalkers', n: number) => {
        if (n <= 0) return;
        const key = `${i.councilId}|${week}|${kind}`;
        const w = weeks.get(key) ?? { councilId: i.councilId, councilName: i.councilName, week, kind, needed: 0, itemIds: [] };
        w.needed += n;
        w.itemIds.push(i.itemId);
        weeks.set(key, w);
      };
      for (const i of items) {
        const need = needOf.get(i.featureId);
        if (!need || !capacityOf.has(i.councilId) || i.actualGoLive !== null || i.day === null || i.status === 'live') continue;
        const week = mondayOf(i.day);
        add(i, calendar.addCalendarDays(week, -7), 'trainers', need.trainerSessions);
        add(i, week, 'floorwalkers', need.floorwalkerShifts);
      }
      const out: OverBooked[] = [];
      for (const w of weeks.values()) {
        const c = capacityOf.get(w.councilId)!;
        const capacity = w.kind === 'trainers' ? c.trainerSessionsPerWeek : c.floorwalkerShiftsPerWeek;
        if (w.needed <= capacity) continue;
        const what = w.kind === 'trainers' ? 'training sessions' : 'floorwalker shifts';
        out.push({ ...w, capacity, itemIds: w.itemIds.sort((a, b) => a - b),
          description: `${w.councilName}, week of ${w.week}: ${w.needed} ${what} needed for ${w.itemIds.length} go-live${w.itemIds.length === 1 ? '' : 's'}, ${capacity} available.` });
      }
      return out.sort((a, b) => (a.week < b.week ? -1 : a.week > b.week ? 1 : a.councilName.localeCompare(b.councilName) || a.kind.localeCompare(b.kind)));
    },
  };
}
