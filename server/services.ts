import type { Db } from './db/database.ts';
import type { Clock } from './domain/clock.ts';
import type { CacheBudget } from './read-models/cache.ts';
import { createResponseCache } from './read-models/response-cache.ts';
import { createBenefitsReadModel } from './modules/benefits/read-model.ts';
import { createGateService } from './modules/gates/service.ts';
import { createRaidReadModel } from './modules/raid/read-model.ts';
import { createReadinessEngine, DEFAULT_ENGINE_BUDGET } from './modules/readiness/engine.ts';
import { createTrendSeries } from './modules/readiness/trends.ts';
import { createReadinessViews } from './modules/readiness/views.ts';
import { createBoardReports } from './modules/reports/board.ts';

const MIB = 1024 * 1024;

export interface ServiceOptions {
  /** What the readiness engine keeps, in evaluated items (config READ_MODEL_CACHE_ITEMS, READ_MODEL_CACHE_AS_OF_ITEMS). */
  engineBudget?: CacheBudget;
}

/**
 * The composition root: every store, service, engine and read model of one app, built once over one database and
 * one clock, each handed what it depends on. buildApp exposes the result as `app.services`; routes take what they
 * need from there and build none of their own. The demo loader builds its own set on its day-by-day clock.
 */
export function createServices(db: Db, clock: Clock, options: ServiceOptions = {}) {
  const engine = createReadinessEngine(db, clock, options.engineBudget ?? DEFAULT_ENGINE_BUDGET);
  const views = createReadinessViews(db, clock, engine);
  const benefitsFigures = createBenefitsReadModel(db, clock);
  const raidReadModel = createRaidReadModel(db, clock, engine);
  return {
    engine,
    views,
    trends: createTrendSeries(db, clock, engine),
    benefitsFigures,
    raidReadModel,
    gates: createGateService(db, clock, engine),
    boardReports: createBoardReports(db, clock, { engine, views, benefits: benefitsFigures, raid: raidReadModel }),
    /** Serialised responses, one cache per family of screens, each bounded in bytes (read-models/response-cache.ts). */
    responses: {
      dashboard: createResponseCache(db, clock),
      benefits: createResponseCache(db, clock, { today: 8 * MIB, asOf: 4 * MIB }),
      // A month's board report at 400 councils is about 3 MB.
      reports: createResponseCache(db, clock, { today: 16 * MIB, asOf: 8 * MIB }),
    },
  };
}

export type Services = ReturnType<typeof createServices>;

declare module 'fastify' {
  interface FastifyInstance {
    /** The app's services and read models, built once by createServices (server/services.ts). */
    services: Services;
  }
}
