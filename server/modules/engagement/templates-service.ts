import { and, asc, eq, isNotNull, sql } from 'drizzle-orm';
import { answersFor } from '../../auth/actor.ts';
import { inTransaction, type Db } from '../../db/database.ts';
import { countWhere, pageBounds, toPage } from '../../db/paging.ts';
import { activityCouncils, commsActivities, commsTemplateActivities, councils, waves } from '../../db/schema.ts';
import { instant, today, type Clock } from '../../domain/clock.ts';
import type { CrudService, WriteContext } from '../../http/crud.ts';
import { AppError, badRequest, notFound, type ErrorDetail } from '../../http/errors.ts';
import { assertFresh } from '../../http/versioning.ts';
import { recordAudit } from '../../db/audit.ts';
import { createActivityStore } from './activities-store.ts';
import { audienceGroupProblems, nextAudienceGroup } from './rules.ts';
import type { AppliedTemplate, ApplyTemplate, CreateTemplateActivity, TemplateActivity, TemplateQuery, UpdateTemplateActivity } from './schemas.ts';

export interface TemplateService extends CrudService<TemplateActivity, CreateTemplateActivity, UpdateTemplateActivity, TemplateQuery> {
  apply(input: ApplyTemplate, ctx: WriteContext): AppliedTemplate;
}

/**
 * The programme office's standard drip-feed: template activities, each a channel, an audience and an offset from
 * the go-live. Applying it to a council for a wave makes one relative activity per template row, all in one
 * transaction; rows already applied to that council and wave are skipped and listed, never doubled.
 */
// eslint-disable-next-line max-lines-per-function -- a CRUD service factory plus apply: they share the template rows' checks and statements
export function createTemplateService(db: Db, clock: Clock): TemplateService {
  const activities = createActivityStore(db);
  const byId = db.select().from(commsTemplateActivities).where(eq(commsTemplateActivities.id, sql.placeholder('id'))).prepare();
  const load = (id: number): TemplateActivity => {
    const row = byId.get({ id });
    if (!row) throw notFound('Template activity', id);
    return row;
  };
  const applied = db.select({ id: commsActivities.templateActivityId }).from(commsActivities)
    .innerJoin(activityCouncils, eq(activityCouncils.activityId, commsActivities.id))
    .where(and(eq(commsActivities.waveId, sql.placeholder('waveId')), eq(activityCouncils.councilId, sql.placeholder('councilId')), isNotNull(commsActivities.templateActivityId)))
    .prepare();

  return {
    list(query) {
      const bounds = pageBounds(query);
      const rows = db.select().from(commsTemplateActivities).orderBy(asc(commsTemplateActivities.offsetDays), asc(commsTemplateActivities.id))
        .limit(bounds.limit).offset(bounds.offset).all();
      return toPage(rows, countWhere(db, commsTemplateActivities, undefined), bounds);
    },

    get: load,

    create(input, ctx) {
      return inTransaction(db, () => {
        const problems = audienceGroupProblems(input.audience, input.audienceGroup ?? '');
        if (problems.length > 0) throw badRequest('The template activity is not valid.', problems);
        const now = instant(clock);
        const row = db.insert(commsTemplateActivities).values({
          title: input.title.trim(), channel: input.channel, audience: input.audience, audienceGroup: (input.audienceGroup ?? '').trim(),
          offsetDays: input.offsetDays, owner: (input.owner ?? '').trim(), createdAt: now, updatedAt: now,
        }).returning().get();
        recordAudit(db, ctx.actor, clock(), { action: 'create', entity: 'comms_template_activity', entityId: row.id, after: row });
        return row;
      });
    },

    update(id, input, ctx) {
      return inTransaction(db, () => {
        const before = load(id);
        assertFresh('template activity', before, ctx.ifMatch, () => before);
        const audience = input.audience ?? before.audience;
        const audienceGroup = nextAudienceGroup(input.audienceGroup, audience, before.audienceGroup);
        const problems = audienceGroupProblems(audience, audienceGroup);
        if (problems.length > 0) throw badRequest('The change to the template activity is not valid.', problems);
        db.update(commsTemplateActivities).set({
          ...input, audience, audienceGroup,
          ...(input.title !== undefined ? { title: input.title.trim() } : {}),
          ...(input.owner !== undefined ? { owner: input.owner.trim() } : {}),
          version: sql`${commsTemplateActivities.version} + 1`, updatedAt: instant(clock),
        }).where(eq(commsTemplateActivities.id, id)).run();
        const after = load(id);
        recordAudit(db, ctx.actor, clock(), { action: 'update', entity: 'comms_template_activity', entityId: id, before, after });
        return after;
      });
    },

    remove(id, ctx) {
      inTransaction(db, () => {
        const row = load(id);
        assertFresh('template activity', row, ctx.ifMatch, () => row);
        // Activities made from it stay; they only forget where they came from (ON DELETE SET NULL).
        db.delete(commsTemplateActivities).where(eq(commsTemplateActivities.id, id)).run();
        recordAudit(db, ctx.actor, clock(), { action: 'delete', entity: 'comms_template_activity', entityId: id, before: row });
      });
    },

    apply(input, ctx) {
      return inTransaction(db, () => {
        const council = db.select({ id: councils.id, name: councils.name }).from(councils).where(eq(councils.id, input.councilId)).get();
        const wave = db.select({ id: waves.id }).from(waves).where(eq(waves.id, input.waveId)).get();
        const problems: ErrorDetail[] = [];
        if (!council) problems.push({ field: 'councilId', message: `council ${input.councilId} does not exist` });
        if (!wave) problems.push({ field: 'waveId', message: `wave ${input.waveId} does not exist` });
        if (council && !answersFor(ctx.actor, council.id)) {
          throw new AppError(403, `You can only apply the template to the council(s) you lead; not to ${council.name}.`, [{ field: 'councilId', message: 'is not a council you lead' }]);
        }
        if (problems.length > 0) throw badRequest('The template cannot be applied.', problems);
        const rows = db.select().from(commsTemplateActivities).orderBy(asc(commsTemplateActivities.offsetDays), asc(commsTemplateActivities.id)).all();
        if (rows.length === 0) throw badRequest('The template has no activities yet: the programme office adds them first.');
        const done = new Set(applied.all({ waveId: input.waveId, councilId: input.councilId }).map((r) => r.id));
        const now = instant(clock);
        const result: AppliedTemplate = { created: [], skipped: [] };
        for (const t of rows) {
          if (done.has(t.id)) {
            result.skipped.push({ templateActivityId: t.id, title: t.title, reason: `already planned for ${council!.name} in this wave` });
            continue;
          }
          const id = activities.insert({
            waveId: input.waveId, title: t.title, channel: t.channel, audience: t.audience, audienceGroup: t.audienceGroup,
            dateMode: 'relative', offsetDays: t.offsetDays, fixedDate: null, owner: t.owner || council!.name, status: 'planned',
            templateActivityId: t.id, createdAt: now, updatedAt: now,
          }, [input.councilId]);
          const after = activities.view(id, today(clock))!;
          recordAudit(db, ctx.actor, clock(), { action: 'create', entity: 'comms_activity', entityId: id, after });
          result.created.push(after);
        }
        return result;
      });
    },
  };
}
