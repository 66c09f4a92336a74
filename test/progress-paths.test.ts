import { addDays, format, parseISO } from 'date-fns';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../server/app.ts';
import { openDatabase, type Db } from '../server/db/database.ts';
import { loadDemo } from '../server/fixtures/demo.ts';

/**
 * Progress is computed for two screens: `/api/progress` (the progress page and the board's figures) and
 * `/api/overview` (the first screen). Their headline totals, and the original baseline's beside them, are the same
 * figures, so they must agree for every day and every baseline: a difference would show a sponsor two numbers for
 * one fact.
 */
let app: FastifyInstance;
let db: Db;
let cookie: string;

beforeAll(async () => {
  db = openDatabase({ file: ':memory:' });
  await loadDemo(db);
  app = await buildApp({ db, clock: () => new Date('2026-11-23T09:00:00Z') });
  const signIn = await app.inject({ method: 'POST', url: '/api/session', payload: { email: 'office@example.org', password: 'office-demo-2026' } });
  cookie = `rp_session=${signIn.cookies.find((c) => c.name === 'rp_session')!.value}`;
}, 60_000);
afterAll(async () => {
  await app.close();
  db.$client.close();
});

const get = async (url: string) => {
  const res = await app.inject({ method: 'GET', url, headers: { cookie } });
  expect(res.statusCode, url).toBe(200);
  return res.json();
};

describe('the two progress paths', () => {
  it('give the same totals and original-baseline figures on every fortnight of the demo, against every baseline', async () => {
    const baselines: Array<{ id: number }> = (await get('/api/baselines?limit=100')).data;
    expect(baselines.length).toBeGreaterThanOrEqual(1);
    let compared = 0;
    let withLive = 0;
    for (let day = '2026-01-05'; day <= '2026-11-23'; day = format(addDays(parseISO(day), 14), 'yyyy-MM-dd')) {
      for (const baseline of [undefined, ...baselines.map((b) => b.id)]) {
        const query = `asOf=${day}${baseline === undefined ? '' : `&baselineId=${baseline}`}`;
        const progress = await get(`/api/progress?${query}`);
        const overview = await get(`/api/overview?${query}`);
        expect(overview.totals, `totals ${query}`).toEqual(progress.totals);
        expect(overview.original ?? null, `original ${query}`).toEqual(progress.original ?? null);
        expect(overview.baseline, `baseline ${query}`).toEqual(progress.baseline);
        compared += 1;
        if (progress.totals.live > 0) withLive += 1;
      }
    }
    // The comparison covered days before and after go-lives, not only an empty plan.
    expect(compared).toBeGreaterThanOrEqual(22);
    expect(withLive).toBeGreaterThan(5);
  }, 120_000);
});
