import type { Db } from './db/database.ts';
import type { Clock } from './domain/clock.ts';
import type { CacheBudget } from './read-models/cache.ts';
import { createResponseCache } from './read-models/response-cache.ts';
import { createBaselineComparison } from './modules/baselines/compare.ts';
import { createBaselineService } from './modules/baselines/service.ts';
import { createBenefitsCatalogue } from './modules/benefits/catalogue.ts';
import { createBenefitsReadModel } from './modules/benefits/read-model.ts';
import { createVolumeService } from './modules/benefits/volumes.ts';
import { createCouncilService } from './modules/councils/service.ts';
import { createActivityService } from './modules/engagement/activities-service.ts';
import { createQuestionService } from './modules/engagement/questions-service.ts';
import { createTemplateService } from './modules/engagement/templates-service.ts';
import { createEngagementViews } from './modules/engagement/views.ts';
import { createFeatureService } from './modules/features/service.ts';
import { createGateService } from './modules/gates/service.ts';
import { createPlanImport } from './modules/imports/plan-import.ts';
import { createRaidImport } from './modules/imports/raid-import.ts';
import { createItemService } from './modules/items/service.ts';
import { createProgressService } from './modules/progress/service.ts';
import { createRaidReadModel } from './modules/raid/read-model.ts';
import { createRaidService } from './modules/raid/service.ts';
import { createReadinessEngine, DEFAULT_ENGINE_BUDGET } from './modules/readiness/engine.ts';
import { createTrendSeries } from './modules/readiness/trends.ts';
import { createReadinessViews } from './modules/readiness/views.ts';
import { createReadingService } from './modules/readings/service.ts';
import { createBoardReports } from './modules/reports/board.ts';
import { createSettingsService } from './modules/settings/service.ts';
import { createPlanChangeImpact } from './modules/timeline/impact.ts';
import { createTimelineReadModel } from './modules/timeline/read-model.ts';
import { createUserService } from './modules/users/service.ts';
import { createVoiceFeedback } from './modules/voice/feedback.ts';
import { createVoiceResults } from './modules/voice/results.ts';
import { createVoiceService } from './modules/voice/service.ts';
import { createWaveService } from './modules/waves/service.ts';
import { createWinService } from './modules/wins/service.ts';

const MIB = 1024 * 1024;

export interface ServiceOptions {
  /** What the readiness engine keeps, in evaluated items (config READ_MODEL_CACHE_ITEMS, READ_MODEL_CACHE_AS_OF_ITEMS). */
  engineBudget?: CacheBudget;
}

/**
 * The composition root: the services, engine and read models of one app, built once over one database and one
 * clock, each handed what it depends on (the readiness engine to every read model and the gates; the owning
 * services to the imports; the readings and wins services to the modules that write through them). buildApp
 * exposes the result as `app.services`, and the routes take what they need from there. The demo loader builds its
 * own set on its day-by-day clock.
 */
export function createServices(db: Db, clock: Clock, options: ServiceOptions = {}) {
  const engine = createReadinessEngine(db, clock, options.engineBudget ?? DEFAULT_ENGINE_BUDGET);
  const views = createReadinessViews(db, clock, engine);
  const benefitsFigures = createBenefitsReadModel(db, clock);
  const raidReadModel = createRaidReadModel(db, clock, engine);

  const councils = createCouncilService(db, clock);
  const features = createFeatureService(db, clock);
  const items = createItemService(db, clock);
  const readings = createReadingService(db, clock);
  const wins = createWinService(db, clock);
  const raid = createRaidService(db, clock);

  return {
    // Plan
    councils,
    features,
    waves: createWaveService(db, clock),
    items,
    baselines: createBaselineService(db, clock),
    baselineComparison: createBaselineComparison(db, clock),
    progress: createProgressService(db, clock),
    planImport: createPlanImport(db, { councils, features, items }),
    /** The what-if of a plan change (the owning service's own code, rolled back for a preview). */
    planChangeImpact: createPlanChangeImpact(db, clock),
    timeline: createTimelineReadModel(db, clock),
    // Readiness
    engine,
    views,
    trends: createTrendSeries(db, clock, engine),
    readings,
    gates: createGateService(db, clock, engine),
    settings: createSettingsService(db, clock),
    wins,
    // RAID, benefits, reports
    raid,
    raidReadModel,
    raidImport: createRaidImport(db, raid),
    benefitsCatalogue: createBenefitsCatalogue(db, clock),
    benefitVolumes: createVolumeService(db, clock),
    benefitsFigures,
    boardReports: createBoardReports(db, clock, { engine, views, benefits: benefitsFigures, raid: raidReadModel }),
    // Engagement and staff voice
    activities: createActivityService(db, clock, readings),
    templates: createTemplateService(db, clock),
    questions: createQuestionService(db, clock),
    engagementViews: createEngagementViews(db, clock),
    voice: createVoiceService(db, clock),
    voiceResults: createVoiceResults(db, clock),
    voiceFeedback: createVoiceFeedback(db, clock, wins),
    users: createUserService(db, clock),
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
