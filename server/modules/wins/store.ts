import { and, asc, desc, eq, lte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { whereGiven } from '../../db/filters.ts';
import { councils, earlyWins, features } from '../../db/schema.ts';
import type { Win } from './schemas.ts';

export type WinRow = typeof earlyWins.$inferSelect;

/** The win as the API shows it: council and feature names alongside their ids. */
const winView = {
  id: earlyWins.id,
  councilId: earlyWins.councilId,
  councilName: councils.name,
  featureId: earlyWins.featureId,
  featureName: features.name,
  title: earlyWins.title,
  story: earlyWins.story,
  wonOn: earlyWins.wonOn,
  evidenceValue: earlyWins.evidenceValue,
  evidenceUnit: earlyWins.evidenceUnit,
  evidenceNote: earlyWins.evidenceNote,
  evidenceLink: earlyWins.evidenceLink,
  benefitId: earlyWins.benefitId,
  authorId: earlyWins.authorId,
  authorName: earlyWins.authorName,
  published: earlyWins.published,
  publishedAt: earlyWins.publishedAt,
  version: earlyWins.version,
  createdAt: earlyWins.createdAt,
  updatedAt: earlyWins.updatedAt,
};

export interface WinFilter {
  councilId?: number;
  featureId?: number;
  published?: boolean;
  /** Calendar days, inclusive, on the day the win happened. */
  from?: string;
  to?: string;
}

export function winFilter(filter: WinFilter): SQL | undefined {
  return whereGiven(
    [[earlyWins.councilId, filter.councilId], [earlyWins.featureId, filter.featureId], [earlyWins.published, filter.published]],
    { column: earlyWins.wonOn, from: filter.from, to: filter.to },
  );
}

export function createWinStore(db: Db) {
  const viewQuery = () =>
    db.select(winView).from(earlyWins)
      .innerJoin(councils, eq(councils.id, earlyWins.councilId))
      .leftJoin(features, eq(features.id, earlyWins.featureId));

  const viewById = viewQuery().where(eq(earlyWins.id, sql.placeholder('id'))).prepare();

  return {
    view: (id: number): Win | undefined => viewById.get({ id }),
    /** Newest win first; the same day in the order they were recorded, newest first. */
    page: (where: SQL | undefined, limit: number, offset: number): Win[] =>
      viewQuery().where(where).orderBy(desc(earlyWins.wonOn), desc(earlyWins.id)).limit(limit).offset(offset).all(),
    insert: (row: typeof earlyWins.$inferInsert): WinRow => db.insert(earlyWins).values(row).returning().get(),
    update: (id: number, changes: Partial<typeof earlyWins.$inferInsert>): void => {
      db.update(earlyWins).set({ ...changes, version: sql`${earlyWins.version} + 1` }).where(eq(earlyWins.id, id)).run();
    },
    delete: (id: number): void => {
      db.delete(earlyWins).where(eq(earlyWins.id, id)).run();
    },
  };
}

export type WinStore = ReturnType<typeof createWinStore>;

const cardColumns = {
  id: earlyWins.id, title: earlyWins.title, story: earlyWins.story, wonOn: earlyWins.wonOn, councilId: earlyWins.councilId,
  councilName: councils.name, featureName: features.name, evidenceValue: earlyWins.evidenceValue, evidenceUnit: earlyWins.evidenceUnit,
  evidenceNote: earlyWins.evidenceNote, published: earlyWins.published,
};
const cards = (db: Db) => db.select(cardColumns).from(earlyWins).innerJoin(councils, eq(councils.id, earlyWins.councilId)).leftJoin(features, eq(features.id, earlyWins.featureId));

/**
 * Wins as the dashboard's read models and the board report show them: the story and its evidence, no
 * authorship or versions. Newest first, or oldest first for a report that tells them in order.
 */
export function winCards(db: Db, where: SQL | undefined, order: 'newest' | 'oldest', limit?: number) {
  const direction = order === 'newest' ? desc : asc;
  const query = cards(db).where(where).orderBy(direction(earlyWins.wonOn), direction(earlyWins.id));
  return limit === undefined ? query.all() : query.limit(limit).all();
}

/** The two lists of win cards the dashboard's views make on every build, newest first, prepared once. */
export function createWinCards(db: Db) {
  const newest = [desc(earlyWins.wonOn), desc(earlyWins.id)] as const;
  const limit = sql.placeholder('limit');
  const publishedBy = cards(db).where(and(eq(earlyWins.published, true), lte(earlyWins.wonOn, sql.placeholder('asOf')))).orderBy(...newest).limit(limit).prepare();
  const wonBy = lte(earlyWins.wonOn, sql.placeholder('asOf'));
  const ofCouncil = cards(db).where(and(eq(earlyWins.councilId, sql.placeholder('councilId')), wonBy)).orderBy(...newest).limit(limit).prepare();
  const publishedOfCouncil = cards(db).where(and(eq(earlyWins.councilId, sql.placeholder('councilId')), eq(earlyWins.published, true), wonBy))
    .orderBy(...newest).limit(limit).prepare();
  return {
    /** Published wins won on or before a day, programme-wide. */
    publishedBy: (asOf: string, max: number) => publishedBy.all({ asOf, limit: max }),
    /** A council's wins won on or before a day: with the unpublished ones for those who may see them. */
    ofCouncil: (councilId: number, withUnpublished: boolean, asOf: string, max: number) =>
      (withUnpublished ? ofCouncil : publishedOfCouncil).all({ councilId, asOf, limit: max }),
  };
}
