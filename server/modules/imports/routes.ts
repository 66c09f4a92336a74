import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf } from '../../http/crud.ts';
import { textUpload } from '../../http/body-limits.ts';
import { readCsv } from '../../http/csv.ts';
import { StringEnum, errors } from '../../http/schemas.ts';
import { PLAN_COLUMNS } from '../exports/read-model.ts';
import { PlanImportResult, RaidImportResult } from './schemas.ts';
import { RAID_COLUMNS, RAID_REQUIRED } from './raid-import.ts';

/** The plan import takes a whole programme's plan in one file. */
const PLAN_UPLOAD = textUpload(2_000_000);
/** A RAID log is a few hundred rows; 5,000 with long descriptions fit. */
const RAID_UPLOAD = textUpload(2_000_000);

export const importRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { planImport, raidImport } = app.services;

  app.post('/imports/plan', {
    ...PLAN_UPLOAD.options,
    config: { access: 'office', ...PLAN_UPLOAD.config },
    schema: {
      tags: ['Exports'],
      summary: 'Import the plan from CSV: preview first, then apply; all or nothing',
      description: `Content-Type text/csv in the plan export's format (${PLAN_COLUMNS.join(', ')}); council_code, feature_code and wave are required columns. `
        + 'Councils and features are matched by code, created when new, updated where a value differs; each council × feature row puts its item in the named wave '
        + '(empty: not scheduled). Nothing is deleted. mode=preview runs every check and write, reports what would change, and stores nothing.',
      querystring: Type.Object({ mode: StringEnum(['preview', 'apply'] as const) }, { additionalProperties: false }),
      body: PLAN_UPLOAD.body,
      response: { 200: PlanImportResult, ...errors(400, 401, 403, 409, 413, 415) },
    },
  }, async (request) => {
    const rows = readCsv(request.body, { columns: PLAN_COLUMNS, required: ['council_code', 'feature_code', 'wave'], maxRows: 10_000, what: 'plan rows' });
    return planImport.run(rows, actorOf(request), request.query.mode === 'apply');
  });

  app.post('/imports/raid', {
    ...RAID_UPLOAD.options,
    config: { access: 'office', ...RAID_UPLOAD.config },
    schema: {
      tags: ['RAID'],
      summary: 'Import a RAID log from CSV: preview first, then apply; all or nothing',
      description: `Content-Type text/csv in the raid-log export's format (${RAID_COLUMNS.join(', ')}); ${RAID_REQUIRED.join(', ')} are required columns. `
        + 'A row without an id records a new entry; a row with the id of an entry changes it where a value differs (an empty cell leaves it as it is; type and what it is about cannot change). '
        + '"about" names the council, wave or feature (name or code), or an item as "Council: Feature". An owner marked owner_is_user is an active office or lead account of that name; '
        + 'anyone else is an external contact. score, raised_on, closed_on and open_actions are worked out and ignored. Every row goes through the same rules as the API, audited; '
        + 'any problem refuses the whole file, naming line and column. mode=preview does everything and stores nothing.',
      querystring: Type.Object({ mode: StringEnum(['preview', 'apply'] as const) }, { additionalProperties: false }),
      body: RAID_UPLOAD.body,
      response: { 200: RaidImportResult, ...errors(400, 401, 403, 413, 415) },
    },
  }, async (request) => {
    const rows = readCsv(request.body, { columns: RAID_COLUMNS, required: RAID_REQUIRED, maxRows: 5_000, what: 'RAID entries' });
    return raidImport.run(rows, actorOf(request), request.query.mode === 'apply');
  });
};
