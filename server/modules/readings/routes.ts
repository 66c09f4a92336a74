import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { actorOf } from '../../http/crud.ts';
import { textUpload } from '../../http/body-limits.ts';
import { readCsv } from '../../http/csv.ts';
import { badRequest } from '../../http/errors.ts';
import { Paged, errors } from '../../http/schemas.ts';
import { BulkReadings, BulkResult, Reading, ReadingInput, ReadingQuery } from './schemas.ts';

export const CSV_COLUMNS = ['criterion', 'council', 'feature', 'date', 'value', 'note'] as const;

/** A readings CSV: 5,000 rows at most, well within a million characters. */
const READINGS_UPLOAD = textUpload(1_000_000);

export const readingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.readings;
  // Each write is checked and stored in its own savepoint of a commit shared with writes arriving alongside it.
  const { commits } = app.services;
  const tags = ['Readings'];

  app.get('/readings', {
    config: { access: 'signedIn' },
    schema: { tags, summary: 'Readings, newest first', querystring: ReadingQuery, response: { 200: Paged(Reading), ...errors(400, 401) } },
  }, async (request) => service.list(request.query));

  app.post('/readings', {
    config: { access: 'contributor' },
    schema: {
      tags, summary: 'Record one reading (a correction is a new reading)', body: ReadingInput,
      response: { 201: Reading, ...errors(400, 401, 403) },
    },
  }, async (request, reply) => reply.status(201).send((await commits.run(() => service.record([request.body], actorOf(request), () => 'reading')))[0]!));

  app.post('/readings/bulk', {
    config: { access: 'contributor' },
    schema: {
      tags, summary: 'Record many readings at once: all or nothing', body: BulkReadings,
      response: { 201: BulkResult, ...errors(400, 401, 403) },
    },
  }, async (request, reply) => {
    const stored = await commits.run(() => service.record(request.body.readings, actorOf(request)));
    return reply.status(201).send({ stored: stored.length, readings: stored });
  });

  app.post('/readings/csv', {
    ...READINGS_UPLOAD.options,
    config: { access: 'contributor', ...READINGS_UPLOAD.config },
    schema: {
      tags,
      summary: 'Upload readings as CSV: all or nothing',
      description: `Content-Type text/csv, UTF-8, a header row with the columns ${CSV_COLUMNS.join(', ')} (feature and note may be empty). Codes, not ids. Errors name the line.`,
      body: READINGS_UPLOAD.body,
      response: { 201: BulkResult, ...errors(400, 401, 403, 413, 415) },
    },
  }, async (request, reply) => {
    const rows = readCsv(request.body, { columns: CSV_COLUMNS, required: ['criterion', 'council', 'date', 'value'], maxRows: 5000, what: 'readings' });
    const { inputs, problems } = service.fromCodes(rows);
    if (problems.length > 0) throw badRequest(`Nothing was saved: ${problems.length} problem(s) in ${rows.length} row(s).`, problems);
    const stored = await commits.run(() => service.record(inputs, actorOf(request), (i) => `line ${i + 2}`));
    return reply.status(201).send({ stored: stored.length, readings: stored });
  });
};
