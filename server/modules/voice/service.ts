import { randomBytes } from 'node:crypto';
import { answersFor, isOffice, type Actor } from '../../auth/actor.ts';
import { inTransaction, type Db } from '../../db/database.ts';
import { criteria } from '../../db/schema.ts';
import { instant, today, type Clock } from '../../domain/clock.ts';
import { dayWords } from '../../domain/date-words.ts';
import { figuresOf, STAGE_NAMES } from '../../domain/voice.ts';
import type { WriteContext } from '../../http/crud.ts';
import { AppError, badRequest, conflict, notFound, type ErrorDetail } from '../../http/errors.ts';
import { assertFresh } from '../../http/versioning.ts';
import { eq } from 'drizzle-orm';
import { recordAudit } from '../../db/audit.ts';
import type { ReadingService } from '../readings/read-model.ts';
import { readSettings } from '../settings/read-model.ts';
import type { CreateSurvey, Survey, SurveyLink, UpdateLink } from './schemas.ts';
import { createVoiceStore, type SurveyRow } from './store.ts';

type LinkRow = NonNullable<ReturnType<ReturnType<typeof createVoiceStore>['link']>>;

/** Whether a link takes answers on a day: not closed, and the day is not after its last day. */
export const linkOpen = (link: { closedAt: string | null; expiresOn: string }, day: string): boolean => link.closedAt === null && day <= link.expiresOn;

/** A new link's token: 24 random bytes, URL-safe (192 bits: not guessable, short enough for a QR code). */
export const newToken = (): string => randomBytes(24).toString('base64url');

/** Who may manage a council's surveys: the office, and the council's lead. */
export function assertManages(actor: Actor, councilId: number, councilName: string): void {
  if (!answersFor(actor, councilId)) throw new AppError(403, `You can only manage staff voice for the council(s) you lead; this belongs to ${councilName}.`);
}

/** `readings` records a stage's score; the composition root (server/services.ts) hands it over. */
// eslint-disable-next-line max-lines-per-function -- a service factory: surveys, their links, discards and feeds share the store, the link and expiry checks and the readings service
export function createVoiceService(db: Db, clock: Clock, readings: ReadingService) {
  const store = createVoiceStore(db);

  const linkView = (link: LinkRow): SurveyLink => ({
    id: link.id, surveyId: link.surveyId, token: link.token, path: `/say/${link.token}`, label: link.label, expiresOn: link.expiresOn,
    closedAt: link.closedAt, open: linkOpen(link, today(clock)), version: link.version, createdAt: link.createdAt, updatedAt: link.updatedAt,
  });

  /** Surveys as a reader sees them: links only for those who manage the survey. */
  const views = (rows: SurveyRow[], actor: Actor): Survey[] => {
    const ids = rows.map((r) => r.id);
    const links = store.links(ids);
    const discards = store.discards(ids);
    const counts = store.responseCounts(ids);
    const day = today(clock);
    return rows.map(({ councilCode: _c, waveSequence: _w, ...row }) => {
      const own = links.filter((l) => l.surveyId === row.id);
      return {
        ...row, responses: counts.get(row.id) ?? 0, open: own.some((l) => linkOpen(l, day)),
        links: answersFor(actor, row.councilId) ? own.map(linkView) : [],
        discards: discards.filter((d) => d.surveyId === row.id).map(({ surveyId: _s, ...d }) => d),
      };
    });
  };

  const surveyRow = (id: number): SurveyRow => {
    const row = store.survey(id);
    if (!row) throw notFound('Survey', id);
    return row;
  };

  const linkRow = (id: number): LinkRow => {
    const link = store.link(id);
    if (!link) throw notFound('Survey link', id);
    return link;
  };

  const expiryProblems = (expiresOn: string, field: string): ErrorDetail[] =>
    (expiresOn < today(clock) ? [{ field, message: `must not be in the past (today is ${dayWords(today(clock))})` }] : []);

  const addLink = (surveyId: number, input: { label?: string; expiresOn: string }, actor: Actor) => {
    const now = instant(clock);
    const id = store.insertLink({ surveyId, token: newToken(), label: input.label?.trim() ?? '', expiresOn: input.expiresOn, createdAt: now, updatedAt: now });
    const link = linkView(linkRow(id));
    // The token stays out of the audit trail: closing the link is the way to stop it.
    const { token: _t, path: _p, ...audited } = link;
    recordAudit(db, actor, clock(), { action: 'create', entity: 'survey_link', entityId: id, after: audited });
    return link;
  };

  return {
    list(filter: { councilId?: number; waveId?: number }, actor: Actor): Survey[] {
      return views(store.surveys(undefined).filter((s) => (filter.councilId === undefined || s.councilId === filter.councilId) && (filter.waveId === undefined || s.waveId === filter.waveId)), actor);
    },

    get(id: number, actor: Actor): Survey {
      return views([surveyRow(id)], actor)[0]!;
    },

    create(input: CreateSurvey, ctx: WriteContext): Survey {
      return inTransaction(db, () => {
        const problems: ErrorDetail[] = [];
        if (!store.councilExists(input.councilId)) problems.push({ field: 'councilId', message: `council ${input.councilId} does not exist` });
        if (!store.waveExists(input.waveId)) problems.push({ field: 'waveId', message: `wave ${input.waveId} does not exist` });
        const group = input.groupId != null ? store.group(input.groupId) : undefined;
        if (input.groupId != null && (!group || group.councilId !== input.councilId)) problems.push({ field: 'groupId', message: 'is not a group of this council' });
        const opensOn = input.opensOn ?? today(clock);
        if (opensOn > today(clock)) problems.push({ field: 'opensOn', message: `cannot be in the future (today is ${dayWords(today(clock))})` });
        if (input.link) problems.push(...expiryProblems(input.link.expiresOn, 'link/expiresOn'));
        if (!problems.some((p) => p.field === 'councilId') && !answersFor(ctx.actor, input.councilId)) {
          throw new AppError(403, 'You can only open surveys for the council(s) you lead.', [{ field: 'councilId', message: 'is not a council you lead' }]);
        }
        if (problems.length > 0) throw badRequest('The survey is not valid.', problems);
        const now = instant(clock);
        const id = store.insertSurvey({
          councilId: input.councilId, groupId: input.groupId ?? null, waveId: input.waveId, title: input.title?.trim() ?? 'Staff pulse survey',
          opensOn, askRecommend: input.askRecommend ?? true, createdByName: ctx.actor.name, createdAt: now, updatedAt: now,
        });
        const { links: _l, ...audited } = views([surveyRow(id)], ctx.actor)[0]!;
        recordAudit(db, ctx.actor, clock(), { action: 'create', entity: 'survey', entityId: id, after: audited });
        if (input.link) addLink(id, input.link, ctx.actor);
        return views([surveyRow(id)], ctx.actor)[0]!;
      });
    },

    createLink(surveyId: number, input: { label?: string; expiresOn: string }, ctx: WriteContext): SurveyLink {
      return inTransaction(db, () => {
        const survey = surveyRow(surveyId);
        assertManages(ctx.actor, survey.councilId, survey.councilName);
        if (survey.answersDeletedOn !== null) throw conflict(`This round's answers were deleted on ${dayWords(survey.answersDeletedOn)}, at the end of the retention period: open a new round.`);
        const problems = expiryProblems(input.expiresOn, 'expiresOn');
        if (problems.length > 0) throw badRequest('The link is not valid.', problems);
        return addLink(surveyId, input, ctx.actor);
      });
    },

    getLink(id: number, actor: Actor): SurveyLink {
      const link = linkRow(id);
      const survey = surveyRow(link.surveyId);
      // The token is for those who manage the survey.
      assertManages(actor, survey.councilId, survey.councilName);
      return linkView(link);
    },

    updateLink(id: number, input: UpdateLink, ctx: WriteContext): SurveyLink {
      return inTransaction(db, () => {
        const link = linkRow(id);
        const survey = surveyRow(link.surveyId);
        assertManages(ctx.actor, survey.councilId, survey.councilName);
        const before = linkView(link);
        assertFresh('survey link', before, ctx.ifMatch, () => before);
        const problems: ErrorDetail[] = [];
        if (input.closed === false && link.closedAt !== null) problems.push({ field: 'closed', message: 'a closed link cannot be reopened: make a new link' });
        if (input.expiresOn !== undefined) {
          if (link.closedAt !== null) problems.push({ field: 'expiresOn', message: 'the link is closed' });
          problems.push(...expiryProblems(input.expiresOn, 'expiresOn'));
        }
        if (problems.length > 0) throw badRequest('The change to the link is not valid.', problems);
        const now = instant(clock);
        store.updateLink(id, {
          ...(input.closed && link.closedAt === null ? { closedAt: now } : {}),
          ...(input.expiresOn !== undefined ? { expiresOn: input.expiresOn } : {}),
          ...(input.label !== undefined ? { label: input.label.trim() } : {}),
          updatedAt: now,
        });
        const after = linkView(linkRow(id));
        const strip = ({ token: _t, path: _p, ...rest }: SurveyLink) => rest;
        recordAudit(db, ctx.actor, clock(), { action: 'update', entity: 'survey_link', entityId: id, before: strip(before), after: strip(after) });
        return after;
      });
    },

    /** The office sets aside every answer that came through a link on a day (a burst), with the reason. */
    discard(surveyId: number, input: { linkId: number; day: string; reason: string }, ctx: WriteContext) {
      return inTransaction(db, () => {
        const survey = surveyRow(surveyId);
        const link = store.link(input.linkId);
        if (!link || link.surveyId !== survey.id) throw badRequest('The discard is not valid.', [{ field: 'linkId', message: 'is not a link of this survey' }]);
        if (!isOffice(ctx.actor)) throw new AppError(403, 'Only the programme office can discard answers.');
        const done = store.discard({
          surveyId, linkId: input.linkId, day: input.day, reason: input.reason.trim(), responses: 0, comments: 0,
          discardedByName: ctx.actor.name, discardedAt: instant(clock),
        });
        if (done.responses === 0 && done.comments === 0) {
          throw badRequest('There is nothing to discard: no answers came through that link on that day.', [{ field: 'day', message: 'has no answers through this link' }]);
        }
        const after = { surveyId, linkId: input.linkId, day: input.day, reason: input.reason.trim(), responses: done.responses, comments: done.comments };
        recordAudit(db, ctx.actor, clock(), { action: 'create', entity: 'survey_discard', entityId: done.id, after });
        return { id: done.id, ...after, discardedByName: ctx.actor.name, discardedAt: instant(clock) };
      });
    },

    /**
     * Records a stage's score as a reading of a criterion for the survey's council, through the readings service,
     * with the link between them, in one transaction: both or neither. Refused while the round is under the threshold.
     */
    feed(surveyId: number, input: { stage: keyof typeof STAGE_NAMES; criterionId: number }, ctx: WriteContext) {
      return inTransaction(db, () => {
        const survey = surveyRow(surveyId);
        assertManages(ctx.actor, survey.councilId, survey.councilName);
        const criterion = db.select().from(criteria).where(eq(criteria.id, input.criterionId)).get();
        if (!criterion) throw badRequest('The reading cannot be made.', [{ field: 'criterionId', message: `criterion ${input.criterionId} does not exist` }]);
        if (criterion.scope !== 'council') throw badRequest('The reading cannot be made.', [{ field: 'criterionId', message: `"${criterion.name}" is measured per feature; a survey speaks for the whole council` }]);
        if (criterion.unit !== 'score' && criterion.unit !== 'percent') {
          throw badRequest('The reading cannot be made.', [{ field: 'criterionId', message: `"${criterion.name}" is measured in ${criterion.unit}; a stage score fits a score (1-5) or a percent criterion` }]);
        }
        const min = readSettings(db).surveyMinResponses;
        const figures = figuresOf(store.answers([surveyId]).get(surveyId) ?? []);
        if (figures.responses < min) {
          throw conflict(`This round has ${figures.responses} answer(s), under the ${min} needed before its figures are shown or used.`, [{ field: 'stage', message: 'the round is under the threshold' }]);
        }
        const stage = figures.stages.find((s) => s.stage === input.stage)!;
        const value = criterion.unit === 'score' ? stage.mean : stage.agreePercent;
        if (value === null) throw conflict('Nobody scored this statement in this round.', [{ field: 'stage', message: 'has no scores' }]);
        const readingDate = today(clock);
        const what = criterion.unit === 'score' ? 'mean score' : 'percent agreeing';
        const note = `Source: pulse survey "${survey.title}" (${dayWords(survey.opensOn)}), ${STAGE_NAMES[input.stage]} ${what}, ${stage.answered} answers`;
        const [reading] = readings.record([{ criterionId: criterion.id, councilId: survey.councilId, featureId: null, value, readingDate, note }], ctx.actor);
        const fedAt = instant(clock);
        let id: number;
        try {
          id = store.insertFeed({ surveyId, stage: input.stage, criterionId: criterion.id, readingId: reading!.id, fedByName: ctx.actor.name, fedAt });
        } catch (error) {
          if (String((error as { code?: string }).code).startsWith('SQLITE_CONSTRAINT')) {
            throw conflict(`This stage of this round has already been recorded as a reading of "${criterion.name}".`, [{ field: 'stage', message: 'already recorded for this criterion' }]);
          }
          throw error;
        }
        const after = { surveyId, stage: input.stage, criterionId: criterion.id, readingId: reading!.id, value, readingDate, note };
        recordAudit(db, ctx.actor, clock(), { action: 'create', entity: 'survey_feed', entityId: id, after });
        return { id, ...after, fedByName: ctx.actor.name, fedAt };
      });
    },
  };
}

export type VoiceService = ReturnType<typeof createVoiceService>;
