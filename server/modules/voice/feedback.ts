import { answersFor, isOffice, type Actor } from '../../auth/actor.ts';
import { inTransaction, type Db } from '../../db/database.ts';
import type { CommentStatus, IdeaStatus, VoicePrompt } from '../../db/schema.ts';
import { instant, today, type Clock } from '../../domain/clock.ts';
import { dayWords } from '../../domain/date-words.ts';
import type { WriteContext } from '../../http/crud.ts';
import { AppError, badRequest, conflict, notFound, type ErrorDetail } from '../../http/errors.ts';
import { assertFresh } from '../../http/versioning.ts';
import { recordAudit } from '../../db/audit.ts';
import { readSettings } from '../settings/read-model.ts';
import type { WinService } from '../wins/read-model.ts';
import type { Comment, CreateIdea, Idea, ReviewComment, UpdateIdea } from './schemas.ts';
import { assertManages } from './service.ts';
import { createVoiceStore } from './store.ts';

/** Councils an actor reviews comments and keeps ideas for: all for the office, their own for a lead. */
const councilsOf = (actor: Actor): number[] | undefined => (isOffice(actor) ? undefined : actor.role === 'lead' ? actor.councilIds : []);

/**
 * Comments and ideas (docs/staff-voice.md). A comment leaves the review queue only when the office or the council's
 * lead publishes it (edited to take out anything identifying) or withholds it; published comments are shown only
 * for rounds that meet the threshold. The audit trail records that a comment was reviewed, never its words.
 */
/** `wins`: the early wins service an adopted idea becomes a win through (server/services.ts hands it over). */
// eslint-disable-next-line max-lines-per-function -- a service factory: the comment review, the ideas log and "you said, we did" share the store, the round checks and the wins service
export function createVoiceFeedback(db: Db, clock: Clock, wins: WinService) {
  const store = createVoiceStore(db);

  /** Rounds whose figures may be shown (at least the threshold of kept answers). */
  const shownRounds = (surveyIds: number[]): Set<number> => {
    const min = readSettings(db).surveyMinResponses;
    return new Set([...store.responseCounts(surveyIds)].filter(([, n]) => n >= min).map(([id]) => id));
  };

  const comment = (id: number): Comment => {
    const found = store.comments({ ids: [id] })[0];
    if (!found) throw notFound('Comment', id);
    return found;
  };

  const idea = (id: number): Idea => {
    const found = store.ideas({ id })[0];
    if (!found) throw notFound('Idea', id);
    return found;
  };

  const ideaProblems = (status: IdeaStatus, reason: string, weDid: string): ErrorDetail[] => [
    ...(status === 'not_now' && reason.trim() === '' ? [{ field: 'reason', message: 'is needed: say why not now' }] : []),
    ...(status === 'adopted' && weDid.trim() === '' ? [{ field: 'weDid', message: 'is needed: say what was done' }] : []),
  ];

  return {
    /** The review queue (unreviewed, the default), what was withheld, or what is published. */
    comments(query: { status?: CommentStatus; councilId?: number; surveyId?: number; prompt?: VoicePrompt }, actor: Actor): Comment[] {
      const status = query.status ?? 'unreviewed';
      const mine = councilsOf(actor);
      const councilIds = query.councilId === undefined ? mine : (mine === undefined || mine.includes(query.councilId) ? [query.councilId] : []);
      const list = store.comments({ status, councilIds, surveyId: query.surveyId, prompt: query.prompt });
      if (status !== 'published') return list;
      const shown = shownRounds([...new Set(list.map((c) => c.surveyId))]);
      return list.filter((c) => shown.has(c.surveyId));
    },

    comment(id: number, actor: Actor): Comment {
      const found = comment(id);
      assertManages(actor, found.councilId, found.councilName);
      return found;
    },

    review(id: number, input: ReviewComment, ctx: WriteContext): Comment {
      return inTransaction(db, () => {
        const before = comment(id);
        assertManages(ctx.actor, before.councilId, before.councilName);
        assertFresh('comment', before, ctx.ifMatch, () => before);
        if (input.status === 'withheld' && input.text !== undefined) throw badRequest('A withheld comment keeps no text.', [{ field: 'text', message: 'must be left out when withholding' }]);
        const text = input.status === 'withheld' ? '' : (input.text?.trim() ?? before.text);
        if (input.status === 'published' && text === '') throw badRequest('A withheld comment cannot be published: its words are gone.', [{ field: 'status', message: 'the comment has no text' }]);
        store.reviewComment(id, { status: input.status, text, reviewedByName: ctx.actor.name, reviewedAt: instant(clock) });
        const after = comment(id);
        // Never the words: the trail is append-only, and what was taken out must stay out.
        recordAudit(db, ctx.actor, clock(), {
          action: 'update', entity: 'survey_comment', entityId: id,
          before: { status: before.status }, after: { status: after.status, edited: input.status === 'published' && text !== before.text },
        });
        return after;
      });
    },

    /** Sponsors see adopted ideas only; a lead their own councils'; the office all. */
    ideas(query: { councilId?: number; status?: IdeaStatus }, actor: Actor): Idea[] {
      const list = store.ideas({ status: query.status, councilIds: query.councilId !== undefined ? [query.councilId] : undefined });
      if (actor.role === 'sponsor') return list.filter((i) => i.status === 'adopted');
      const mine = councilsOf(actor);
      return mine === undefined ? list : list.filter((i) => mine.includes(i.councilId));
    },

    idea(id: number, actor: Actor): Idea {
      const found = idea(id);
      // A sponsor is not told that an idea not adopted exists; a lead of another council is told it is not theirs.
      if (actor.role === 'sponsor' && found.status !== 'adopted') throw notFound('Idea', id);
      if (actor.role !== 'sponsor') assertManages(actor, found.councilId, found.councilName);
      return found;
    },

    createIdea(input: CreateIdea, ctx: WriteContext): Idea {
      return inTransaction(db, () => {
        let councilId = input.councilId;
        let youSaid = input.youSaid?.trim();
        if (input.commentId !== undefined) {
          const source = store.comments({ ids: [input.commentId] })[0];
          if (!source || source.status !== 'published' || source.prompt !== 'ideas') {
            throw badRequest('The idea is not valid.', [{ field: 'commentId', message: 'is not a published answer to "What would you change?"' }]);
          }
          if (councilId !== undefined && councilId !== source.councilId) throw badRequest('The idea is not valid.', [{ field: 'councilId', message: "is not the comment's council" }]);
          councilId = source.councilId;
          youSaid ??= source.text;
        }
        const problems: ErrorDetail[] = [];
        if (councilId === undefined) problems.push({ field: 'councilId', message: 'is needed without a commentId' });
        else if (!store.councilExists(councilId)) problems.push({ field: 'councilId', message: `council ${councilId} does not exist` });
        if (!youSaid) problems.push({ field: 'youSaid', message: 'is needed without a commentId' });
        if (problems.length > 0) throw badRequest('The idea is not valid.', problems);
        if (!answersFor(ctx.actor, councilId!)) throw new AppError(403, 'You can only log ideas for the council(s) you lead.', [{ field: 'councilId', message: 'is not a council you lead' }]);
        const now = instant(clock);
        const id = store.insertIdea({ councilId: councilId!, commentId: input.commentId ?? null, title: input.title.trim(), youSaid: youSaid!, createdAt: now, updatedAt: now });
        const after = idea(id);
        recordAudit(db, ctx.actor, clock(), { action: 'create', entity: 'voice_idea', entityId: id, after });
        return after;
      });
    },

    updateIdea(id: number, input: UpdateIdea, ctx: WriteContext): Idea {
      return inTransaction(db, () => {
        const before = idea(id);
        assertManages(ctx.actor, before.councilId, before.councilName);
        assertFresh('idea', before, ctx.ifMatch, () => before);
        const status = input.status ?? before.status;
        const reason = input.reason?.trim() ?? before.reason;
        const weDid = input.weDid?.trim() ?? before.weDid;
        const problems = ideaProblems(status, reason, weDid);
        const decided = status === 'adopted' || status === 'not_now';
        const decidedOn = decided ? (input.decidedOn ?? (status !== before.status ? today(clock) : before.decidedOn ?? today(clock))) : null;
        if (input.decidedOn !== undefined && !decided) problems.push({ field: 'decidedOn', message: 'is only for adopted or not now' });
        if (decidedOn !== null && decidedOn > today(clock)) problems.push({ field: 'decidedOn', message: `cannot be in the future (today is ${dayWords(today(clock))})` });
        if (before.winId !== null && status !== 'adopted') problems.push({ field: 'status', message: 'the idea has become an early win; it stays adopted' });
        if (problems.length > 0) throw badRequest('The change to the idea is not valid.', problems);
        store.updateIdea(id, {
          ...(input.title !== undefined ? { title: input.title.trim() } : {}),
          ...(input.youSaid !== undefined ? { youSaid: input.youSaid.trim() } : {}),
          status, reason, weDid, decidedOn, updatedAt: instant(clock),
        });
        const after = idea(id);
        recordAudit(db, ctx.actor, clock(), { action: 'update', entity: 'voice_idea', entityId: id, before, after });
        return after;
      });
    },

    /** An adopted idea becomes a draft early win (published by the office as any other), linked both ways, in one transaction. */
    ideaToWin(id: number, input: { wonOn?: string; story?: string }, ctx: WriteContext) {
      return inTransaction(db, () => {
        const before = idea(id);
        assertManages(ctx.actor, before.councilId, before.councilName);
        if (before.status !== 'adopted') throw conflict('Only an adopted idea can become an early win.', [{ field: 'status', message: 'is not adopted' }]);
        if (before.winId !== null) throw conflict(`This idea is already early win ${before.winId}.`);
        const win = wins.create({
          councilId: before.councilId, title: before.title, wonOn: input.wonOn ?? before.decidedOn ?? today(clock),
          story: input.story?.trim() ?? `You said: ${before.youSaid} We did: ${before.weDid}`,
          evidenceNote: 'An idea from the staff pulse survey, adopted (you said, we did).',
        }, { actor: ctx.actor });
        store.updateIdea(id, { winId: win.id, updatedAt: instant(clock) });
        const after = idea(id);
        recordAudit(db, ctx.actor, clock(), { action: 'update', entity: 'voice_idea', entityId: id, before, after });
        return { idea: after, winId: win.id };
      });
    },

    /** The public "you said, we did" of a council: adopted ideas, newest first. */
    saidDid(code: string) {
      const council = store.councilByCode(code);
      if (!council) throw notFound('Council', code);
      const ideas = store.ideas({ councilIds: [council.id], status: 'adopted' }).map((i) => ({ title: i.title, youSaid: i.youSaid, weDid: i.weDid, decidedOn: i.decidedOn }));
      return { councilName: council.name, councilCode: council.code, ideas };
    },
  };
}
