import { asc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { whereGiven } from '../../db/filters.ts';
import { councils, features, staffQuestions } from '../../db/schema.ts';
import { answerDueOn, questionLate } from '../../domain/engagement.ts';
import { workingCalendar } from '../../domain/working-days.ts';
import type { Question } from './schemas.ts';

export type QuestionRow = typeof staffQuestions.$inferSelect;

export interface QuestionFilter {
  councilId?: number;
  featureId?: number;
  status?: QuestionRow['status'];
  published?: boolean;
  /** Case-insensitive. */
  category?: string;
  /** Calendar days, inclusive, on the day it was raised. */
  from?: string;
  to?: string;
}

const questionView = {
  id: staffQuestions.id,
  councilId: staffQuestions.councilId,
  councilName: councils.name,
  councilRegion: councils.region,
  featureId: staffQuestions.featureId,
  featureName: features.name,
  question: staffQuestions.question,
  channel: staffQuestions.channel,
  category: staffQuestions.category,
  raisedOn: staffQuestions.raisedOn,
  status: staffQuestions.status,
  answer: staffQuestions.answer,
  answeredBy: staffQuestions.answeredBy,
  answeredOn: staffQuestions.answeredOn,
  published: staffQuestions.published,
  publishedAt: staffQuestions.publishedAt,
  loggedBy: staffQuestions.loggedBy,
  version: staffQuestions.version,
  createdAt: staffQuestions.createdAt,
  updatedAt: staffQuestions.updatedAt,
};
type QuestionViewRow = Omit<Question, 'dueOn' | 'late'>;

export function questionFilter(filter: QuestionFilter): SQL | undefined {
  const base = whereGiven(
    [[staffQuestions.councilId, filter.councilId], [staffQuestions.featureId, filter.featureId], [staffQuestions.status, filter.status], [staffQuestions.published, filter.published]],
    { column: staffQuestions.raisedOn, from: filter.from, to: filter.to },
  );
  if (filter.category === undefined) return base;
  const category = sql`lower(${staffQuestions.category}) = lower(${filter.category.trim()})`;
  return base ? sql`${base} and ${category}` : category;
}

/** Adds the due day (from the answer target in working days) and whether it is late, as of today. */
export function judged(row: QuestionViewRow, targetWorkingDays: number, today: string): Question {
  const dueOn = answerDueOn(row.raisedOn, targetWorkingDays, workingCalendar(row.councilRegion));
  return { ...row, dueOn, late: questionLate(row, dueOn, today) };
}

export function createQuestionStore(db: Db) {
  const viewQuery = () =>
    db.select(questionView).from(staffQuestions)
      .innerJoin(councils, eq(councils.id, staffQuestions.councilId))
      .leftJoin(features, eq(features.id, staffQuestions.featureId));
  const viewById = viewQuery().where(eq(staffQuestions.id, sql.placeholder('id'))).prepare();

  return {
    view: (id: number): QuestionViewRow | undefined => viewById.get({ id }),
    /** Oldest raised first: the log is worked through in the order staff asked. */
    all: (where: SQL | undefined): QuestionViewRow[] => viewQuery().where(where).orderBy(asc(staffQuestions.raisedOn), asc(staffQuestions.id)).all(),
    insert: (row: typeof staffQuestions.$inferInsert): number => db.insert(staffQuestions).values(row).returning({ id: staffQuestions.id }).get().id,
    update: (id: number, changes: Partial<typeof staffQuestions.$inferInsert>): void => {
      db.update(staffQuestions).set({ ...changes, version: sql`${staffQuestions.version} + 1` }).where(eq(staffQuestions.id, id)).run();
    },
    delete: (id: number): void => {
      db.delete(staffQuestions).where(eq(staffQuestions.id, id)).run();
    },
  };
}
