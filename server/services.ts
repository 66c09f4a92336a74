import { createBackground } from './http/background.ts';
import { DEFAULT_SESSION_SETTINGS, type SessionSettings } from './auth/store.ts';
import { createSignInThrottle, DEFAULT_SIGN_IN_THROTTLE, type SignInThrottle } from './auth/throttle.ts';
import { createChainVerifier } from './db/audit-chain.ts';
import type { DatabaseThread } from './db/database-thread.ts';
import { createFilteredAuditCounter } from './modules/audit/read-model.ts';
import type { Db } from './db/database.ts';
import { createGroupCommit } from './db/group-commit.ts';
import type { Clock } from './domain/clock.ts';
import type { CacheBudget } from './read-models/cache.ts';
import { createResponseCache } from './read-models/response-cache.ts';
import { createBaselineComparison } from './modules/progress/baseline-compare.ts';
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
import { createReadinessEngine, DEFAULT_ENGINE_BUDGET } from './modules/readiness/read-model.ts';
import { createTrendSeries } from './modules/dashboard/trends.ts';
import { createReadinessViews } from './modules/dashboard/views.ts';
import { createReadingService, type ReadingService } from './modules/readings/service.ts';
import { createBoardReports } from './modules/reports/board.ts';
import { createSettingsService } from './modules/settings/service.ts';
import { createPlanChangeImpact, guardPlanChanges } from './modules/timeline/impact.ts';
import { createTimelineReadModel } from './modules/timeline/read-model.ts';
import { createUserService } from './modules/users/service.ts';
import { createVoiceFeedback } from './modules/voice/feedback.ts';
import { createVoiceResults } from './modules/voice/results.ts';
import { createVoiceService } from './modules/voice/service.ts';
import { createWaveService } from './modules/waves/service.ts';
import { createWinService, type WinService } from './modules/wins/service.ts';
import { createAccountService } from './modules/account/service.ts';
import { createMeasuresService } from './modules/criteria/measures-service.ts';
import { createCriterionService } from './modules/criteria/service.ts';
import { createRaidEscalation, DEFAULT_ESCALATE_AFTER_DAYS } from './modules/raid/escalation.ts';
import { createConditionActions } from './modules/raid/gate-conditions.ts';
import { raidEntriesOfPlanDependencies } from './modules/raid/plan-links.ts';
import { readSettings } from './modules/settings/read-model.ts';
import { createCapacityService, createSupportNeedService } from './modules/timeline/capacity.ts';
import { createBlackoutService, createDependencyService, createMilestoneService } from './modules/timeline/service.ts';
import { createVoiceIntake, DEFAULT_VOICE_LIMITS, type VoiceLimits } from './modules/voice/intake.ts';
import { createVoiceRetention, DEFAULT_VOICE_RETENTION_MONTHS } from './modules/voice/retention.ts';

const MIB = 1024 * 1024;

export interface ServiceOptions {
  /** What the readiness engine keeps, in evaluated items (config READ_MODEL_CACHE_ITEMS, READ_MODEL_CACHE_AS_OF_ITEMS). */
  engineBudget?: CacheBudget;
  /** Session lifetimes (the account service lists sessions still alive by them). */
  session?: SessionSettings;
  /** Failed sign-ins allowed (sign-in and changing your password count against the same throttle). */
  signInThrottle?: SignInThrottle;
  /** Days an action or RAID entry may stay open past its date before it goes to the programme office (config RAID_ESCALATE_AFTER_DAYS). */
  raidEscalateAfterDays?: number;
  /** Staff voice answers accepted per link and per address in a window. */
  voiceLimits?: VoiceLimits;
  /** Staff voice answers are deleted this many months after their round opened (config VOICE_RETENTION_MONTHS). */
  voiceRetentionMonths?: number;
  /** The database's background thread, when the server runs one: the audit chain is verified and filtered lists first counted there. */
  databaseThread?: DatabaseThread;
}

/** The plan: councils, features, waves, items, baselines, progress, the timeline's settings and the plan import. */
function planServices(db: Db, clock: Clock) {
  const councils = createCouncilService(db, clock);
  const features = createFeatureService(db, clock);
  const items = createItemService(db, clock);
  const waves = createWaveService(db, clock);
  return {
    councils,
    features,
    waves,
    items,
    /**
     * What the items and waves routes change the plan through: refused when the change would break a dependency or
     * land in a blackout (the timeline's rule). The what-if uses the plain services and reports the same instead.
     */
    guarded: {
      items: guardPlanChanges(db, items, ['create', 'update', 'assign', 'setArchived']),
      waves: guardPlanChanges(db, waves, ['update', 'setArchived']),
    },
    baselines: createBaselineService(db, clock),
    baselineComparison: createBaselineComparison(db, clock),
    progress: createProgressService(db, clock),
    planImport: createPlanImport(db, { councils, features, items }),
    /** The what-if of a plan change (the owning service's own code, rolled back for a preview). */
    planChangeImpact: createPlanChangeImpact(db, clock),
    timeline: createTimelineReadModel(db, clock),
    blackouts: createBlackoutService(db, clock),
    milestones: createMilestoneService(db, clock),
    // A plan dependency lists the RAID entries that name it (RAID's read).
    dependencies: createDependencyService(db, clock, (ids) => raidEntriesOfPlanDependencies(db, ids)),
    capacities: createCapacityService(db, clock),
    supportNeeds: createSupportNeedService(db, clock),
  };
}

/** Sign-in, your own account, users and the audit trail's check. */
function accessServices(db: Db, clock: Clock, options: ServiceOptions) {
  return {
    /** One throttle per app: sign-in and changing your password count against the same limits. */
    signInThrottle: createSignInThrottle(options.signInThrottle ?? DEFAULT_SIGN_IN_THROTTLE),
    account: createAccountService(db, clock, options.session ?? DEFAULT_SESSION_SETTINGS),
    users: createUserService(db, clock),
    auditChain: createChainVerifier(db.$client, clock, { offThread: options.databaseThread?.verifyAuditChain }),
    /** Filtered views of the audit trail, counted off the event loop the first time, then as rows are added. */
    auditCounts: createFilteredAuditCounter(db, options.databaseThread?.count),
  };
}

/** Engagement and staff voice: both record readings through the readings service; ideas become wins through the wins service. */
function engagementServices(db: Db, clock: Clock, options: ServiceOptions, shared: { readings: ReadingService; wins: WinService }) {
  const voiceRetention = createVoiceRetention(db, options.voiceRetentionMonths ?? DEFAULT_VOICE_RETENTION_MONTHS);
  return {
    activities: createActivityService(db, clock, shared.readings),
    templates: createTemplateService(db, clock),
    questions: createQuestionService(db, clock),
    engagementViews: createEngagementViews(db, clock),
    voice: createVoiceService(db, clock, shared.readings),
    voiceResults: createVoiceResults(db, clock),
    voiceFeedback: createVoiceFeedback(db, clock, shared.wins),
    voiceRetention,
    voiceIntake: createVoiceIntake(db, clock, options.voiceLimits ?? DEFAULT_VOICE_LIMITS, () => readSettings(db).surveyMinResponses, voiceRetention.months),
  };
}

/**
 * The composition root: the services, engine and read models of one app, built once over one database and one
 * clock, each handed what it depends on (the readiness engine to every read model and the gates; the owning
 * services to the imports; the readings and wins services to the modules that write through them; RAID's writer of
 * gate conditions to the gates and its read of linked entries to the timeline's dependencies). buildApp exposes the
 * result as `app.services`, and the routes take what they need from there. The demo loader builds its own set on
 * its day-by-day clock.
 */
export function createServices(db: Db, clock: Clock, options: ServiceOptions = {}) {
  const engine = createReadinessEngine(db, clock, options.engineBudget ?? DEFAULT_ENGINE_BUDGET);
  const views = createReadinessViews(db, clock, engine);
  const raidReadModel = createRaidReadModel(db, clock, engine);
  const readings = createReadingService(db, clock, options.databaseThread?.count);
  const wins = createWinService(db, clock);
  const raid = createRaidService(db, clock);
  const background = createBackground();
  const benefitsFigures = createBenefitsReadModel(db, clock, { background });

  return {
    ...planServices(db, clock),
    ...accessServices(db, clock, options),
    /** Writes that arrive together share one commit and one sync to disk (db/group-commit.ts): readings and wins. */
    commits: createGroupCommit(db.$client),
    /** Warm-ups and other work no request waits for let the requests being served go first (http/background.ts). */
    background,
    // Readiness
    engine,
    views,
    trends: createTrendSeries(db, clock, engine, background),
    readings,
    // A go with conditions makes one RAID action per condition, in the decision's transaction.
    gates: createGateService(db, clock, engine, createConditionActions(db, clock)),
    settings: createSettingsService(db, clock),
    criteria: createCriterionService(db, clock),
    measures: createMeasuresService(db, clock),
    wins,
    // RAID, benefits, reports
    raid,
    raidReadModel,
    raidImport: createRaidImport(db, raid),
    /** The RAID log's daily chasing, scheduled by the RAID routes on the notifications worker. */
    raidEscalation: createRaidEscalation(db, options.raidEscalateAfterDays ?? DEFAULT_ESCALATE_AFTER_DAYS),
    benefitsCatalogue: createBenefitsCatalogue(db, clock),
    benefitVolumes: createVolumeService(db, clock),
    benefitsFigures,
    boardReports: createBoardReports(db, clock, { engine, views, benefits: benefitsFigures, raid: raidReadModel }),
    ...engagementServices(db, clock, options, { readings, wins }),
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
