import { and, asc, desc, eq, gte, lte, max, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { whereGiven } from '../../db/filters.ts';
import { keysetWindow } from '../../db/paging.ts';
import {
  benefitBaselines, benefits, benefitVolumes, CHANNELS, councils, earlyWins, features, setupCosts, transactionTypes, unitCosts, type Channel,
} from '../../db/schema.ts';
import type { Volumes } from '../../domain/benefits.ts';

/** The six count columns as stored. */
export interface ChannelColumns {
  paper: number | null;
  email: number | null;
  phone: number | null;
  faceToFace: number | null;
  online: number | null;
  assisted: number | null;
}

const COLUMN_OF: Record<Channel, keyof ChannelColumns> = {
  paper: 'paper', email: 'email', phone: 'phone', face_to_face: 'faceToFace', online: 'online', assisted: 'assisted',
};

/** A row's volumes by channel, keys in CHANNELS order: one literal (90,000 entries are read for a day's facts). */
export const volumesOf = (row: ChannelColumns): Record<Channel, number | null> =>
  ({ paper: row.paper, email: row.email, phone: row.phone, face_to_face: row.faceToFace, online: row.online, assisted: row.assisted });

export const columnsOf = (v: Volumes): ChannelColumns =>
  Object.fromEntries(CHANNELS.map((c) => [COLUMN_OF[c], v[c] ?? null])) as unknown as ChannelColumns;

export const channelTotal = (row: ChannelColumns): number => CHANNELS.reduce((sum, c) => sum + (row[COLUMN_OF[c]] ?? 0), 0);

const typeView = {
  id: transactionTypes.id, featureId: transactionTypes.featureId, featureName: features.name, code: transactionTypes.code, name: transactionTypes.name,
  channels: transactionTypes.channels, version: transactionTypes.version, createdAt: transactionTypes.createdAt, updatedAt: transactionTypes.updatedAt,
};
const costView = {
  id: unitCosts.id, councilId: unitCosts.councilId, councilName: councils.name, transactionTypeId: unitCosts.transactionTypeId,
  transactionTypeName: transactionTypes.name, channel: unitCosts.channel, costPence: unitCosts.costPence, cashable: unitCosts.cashable,
  indicative: unitCosts.indicative, source: unitCosts.source, sourceDate: unitCosts.sourceDate,
  version: unitCosts.version, createdAt: unitCosts.createdAt, updatedAt: unitCosts.updatedAt,
};
const channelColumns = (t: typeof benefitBaselines | typeof benefitVolumes) => ({
  paper: t.paper, email: t.email, phone: t.phone, faceToFace: t.faceToFace, online: t.online, assisted: t.assisted,
});
const baselineView = {
  id: benefitBaselines.id, councilId: benefitBaselines.councilId, councilName: councils.name, transactionTypeId: benefitBaselines.transactionTypeId,
  transactionTypeName: transactionTypes.name, featureId: transactionTypes.featureId, ...channelColumns(benefitBaselines),
  periodFrom: benefitBaselines.periodFrom, periodTo: benefitBaselines.periodTo, source: benefitBaselines.source,
  version: benefitBaselines.version, createdAt: benefitBaselines.createdAt, updatedAt: benefitBaselines.updatedAt,
};
const entryView = {
  id: benefitVolumes.id, councilId: benefitVolumes.councilId, councilCode: councils.code, transactionTypeId: benefitVolumes.transactionTypeId,
  transactionTypeCode: transactionTypes.code, month: benefitVolumes.month, ...channelColumns(benefitVolumes), note: benefitVolumes.note,
  enteredByName: benefitVolumes.enteredByName, enteredAt: benefitVolumes.enteredAt,
};
const registerView = {
  id: benefits.id, title: benefits.title, owner: benefits.owner, measure: benefits.measure, unit: benefits.unit, councilId: benefits.councilId,
  councilName: councils.name, featureId: benefits.featureId, featureName: features.name, baselineValue: benefits.baselineValue,
  targetValue: benefits.targetValue, startDate: benefits.startDate, targetDate: benefits.targetDate, profile: benefits.profile,
  status: benefits.status, evidence: benefits.evidence, version: benefits.version, createdAt: benefits.createdAt, updatedAt: benefits.updatedAt,
};
const setupView = {
  id: setupCosts.id, councilId: setupCosts.councilId, councilName: councils.name, description: setupCosts.description, amountPence: setupCosts.amountPence,
  incurredOn: setupCosts.incurredOn, source: setupCosts.source, version: setupCosts.version, createdAt: setupCosts.createdAt, updatedAt: setupCosts.updatedAt,
};

/** A volume entry as the figures read it: its id, council, type and month, its six counts (channelColumns' order), when entered. */
export type EntryTuple = [id: number, councilId: number, transactionTypeId: number, month: string, paper: number | null, email: number | null,
  phone: number | null, faceToFace: number | null, online: number | null, assisted: number | null, enteredAt: string];

export type BaselineViewRow = ReturnType<ReturnType<typeof createBenefitsStore>['baselines']>[number];
export type EntryViewRow = ReturnType<ReturnType<typeof createBenefitsStore>['entries']>[number];
export type RegisterViewRow = ReturnType<ReturnType<typeof createBenefitsStore>['register']>[number];

export function createBenefitsStore(db: Db) {
  const types = () => db.select(typeView).from(transactionTypes).innerJoin(features, eq(features.id, transactionTypes.featureId));
  const costs = () => db.select(costView).from(unitCosts).leftJoin(councils, eq(councils.id, unitCosts.councilId))
    .leftJoin(transactionTypes, eq(transactionTypes.id, unitCosts.transactionTypeId));
  const baselines = () => db.select(baselineView).from(benefitBaselines).innerJoin(councils, eq(councils.id, benefitBaselines.councilId))
    .innerJoin(transactionTypes, eq(transactionTypes.id, benefitBaselines.transactionTypeId));
  const entries = () => db.select(entryView).from(benefitVolumes).innerJoin(councils, eq(councils.id, benefitVolumes.councilId))
    .innerJoin(transactionTypes, eq(transactionTypes.id, benefitVolumes.transactionTypeId));
  const register = () => db.select(registerView).from(benefits).leftJoin(councils, eq(councils.id, benefits.councilId))
    .leftJoin(features, eq(features.id, benefits.featureId));
  const newer = db.select({
    id: benefitVolumes.id, councilId: benefitVolumes.councilId, transactionTypeId: benefitVolumes.transactionTypeId, month: benefitVolumes.month,
    ...channelColumns(benefitVolumes), enteredAt: benefitVolumes.enteredAt,
  }).from(benefitVolumes).where(keysetWindow(benefitVolumes.id)).orderBy(asc(benefitVolumes.id)).prepare();
  const lastVolumeId = db.select({ n: max(benefitVolumes.id) }).from(benefitVolumes).prepare();
  // What the read model needs of each baseline, in the list's order, without the names and stamps the list shows.
  const baselineVolumes = db.select({ councilId: benefitBaselines.councilId, transactionTypeId: benefitBaselines.transactionTypeId, periodTo: benefitBaselines.periodTo, ...channelColumns(benefitBaselines) })
    .from(benefitBaselines).innerJoin(councils, eq(councils.id, benefitBaselines.councilId)).innerJoin(transactionTypes, eq(transactionTypes.id, benefitBaselines.transactionTypeId))
    .orderBy(asc(councils.name), asc(transactionTypes.name)).prepare();
  const setups = () => db.select(setupView).from(setupCosts).leftJoin(councils, eq(councils.id, setupCosts.councilId));

  return {
    types: (where?: SQL) => types().where(where).orderBy(asc(features.name), asc(transactionTypes.name)).all(),
    costs: (where?: SQL) => costs().where(where)
      .orderBy(sql`${unitCosts.councilId} is not null`, asc(councils.name), sql`${unitCosts.transactionTypeId} is not null`, asc(transactionTypes.name), asc(unitCosts.channel)).all(),
    baselines: (where?: SQL) => baselines().where(where).orderBy(asc(councils.name), asc(transactionTypes.name)).all(),
    /** Every baseline's volumes and period end, in the order of the list (council, then type): the read model's input. */
    baselineVolumes: () => baselineVolumes.all(),
    entries: (where: SQL | undefined, limit: number, offset: number) =>
      entries().where(where).orderBy(desc(benefitVolumes.month), desc(benefitVolumes.id)).limit(limit).offset(offset).all(),
    register: (where?: SQL) => register().where(where).orderBy(asc(benefits.targetDate), asc(benefits.title)).all(),
    setups: (where?: SQL) => setups().where(where).orderBy(asc(setupCosts.incurredOn), asc(setupCosts.id)).all(),

    /** The highest volume entry id now: entries are append-only, so reading up to it reads one moment's entries. */
    lastVolumeId: (): number => Number(lastVolumeId.get()?.n ?? 0),
    /** Volume entries with ids in (after, upto], in id order, as plain arrays (no object per row): see EntryTuple. */
    entriesBetween: (after: number, upto: number) => newer.values({ after, upto }) as EntryTuple[],

    /** Sum and count of the evidence values of early wins linked to each benefit. */
    winTotals: () => new Map(db.select({ benefitId: earlyWins.benefitId, count: sql<number>`count(*)`, total: sql<number>`coalesce(sum(${earlyWins.evidenceValue}), 0)` })
      .from(earlyWins).where(sql`${earlyWins.benefitId} is not null`).groupBy(earlyWins.benefitId).all().map((r) => [r.benefitId!, r])),
  };
}

export function entryFilter(q: { councilId?: number; transactionTypeId?: number; from?: string; to?: string }): SQL | undefined {
  return and(
    whereGiven([[benefitVolumes.councilId, q.councilId], [benefitVolumes.transactionTypeId, q.transactionTypeId]]),
    q.from !== undefined ? gte(benefitVolumes.month, q.from) : undefined,
    q.to !== undefined ? lte(benefitVolumes.month, q.to) : undefined,
  );
}
