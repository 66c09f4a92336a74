import { eq, inArray, sql } from 'drizzle-orm';
import { inTransaction, type Db } from '../../db/database.ts';
import { pageBounds, toPage } from '../../db/paging.ts';
import { whereGiven } from '../../db/filters.ts';
import {
  benefitBaselines, benefits, benefitVolumes, CHANNELS, councils, earlyWins, features, setupCosts, transactionTypes, unitCosts, type Channel,
} from '../../db/schema.ts';
import { instant, today, type Clock } from '../../domain/clock.ts';
import { totalOf, type Volumes } from '../../domain/benefits.ts';
import type { CrudService, WriteContext } from '../../http/crud.ts';
import { badRequest, conflict, notFound, type ErrorDetail } from '../../http/errors.ts';
import { assertFresh } from '../../http/versioning.ts';
import { recordAudit, type AuditEntity } from '../../db/audit.ts';
import type {
  Benefit, BenefitQuery, CreateBenefit, CreateSetupCost, CreateTransactionType, CreateUnitCost, CreateVolumeBaseline, SetupCost, SetupCostQuery,
  TransactionType, TransactionTypeQuery, UnitCost, UnitCostQuery, UpdateBenefit, UpdateSetupCost, UpdateTransactionType, UpdateUnitCost,
  UpdateVolumeBaseline, VolumeBaseline, VolumeBaselineQuery,
} from './schemas.ts';
import { channelTotal, columnsOf, createBenefitsStore, volumesOf, type BaselineViewRow, type ChannelColumns } from './store.ts';
import { dayWords } from '../../domain/date-words.ts';
import { extend } from '../../domain/objects.ts';

type Table = typeof transactionTypes | typeof unitCosts | typeof benefitBaselines | typeof benefits | typeof setupCosts;

interface Resource<Row extends { id: number; version: number }, Create, Update, Query> {
  table: Table;
  entity: AuditEntity;
  /** "transaction type": for messages. */
  noun: string;
  all(query: Omit<Query, 'limit' | 'offset'>): Row[];
  one(id: number): Row | undefined;
  /** Problems with the record as it would be after the change (400), checked inside the transaction. */
  problems(next: Record<string, unknown>, before?: Row): ErrorDetail[];
  /** Columns to write from a create or an update (what was given only). */
  columns(input: Create | Update): Record<string, unknown>;
  /** Values a new record starts with when the request leaves them out. */
  defaults?: Record<string, unknown>;
  /** Why it cannot be deleted (409), or nothing. */
  dependents?(row: Row): string | undefined;
}

/**
 * The standard five operations for the programme office's benefits records: validated as a whole after the change,
 * If-Match on updates and deletes, and an audit entry in the same transaction as each write.
 */
function resourceService<Row extends { id: number; version: number }, Create, Update, Query extends { limit?: number; offset?: number }>(
  db: Db, clock: Clock, r: Resource<Row, Create, Update, Query>,
): CrudService<Row, Create, Update, Query> {
  const view = (id: number): Row => {
    const row = r.one(id);
    if (!row) throw notFound(r.noun.charAt(0).toUpperCase() + r.noun.slice(1), id);
    return row;
  };
  const reject = (problems: ErrorDetail[], what: string) => {
    if (problems.length > 0) throw badRequest(`The ${what} is not valid.`, problems);
  };
  return {
    list(query) {
      const { limit, offset, ...filter } = query;
      const bounds = pageBounds({ limit, offset });
      const all = r.all(filter);
      return toPage(all.slice(bounds.offset, bounds.offset + bounds.limit), all.length, bounds);
    },
    get: view,
    create(input, ctx: WriteContext) {
      return inTransaction(db, () => {
        const columns = extend(r.defaults ?? {}, r.columns(input));
        reject(r.problems(columns), r.noun);
        const now = instant(clock);
        const { id } = db.insert(r.table).values(extend(columns, { createdAt: now, updatedAt: now }) as never).returning({ id: r.table.id }).get() as { id: number };
        const after = view(id);
        recordAudit(db, ctx.actor, clock(), { action: 'create', entity: r.entity, entityId: id, after });
        return after;
      });
    },
    update(id, input, ctx: WriteContext) {
      return inTransaction(db, () => {
        const before = view(id);
        assertFresh(r.noun, before, ctx.ifMatch, () => before);
        const columns = r.columns(input);
        reject(r.problems(extend((before as Record<string, unknown>), columns), before), `change to the ${r.noun}`);
        db.update(r.table).set(extend(columns, { version: sql`${r.table.version} + 1`, updatedAt: instant(clock) }) as never).where(eq(r.table.id, id)).run();
        const after = view(id);
        recordAudit(db, ctx.actor, clock(), { action: 'update', entity: r.entity, entityId: id, before, after });
        return after;
      });
    },
    remove(id, ctx: WriteContext) {
      inTransaction(db, () => {
        const row = view(id);
        assertFresh(r.noun, row, ctx.ifMatch, () => row);
        const why = r.dependents?.(row);
        if (why) throw conflict(why);
        db.delete(r.table).where(eq(r.table.id, id)).run();
        recordAudit(db, ctx.actor, clock(), { action: 'delete', entity: r.entity, entityId: id, before: row });
      });
    },
  };
}

/** Only the keys given, so an update writes what it names and nothing else. */
function given<T extends Record<string, unknown>>(input: T, keys: Array<keyof T & string>): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => input[k] !== undefined).map((k) => [k, input[k]]));
}

const trimmed = (value: unknown) => (typeof value === 'string' ? value.trim() : value);

// eslint-disable-next-line max-lines-per-function -- a service factory: one declarative resource per catalogue table (transaction types, unit costs, baselines, the register, set-up costs), sharing the reference and volume checks and one store
export function createBenefitsCatalogue(db: Db, clock: Clock) {
  const store = createBenefitsStore(db);
  const exists = (table: typeof councils | typeof features | typeof transactionTypes | typeof benefits, id: unknown) =>
    typeof id === 'number' && db.select({ id: table.id }).from(table).where(eq(table.id, id)).get() !== undefined;
  const typeChannels = (id: unknown): Channel[] | undefined =>
    typeof id === 'number' ? db.select({ channels: transactionTypes.channels }).from(transactionTypes).where(eq(transactionTypes.id, id)).get()?.channels : undefined;
  const notFuture = (field: string, day: unknown): ErrorDetail[] =>
    typeof day === 'string' && day > today(clock) ? [{ field, message: `cannot be in the future (today is ${dayWords(today(clock))})` }] : [];
  const reference = (field: string, table: Parameters<typeof exists>[0], id: unknown, what: string): ErrorDetail[] =>
    id != null && !exists(table, id) ? [{ field, message: `${what} ${String(id)} does not exist` }] : [];
  const count = (
    table: typeof benefitBaselines | typeof benefitVolumes | typeof unitCosts,
    column: typeof benefitBaselines.transactionTypeId | typeof benefitVolumes.transactionTypeId | typeof unitCosts.transactionTypeId, id: number,
  ) =>
    db.select({ n: sql<number>`count(*)` }).from(table).where(eq(column, id)).get()?.n ?? 0;

  /** Volumes only on channels the type can arrive by, and some volume in all. */
  const volumeProblems = (volumes: Volumes, channels: Channel[] | undefined, field = 'volumes'): ErrorDetail[] => {
    const problems: ErrorDetail[] = [];
    if (channels) {
      for (const c of CHANNELS) {
        if ((volumes[c] ?? 0) > 0 && !channels.includes(c)) problems.push({ field: `${field}/${c}`, message: `this transaction type does not arrive by ${c.replace(/_/g, ' ')}` });
      }
    }
    if (totalOf(volumes) === 0) problems.push({ field, message: 'needs a volume on at least one channel' });
    return problems;
  };

  const transactionTypesService = resourceService<TransactionType, CreateTransactionType, UpdateTransactionType, TransactionTypeQuery>(db, clock, {
    table: transactionTypes, entity: 'transaction_type', noun: 'transaction type',
    all: (q) => store.types(whereGiven([[transactionTypes.featureId, q.featureId]])),
    one: (id) => store.types(eq(transactionTypes.id, id))[0],
    columns: (input) => {
      const c = given(input as Record<string, unknown>, ['featureId', 'code', 'name', 'channels']);
      if (c.name !== undefined) c.name = trimmed(c.name);
      if (Array.isArray(c.channels)) c.channels = CHANNELS.filter((ch) => (c.channels as Channel[]).includes(ch));
      return c;
    },
    problems: (next) => reference('featureId', features, next.featureId, 'feature'),
    dependents: (row) => {
      const used = [
        [count(benefitBaselines, benefitBaselines.transactionTypeId, row.id), 'baseline(s)'],
        [count(benefitVolumes, benefitVolumes.transactionTypeId, row.id), 'monthly volume entr(ies)'],
        [count(unitCosts, unitCosts.transactionTypeId, row.id), 'unit cost(s)'],
      ].filter(([n]) => (n as number) > 0).map(([n, what]) => `${n} ${what}`);
      return used.length > 0 ? `"${row.name}" cannot be deleted: ${used.join(', ')} refer to it.` : undefined;
    },
  });

  const unitCostsService = resourceService<UnitCost, CreateUnitCost, UpdateUnitCost, UnitCostQuery>(db, clock, {
    table: unitCosts, entity: 'unit_cost', noun: 'unit cost',
    all: (q) => store.costs(whereGiven([[unitCosts.councilId, q.councilId], [unitCosts.transactionTypeId, q.transactionTypeId], [unitCosts.channel, q.channel]])),
    one: (id) => store.costs(eq(unitCosts.id, id))[0],
    columns: (input) => {
      const c = given(input as Record<string, unknown>, ['councilId', 'transactionTypeId', 'channel', 'costPence', 'cashable', 'indicative', 'source', 'sourceDate']);
      if (c.source !== undefined) c.source = trimmed(c.source);
      return c;
    },
    problems: (next) => {
      const problems = [...reference('councilId', councils, next.councilId, 'council'), ...reference('transactionTypeId', transactionTypes, next.transactionTypeId, 'transaction type'), ...notFuture('sourceDate', next.sourceDate)];
      const channels = typeChannels(next.transactionTypeId);
      if (channels && !channels.includes(next.channel as Channel)) problems.push({ field: 'channel', message: `this transaction type does not arrive by ${String(next.channel).replace(/_/g, ' ')}` });
      const clash = db.select({ id: unitCosts.id }).from(unitCosts).where(sql`coalesce(${unitCosts.councilId}, 0) = ${next.councilId ?? 0}
        and coalesce(${unitCosts.transactionTypeId}, 0) = ${next.transactionTypeId ?? 0} and ${unitCosts.channel} = ${next.channel} and ${unitCosts.id} <> ${next.id ?? 0}`).get();
      if (clash) throw conflict('There is already a unit cost for this channel with the same council and transaction type: change that one.', [{ field: 'channel', message: `unit cost ${clash.id} covers it` }]);
      return problems;
    },
  });

  const baselineView = (row: BaselineViewRow): VolumeBaseline => {
    const { paper: _p, email: _e, phone: _ph, faceToFace: _f, online: _o, assisted: _a, ...rest } = row;
    return extend(rest, { volumes: volumesOf(row), total: channelTotal(row) });
  };
  const baselines = resourceService<VolumeBaseline, CreateVolumeBaseline, UpdateVolumeBaseline, VolumeBaselineQuery>(db, clock, {
    table: benefitBaselines, entity: 'benefit_baseline', noun: 'volume baseline',
    all: (q) => store.baselines(whereGiven([[benefitBaselines.councilId, q.councilId], [benefitBaselines.transactionTypeId, q.transactionTypeId]])).map(baselineView),
    one: (id) => store.baselines(eq(benefitBaselines.id, id)).map(baselineView)[0],
    columns: (input) => {
      const { volumes, ...rest } = input as CreateVolumeBaseline;
      const c = given(rest as Record<string, unknown>, ['councilId', 'transactionTypeId', 'periodFrom', 'periodTo', 'source']);
      if (c.source !== undefined) c.source = trimmed(c.source);
      return volumes ? extend(c, columnsOf(volumes)) : c;
    },
    problems: (next) => {
      const problems = [
        ...reference('councilId', councils, next.councilId, 'council'), ...reference('transactionTypeId', transactionTypes, next.transactionTypeId, 'transaction type'),
        ...notFuture('periodTo', next.periodTo),
      ];
      if (String(next.periodFrom) > String(next.periodTo)) problems.push({ field: 'periodTo', message: 'must not be before periodFrom' });
      // The six count columns when the change gives volumes, else the volumes the baseline has.
      const volumes = 'paper' in next ? volumesOf(next as unknown as ChannelColumns) : next.volumes as Volumes;
      problems.push(...volumeProblems(volumes, typeChannels(next.transactionTypeId)));
      const clash = db.select({ id: benefitBaselines.id }).from(benefitBaselines)
        .where(sql`${benefitBaselines.councilId} = ${next.councilId} and ${benefitBaselines.transactionTypeId} = ${next.transactionTypeId} and ${benefitBaselines.id} <> ${next.id ?? 0}`).get();
      if (clash) throw conflict('This council already has a baseline for this transaction type: change that one.', [{ field: 'transactionTypeId', message: `baseline ${clash.id} covers it` }]);
      return problems;
    },
  });
  const winTotals = () => store.winTotals();
  const benefitRow = (row: ReturnType<typeof store.register>[number], wins: ReturnType<typeof winTotals>): Benefit =>
    (extend(row, { current: null, targetToDate: null, wins: { count: wins.get(row.id)?.count ?? 0, total: wins.get(row.id)?.total ?? 0 } }));
  const register = resourceService<Benefit, CreateBenefit, UpdateBenefit, BenefitQuery>(db, clock, {
    table: benefits, entity: 'benefit', noun: 'benefit', defaults: { profile: [] },
    all: (q) => {
      const wins = winTotals();
      return store.register(whereGiven([[benefits.councilId, q.councilId], [benefits.measure, q.measure]])).map((r) => benefitRow(r, wins));
    },
    one: (id) => store.register(eq(benefits.id, id)).map((r) => benefitRow(r, winTotals()))[0],
    columns: (input) => {
      const c = given(input as Record<string, unknown>, ['title', 'owner', 'measure', 'unit', 'councilId', 'featureId', 'baselineValue', 'targetValue', 'startDate', 'targetDate', 'profile', 'status', 'evidence']);
      for (const k of ['title', 'owner', 'unit', 'evidence']) if (c[k] !== undefined) c[k] = trimmed(c[k]);
      return c;
    },
    problems: (next) => {
      const problems = [...reference('councilId', councils, next.councilId, 'council'), ...reference('featureId', features, next.featureId, 'feature')];
      if (String(next.startDate) > String(next.targetDate)) problems.push({ field: 'targetDate', message: 'must not be before startDate' });
      if (next.measure === 'take_up' && (Number(next.targetValue) < 0 || Number(next.targetValue) > 100)) problems.push({ field: 'targetValue', message: 'a take-up target is a percentage from 0 to 100' });
      const months = ((next.profile as Array<{ month: string }> | undefined) ?? []).map((p) => p.month);
      if (new Set(months).size !== months.length) problems.push({ field: 'profile', message: 'names the same month twice' });
      return problems;
    },
    dependents: (row) => {
      const linked = db.select({ n: sql<number>`count(*)` }).from(earlyWins).where(eq(earlyWins.benefitId, row.id)).get()?.n ?? 0;
      return linked > 0 ? `"${row.title}" cannot be deleted: ${linked} early win(s) count towards it. Unlink them first.` : undefined;
    },
  });

  const setups = resourceService<SetupCost, CreateSetupCost, UpdateSetupCost, SetupCostQuery>(db, clock, {
    table: setupCosts, entity: 'setup_cost', noun: 'set-up cost',
    all: (q) => store.setups(whereGiven([[setupCosts.councilId, q.councilId]])),
    one: (id) => store.setups(eq(setupCosts.id, id))[0],
    columns: (input) => {
      const c = given(input as Record<string, unknown>, ['councilId', 'description', 'amountPence', 'incurredOn', 'source']);
      for (const k of ['description', 'source']) if (c[k] !== undefined) c[k] = trimmed(c[k]);
      return c;
    },
    problems: (next) => reference('councilId', councils, next.councilId, 'council'),
  });

  return {
    transactionTypes: transactionTypesService,
    unitCosts: unitCostsService,
    baselines,
    register,
    setupCosts: setups,
    /** Whether these benefits exist: for early wins that name one. */
    missingBenefits: (ids: number[]): number[] => {
      if (ids.length === 0) return [];
      const found = new Set(db.select({ id: benefits.id }).from(benefits).where(inArray(benefits.id, ids)).all().map((r) => r.id));
      return ids.filter((id) => !found.has(id));
    },
  };
}

export type BenefitsCatalogue = ReturnType<typeof createBenefitsCatalogue>;
