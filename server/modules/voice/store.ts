import { and, asc, count, desc, eq, inArray, isNull, lte, max, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import {
  councilGroups, councils, pulseComments, pulseDiscards, pulseFeeds, pulseLinks, pulseMarks, pulseResponses, pulseSurveys, pulseTallies, voiceIdeas, waves,
  type CommentStatus, type IdeaStatus, type VoicePrompt,
} from '../../db/schema.ts';
import { answersOfTally, type Scores } from '../../domain/voice.ts';

/** SQL of the staff voice module. Discarded answers are left out of every count and figure here. */
// eslint-disable-next-line max-lines-per-function -- a store: one prepared statement per question about surveys, links and answers, each method a line or two
export function createVoiceStore(db: Db) {
  const surveyColumns = {
    id: pulseSurveys.id, councilId: pulseSurveys.councilId, councilName: councils.name, councilCode: councils.code, groupId: pulseSurveys.groupId,
    groupName: councilGroups.name, waveId: pulseSurveys.waveId, waveName: waves.name, waveSequence: waves.sequence, title: pulseSurveys.title,
    opensOn: pulseSurveys.opensOn, askRecommend: pulseSurveys.askRecommend,
    headcount: sql<number>`coalesce(${councilGroups.headcount}, ${councils.staffHeadcount})`,
    answersDeletedOn: pulseTallies.deletedOn,
    createdByName: pulseSurveys.createdByName, version: pulseSurveys.version, createdAt: pulseSurveys.createdAt, updatedAt: pulseSurveys.updatedAt,
  };
  const surveysWhere = (where: SQL | undefined) => db.select(surveyColumns).from(pulseSurveys)
    .innerJoin(councils, eq(councils.id, pulseSurveys.councilId))
    .innerJoin(waves, eq(waves.id, pulseSurveys.waveId))
    .leftJoin(councilGroups, eq(councilGroups.id, pulseSurveys.groupId))
    .leftJoin(pulseTallies, eq(pulseTallies.surveyId, pulseSurveys.id))
    .where(where).orderBy(asc(pulseSurveys.opensOn), asc(pulseSurveys.id)).all();

  /** Kept answers of these surveys, given on or before `upTo` when named. */
  const kept = (surveyIds: number[], upTo?: string) =>
    and(inArray(pulseResponses.surveyId, surveyIds), isNull(pulseResponses.discardId), upTo ? lte(pulseResponses.answeredOn, upTo) : undefined);

  /** The tallies of rounds whose answers were deleted at the end of the retention period. */
  const tallies = (surveyIds: number[]) => (surveyIds.length === 0 ? new Map<number, typeof pulseTallies.$inferSelect>()
    : new Map(db.select().from(pulseTallies).where(inArray(pulseTallies.surveyId, surveyIds)).all().map((t) => [t.surveyId, t])));

  return {
    surveys: surveysWhere,
    tallies,
    survey: (id: number) => surveysWhere(eq(pulseSurveys.id, id))[0],
    insertSurvey: (values: typeof pulseSurveys.$inferInsert) => db.insert(pulseSurveys).values(values).returning({ id: pulseSurveys.id }).get().id,

    links: (surveyIds: number[]) => (surveyIds.length === 0 ? [] : db.select().from(pulseLinks).where(inArray(pulseLinks.surveyId, surveyIds)).orderBy(asc(pulseLinks.id)).all()),
    link: (id: number) => db.select().from(pulseLinks).where(eq(pulseLinks.id, id)).get(),
    linkByToken: (token: string) => db.select().from(pulseLinks).where(eq(pulseLinks.token, token)).get(),
    insertLink: (values: typeof pulseLinks.$inferInsert) => db.insert(pulseLinks).values(values).returning({ id: pulseLinks.id }).get().id,
    updateLink: (id: number, values: Partial<typeof pulseLinks.$inferInsert>) =>
      db.update(pulseLinks).set({ ...values, version: sql`${pulseLinks.version} + 1` }).where(eq(pulseLinks.id, id)).run(),

    discards: (surveyIds: number[]) => (surveyIds.length === 0 ? [] : db.select().from(pulseDiscards).where(inArray(pulseDiscards.surveyId, surveyIds)).orderBy(asc(pulseDiscards.id)).all()),
    /** Sets aside what came through a link on a day; answers how many answers and comments it set aside. */
    discard(values: typeof pulseDiscards.$inferInsert) {
      const onThatDay = (table: typeof pulseResponses | typeof pulseComments) => and(eq(table.linkId, values.linkId), eq(table.answeredOn, values.day), isNull(table.discardId));
      const responses = db.select({ n: count() }).from(pulseResponses).where(onThatDay(pulseResponses)).get()?.n ?? 0;
      const comments = db.select({ n: count() }).from(pulseComments).where(onThatDay(pulseComments)).get()?.n ?? 0;
      const id = db.insert(pulseDiscards).values({ ...values, responses, comments }).returning({ id: pulseDiscards.id }).get().id;
      db.update(pulseResponses).set({ discardId: id }).where(onThatDay(pulseResponses)).run();
      db.update(pulseComments).set({ discardId: id }).where(onThatDay(pulseComments)).run();
      return { id, responses, comments };
    },

    /**
     * Kept answers of these surveys, by survey. A round past its retention period answers from its tally: the
     * same figures, all of its answers (its days are gone, so `upTo` no longer applies to it).
     */
    answers(surveyIds: number[], upTo?: string): Map<number, Scores[]> {
      const out = new Map<number, Scores[]>();
      if (surveyIds.length === 0) return out;
      for (const [surveyId, tally] of tallies(surveyIds)) out.set(surveyId, answersOfTally(tally.responses, tally.counts));
      const rows = db.select({
        surveyId: pulseResponses.surveyId, awareness: pulseResponses.awareness, desire: pulseResponses.desire, knowledge: pulseResponses.knowledge,
        ability: pulseResponses.ability, reinforcement: pulseResponses.reinforcement, recommend: pulseResponses.recommend,
      }).from(pulseResponses).where(kept(surveyIds, upTo)).all();
      for (const { surveyId, ...scores } of rows) out.set(surveyId, [...(out.get(surveyId) ?? []), scores]);
      return out;
    },
    responseCounts(surveyIds: number[]): Map<number, number> {
      if (surveyIds.length === 0) return new Map();
      const counts = new Map(db.select({ surveyId: pulseResponses.surveyId, n: count() }).from(pulseResponses).where(kept(surveyIds)).groupBy(pulseResponses.surveyId).all()
        .map((r) => [r.surveyId, r.n]));
      for (const [surveyId, tally] of tallies(surveyIds)) counts.set(surveyId, (counts.get(surveyId) ?? 0) + tally.responses);
      return counts;
    },
    /** The last day a council's surveys were answered (kept answers only). */
    lastAnswered(councilIds: number[]): Map<number, string> {
      if (councilIds.length === 0) return new Map();
      const last = new Map(db.select({ councilId: pulseSurveys.councilId, day: max(pulseResponses.answeredOn) }).from(pulseResponses)
        .innerJoin(pulseSurveys, eq(pulseSurveys.id, pulseResponses.surveyId))
        .where(and(inArray(pulseSurveys.councilId, councilIds), isNull(pulseResponses.discardId))).groupBy(pulseSurveys.councilId).all()
        .flatMap((r) => (r.day ? [[r.councilId, r.day] as const] : [])));
      const tallied = db.select({ councilId: pulseSurveys.councilId, day: max(pulseTallies.lastAnsweredOn) }).from(pulseTallies)
        .innerJoin(pulseSurveys, eq(pulseSurveys.id, pulseTallies.surveyId))
        .where(inArray(pulseSurveys.councilId, councilIds)).groupBy(pulseSurveys.councilId).all();
      for (const { councilId, day } of tallied) if (day && day > (last.get(councilId) ?? '')) last.set(councilId, day);
      return last;
    },

    /** Rounds that opened on or before the day and still hold their answers. */
    pastRetention: (openedOnOrBefore: string) => db.select({ id: pulseSurveys.id }).from(pulseSurveys)
      .leftJoin(pulseTallies, eq(pulseTallies.surveyId, pulseSurveys.id))
      .where(and(lte(pulseSurveys.opensOn, openedOnOrBefore), isNull(pulseTallies.surveyId))).orderBy(asc(pulseSurveys.id)).all().map((r) => r.id),
    /**
     * Deletes a round's answers, comments and browser marks and writes its tally, in the caller's transaction.
     * Ideas keep their words; their link to a deleted comment goes (the ids of the ideas that lost it are returned).
     */
    deleteAnswers(surveyId: number, tally: Omit<typeof pulseTallies.$inferInsert, 'surveyId' | 'answersDeleted' | 'commentsDeleted' | 'marksDeleted'>, at: string) {
      const commentIds = db.select({ id: pulseComments.id }).from(pulseComments).where(eq(pulseComments.surveyId, surveyId)).all().map((c) => c.id);
      const ideas = commentIds.length === 0 ? [] : db.select({ id: voiceIdeas.id, commentId: voiceIdeas.commentId }).from(voiceIdeas).where(inArray(voiceIdeas.commentId, commentIds)).all();
      if (ideas.length > 0) {
        db.update(voiceIdeas).set({ commentId: null, updatedAt: at, version: sql`${voiceIdeas.version} + 1` }).where(inArray(voiceIdeas.id, ideas.map((i) => i.id))).run();
      }
      const marksDeleted = db.delete(pulseMarks).where(eq(pulseMarks.surveyId, surveyId)).run().changes;
      const commentsDeleted = db.delete(pulseComments).where(eq(pulseComments.surveyId, surveyId)).run().changes;
      const answersDeleted = db.delete(pulseResponses).where(eq(pulseResponses.surveyId, surveyId)).run().changes;
      db.insert(pulseTallies).values({ ...tally, surveyId, answersDeleted, commentsDeleted, marksDeleted }).run();
      return { answersDeleted, commentsDeleted, marksDeleted, ideas };
    },
    /** Every answer of a round kept (not discarded), with its day: what its tally is made from. */
    keptAnswers: (surveyId: number) => db.select().from(pulseResponses).where(kept([surveyId])).all(),

    insertResponse: (values: typeof pulseResponses.$inferInsert) => db.insert(pulseResponses).values(values).run(),
    insertComment: (values: typeof pulseComments.$inferInsert) => db.insert(pulseComments).values(values).run(),
    /** Whether the mark was new (false: this browser has answered the survey before). */
    mark: (surveyId: number, browserHash: string) => db.insert(pulseMarks).values({ surveyId, browserHash }).onConflictDoNothing().run().changes === 1,

    comments(filter: { status?: CommentStatus; councilIds?: number[]; surveyId?: number; prompt?: VoicePrompt; ids?: number[] }) {
      return db.select({
        id: pulseComments.id, surveyId: pulseComments.surveyId, councilId: pulseSurveys.councilId, councilName: councils.name, surveyTitle: pulseSurveys.title,
        prompt: pulseComments.prompt, text: pulseComments.text, answeredOn: pulseComments.answeredOn, status: pulseComments.status,
        reviewedByName: pulseComments.reviewedByName, reviewedAt: pulseComments.reviewedAt, version: pulseComments.version,
      }).from(pulseComments)
        .innerJoin(pulseSurveys, eq(pulseSurveys.id, pulseComments.surveyId))
        .innerJoin(councils, eq(councils.id, pulseSurveys.councilId))
        .where(and(
          isNull(pulseComments.discardId),
          filter.status ? eq(pulseComments.status, filter.status) : undefined,
          filter.councilIds ? inArray(pulseSurveys.councilId, filter.councilIds) : undefined,
          filter.surveyId ? eq(pulseComments.surveyId, filter.surveyId) : undefined,
          filter.prompt ? eq(pulseComments.prompt, filter.prompt) : undefined,
          filter.ids ? inArray(pulseComments.id, filter.ids) : undefined,
        )).orderBy(asc(pulseComments.answeredOn), asc(pulseComments.id)).all();
    },
    publishedCommentCounts(surveyIds: number[]): Map<number, number> {
      if (surveyIds.length === 0) return new Map();
      return new Map(db.select({ surveyId: pulseComments.surveyId, n: count() }).from(pulseComments)
        .where(and(inArray(pulseComments.surveyId, surveyIds), eq(pulseComments.status, 'published'), isNull(pulseComments.discardId)))
        .groupBy(pulseComments.surveyId).all().map((r) => [r.surveyId, r.n]));
    },
    reviewComment: (id: number, values: { status: CommentStatus; text: string; reviewedByName: string; reviewedAt: string }) =>
      db.update(pulseComments).set({ ...values, version: sql`${pulseComments.version} + 1` }).where(eq(pulseComments.id, id)).run(),

    insertFeed: (values: typeof pulseFeeds.$inferInsert) => db.insert(pulseFeeds).values(values).returning({ id: pulseFeeds.id }).get().id,

    ideas(filter: { councilIds?: number[]; status?: IdeaStatus; id?: number }) {
      return db.select({
        id: voiceIdeas.id, councilId: voiceIdeas.councilId, councilName: councils.name, commentId: voiceIdeas.commentId, title: voiceIdeas.title,
        youSaid: voiceIdeas.youSaid, status: voiceIdeas.status, reason: voiceIdeas.reason, weDid: voiceIdeas.weDid, decidedOn: voiceIdeas.decidedOn,
        winId: voiceIdeas.winId, version: voiceIdeas.version, createdAt: voiceIdeas.createdAt, updatedAt: voiceIdeas.updatedAt,
      }).from(voiceIdeas).innerJoin(councils, eq(councils.id, voiceIdeas.councilId))
        .where(and(
          filter.councilIds ? inArray(voiceIdeas.councilId, filter.councilIds) : undefined,
          filter.status ? eq(voiceIdeas.status, filter.status) : undefined,
          filter.id ? eq(voiceIdeas.id, filter.id) : undefined,
        )).orderBy(desc(voiceIdeas.decidedOn), asc(voiceIdeas.id)).all();
    },
    insertIdea: (values: typeof voiceIdeas.$inferInsert) => db.insert(voiceIdeas).values(values).returning({ id: voiceIdeas.id }).get().id,
    updateIdea: (id: number, values: Partial<typeof voiceIdeas.$inferInsert>) =>
      db.update(voiceIdeas).set({ ...values, version: sql`${voiceIdeas.version} + 1` }).where(eq(voiceIdeas.id, id)).run(),
    adoptedCounts(): Map<number, number> {
      return new Map(db.select({ councilId: voiceIdeas.councilId, n: count() }).from(voiceIdeas).where(eq(voiceIdeas.status, 'adopted'))
        .groupBy(voiceIdeas.councilId).all().map((r) => [r.councilId, r.n]));
    },
    councilByCode: (code: string) => db.select({ id: councils.id, name: councils.name, code: councils.code }).from(councils)
      .where(sql`upper(${councils.code}) = upper(${code})`).get(),
    councils: () => db.select({ id: councils.id, name: councils.name, code: councils.code }).from(councils).where(isNull(councils.archivedAt)).orderBy(asc(councils.name)).all(),
    group: (id: number) => db.select().from(councilGroups).where(eq(councilGroups.id, id)).get(),
    councilExists: (id: number) => db.select({ id: councils.id }).from(councils).where(eq(councils.id, id)).get() !== undefined,
    waveExists: (id: number) => db.select({ id: waves.id }).from(waves).where(eq(waves.id, id)).get() !== undefined,
  };
}

export type VoiceStore = ReturnType<typeof createVoiceStore>;
export type SurveyRow = NonNullable<ReturnType<VoiceStore['survey']>>;
