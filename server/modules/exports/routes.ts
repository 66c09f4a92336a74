import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { today } from '../../domain/clock.ts';
import { actorOf } from '../../http/crud.ts';
import { csvStream, sendCsv } from '../../http/csv.ts';
import { assertDateRange } from '../../http/errors.ts';
import { IsoDate, errors } from '../../http/schemas.ts';
import { ExportList } from './schemas.ts';
import { EXPORT_TABLES } from './tables.ts';

/** Every table a user can see, as CSV: RFC 4180, UTF-8 with a header row, safe to open in a spreadsheet. */
export const exportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['Exports'];

  app.get('/exports', {
    config: { access: 'signedIn' },
    schema: { tags, summary: 'The CSV exports open to you', response: { 200: ExportList, ...errors(401) } },
  }, async (request) => {
    const actor = actorOf(request);
    return EXPORT_TABLES.filter((t) => t.access === 'signedIn' || actor.role === 'office')
      .map((t) => ({ name: t.name, title: t.title, description: t.description, url: `/api/exports/${t.name}.csv`, officeOnly: t.access === 'office' }));
  });

  for (const table of EXPORT_TABLES) {
    app.get(`/exports/${table.name}.csv`, {
      config: { access: table.access },
      schema: {
        tags,
        summary: `${table.title} as CSV`,
        description: `${table.description} Text cells that start with = + - @ are written with a leading apostrophe, so a spreadsheet shows them as text.`,
        querystring: Type.Object({ asOf: Type.Optional(IsoDate), ...table.filters }, { additionalProperties: false }),
        produces: ['text/csv'],
        response: { 200: Type.String({ description: 'text/csv; charset=utf-8' }), ...errors(400, 401, 403) },
      },
    }, async (request, reply) => {
      const query = request.query as Record<string, unknown> & { asOf?: string; from?: string; to?: string };
      assertDateRange(query);
      const asOf = query.asOf ?? today(app.clock);
      const { columns, pages } = table.rows({ db: app.db, engine: app.services.engine, benefits: app.services.benefitsFigures, actor: actorOf(request), asOf, query });
      return sendCsv(reply, `${table.name}-${asOf}.csv`, csvStream(columns, pages));
    });
  }
};
