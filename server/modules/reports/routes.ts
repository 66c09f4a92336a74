import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { desc, eq } from 'drizzle-orm';
import { Type } from 'typebox';
import { audienceOf } from '../../auth/actor.ts';
import { boardReports } from '../../db/schema.ts';
import { actorOf } from '../../http/crud.ts';
import { notFound } from '../../http/errors.ts';
import { IdParams, errors } from '../../http/schemas.ts';
import { sendCached } from '../../read-models/response-cache.ts';
import { reportForLinks } from '../raid/read-model.ts';
import { issuedColumns, publishedReport } from './board.ts';
import { BoardReport, BoardReportQuery, IssueBoardReport, IssuedReport, IssuedReportSummary } from './schemas.ts';


/** The board report: made for any period on request, and issued (frozen) as the record of what the board saw. */
export const reportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // The report's benefits headlines are made in slices before the report is built (which then finds them made).
  const { benefitsFigures: benefits, boardReports: reports } = app.services;
  const tags = ['Reports'];
  // A report is the same until any write: kept serialised and compressed, as the dashboard's read models are.
  const cache = app.services.responses.reports;
  const asJson = cache.serialiser<BoardReport>(BoardReport);

  app.get('/reports/board', {
    config: { access: 'shared' },
    schema: {
      tags, summary: 'The board report for a period: progress vs plan, RAG grid, what changed, wins, blockers, next go-lives',
      description: 'The period is (from, to]: changes after "from" up to and including "to", which is also the "as of" day. '
        + '"to" defaults to today; "from" to the end of the last issued report, else a month before "to". Published wins only; '
        + 'sponsors and share links get no staff question counts (null).',
      querystring: BoardReportQuery, response: { 200: BoardReport, ...errors(400, 401) },
    },
  }, async (request, reply) => {
    const { from, to } = reports.periodOf(request.query);
    const query = { ...request.query, from, to };
    // Share links also lose the RAID log's internal text (docs/raid.md).
    const audience = request.shareLink ? 'link' : audienceOf(request.actor);
    const build = audience === 'team' ? () => reports.build(query)
      : audience === 'link' ? () => reportForLinks(publishedReport(reports.build(query))) : () => publishedReport(reports.build(query));
    return sendCached(request, reply, await cache.getAsync(`board|${from}|${to}|${query.baselineId ?? ''}|${audience}`, asJson, async () => {
      await benefits.headline(from);
      await benefits.headline(to);
      return build();
    }, { day: to }));
  });

  app.get('/reports/board/issued', {
    config: { access: 'shared' },
    schema: { tags, summary: 'Board reports as issued, newest period first', response: { 200: Type.Array(IssuedReportSummary), ...errors(401) } },
  }, async () => app.db.select(issuedColumns).from(boardReports).orderBy(desc(boardReports.periodTo), desc(boardReports.id)).all());

  app.get('/reports/board/issued/:id', {
    config: { access: 'shared' },
    schema: { tags, summary: 'One issued board report, exactly as issued', params: IdParams, response: { 200: IssuedReport, ...errors(401, 404) } },
  }, async (request) => {
    const row = app.db.select({ ...issuedColumns, report: boardReports.content }).from(boardReports).where(eq(boardReports.id, request.params.id)).get();
    if (!row) throw notFound('Board report', request.params.id);
    const report = row.report as BoardReport;
    const published = audienceOf(request.actor) === 'team' ? report : publishedReport(report);
    return { ...row, report: request.shareLink ? reportForLinks(published) : published };
  });

  app.post('/reports/board/issued', {
    config: { access: 'office' },
    schema: {
      tags, summary: 'Issue the board report for a period: a frozen copy that never changes',
      description: 'The next report starts where this one ends.',
      body: IssueBoardReport, response: { 201: IssuedReport, ...errors(400, 401, 403) },
    },
  }, async (request, reply) => reply.status(201).send(reports.issue(request.body, actorOf(request))));
};
