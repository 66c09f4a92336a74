import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { desc, eq } from 'drizzle-orm';
import { Type } from 'typebox';
import { audienceOf } from '../../auth/actor.ts';
import { boardReports } from '../../db/schema.ts';
import { actorOf } from '../../http/crud.ts';
import { csvStream, sendCsv } from '../../http/csv.ts';
import { notFound } from '../../http/errors.ts';
import { runSliced } from '../../http/steps.ts';
import { IdParams, errors } from '../../http/schemas.ts';
import { sendCached } from '../../read-models/response-cache.ts';
import { reportForLinks } from '../raid/read-model.ts';
import { issuedColumns, publishedReport } from './board.ts';
import { listColumns, listRows } from './lists.ts';
import { BoardReport, BoardReportListQuery, BoardReportQuery, IssueBoardReport, IssuedReport, IssuedReportSummary, ReportListName } from './schemas.ts';

/** Rows of a list written as CSV between pauses: a few milliseconds' worth (a thousand took 10–20 ms). */
const LIST_PAGE_ROWS = 250;

/** Rows in pages, so a long list is written a page at a time with the event loop handed back between pages. */
function* pagesOf<T>(rows: T[], size: number): Iterable<T[]> {
  for (let start = 0; start < rows.length; start += size) yield rows.slice(start, start + size);
  if (rows.length === 0) yield [];
}

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
    const forAudience = (report: BoardReport) => (audience === 'team' ? report : audience === 'link' ? reportForLinks(publishedReport(report)) : publishedReport(report));
    return sendCached(request, reply, await cache.getAsync(`board|${from}|${to}|${query.baselineId ?? ''}|${audience}`, asJson, async () => {
      await benefits.headline(from);
      await benefits.headline(to);
      // Made in slices: a year's report at national scale judges every item on two days (docs/performance.md).
      return forAudience(await runSliced(reports.buildSteps(query)));
    }, { day: to }));
  });

  app.get('/reports/board/lists/:list', {
    config: { access: 'shared' },
    schema: {
      tags, summary: 'One list of the board report for a period, in full, as CSV',
      description: 'The report shows the first rows of each long list and how many there are; this is the whole list, for the same period, '
        + 'baseline and reader as the report (an issued report\'s lists are those of its period made again: the past never changes). '
        + 'Share links may pass their token as ?key=. Text cells that start with = + - @ are written with a leading apostrophe.',
      params: Type.Object({ list: ReportListName }, { additionalProperties: false }),
      querystring: BoardReportListQuery,
      produces: ['text/csv'],
      response: { 200: Type.String({ description: 'text/csv; charset=utf-8' }), ...errors(400, 401) },
    },
  }, async (request, reply) => {
    const { key: _key, ...asked } = request.query;
    const { from, to } = reports.periodOf(asked);
    const query = { ...asked, from, to };
    await benefits.headline(from);
    await benefits.headline(to);
    const whole = await runSliced(reports.buildWholeSteps(query));
    const audience = request.shareLink ? 'link' : audienceOf(request.actor);
    const report = audience === 'team' ? whole : audience === 'link' ? reportForLinks(publishedReport(whole)) : publishedReport(whole);
    const { list } = request.params;
    return sendCsv(reply, `board-report-${list}-${from}-to-${to}.csv`, csvStream(listColumns(list), pagesOf(listRows(report, list), LIST_PAGE_ROWS)));
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
  }, async (request, reply) => {
    // The period is checked first (400s change nothing); the report is made in slices, then written in one transaction.
    const { from, to } = reports.periodOf(reports.issuedQuery(request.body).query);
    await benefits.headline(from);
    await benefits.headline(to);
    return reply.status(201).send(await runSliced(reports.issueSteps(request.body, actorOf(request))));
  });
};
