import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../server/app.ts';
import { openDatabase, type Db } from '../server/db/database.ts';
import type { Clock } from '../server/domain/clock.ts';

/** The day the tests live in, unless a test moves the clock. */
export const TODAY = '2026-11-23';

export interface TestContext {
  app: FastifyInstance;
  db: Db;
  /** Moves the server's clock; tests that need "today" to be another day call this. */
  setToday(day: string): void;
}

/** A fresh, migrated in-memory database and an app over it. */
export async function createTestApp(): Promise<TestContext> {
  const db = openDatabase({ file: ':memory:' });
  let now = new Date(`${TODAY}T10:00:00.000Z`);
  const clock: Clock = () => now;
  const app = await buildApp({ db, clock });
  await app.ready();
  return {
    app,
    db,
    setToday(day) {
      now = new Date(`${day}T10:00:00.000Z`);
    },
  };
}

export async function closeTestApp(ctx: TestContext): Promise<void> {
  await ctx.app.close();
  ctx.db.$client.close();
}

/** Sends a request and parses the JSON reply. */
export async function call<T = any>(app: FastifyInstance, method: InjectOptions['method'], url: string, body?: unknown): Promise<{ status: number; body: T; res: LightMyRequestResponse }> {
  const res = await app.inject({ method, url, ...(body !== undefined ? { payload: body as object } : {}) });
  const text = res.body;
  return { status: res.statusCode, body: (text ? JSON.parse(text) : undefined) as T, res };
}

/** A small plan: two councils, two features, two waves. */
export async function seedSmallPlan(app: FastifyInstance) {
  const north = (await call(app, 'POST', '/api/councils', {
    name: 'Northmoor County Council', code: 'NMC', staffHeadcount: 6800, managerHeadcount: 720,
    groups: [{ name: 'HR, finance and ICT', headcount: 540 }],
  })).body;
  const west = (await call(app, 'POST', '/api/councils', { name: 'Westvale District Council', code: 'WDC', staffHeadcount: 1900, managerHeadcount: 190 })).body;
  const payslip = (await call(app, 'POST', '/api/features', { code: 'PAYSLIP', name: 'View payslip', audience: 'employees', benefit: 'See your pay on your phone.' })).body;
  const approve = (await call(app, 'POST', '/api/features', { code: 'LEAVE-OK', name: 'Approve leave', audience: 'managers' })).body;
  const w1 = (await call(app, 'POST', '/api/waves', { name: 'W1', sequence: 1, plannedGoLive: '2026-01-31' })).body;
  const w2 = (await call(app, 'POST', '/api/waves', { name: 'W2', sequence: 2, plannedGoLive: '2026-03-31' })).body;
  return { north, west, payslip, approve, w1, w2 };
}

/** Row counts of every table, to prove a refused change left nothing behind. */
export function tableCounts(db: Db): Record<string, number> {
  const tables = ['councils', 'council_groups', 'features', 'waves', 'rollout_items', 'baselines', 'baseline_items'];
  return Object.fromEntries(tables.map((t) => [t, (db.$client.prepare(`select count(*) as n from ${t}`).get() as { n: number }).n]));
}
