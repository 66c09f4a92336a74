import { answersFor, isOffice, seesUnpublished, type Actor } from '../../auth/actor.ts';
import { inTransaction, type Db } from '../../db/database.ts';
import { pageBounds, toPage } from '../../db/paging.ts';
import { instant, today, type Clock } from '../../domain/clock.ts';
import type { Page, WriteContext } from '../../http/crud.ts';
import { AppError, assertDateRange, badRequest, type ErrorDetail, notFound } from '../../http/errors.ts';
import { assertFresh } from '../../http/versioning.ts';
import { recordAudit } from '../../db/audit.ts';
import { loadReferences } from '../items/read-model.ts';
import { readSettings } from '../settings/read-model.ts';
import { createQuestionStore, judged, questionFilter } from './questions-store.ts';
import { questionProblems, type QuestionShape } from './rules.ts';
import type { CreateQuestion, Question, QuestionQuery, UpdateQuestion } from './schemas.ts';

/** Like the standard CRUD service, but reading needs the actor: sponsors see published FAQs only. */
export interface QuestionService {
  list(query: QuestionQuery, actor: Actor): Page<Question>;
  get(id: number, actor: Actor): Question;
  create(input: CreateQuestion, ctx: WriteContext): Question;
  update(id: number, input: UpdateQuestion, ctx: WriteContext): Question;
  remove(id: number, ctx: WriteContext): void;
}

const PUBLISH_REFUSED: ErrorDetail = { field: 'published', message: 'only the programme office can publish a question as an FAQ' };

/** A lead logs and answers questions of their own councils only, and cannot change one once it is a published FAQ. */
function assertMayChange(actor: Actor, question: Question, input?: UpdateQuestion): void {
  if (isOffice(actor)) return;
  if (!answersFor(actor, question.councilId)) {
    throw new AppError(403, `You can only manage staff questions of the council(s) you lead; this one belongs to ${question.councilName}.`);
  }
  if (question.published) throw new AppError(403, 'This question is published as an FAQ; only the programme office can change or remove it now.');
  if (input?.published) throw new AppError(403, 'Only the programme office can publish a question as an FAQ.', [PUBLISH_REFUSED]);
}

// eslint-disable-next-line max-lines-per-function -- a service factory: asking, answering and publishing share the scope checks and the store
export function createQuestionService(db: Db, clock: Clock): QuestionService {
  const store = createQuestionStore(db);
  const target = () => readSettings(db).answerTargetWorkingDays;

  const view = (id: number): Question => {
    const row = store.view(id);
    if (!row) throw notFound('Staff question', id);
    return judged(row, target(), today(clock));
  };

  const referenceProblems = (councilId: number | undefined, featureId: number | null | undefined): ErrorDetail[] =>
    loadReferences(db, {
      councilIds: councilId !== undefined ? [councilId] : [], featureIds: featureId != null ? [featureId] : [], waveIds: [], groupIds: [],
    }).check({ councilId, featureId: featureId ?? undefined }, councilId ?? 0);

  const rejectIf = (problems: ErrorDetail[], message: string) => {
    if (problems.length > 0) throw badRequest(message, problems);
  };

  return {
    list(query, actor) {
      const { limit, offset, late, ...filter } = query;
      assertDateRange(filter);
      const bounds = pageBounds({ limit, offset });
      const todayIs = today(clock);
      const days = target();
      const all = store.all(questionFilter(seesUnpublished(actor) ? filter : { ...filter, published: true }))
        .map((row) => judged(row, days, todayIs))
        .filter((q) => late === undefined || q.late === late);
      return toPage(all.slice(bounds.offset, bounds.offset + bounds.limit), all.length, bounds);
    },

    get(id, actor) {
      const question = view(id);
      // A sponsor is not told that an unpublished question exists.
      if (!question.published && !seesUnpublished(actor)) throw notFound('Staff question', id);
      return question;
    },

    create(input, ctx) {
      return inTransaction(db, () => {
        const refs = referenceProblems(input.councilId, input.featureId);
        if (!refs.some((p) => p.field === 'councilId') && !answersFor(ctx.actor, input.councilId)) {
          throw new AppError(403, 'You can only log staff questions for the council(s) you lead.', [{ field: 'councilId', message: 'is not a council you lead' }]);
        }
        const todayIs = today(clock);
        const answer = input.answer?.trim() ?? null;
        const shape: QuestionShape = {
          raisedOn: input.raisedOn ?? todayIs, status: answer !== null ? 'answered' : 'open', answer,
          answeredOn: answer !== null ? (input.answeredOn ?? todayIs) : null, published: false,
        };
        if (answer === null && input.answeredOn !== undefined) refs.push({ field: 'answeredOn', message: 'needs an answer' });
        rejectIf([...refs, ...questionProblems(shape, todayIs)], 'The staff question is not valid.');
        const now = instant(clock);
        const id = store.insert({
          ...shape, councilId: input.councilId, featureId: input.featureId ?? null, question: input.question.trim(), channel: input.channel,
          category: input.category.trim(), answeredBy: answer !== null ? ctx.actor.name : null, answeredByUserId: answer !== null ? ctx.actor.id : null,
          loggedBy: ctx.actor.name, createdAt: now, updatedAt: now,
        });
        const after = view(id);
        recordAudit(db, ctx.actor, clock(), { action: 'create', entity: 'staff_question', entityId: id, after });
        return after;
      });
    },

    update(id, input, ctx) {
      return inTransaction(db, () => {
        const before = view(id);
        assertMayChange(ctx.actor, before, input);
        assertFresh('staff question', before, ctx.ifMatch, () => before);
        const refs = referenceProblems(undefined, input.featureId);
        const todayIs = today(clock);
        const reopening = input.status === 'open' && before.status !== 'open';
        const answer = input.answer !== undefined ? input.answer.trim() : (reopening ? null : before.answer);
        const answerChanged = answer !== before.answer;
        // A new answer on an open question answers it; reopening clears the answer.
        const status = input.status ?? (answer !== null && before.status === 'open' ? 'answered' : before.status);
        const published = input.published ?? (reopening ? false : before.published);
        const shape: QuestionShape = {
          raisedOn: input.raisedOn ?? before.raisedOn, status, answer,
          answeredOn: answer === null ? null : (input.answeredOn ?? (answerChanged && before.answer === null ? todayIs : before.answeredOn ?? todayIs)),
          published,
        };
        if (answer === null && input.answeredOn !== undefined) refs.push({ field: 'answeredOn', message: 'needs an answer' });
        rejectIf([...refs, ...questionProblems(shape, todayIs)], 'The change to the staff question is not valid.');
        const now = instant(clock);
        store.update(id, {
          ...shape,
          ...(input.featureId !== undefined ? { featureId: input.featureId } : {}),
          ...(input.question !== undefined ? { question: input.question.trim() } : {}),
          ...(input.channel !== undefined ? { channel: input.channel } : {}),
          ...(input.category !== undefined ? { category: input.category.trim() } : {}),
          ...(answerChanged ? { answeredBy: answer !== null ? ctx.actor.name : null, answeredByUserId: answer !== null ? ctx.actor.id : null } : {}),
          // Stamped when it goes out, kept while it stays out, cleared when it is withdrawn.
          publishedAt: published ? (before.published ? before.publishedAt : now) : null,
          updatedAt: now,
        });
        const after = view(id);
        recordAudit(db, ctx.actor, clock(), { action: 'update', entity: 'staff_question', entityId: id, before, after });
        return after;
      });
    },

    remove(id, ctx) {
      inTransaction(db, () => {
        const question = view(id);
        assertMayChange(ctx.actor, question);
        assertFresh('staff question', question, ctx.ifMatch, () => question);
        store.delete(id);
        recordAudit(db, ctx.actor, clock(), { action: 'delete', entity: 'staff_question', entityId: id, before: question });
      });
    },
  };
}
