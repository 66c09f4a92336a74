import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { eq, sql } from 'drizzle-orm';
import { Type } from 'typebox';
import { inTransaction, type Db } from '../../db/database.ts';
import { REGIONS, settings, type Region } from '../../db/schema.ts';
import type { RagSettings } from '../../domain/readiness.ts';
import { actorOf } from '../../http/crud.ts';
import { Instant, StringEnum, errors } from '../../http/schemas.ts';
import { assertFresh, requiredIfMatch, setEtag } from '../../http/versioning.ts';
import { recordAudit } from '../audit/store.ts';

/** The engagement rules' numbers: the answer target and the silence window. */
export interface EngagementSettings {
  answerTargetWorkingDays: number;
  silenceAfterDays: number;
}

export const Settings = Type.Object({
  scoreRedBelow: Type.Number({ description: 'A readiness score (0-100) under this is red' }),
  staleAfterDays: Type.Integer({ description: 'Readings older than this count as missing' }),
  answerTargetWorkingDays: Type.Integer({ description: 'Staff questions should be answered within this many working days' }),
  silenceAfterDays: Type.Integer({ description: 'No staff question for this many days, with low communications reach, flags a council' }),
  surveyMinResponses: Type.Integer({ description: 'Staff voice results of any group are shown only when at least this many people answered (docs/staff-voice.md)' }),
  dependencyRule: StringEnum(['warn', 'refuse'] as const, { description: 'A plan change that breaks a dependency is refused (409), or made and reported (docs/timeline.md)' }),
  officeRegion: StringEnum(REGIONS, { description: "Whose bank holidays the programme office keeps: gate reviews fall on its working days" }),
  version: Type.Integer(),
  updatedAt: Instant,
});
const UpdateSettings = Type.Object(
  { scoreRedBelow: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })), staleAfterDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
    answerTargetWorkingDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 60 })), silenceAfterDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
    surveyMinResponses: Type.Optional(Type.Integer({ minimum: 5, maximum: 1000, description: 'Never under 5: fewer answers could point at a person' })),
    dependencyRule: Type.Optional(StringEnum(['warn', 'refuse'] as const)), officeRegion: Type.Optional(StringEnum(REGIONS)),
  },
  { additionalProperties: false, minProperties: 1 },
);

/** The programme's RAG thresholds: the one row of the settings table. */
export function readSettings(db: Db): RagSettings & EngagementSettings & { surveyMinResponses: number; dependencyRule: 'warn' | 'refuse'; officeRegion: Region; version: number; updatedAt: string } {
  const row = db.select().from(settings).where(eq(settings.id, 1)).get();
  if (!row) throw new Error('The settings row is missing: migrations did not run');
  return {
    scoreRedBelow: row.scoreRedBelow, staleAfterDays: row.staleAfterDays,
    answerTargetWorkingDays: row.answerTargetWorkingDays, silenceAfterDays: row.silenceAfterDays, surveyMinResponses: row.surveyMinResponses, dependencyRule: row.dependencyRule, officeRegion: row.officeRegion, version: row.version, updatedAt: row.updatedAt };
}

export const settingsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['Settings'];

  app.get('/settings', {
    config: { access: 'signedIn' },
    schema: { tags, summary: 'The thresholds behind every RAG status', response: { 200: Settings, ...errors(401) } },
  }, async (_request, reply) => {
    const current = readSettings(app.db);
    setEtag(reply, current);
    return current;
  });

  app.patch('/settings', {
    config: { access: 'office' },
    schema: { tags, summary: 'Change the RAG thresholds (If-Match required)', body: UpdateSettings, response: { 200: Settings, ...errors(400, 401, 403, 412, 428) } },
  }, async (request, reply) => {
    const ifMatch = requiredIfMatch(request);
    const after = inTransaction(app.db, () => {
      const before = readSettings(app.db);
      assertFresh('settings', before, ifMatch, () => before);
      app.db.update(settings).set({ ...request.body, version: sql`${settings.version} + 1`, updatedAt: app.clock().toISOString() }).where(eq(settings.id, 1)).run();
      const changed = readSettings(app.db);
      recordAudit(app.db, actorOf(request), app.clock(), { action: 'update', entity: 'settings', entityId: 1, before, after: changed });
      return changed;
    });
    setEtag(reply, after);
    return after;
  });
};
