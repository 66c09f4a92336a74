import { eq } from 'drizzle-orm';
import { idList, inIds } from '../../db/filters.ts';
import { answersFor, isOffice, type Actor } from '../../auth/actor.ts';
import { inTransaction, type Db } from '../../db/database.ts';
import { pageBounds, toPage } from '../../db/paging.ts';
import { councils, waves } from '../../db/schema.ts';
import { reachPercent } from '../../domain/engagement.ts';
import { instant, today, type Clock } from '../../domain/clock.ts';
import type { CrudService } from '../../http/crud.ts';
import { AppError, assertDateRange, badRequest, type ErrorDetail, notFound } from '../../http/errors.ts';
import { assertFresh } from '../../http/versioning.ts';
import { recordAudit } from '../../db/audit.ts';
import type { ReadingService } from '../readings/read-model.ts';
import { createActivityStore, listActivitiesWithDates, reachCriterionQuery } from './activities-store.ts';
import { activityProblems, COMMS_REACH_CRITERION, nextAudienceGroup, type ActivityShape } from './rules.ts';
import type { Activity, ActivityQuery, CreateActivity, UpdateActivity } from './schemas.ts';

export type ActivityService = CrudService<Activity, CreateActivity, UpdateActivity, ActivityQuery>;

const LINK_REFUSED: ErrorDetail = { field: 'feedsReadiness', message: 'only the programme office can link an activity to the readiness criterion' };

/** A lead manages an activity only when every council it is for is one they lead; the office manages all. */
function assertMayManage(actor: Actor, councilIds: number[], names: () => string): void {
  if (councilIds.every((id) => answersFor(actor, id))) return;
  throw new AppError(403, `You can only manage communications activities whose every council is one you lead; this one is for ${names()}.`, [
    { field: 'councilIds', message: 'includes a council you do not lead' },
  ]);
}

/** `readings`: the readings service a communications reach is recorded through (server/services.ts hands it over). */
// eslint-disable-next-line max-lines-per-function -- a CRUD service factory: the operations share the scope checks, the store and the readings service
export function createActivityService(db: Db, clock: Clock, readings: ReadingService): ActivityService {
  const store = createActivityStore(db);
  const councilById = db.select({ id: councils.id, name: councils.name, staff: councils.staffHeadcount, managers: councils.managerHeadcount })
    .from(councils).where(inIds(councils.id)).prepare();
  const reachCriterion = reachCriterionQuery(db);

  const view = (id: number): Activity => {
    const found = store.view(id, today(clock));
    if (!found) throw notFound('Communications activity', id);
    return found;
  };

  /** Unknown waves and councils are the caller's mistake: 400 naming the field. */
  const referenceProblems = (waveId: number | undefined, councilIds: number[] | undefined): ErrorDetail[] => {
    const problems: ErrorDetail[] = [];
    if (waveId !== undefined && !db.select({ id: waves.id }).from(waves).where(eq(waves.id, waveId)).get()) {
      problems.push({ field: 'waveId', message: `wave ${waveId} does not exist` });
    }
    if (councilIds) {
      const known = new Set(councilById.all(idList(councilIds)).map((c) => c.id));
      for (const id of councilIds) if (!known.has(id)) problems.push({ field: 'councilIds', message: `council ${id} does not exist` });
    }
    return problems;
  };

  const namesOf = (ids: number[]) => () => councilById.all(idList(ids)).map((c) => c.name).join(', ');

  /**
   * When a linked activity is done with a count of people reached, that reach (as a share of the audience of its
   * councils) is recorded as each council's communications reach reading, through the readings service, in the
   * caller's transaction. Without that criterion in the catalogue it refuses (400), and the whole change with it.
   */
  const feedReadiness = (activity: Activity, actor: Actor): void => {
    if (!activity.feedsReadiness || activity.status !== 'done' || activity.peopleReached === null || activity.doneOn === null) return;
    const criterion = reachCriterion.get();
    if (!criterion) throw badRequest(`The catalogue has no "${COMMS_REACH_CRITERION}" criterion for communications reach to feed.`, [LINK_REFUSED]);
    const targets = councilById.all(idList(activity.councils.map((c) => c.councilId)));
    const audience = targets.reduce((sum, c) => sum + (activity.audience === 'managers' ? c.managers : c.staff), 0);
    const value = reachPercent(activity.peopleReached, audience);
    if (value === null) return;
    readings.record(targets.map((c) => ({
      criterionId: criterion.id, councilId: c.id, featureId: null, value, readingDate: activity.doneOn!,
      note: `Communications reach from "${activity.title}" (activity ${activity.id}): ${activity.peopleReached} of ${audience}`,
    })), actor);
  };

  const check = (shape: ActivityShape, refs: ErrorDetail[], message: string) => {
    const problems = [...refs, ...activityProblems(shape, today(clock))];
    if (problems.length > 0) throw badRequest(message, problems);
  };

  return {
    list(query) {
      const { limit, offset, overdue, ...filter } = query;
      assertDateRange(filter);
      const bounds = pageBounds({ limit, offset });
      const all = listActivitiesWithDates(db, filter, today(clock)).filter((a) => overdue === undefined || a.overdue === overdue);
      return toPage(all.slice(bounds.offset, bounds.offset + bounds.limit), all.length, bounds);
    },

    get: view,

    create(input, ctx) {
      return inTransaction(db, () => {
        const refs = referenceProblems(input.waveId, input.councilIds);
        if (!refs.some((p) => p.field === 'councilIds')) assertMayManage(ctx.actor, input.councilIds, namesOf(input.councilIds));
        if (input.feedsReadiness && !isOffice(ctx.actor)) throw new AppError(403, LINK_REFUSED.message, [LINK_REFUSED]);
        const status = input.status ?? 'planned';
        const shape: ActivityShape = {
          audience: input.audience, audienceGroup: (input.audienceGroup ?? '').trim(), dateMode: input.dateMode,
          offsetDays: input.offsetDays ?? null, fixedDate: input.fixedDate ?? null, status,
          doneOn: status === 'done' ? (input.doneOn ?? today(clock)) : (input.doneOn ?? null),
          peopleReached: input.peopleReached ?? null, attendance: input.attendance ?? null, openRate: input.openRate ?? null,
        };
        check(shape, refs, 'The communications activity is not valid.');
        const now = instant(clock);
        const id = store.insert({
          ...shape, waveId: input.waveId, title: input.title.trim(), channel: input.channel, owner: input.owner.trim(),
          note: (input.note ?? '').trim(), feedsReadiness: input.feedsReadiness ?? false, createdAt: now, updatedAt: now,
        }, input.councilIds);
        const after = view(id);
        recordAudit(db, ctx.actor, clock(), { action: 'create', entity: 'comms_activity', entityId: id, after });
        feedReadiness(after, ctx.actor);
        return after;
      });
    },

    update(id, input, ctx) {
      return inTransaction(db, () => {
        const before = view(id);
        const beforeIds = before.councils.map((c) => c.councilId);
        assertMayManage(ctx.actor, beforeIds, () => before.councils.map((c) => c.name).join(', '));
        assertFresh('communications activity', before, ctx.ifMatch, () => before);
        const refs = referenceProblems(input.waveId, input.councilIds);
        if (input.councilIds && !refs.some((p) => p.field === 'councilIds')) assertMayManage(ctx.actor, input.councilIds, namesOf(input.councilIds));
        if (input.feedsReadiness !== undefined && input.feedsReadiness !== before.feedsReadiness && !isOffice(ctx.actor)) {
          throw new AppError(403, LINK_REFUSED.message, [LINK_REFUSED]);
        }
        const status = input.status ?? before.status;
        const dateMode = input.dateMode ?? before.dateMode;
        const audience = input.audience ?? before.audience;
        const keep = <K extends keyof UpdateActivity & keyof Activity>(key: K) => (input[key] !== undefined ? input[key] : before[key]);
        const figure = <K extends 'peopleReached' | 'attendance' | 'openRate'>(key: K) => (status === 'done' ? keep(key) : (input[key] ?? null));
        const shape: ActivityShape = {
          audience,
          audienceGroup: nextAudienceGroup(input.audienceGroup, audience, before.audienceGroup),
          dateMode,
          // Switching mode drops the other mode's value unless it is given.
          offsetDays: input.offsetDays !== undefined ? input.offsetDays : (dateMode === 'relative' ? before.offsetDays : null),
          fixedDate: input.fixedDate !== undefined ? input.fixedDate : (dateMode === 'fixed' ? before.fixedDate : null),
          status,
          doneOn: status === 'done' ? (input.doneOn ?? before.doneOn ?? today(clock)) : (input.doneOn ?? null),
          peopleReached: figure('peopleReached'), attendance: figure('attendance'), openRate: figure('openRate'),
        };
        check(shape, refs, 'The change to the communications activity is not valid.');
        store.update(id, {
          ...shape,
          ...(input.waveId !== undefined ? { waveId: input.waveId } : {}),
          ...(input.title !== undefined ? { title: input.title.trim() } : {}),
          ...(input.channel !== undefined ? { channel: input.channel } : {}),
          ...(input.owner !== undefined ? { owner: input.owner.trim() } : {}),
          ...(input.note !== undefined ? { note: input.note.trim() } : {}),
          ...(input.feedsReadiness !== undefined ? { feedsReadiness: input.feedsReadiness } : {}),
          updatedAt: instant(clock),
        }, input.councilIds);
        const after = view(id);
        recordAudit(db, ctx.actor, clock(), { action: 'update', entity: 'comms_activity', entityId: id, before, after });
        // A new reading only when what it would say changed: done now, a new count, or newly linked.
        const reachChanged = after.status === 'done' && (before.status !== 'done' || before.peopleReached !== after.peopleReached
          || before.feedsReadiness !== after.feedsReadiness || before.doneOn !== after.doneOn || before.audience !== after.audience
          || beforeIds.join() !== after.councils.map((c) => c.councilId).join());
        if (reachChanged) feedReadiness(after, ctx.actor);
        return after;
      });
    },

    remove(id, ctx) {
      inTransaction(db, () => {
        const activity = view(id);
        assertMayManage(ctx.actor, activity.councils.map((c) => c.councilId), () => activity.councils.map((c) => c.name).join(', '));
        assertFresh('communications activity', activity, ctx.ifMatch, () => activity);
        store.delete(id);
        recordAudit(db, ctx.actor, clock(), { action: 'delete', entity: 'comms_activity', entityId: id, before: activity });
      });
    },
  };
}
