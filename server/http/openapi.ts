import type { FastifyInstance, RouteOptions } from 'fastify';
import type { Access } from '../auth/access.ts';
import { locationPattern } from './conditional.ts';

/**
 * The OpenAPI document, told from the routes' own declarations so it cannot drift from what they do.
 *
 * `installOpenApiFacts` (an onRoute hook, after the authentication plugin's, before @fastify/swagger's) notes what
 * every API route declares: its access level, body, query, path parameters, If-Match header, rate limit and media
 * type. `finishOpenApiDocument` (swagger's transformObject) then gives each operation, from those facts and the
 * same rules the framework and our plugins follow at run time:
 * - a stable operationId named for what it does (`operationIdOf`, with `OPERATION_ID_OVERRIDES`); two routes
 *   with the same name fail start-up;
 * - who may call it (security per operation and a sentence in its description);
 * - every status it can answer, each with its headers, errors always as JSON;
 * - the servers, the tags' descriptions and the CSRF header scheme.
 */

export interface RouteFacts {
  method: string;
  /** The route's pattern, e.g. /api/items/:id. */
  url: string;
  access: Access;
  hasBody: boolean;
  hasQuery: boolean;
  pathParams: string[];
  ifMatch: boolean;
  rateLimited: boolean;
  /** Media types of the success reply (JSON unless the route says otherwise). */
  produces: string[];
  noStore: boolean;
  hidden: boolean;
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Names that the rules below would make read badly; keyed by "METHOD /pattern" without the /api prefix. */
export const OPERATION_ID_OVERRIDES: Record<string, string> = {
  'GET /health': 'getHealth',
  'GET /notifications': 'listNotifications',
  'POST /session': 'signIn',
  'GET /session': 'getSession',
  'DELETE /session': 'signOut',
  'POST /users/:id/password': 'resetUserPassword',
  'GET /audit': 'listAuditEntries',
  'GET /audit/verification': 'verifyAuditTrail',
  'GET /items/:id/history': 'listItemHistory',
  'POST /items/assignments': 'assignItems',
  'GET /progress': 'getProgress',
  'GET /progress/items': 'listItemProgress',
  'GET /settings': 'getSettings',
  'PATCH /settings': 'updateSettings',
  'POST /readings/bulk': 'createReadingsInBulk',
  'POST /readings/csv': 'uploadReadingsCsv',
  'GET /items/:id/gate': 'getItemGate',
  'POST /items/:id/gate': 'decideItemGate',
  'POST /gates/council-wave': 'decideCouncilWaveGate',
  'GET /overview': 'getOverview',
  'GET /items/:id/readiness': 'getItemReadiness',
  'GET /councils/:id/summary': 'getCouncilSummary',
  'GET /waves/:id/summary': 'getWaveSummary',
  'GET /trends': 'getTrend',
  'GET /exports': 'listExports',
  'POST /imports/plan': 'importPlan',
  'GET /share-links/current': 'getCurrentShareLink',
  'GET /calendar.ics': 'getGoLiveCalendar',
  'GET /reports/board': 'getBoardReport',
  'GET /reports/board/issued': 'listIssuedBoardReports',
  'POST /reports/board/issued': 'issueBoardReport',
  'GET /reports/board/issued/:id': 'getIssuedBoardReport',
  'POST /engagement/templates/apply': 'applyEngagementTemplates',
  'GET /engagement/faq': 'getEngagementFaq',
  'GET /engagement/summary': 'getEngagementSummary',
  'GET /engagement/councils/:id': 'getCouncilEngagement',
  'GET /notifications/unread-count': 'getUnreadNotificationCount',
  'POST /notifications/read': 'markNotificationsRead',
  'GET /notifications/preferences': 'getNotificationPreferences',
  'PUT /notifications/preferences': 'replaceNotificationPreferences',
  'GET /notifications/outbox': 'listOutboxMessages',
  'GET /notifications/outbox/summary': 'getOutboxSummary',
  'GET /notifications/outbox/:id': 'getOutboxMessage',
  'POST /notifications/outbox/:id/resend': 'resendOutboxMessage',
  'GET /notifications/digest-preview': 'previewDigest',
  'GET /notifications/unsubscribe': 'getUnsubscribePage',
  'POST /notifications/unsubscribe': 'unsubscribe',
  'GET /benefits/register': 'listBenefits',
  'POST /benefits/register': 'createBenefit',
  'GET /benefits/register/:id': 'getBenefit',
  'PATCH /benefits/register/:id': 'updateBenefit',
  'DELETE /benefits/register/:id': 'deleteBenefit',
  'POST /benefits/volumes/bulk': 'createBenefitVolumesInBulk',
  'POST /benefits/volumes/csv': 'uploadBenefitVolumesCsv',
  'GET /benefits/summary': 'getBenefitsSummary',
};

const pascal = (segment: string) => segment.split(/[-_.]/).filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
const IRREGULAR: Record<string, string> = { criteria: 'criterion', benefits: 'benefit', progress: 'progress', settings: 'settings' };
function singular(word: string): string {
  if (IRREGULAR[word]) return IRREGULAR[word];
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.endsWith('ss')) return word;
  return word.endsWith('s') ? word.slice(0, -1) : word;
}
const isParam = (segment: string) => segment.startsWith(':');

/**
 * The operationId of a route, by these rules: GET of a collection (one with a /:id below it, or both GET and
 * POST) → listX;
 * GET /x/:id → getX; POST to a collection → createX; PATCH → updateX; PUT → replaceX; DELETE → deleteX;
 * POST /x/:id/verb → verbX (archiveCouncil); a file (/exports/items.csv) → exportItemsCsv; any other GET → getX.
 * A segment followed by a parameter names one of its kind (/items/:id/blockers → ItemBlockers).
 */
export function operationIdOf(method: string, url: string, isCollection: (url: string) => boolean, apiPrefix = '/api'): string {
  const local = url.slice(apiPrefix.length) || '/';
  const override = OPERATION_ID_OVERRIDES[`${method} ${local}`];
  if (override) return override;
  const segments = local.split('/').filter(Boolean);
  const last = segments.at(-1) ?? '';
  const nounOf = (parts: string[], singularLast: boolean) => parts
    .map((s, i) => ({ s, next: parts[i + 1] }))
    .filter(({ s }) => !isParam(s))
    .map(({ s, next }, i, all) => pascal(next !== undefined && isParam(next) ? singular(s) : i === all.length - 1 && singularLast ? singular(s) : s))
    .join('');
  if (/\.[a-z]+$/.test(last) && method === 'GET') return `export${nounOf(segments.slice(1), false)}`;
  if (isParam(last)) {
    const verb = { GET: 'get', PATCH: 'update', PUT: 'replace', DELETE: 'delete', POST: 'post' }[method] ?? method.toLowerCase();
    return `${verb}${nounOf(segments, true)}`;
  }
  const before = segments.at(-2);
  if (method === 'POST' && before !== undefined && isParam(before) && !isCollection(url)) return `${last.replace(/-(\w)/g, (_m, c: string) => c.toUpperCase())}${nounOf(segments.slice(0, -1), true)}`;
  if (isCollection(url)) {
    if (method === 'GET') return `list${nounOf(segments, false)}`;
    if (method === 'POST') return `create${nounOf(segments, true)}`;
  }
  const verb = { GET: 'get', PATCH: 'update', PUT: 'replace', DELETE: 'delete', POST: 'create' }[method] ?? method.toLowerCase();
  return `${verb}${nounOf(segments, false)}`;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** What every API route declares, for the OpenAPI document (http/openapi.ts). */
    routeFacts: Map<string, RouteFacts>;
  }
}

const keyOf = (method: string, url: string) => `${method} ${url}`;

/** A collection: something is addressed by id below it, or it is both read and added to. */
export function collectionTest(facts: Map<string, RouteFacts>): (url: string) => boolean {
  return (url) => [...facts.values()].some((f) => f.url === `${url}/:id`) || (facts.has(keyOf('GET', url)) && facts.has(keyOf('POST', url)));
}

export function installOpenApiFacts(app: FastifyInstance, apiPrefix: string): void {
  const facts = new Map<string, RouteFacts>();
  app.decorate('routeFacts', facts);
  app.addHook('onRoute', (route: RouteOptions) => {
    if (!route.url.startsWith(`${apiPrefix}/`)) return;
    const schema = (route.schema ?? {}) as { body?: unknown; querystring?: unknown; params?: unknown; headers?: { properties?: Record<string, unknown> }; produces?: string[]; hide?: boolean };
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      facts.set(keyOf(method, route.url), {
        method,
        url: route.url,
        access: route.config?.access ?? 'public',
        hasBody: schema.body !== undefined,
        hasQuery: schema.querystring !== undefined,
        pathParams: [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1]!),
        ifMatch: Boolean(schema.headers?.properties?.['if-match']),
        rateLimited: Boolean((route.config as { rateLimit?: unknown } | undefined)?.rateLimit),
        produces: schema.produces ?? ['application/json'],
        noStore: Boolean(route.config?.noStore),
        hidden: Boolean(schema.hide),
      });
    }
  });
  // Every documented operation's name is unique: a second route with the same name stops the server starting.
  app.addHook('onReady', async () => {
    const seen = new Map<string, string>();
    for (const fact of facts.values()) {
      if (fact.hidden) continue;
      const id = operationIdOf(fact.method, fact.url, collectionTest(facts), apiPrefix);
      const other = seen.get(id);
      if (other) throw new Error(`Two routes would have the operationId ${id}: ${other} and ${fact.method} ${fact.url}; add one to OPERATION_ID_OVERRIDES`);
      seen.set(id, `${fact.method} ${fact.url}`);
    }
  });
}

const WHO: Record<Access, string> = {
  public: 'Anyone may call this, signed in or not.',
  shared: 'Any signed-in user, an API token, or a read-only share link may call this.',
  signedIn: 'Any signed-in user or API token may call this.',
  contributor: 'The programme office and council leads may call this (leads for their own councils); sponsors may not.',
  office: 'Only the programme office may call this.',
};

export const TAG_DESCRIPTIONS: Record<string, string> = {
  Councils: 'The councils taking part, their headcounts and sub-groups.',
  Features: 'The HR self-service features being rolled out.',
  Waves: 'Groups of go-lives with a planned date; items in a wave take its date unless they set their own.',
  'Rollout items': 'One feature at one council: its wave, dates, status and recorded changes.',
  Baselines: 'Frozen copies of the plan, to measure slippage against.',
  Progress: 'Where the plan stands against a baseline: slippage and RAG.',
  Session: 'Signing in and out with a password; the session cookie and its CSRF token.',
  Users: 'Accounts, roles and the councils a lead works for (programme office).',
  'API tokens': 'Personal tokens for scripts (Authorization: Bearer rpt_...).',
  Criteria: 'The go-live readiness criteria and their thresholds.',
  Readings: 'Measured values of criteria per council: one at a time, in bulk, or as CSV.',
  Gates: 'Go/no-go decisions per item or per council and wave.',
  'Early wins': 'Stories of early benefits, drafted by leads and published by the office.',
  Blockers: 'What stands in the way of an item going live.',
  RAID: 'The RAID log (risks, assumptions, issues, dependencies), actions with owners and due dates, and the programme status per reporting period.',
  Engagement: 'Communications activities, templates and the staff question log.',
  'Staff voice': 'Pulse surveys staff answer without an account, results under the threshold, reviewed comments, the ideas log and "you said, we did".',
  Benefits: 'Transaction volumes, unit costs and the benefits register: savings as of any day.',
  Dashboard: 'Read models for the dashboard: overview, council, wave and item readiness, trends.',
  Exports: 'CSV files of every table, as of any day, for spreadsheets and reporting tools.',
  'Share links': 'Read-only links to the overview, the board report and the calendar for people without an account.',
  Reports: 'The board report, live and as issued.',
  Calendar: 'Go-live, gate and communications dates as an iCalendar feed.',
  Timeline: 'The plan in time, bank holidays and blackouts, milestones and dependencies, and the what-if of a plan change before it is made.',
  Notifications: 'In-app and e-mail notifications of plan changes, preferences and the outbox.',
  Settings: 'Programme-wide settings.',
  Audit: 'The tamper-evident audit trail.',
  Health: 'Whether the service and its database answer.',
};

const STATUS_TEXT: Record<string, string> = {
  200: 'OK', 201: 'Created', 204: 'No content', 304: 'Not modified: the representation still has the ETag sent in If-None-Match',
  400: 'Bad request: the path, query, header or body is not valid (details name each field)',
  401: 'Not signed in, or the token or share link sent is not valid, has expired or was revoked',
  403: 'Signed in, but this caller may not do this, or the x-csrf-token header of a cookie session is missing or wrong',
  404: 'Not found', 409: 'Conflicts with the current data (a duplicate, or a record that is still used)',
  412: 'If-Match does not match the current ETag: someone else changed it; the body carries the current state',
  413: 'The body is larger than this operation accepts', 415: 'The body is not of a media type this operation accepts',
  422: 'The request is well formed but breaks a rule', 428: 'Send If-Match with the ETag you last read',
  429: 'Too many requests; try again after Retry-After seconds', 503: 'The database is busy or did not answer; try again after Retry-After seconds',
};

// The OpenAPI document is plain JSON built up in place, read and written at every depth.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;
const ERROR_REF = { $ref: '#/components/schemas/Error' };
const header = (description: string, schema: Json = { type: 'string' }) => ({ description, schema });

/** The statuses the framework and our plugins can give a route, whatever its handler does. */
export function statusesOf(fact: RouteFacts): number[] {
  const codes = new Set<number>([503]);
  const unsafe = !SAFE.has(fact.method);
  if (unsafe) for (const c of [400, 413, 415]) codes.add(c);
  if (fact.hasQuery || fact.hasBody) codes.add(400);
  // Any invalid token or share link sent is refused, whichever route it is sent to.
  codes.add(401);
  if (fact.access === 'office' || fact.access === 'contributor' || (unsafe && fact.access !== 'public')) codes.add(403);
  if (fact.ifMatch) { codes.add(412); codes.add(428); }
  if (fact.pathParams.length > 0) { codes.add(400); codes.add(404); }
  if (fact.rateLimited) codes.add(429);
  return [...codes];
}

/** Whether a successful GET of this route carries an ETag (http/conditional.ts): every one not streamed or kept out of caches. */
export const sendsEtag = (fact: RouteFacts) => fact.method === 'GET' && !fact.noStore && !fact.produces.includes('text/csv');

function securityOf(fact: RouteFacts, operation: Json): Json[] {
  if (fact.access === 'public') return [];
  const shareKey = (operation.parameters ?? []).some((p: Json) => p.in === 'query' && p.name === 'key');
  const reads = SAFE.has(fact.method);
  return [
    reads ? { session: [] } : { session: [], csrf: [] },
    { token: [] },
    ...(fact.access === 'shared' ? [{ share: [] }, ...(shareKey ? [{ shareKey: [] }] : [])] : []),
  ];
}

/** Whether a reply's JSON body is one record with a version (which the write routes send as its ETag). */
function answersVersionedRecord(response: Json): boolean {
  const schema = response.content?.['application/json']?.schema as Json | undefined;
  return schema?.type === 'object' && schema.properties?.version !== undefined && (schema.required ?? []).includes('version');
}

/** Completes swagger's document from the routes' facts (swagger's transformObject). */
export function finishOpenApiDocument(app: FastifyInstance, document: Json, apiPrefix: string): Json {
  document.servers = [{ url: '/', description: 'This server (the API is under /api)' }];
  document.tags = (document.tags ?? []).map((tag: Json) => ({ ...tag, description: TAG_DESCRIPTIONS[tag.name] ?? tag.description }));
  document.security = [{ session: [] }, { token: [] }];
  document.components ??= {};
  document.components.securitySchemes = {
    ...document.components.securitySchemes,
    csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token', description: 'With a session cookie, every change sends the csrfToken from POST /api/session or GET /api/session' },
    shareKey: { type: 'apiKey', in: 'query', name: 'key', description: 'A share link token in the address, for calendar apps that cannot send headers' },
  };
  document.components.schemas = {
    ...document.components.schemas,
    Error: {
      type: 'object', required: ['statusCode', 'error', 'message'], description: 'Every error has this shape',
      properties: {
        statusCode: { type: 'integer' }, error: { type: 'string' }, message: { type: 'string' },
        details: { type: 'array', items: { type: 'object', required: ['field', 'message'], properties: { field: { type: 'string' }, message: { type: 'string' } } } },
        current: { description: 'With 412: the current state of what you tried to change' },
      },
    },
  };
  const isCollection = collectionTest(app.routeFacts);
  for (const fact of app.routeFacts.values()) {
    if (fact.hidden) continue;
    const path = fact.url.replace(/:(\w+)/g, '{$1}');
    const operation = document.paths?.[path]?.[fact.method.toLowerCase()] as Json | undefined;
    if (!operation) continue;
    operation.operationId = operationIdOf(fact.method, fact.url, isCollection, apiPrefix);
    const who = WHO[fact.access];
    operation.description = operation.description ? `${operation.description}\n\n${who}` : `${operation.summary ?? ''}. ${who}`.trim();
    operation.security = securityOf(fact, operation);
    const responses: Json = (operation.responses ??= {});
    for (const code of statusesOf(fact)) responses[code] ??= { description: STATUS_TEXT[code] };
    for (const [code, response] of Object.entries<Json>(responses)) {
      const status = Number(code);
      if (status >= 400) {
        // Errors are JSON whatever the success reply is (CSV, iCalendar).
        response.content = { 'application/json': { schema: ERROR_REF } };
        response.description = STATUS_TEXT[code] ?? response.description;
      } else if (response.description === 'Default Response' || !response.description) {
        response.description = STATUS_TEXT[code] ?? 'OK';
      }
      if (status === 429 || status === 503) response.headers = { 'Retry-After': header('Seconds to wait before trying again', { type: 'integer', minimum: 0 }) };
    }
    if (sendsEtag(fact) && responses[200]) {
      responses[200].headers = {
        ...responses[200].headers,
        ETag: header('The representation\'s entity tag: send it as If-None-Match to get 304 when unchanged, or as If-Match with a change'),
        ...(fact.access === 'public' ? {} : { 'Cache-Control': header('private, no-cache: kept by your own browser only, revalidated every time') }),
      };
      responses[304] = { description: STATUS_TEXT[304], headers: { ETag: header('The entity tag, unchanged') } };
      operation.parameters = [...(operation.parameters ?? []), {
        in: 'header', name: 'if-none-match', required: false, schema: { type: 'string' },
        description: 'The ETag you have (or a list, or *): 304 with no body when it still matches',
      }];
    }
    // A change that answers with a versioned record sends its new ETag, to send back as If-Match next time.
    for (const code of ['200', '201']) {
      if (fact.method === 'GET' || !responses[code] || !answersVersionedRecord(responses[code])) continue;
      responses[code].headers = { ...responses[code].headers, ETag: header('The entity tag of the record as it now is: send it as If-Match with the next change') };
    }
    if (responses[201] && locationPattern(app, fact.url)) {
      responses[201].headers = { ...responses[201].headers, Location: header('The address of what was created') };
    }
    if (operation.operationId === 'signIn' && responses[200]) {
      responses[200].headers = { ...responses[200].headers, 'Set-Cookie': header('The session cookie rp_session (HttpOnly, SameSite=Strict)') };
    }
    if (operation.operationId === 'signOut') {
      for (const code of Object.keys(responses).filter((c) => Number(c) < 300)) {
        responses[code].headers = { ...responses[code].headers, 'Set-Cookie': header('Clears the session cookie') };
      }
    }
  }
  return document;
}
