import type { FastifyInstance } from 'fastify';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../server/db/database.ts';
import { withDemoAsOffice } from './helpers.ts';

/**
 * The benefits summary's response is kept while the benefits figures' fingerprint stands (every table the figures
 * read: modules/benefits/fingerprint.ts), not only until the next write of any kind: a reading, a sign-in or a
 * notification leaves it be, and a change to any table the figures read shows at once. Counted by the calls the
 * route makes to the figures: one per response made, none for one served from the cache.
 */
let db: Db;
let app: FastifyInstance;
let headers: Record<string, string>;
let made = 0;
withDemoAsOffice('2026-11-23', (demo) => {
  ({ db, app, headers } = demo);
  const figures = app.services.benefitsFigures;
  const summary = figures.summary.bind(figures);
  figures.summary = (query) => {
    made += 1;
    return summary(query);
  };
});

const call = async (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, extra: Record<string, string> = {}) => {
  const res = await app.inject({ method, url, headers: { ...headers, ...extra }, ...(payload ? { payload } : {}) });
  return { status: res.statusCode, body: res.body === '' ? undefined : JSON.parse(res.body), etag: res.headers.etag as string | undefined };
};
const summary = async () => (await call('GET', '/api/benefits/summary')).body;
/** Gets a record with its version, then changes it as a person would (If-Match). */
const change = async (url: string, body: object) => {
  const { etag } = await call('GET', url);
  const res = await call('PATCH', url, body, { 'if-match': etag! });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};

beforeEach(async () => {
  await summary(); // made, or served as it stands
  made = 0;
});

describe('the benefits summary is kept across writes its figures do not read', () => {
  it('a reading, a sign-in and a notification leave it be: served again, not made again', async () => {
    const before = await call('GET', '/api/benefits/summary');
    expect(made).toBe(0);
    const criterion = (db.$client.prepare("select id from criteria where scope = 'council' limit 1").get() as { id: number }).id;
    const council = (db.$client.prepare('select id from councils order by id limit 1').get() as { id: number }).id;
    const reading = await call('POST', '/api/readings', { criterionId: criterion, councilId: council, value: 42, readingDate: '2026-11-23' });
    expect(reading.status, JSON.stringify(reading.body)).toBe(201);
    expect((await app.inject({ method: 'POST', url: '/api/session', payload: { email: 'sponsor@example.org', password: 'sponsor-demo-2026' } })).statusCode).toBe(200);
    db.$client.prepare("insert into notifications (user_id, kind, dedupe_key, title, body, link, created_at) select id, 'wins_awaiting', 'cache-test', 'A test', '', '/', '2026-11-23T09:00:00Z' from users limit 1").run();

    const after = await call('GET', '/api/benefits/summary');
    expect(made).toBe(0);
    expect(after.etag).toBe(before.etag);
    expect(after.body).toEqual(before.body);
  });
});

describe('and made again when any table the figures read changes', () => {
  it('a unit cost', async () => {
    const before = await summary();
    const cost = (await call('GET', '/api/benefits/unit-costs?channel=phone')).body.data.find((c: { councilId: number | null; transactionTypeId: number | null }) => c.councilId === null && c.transactionTypeId === null);
    await change(`/api/benefits/unit-costs/${cost.id}`, { costPence: cost.costPence + 500 });
    const after = await summary();
    expect(made).toBe(1);
    // Dearer phone calls: every phone call moved online saves more.
    expect(after.headline.savedPence).toBeGreaterThan(before.headline.savedPence);
  });

  it('a transaction type, a council and a feature renamed', async () => {
    const type = (await call('GET', '/api/benefits/transaction-types')).body.data[0];
    await change(`/api/benefits/transaction-types/${type.id}`, { name: 'Renamed transaction type' });
    expect((await summary()).transactionTypes.map((t: { name: string }) => t.name)).toContain('Renamed transaction type');

    const council = (await call('GET', '/api/councils')).body.data[0];
    await change(`/api/councils/${council.id}`, { name: 'Aaa Renamed Council' });
    expect((await summary()).councils[0].name).toBe('Aaa Renamed Council');

    const feature = (await summary()).features[0];
    await change(`/api/features/${feature.id}`, { name: 'Renamed feature' });
    expect((await summary()).features.map((f: { name: string }) => f.name)).toContain('Renamed feature');
    expect(made).toBe(3);
  });

  it("the programme's target in the register", async () => {
    const target = (await call('GET', '/api/benefits/register?measure=saving')).body.data.find((b: { councilId: number | null; featureId: number | null }) => b.councilId === null && b.featureId === null);
    await change(`/api/benefits/register/${target.id}`, { targetValue: target.targetValue + 100_000 });
    expect((await summary()).headline.targetPence).toBe(target.targetValue + 100_000);
    expect(made).toBe(1);
  });

  it('a set-up cost', async () => {
    const before = await summary();
    const added = await call('POST', '/api/benefits/setup-costs', { description: 'Training sessions', amountPence: 250_000, incurredOn: '2026-11-02' });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect((await summary()).setUp.costsPence).toBe(before.setUp.costsPence + 250_000);
    expect(made).toBe(1);
  });

  it('a month of volumes entered, and a baseline moved to another council', async () => {
    const before = await summary();
    const baseline = (await call('GET', '/api/benefits/baselines')).body.data[0];
    const entry = await call('POST', '/api/benefits/volumes', { councilId: baseline.councilId, transactionTypeId: baseline.transactionTypeId, month: '2026-11', volumes: { online: 900 } });
    expect(entry.status, JSON.stringify(entry.body)).toBe(201);
    const entered = await summary();
    expect(entered).not.toEqual(before);

    const fernleigh = (await call('GET', '/api/councils')).body.data.find((c: { name: string }) => c.name.startsWith('Fernleigh'));
    await change(`/api/benefits/baselines/${baseline.id}`, { councilId: fernleigh.id });
    const moved = await summary();
    expect(moved.councils.find((c: { name: string }) => c.name.startsWith('Fernleigh')).status).not.toBe('no_baseline');
    expect(made).toBe(2);
  });
});
