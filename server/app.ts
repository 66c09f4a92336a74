import { installBackgroundAccounting } from './http/background.ts';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import helmet from 'helmet';
import { authentication } from './auth/plugin.ts';
import { DEFAULT_SESSION_SETTINGS, type SessionSettings } from './auth/store.ts';
import { DEFAULT_SIGN_IN_THROTTLE, type SignInThrottle } from './auth/throttle.ts';
import type { Db } from './db/database.ts';
import { systemClock, type Clock } from './domain/clock.ts';
import { installNoStore } from './http/caching.ts';
import { installConditionalRequests } from './http/conditional.ts';
import { finishOpenApiDocument, installOpenApiFacts } from './http/openapi.ts';
import { errorBody, installErrorHandling } from './http/errors.ts';
import { installValidation, type SchemaCompilers } from './http/validation.ts';
import { PROJECT_ROOT } from './paths.ts';
import type { CacheBudget } from './read-models/cache.ts';
import { createServices } from './services.ts';
import { auditRoutes } from './modules/audit/routes.ts';
import { baselineRoutes } from './modules/baselines/routes.ts';
import { benefitRoutes } from './modules/benefits/routes.ts';
import { blockerRoutes } from './modules/blockers/routes.ts';
import { calendarRoutes } from './modules/calendar/routes.ts';
import { councilRoutes } from './modules/councils/routes.ts';
import { engagementRoutes } from './modules/engagement/routes.ts';
import { criterionRoutes } from './modules/criteria/routes.ts';
import { exportRoutes } from './modules/exports/routes.ts';
import { featureRoutes } from './modules/features/routes.ts';
import { gateRoutes } from './modules/gates/routes.ts';
import { healthRoutes } from './modules/health/routes.ts';
import { importRoutes } from './modules/imports/routes.ts';
import { itemRoutes } from './modules/items/routes.ts';
import { progressRoutes } from './modules/progress/routes.ts';
import { dashboardRoutes } from './modules/dashboard/routes.ts';
import { readingRoutes } from './modules/readings/routes.ts';
import { sessionRoutes } from './modules/session/routes.ts';
import { accountRoutes } from './modules/account/routes.ts';
import { reportRoutes } from './modules/reports/routes.ts';
import { settingsRoutes } from './modules/settings/routes.ts';
import { shareRoutes } from './modules/shares/routes.ts';
import { tokenRoutes } from './modules/tokens/routes.ts';
import { userRoutes } from './modules/users/routes.ts';
import { waveRoutes } from './modules/waves/routes.ts';
import { timelineRoutes } from './modules/timeline/routes.ts';
import { notificationRoutes } from './modules/notifications/routes.ts';
import { createNotifications } from './modules/notifications/setup.ts';
import { defaultNotificationConfig, type NotificationConfig } from './config.ts';
import { winRoutes } from './modules/wins/routes.ts';
import { raidRoutes } from './modules/raid/routes.ts';
import { DEFAULT_VOICE_LIMITS, voiceRoutes, type VoiceLimits } from './modules/voice/routes.ts';
import { sendCached, type CachedResponse } from './read-models/response-cache.ts';
import { changeSignalOf } from './db/change-signal.ts';
import type { DatabaseThread } from './db/database-thread.ts';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    clock: Clock;
    /** Every route registered, for the permission table test and the docs. */
    routeList: Array<{ method: string; url: string; access: string | undefined }>;
  }
}

export interface BuildAppOptions {
  db: Db;
  clock?: Clock;
  logger?: FastifyServerOptions['logger'];
  /** Folder of the built dashboard; defaults to dist/client, else the placeholder page. */
  clientRoot?: string;
  session?: Partial<SessionSettings>;
  /**
   * Behind a TLS-terminating proxy: trust X-Forwarded-* from this many hops (true means one) or from these
   * addresses, so cookies are marked Secure and the client address is the one the trusted proxy saw.
   */
  trustProxy?: boolean | number | string[];
  signInThrottle?: Partial<SignInThrottle>;
  /** E-mail, digest and sender settings (config.ts); by default in-app only, Monday 08:00 UK time. */
  notifications?: NotificationConfig;
  /** Staff voice answers accepted per link and per address in a window (modules/voice/intake.ts). */
  voiceLimits?: Partial<VoiceLimits>;
  /** Staff voice answers are deleted this many months after their round opened (config VOICE_RETENTION_MONTHS; default 24). */
  voiceRetentionMonths?: number;
  /** Days an action or RAID entry may stay open past its date before it goes to the programme office (config RAID_ESCALATE_AFTER_DAYS; default 5). */
  raidEscalateAfterDays?: number;
  /** Compiled schemas to share between apps in one process (the tests); by default the app compiles its own. */
  compilers?: SchemaCompilers;
  /** Evaluated items the readiness engine keeps for today and for other days (config READ_MODEL_CACHE_ITEMS, READ_MODEL_CACHE_AS_OF_ITEMS). */
  readModelCache?: CacheBudget;
  /** The database's background thread (db/database-thread.ts), when the server runs one: checks of the audit chain and first counts of filtered lists run there. */
  databaseThread?: DatabaseThread;
}

/** The content security policy the dashboard runs under: nothing inline, nothing from elsewhere. */
const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  upgradeInsecureRequests: null,
};

const ROOT = PROJECT_ROOT;
export const API_PREFIX = '/api';

/** Fastify's trustProxy from ours: a number of hops trusts that many addresses nearest the server. */
function trustedProxies(setting: BuildAppOptions['trustProxy']): false | string[] | ((address: string, hop: number) => boolean) {
  if (setting === undefined || setting === false) return false;
  if (Array.isArray(setting)) return setting;
  const hops = setting === true ? 1 : setting;
  return (_address, hop) => hop < hops;
}

function defaultClientRoot(): string {
  const built = resolve(ROOT, 'dist/client');
  return existsSync(resolve(built, 'index.html')) ? built : resolve(ROOT, 'client/placeholder');
}

// eslint-disable-next-line max-lines-per-function -- the app's assembly in the one order Fastify needs (decorations, hooks, plugins, API routes, then the dashboard's files), read top to bottom
export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 1024 * 1024,
    // Never `true` (trust every hop): that makes the left-most, client-written X-Forwarded-For the address.
    trustProxy: trustedProxies(options.trustProxy),
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('db', options.db);
  app.decorate('clock', options.clock ?? systemClock);
  // The composition root: every service and read model built once for this app (server/services.ts).
  const session = { ...DEFAULT_SESSION_SETTINGS, ...options.session };
  app.decorate('services', createServices(options.db, app.clock, {
    engineBudget: options.readModelCache, session, signInThrottle: { ...DEFAULT_SIGN_IN_THROTTLE, ...options.signInThrottle },
    raidEscalateAfterDays: options.raidEscalateAfterDays, voiceRetentionMonths: options.voiceRetentionMonths,
    voiceLimits: { ...DEFAULT_VOICE_LIMITS, ...options.voiceLimits }, databaseThread: options.databaseThread,
  }));
  app.decorate('notifications', createNotifications(options.db, app.clock, app.services.engine, options.notifications ?? defaultNotificationConfig(), app.log, app.services.background));
  installBackgroundAccounting(app, app.services.background);
  // Each request reads afresh whether another connection has committed (db/change-signal.ts).
  const changeSignal = changeSignalOf(app.db.$client);
  app.addHook('onRequest', (_request, _reply, done) => {
    changeSignal.forget();
    done();
  });
  app.addHook('onClose', async () => app.notifications.worker.stop());
  installValidation(app, options.compilers);
  installErrorHandling(app);

  // Security headers from helmet, built once: the Fastify wrapper rebuilt the middleware (and re-parsed the
  // policy) on every request, a measurable share of serving a cached answer.
  // Strict-Transport-Security only over HTTPS (directly, or from a trusted proxy's X-Forwarded-Proto): over plain
  // HTTP it means nothing to a browser (RFC 6797 8.1) and tells a development or intranet setup what it is not.
  const contentSecurityPolicy = { useDefaults: false, directives: CSP_DIRECTIVES };
  const overHttps = helmet({ contentSecurityPolicy });
  const overHttp = helmet({ contentSecurityPolicy, strictTransportSecurity: false });
  app.addHook('onRequest', (request, reply, done) =>
    (request.protocol === 'https' ? overHttps : overHttp)(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined)));
  await app.register(fastifyRateLimit, { global: false });
  await app.register(authentication, {
    session,
    apiPrefix: API_PREFIX,
    publicRoutePrefixes: [`${API_PREFIX}/docs`],
  });
  // ETags, 304 and If-Match (RFC 9110); before the no-store hook, which keeps replies with an ETag revalidated instead.
  installConditionalRequests(app, API_PREFIX);
  // After the cookie plugin's own onSend hook, so it sees the session cookie that signing in sets.
  installNoStore(app);
  // Listed after the authentication plugin has given every route its access level.
  const routeList: Array<{ method: string; url: string; access: string | undefined }> = [];
  app.decorate('routeList', routeList);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') routeList.push({ method, url: route.url, access: route.config?.access });
  });

  // After the authentication plugin's onRoute hook (access levels), before swagger's: the document's facts.
  installOpenApiFacts(app, API_PREFIX);
  await app.register(fastifySwagger, {
    transformObject: (documents) => finishOpenApiDocument(app, (documents as { openapiObject: Record<string, unknown> }).openapiObject, API_PREFIX) as never,
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Rollout Planner API',
        version: '0.1.0',
        description: 'Plan and track a phased rollout of HR self-service across councils. Dates are calendar days (YYYY-MM-DD); instants are UTC.',
      },
      tags: [
        { name: 'Councils' }, { name: 'Features' }, { name: 'Waves' }, { name: 'Rollout items' },
        { name: 'Baselines' }, { name: 'Progress' }, { name: 'Session' }, { name: 'Users' }, { name: 'API tokens' },
        { name: 'Criteria' }, { name: 'Readings' }, { name: 'Gates' }, { name: 'Early wins' }, { name: 'Blockers' }, { name: 'RAID' },
        { name: 'Engagement' }, { name: 'Staff voice' }, { name: 'Benefits' }, { name: 'Dashboard' }, { name: 'Exports' }, { name: 'Share links' }, { name: 'Reports' }, { name: 'Calendar' }, { name: 'Timeline' },
        { name: 'Notifications' }, { name: 'Settings' }, { name: 'Audit' }, { name: 'Health' },
      ],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'rp_session', description: 'Sign in at POST /api/session; send x-csrf-token on changes' },
          token: { type: 'http', scheme: 'bearer', description: 'A personal API token (rpt_...)' },
          share: { type: 'apiKey', in: 'header', name: 'x-share-token', description: 'A read-only share link (rps_...): overview, board report and calendar only' },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: `${API_PREFIX}/docs`, staticCSP: true });

  await app.register(async (api) => {
    // CSV uploads (readings, the plan) arrive as text and are parsed by the route that knows their columns.
    api.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    await api.register(healthRoutes);
    // Account before session, as when the session routes registered it (the API document keeps its order).
    await api.register(accountRoutes);
    await api.register(sessionRoutes);
    await api.register(userRoutes);
    await api.register(tokenRoutes);
    await api.register(auditRoutes);
    await api.register(councilRoutes);
    await api.register(featureRoutes);
    await api.register(waveRoutes);
    await api.register(itemRoutes);
    await api.register(baselineRoutes);
    await api.register(progressRoutes);
    await api.register(winRoutes);
    await api.register(blockerRoutes);
    await api.register(criterionRoutes);
    await api.register(settingsRoutes);
    await api.register(readingRoutes);
    await api.register(gateRoutes);
    await api.register(dashboardRoutes);
    await api.register(exportRoutes);
    await api.register(importRoutes);
    await api.register(shareRoutes);
    await api.register(calendarRoutes);
    await api.register(reportRoutes);
    await api.register(engagementRoutes);
    await api.register(notificationRoutes);
    await api.register(benefitRoutes);
    await api.register(raidRoutes);
    await api.register(timelineRoutes);
    await api.register(voiceRoutes);
    // The document never changes while the process runs: written as JSON once (over a megabyte, some 50 ms in one
    // piece) and compressed once per encoding, off the event loop.
    let openapi: CachedResponse | undefined;
    api.get('/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) =>
      sendCached(request, reply, (openapi ??= { json: Buffer.from(JSON.stringify(app.swagger())) })));
  }, { prefix: API_PREFIX });

  const clientRoot = options.clientRoot ?? defaultClientRoot();
  await app.register(fastifyStatic, {
    root: clientRoot,
    wildcard: false,
    index: ['index.html'],
    preCompressed: true,
    // Hashed file names never change their content: cache them for a year. The page itself is always revalidated.
    setHeaders: (reply: { header(name: string, value: string): unknown }, path: string) => {
      reply.header('cache-control', /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (request.method === 'GET' && !path.startsWith(API_PREFIX) && !/\.[a-z0-9]+$/i.test(path)) {
      // Client-side routes: hand the page to the dashboard's router.
      return reply.type('text/html').header('cache-control', 'no-cache').sendFile('index.html');
    }
    return reply.status(404).send(errorBody(404, `There is no ${request.method} ${path}.`));
  });

  return app;
}
