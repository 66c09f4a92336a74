import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { today } from '../../domain/clock.ts';
import { actorOf, registerCrudRoutes } from '../../http/crud.ts';
import { textUpload } from '../../http/body-limits.ts';
import { readCsv } from '../../http/csv.ts';
import { Paged, errors } from '../../http/schemas.ts';
import { sendCached } from '../../read-models/response-cache.ts';
import {
  BENEFITS_COUNCILS_PER_PAGE, Benefit, BenefitQuery, BenefitsSummary, BulkVolumes, BulkVolumesResult, CreateBenefit, CreateSetupCost, CreateTransactionType, CreateUnitCost,
  CreateVolumeBaseline, SetupCost, SetupCostQuery, SummaryQuery, TransactionType, TransactionTypeQuery, UnitCost, UnitCostQuery, UpdateBenefit,
  UpdateSetupCost, UpdateTransactionType, UpdateUnitCost, UpdateVolumeBaseline, VolumeBaseline, VolumeBaselineQuery, VolumeEntry, VolumeInput, VolumeQuery,
} from './schemas.ts';
import { VOLUME_CSV_COLUMNS } from './volumes.ts';
import { extend } from '../../domain/objects.ts';

/**
 * One page of a summary's breakdown by council, in order of name; everything else in it is the whole scope's. At
 * 400 councils the whole breakdown was 73 KB of the programme summary, and the page showed it as one table.
 */
const councilPageOf = (summary: BenefitsSummary, page: { offset: number; limit: number }): BenefitsSummary =>
  extend(summary, { councils: summary.councils.slice(page.offset, page.offset + page.limit), councilPage: { total: summary.councils.length, ...page } });

/** A monthly volumes CSV: 5,000 rows at most, well within a million characters. */
const VOLUMES_UPLOAD = textUpload(1_000_000);

/**
 * Benefits and channel shift: transaction types and their channels, unit costs, baseline and actual volumes,
 * the benefits register, set-up costs, and the figures (docs/benefits.md). The programme office keeps the
 * catalogue and the register; council leads enter volumes for their own councils; sponsors and share links
 * read the figures.
 */
export const benefitRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['Benefits'];
  const { benefitsCatalogue: catalogue, benefitVolumes: volumes } = app.services;
  const figures = app.services.benefitsFigures;
  const cache = app.services.responses.benefits;
  const asJson = cache.serialiser(BenefitsSummary);

  registerCrudRoutes(app, { path: '/benefits/transaction-types', tag: 'Benefits', noun: 'transaction type' },
    { row: TransactionType, create: CreateTransactionType, update: UpdateTransactionType, query: TransactionTypeQuery }, catalogue.transactionTypes);
  registerCrudRoutes(app, { path: '/benefits/unit-costs', tag: 'Benefits', noun: 'unit cost' },
    { row: UnitCost, create: CreateUnitCost, update: UpdateUnitCost, query: UnitCostQuery }, catalogue.unitCosts);
  registerCrudRoutes(app, { path: '/benefits/baselines', tag: 'Benefits', noun: 'volume baseline' },
    { row: VolumeBaseline, create: CreateVolumeBaseline, update: UpdateVolumeBaseline, query: VolumeBaselineQuery }, catalogue.baselines);
  registerCrudRoutes(app, { path: '/benefits/setup-costs', tag: 'Benefits', noun: 'set-up cost' },
    { row: SetupCost, create: CreateSetupCost, update: UpdateSetupCost, query: SetupCostQuery }, catalogue.setupCosts);
  // Register entries carry their measure today, read from the figures of their scope.
  const register = catalogue.register;
  registerCrudRoutes(app, { path: '/benefits/register', tag: 'Benefits', noun: 'benefit' },
    { row: Benefit, create: CreateBenefit, update: UpdateBenefit, query: BenefitQuery }, {
      list: async (query) => {
        const page = register.list(query);
        return { ...page, data: await figures.withCurrent(page.data) };
      },
      get: async (id) => (await figures.withCurrent([register.get(id)]))[0]!,
      create: async (input, ctx) => (await figures.withCurrent([register.create(input, ctx)]))[0]!,
      update: async (id, input, ctx) => (await figures.withCurrent([register.update(id, input, ctx)]))[0]!,
      remove: (id, ctx) => register.remove(id, ctx),
    });

  app.get('/benefits/volumes', {
    config: { access: 'signedIn' },
    schema: { tags, summary: 'Monthly volume entries, newest month first, corrections included', querystring: VolumeQuery, response: { 200: Paged(VolumeEntry), ...errors(400, 401) } },
  }, async (request) => volumes.list(request.query));

  app.post('/benefits/volumes', {
    config: { access: 'contributor' },
    schema: {
      tags, summary: "Record a month's volumes by channel (a correction is a new entry)", body: VolumeInput,
      response: { 201: VolumeEntry, ...errors(400, 401, 403) },
    },
  }, async (request, reply) => reply.status(201).send(volumes.record([request.body], actorOf(request), () => 'entry')[0]!));

  app.post('/benefits/volumes/bulk', {
    config: { access: 'contributor' },
    schema: {
      tags, summary: 'Record many months at once, e.g. an HR system extract: all or nothing', body: BulkVolumes,
      response: { 201: BulkVolumesResult, ...errors(400, 401, 403) },
    },
  }, async (request, reply) => {
    const stored = volumes.record(request.body.entries, actorOf(request));
    return reply.status(201).send({ stored: stored.length, entries: stored });
  });

  app.post('/benefits/volumes/csv', {
    ...VOLUMES_UPLOAD.options,
    config: { access: 'contributor', ...VOLUMES_UPLOAD.config },
    schema: {
      tags, summary: 'Upload monthly volumes as CSV: all or nothing',
      description: `Content-Type text/csv, UTF-8, a header row with the columns ${VOLUME_CSV_COLUMNS.join(', ')}. Codes, not ids; a channel left empty was not reported. Errors name every bad line.`,
      body: VOLUMES_UPLOAD.body,
      response: { 201: BulkVolumesResult, ...errors(400, 401, 403, 413, 415) },
    },
  }, async (request, reply) => {
    const rows = readCsv(request.body, { columns: VOLUME_CSV_COLUMNS, required: ['council', 'transaction_type', 'month'], maxRows: 5000, what: 'monthly volumes' });
    const parsed = volumes.fromCsv(rows);
    const stored = volumes.record(parsed.inputs, actorOf(request), (i) => `line ${i + 2}`, { problems: parsed.problems, rows: parsed.rows });
    return reply.status(201).send({ stored: stored.length, entries: stored });
  });

  app.get('/benefits/summary', {
    // Open to share links: aggregates only, nothing entered by a person.
    config: { access: 'shared' },
    schema: {
      tags, summary: 'Benefits figures for the programme, a council, a feature or a transaction type, month by month, as of any day',
      description: 'Take-up, cost per transaction before and now, monthly and cumulative saving against the baseline and the target, forecast, break-even. Money in whole pence; rules in docs/benefits.md.',
      querystring: SummaryQuery, response: { 200: BenefitsSummary, ...errors(400, 401, 404) },
    },
  }, async (request, reply) => {
    const q = { ...request.query, asOf: request.query.asOf ?? today(app.clock) };
    const page = { offset: q.councilOffset ?? 0, limit: q.councilLimit ?? BENEFITS_COUNCILS_PER_PAGE };
    const key = `benefits|${q.asOf}|${q.councilId ?? ''}|${q.featureId ?? ''}|${q.transactionTypeId ?? ''}|${page.offset}|${page.limit}`;
    // Made from the benefits tables alone: kept while their fingerprint stands, whatever else is written meanwhile.
    return sendCached(request, reply, await cache.getAsync(key, asJson, async () => councilPageOf(await figures.summary(q), page), { scope: { fingerprint: figures.fingerprint() }, day: q.asOf }));
  });
};
