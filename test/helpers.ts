import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp, type BuildAppOptions } from '../server/app.ts';
import { systemActor } from '../server/auth/actor.ts';
import { hashPassword } from '../server/auth/secrets.ts';
import { afterAll, beforeAll } from 'vitest';
import { closeDatabase, openDatabase, type Db } from '../server/db/database.ts';
import { createSchemaCompilers } from '../server/http/validation.ts';
import type { Role } from '../server/db/schema.ts';
import type { Clock } from '../server/domain/clock.ts';
import { createUserService } from '../server/modules/users/service.ts';
import { loadDemo } from '../server/fixtures/demo.ts';

/** The day the tests live in, unless a test moves the clock. */
export const TODAY = '2026-11-23';
export const PASSWORD = 'correct horse battery';

/** How a request identifies itself: a session cookie with its CSRF token, or an API token. */
export interface Agent {
  cookie?: string;
  csrf?: string;
  token?: string;
}

export interface CallOptions {
  /** Who sends it: defaults to the programme office; null for signed out. */
  as?: Agent | null;
  /**
   * If-Match for PATCH and DELETE. By default the helper reads the resource first and sends its
   * current ETag, so tests about other rules need not; tests about concurrency pass a value, or null for none.
   */
  ifMatch?: string | null;
  csrf?: string | null;
  headers?: Record<string, string>;
}

export interface Reply<T = any> {
  status: number;
  body: T;
  res: LightMyRequestResponse;
}

export interface TestContext {
  app: FastifyInstance;
  db: Db;
  /** A programme office user signed in through the API. */
  office: Agent;
  call<T = any>(method: InjectOptions['method'], url: string, body?: unknown, options?: CallOptions): Promise<Reply<T>>;
  /** Creates a user (directly, not through the API) and signs them in through the API. */
  userAs(role: Role, councilIds?: number[], email?: string): Promise<Agent & { id: number; email: string }>;
  signIn(email: string, password?: string): Promise<Reply & { agent: Agent }>;
  /** Moves the server's clock; tests that need "today" to be another day call this. */
  setToday(day: string): void;
  setNow(instant: string): void;
}

let passwordHash: Promise<string> | undefined;
/** The route schemas compiled once per test file, not once per test: building an app is then five times quicker. */
const compilers = createSchemaCompilers();

/**
 * A fresh, migrated database (in memory unless `file` is given), an app over it, and a signed-in
 * programme office user.
 */
export async function createTestApp({ file = ':memory:', ...options }: Partial<BuildAppOptions> & { file?: string } = {}): Promise<TestContext> {
  const db = openDatabase({ file });
  let now = new Date(`${TODAY}T10:00:00.000Z`);
  const clock: Clock = () => now;
  // Sessions outlast the clock moves tests make, unless a test sets its own limits.
  const app = await buildApp({ db, clock, compilers, ...options, session: { idleMinutes: 60 * 24 * 365, absoluteHours: 24 * 365, ...options.session } });
  await app.ready();
  passwordHash ??= hashPassword(PASSWORD);
  const users = createUserService(db, clock);
  let userCount = 0;

  const ctx: TestContext = {
    app,
    db,
    office: {},
    async call(method, url, body, opts = {}) {
      const agent = opts.as === undefined ? ctx.office : opts.as;
      const headers: Record<string, string> = { ...opts.headers };
      if (agent?.cookie) headers.cookie = agent.cookie;
      if (agent?.token) headers.authorization = `Bearer ${agent.token}`;
      const csrf = opts.csrf === undefined ? agent?.csrf : opts.csrf;
      if (csrf && method !== 'GET') headers['x-csrf-token'] = csrf;
      if (method === 'PATCH' || method === 'DELETE' || (method === 'POST' && /\/password$/.test(url))) {
        let ifMatch = opts.ifMatch;
        if (ifMatch === undefined) {
          const current = await app.inject({ method: 'GET', url: url.replace(/\/password$/, ''), headers: { ...headers } });
          ifMatch = current.headers.etag as string | undefined ?? null;
        }
        if (ifMatch !== null) headers['if-match'] = ifMatch;
      }
      const res = await app.inject({ method, url, headers, ...(body !== undefined ? { payload: body as object } : {}) });
      const json = /json/.test(String(res.headers['content-type'] ?? ''));
      return { status: res.statusCode, body: res.body ? (json ? JSON.parse(res.body) : res.body) : undefined, res };
    },
    async signIn(email, password = PASSWORD) {
      const res = await app.inject({ method: 'POST', url: '/api/session', payload: { email, password } });
      const cookie = res.cookies.find((c) => c.name === 'rp_session');
      const body = res.body ? JSON.parse(res.body) : undefined;
      return { status: res.statusCode, body, res, agent: { cookie: cookie ? `rp_session=${cookie.value}` : undefined, csrf: body?.csrfToken } };
    },
    async userAs(role, councilIds = [], email) {
      userCount += 1;
      const address = email ?? `${role}${userCount}@example.org`;
      const user = users.insert({ email: address, displayName: `Test ${role} ${userCount}`, role, councilIds }, await passwordHash!, { actor: systemActor('Test setup') });
      const { agent } = await ctx.signIn(address);
      return { ...agent, id: user.id, email: address };
    },
    setToday(day) {
      now = new Date(`${day}T10:00:00.000Z`);
    },
    setNow(instant) {
      now = new Date(instant);
    },
  };
  ctx.office = await ctx.userAs('office', [], 'office@example.org');
  return ctx;
}

export async function closeTestApp(ctx: TestContext): Promise<void> {
  await ctx.app.close();
  ctx.db.$client.close();
}

/** A small plan: two councils, two features, two waves. */
export async function seedSmallPlan(ctx: TestContext) {
  const north = (await ctx.call('POST', '/api/councils', {
    name: 'Northmoor County Council', code: 'NMC', staffHeadcount: 6800, managerHeadcount: 720,
    groups: [{ name: 'HR, finance and ICT', headcount: 540 }],
  })).body;
  const west = (await ctx.call('POST', '/api/councils', { name: 'Westvale District Council', code: 'WDC', staffHeadcount: 1900, managerHeadcount: 190 })).body;
  const payslip = (await ctx.call('POST', '/api/features', { code: 'PAYSLIP', name: 'View payslip', audience: 'employees', benefit: 'See your pay on your phone.' })).body;
  const approve = (await ctx.call('POST', '/api/features', { code: 'LEAVE-OK', name: 'Approve leave', audience: 'managers' })).body;
  const w1 = (await ctx.call('POST', '/api/waves', { name: 'W1', sequence: 1, plannedGoLive: '2026-01-31' })).body;
  const w2 = (await ctx.call('POST', '/api/waves', { name: 'W2', sequence: 2, plannedGoLive: '2026-03-31' })).body;
  return { north, west, payslip, approve, w1, w2 };
}

/** Row counts of every table, to prove a refused change left nothing behind. */
const TABLES = ['councils', 'council_groups', 'features', 'waves', 'rollout_items', 'baselines', 'baseline_items', 'users', 'user_councils', 'api_tokens', 'audit_log',
  'criteria', 'criterion_overrides', 'readings', 'gate_decisions', 'early_wins', 'blockers', 'share_links', 'board_reports',
  'comms_activities', 'activity_councils', 'comms_template_activities', 'staff_questions'] as const;

export function tableCounts(db: Db): Record<(typeof TABLES)[number], number> {
  return Object.fromEntries(TABLES.map((t) => [t, (db.$client.prepare(`select count(*) as n from ${t}`).get() as { n: number }).n])) as Record<(typeof TABLES)[number], number>;
}

/**
 * The demo programme on `db` (loaded when asked) under an app whose clock stands on `day`, with the office signed in:
 * `headers` carry the session cookie and the CSRF token for `app.inject`.
 */
export async function demoAppAsOffice(db: Db, day: string, options: { load?: boolean } = {}) {
  if (options.load ?? true) await loadDemo(db);
  const app = await buildApp({ db, clock: () => new Date(`${day}T09:00:00Z`) });
  const signIn = await app.inject({ method: 'POST', url: '/api/session', payload: { email: 'office@example.org', password: 'office-demo-2026' } });
  const headers: Record<string, string> = {
    cookie: `rp_session=${signIn.cookies.find((c) => c.name === 'rp_session')!.value}`, 'x-csrf-token': JSON.parse(signIn.body).csrfToken,
  };
  return { app, headers };
}

/**
 * A test file's demo programme in memory, its app on `day` and the office signed in, made before the file's tests and
 * closed after them; `use` receives them once made.
 */
export function withDemoAsOffice(day: string, use: (made: { db: Db; app: FastifyInstance; headers: Record<string, string> }) => void): void {
  let made: { db: Db; app: FastifyInstance; headers: Record<string, string> } | undefined;
  beforeAll(async () => {
    const db = openDatabase({ file: ':memory:' });
    made = { db, ...(await demoAppAsOffice(db, day)) };
    use(made);
  }, 120_000);
  afterAll(async () => {
    await made?.app.close();
    if (made) closeDatabase(made.db);
  });
}

/** A test file's demo programme in an in-memory database, loaded before the file's tests and closed after them. */
export function withDemoDatabase(use: (db: Db) => void): void {
  let db: Db | undefined;
  beforeAll(async () => {
    db = openDatabase({ file: ':memory:' });
    await loadDemo(db);
    use(db);
  }, 120_000);
  afterAll(() => {
    if (db) closeDatabase(db);
  });
}
