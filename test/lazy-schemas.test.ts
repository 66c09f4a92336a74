/**
 * The server's lazy schema compilers (http/validation.ts): each route's validators and serializers are compiled on
 * first use or by `warm` once the server listens, and answer exactly as the eager ones do.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLazySchemaCompilers } from '../server/http/validation.ts';
import { closeTestApp, createTestApp, seedSmallPlan, type TestContext } from './helpers.ts';

let lazy: TestContext;
let eager: TestContext;
const compilers = createLazySchemaCompilers();

beforeAll(async () => {
  lazy = await createTestApp({ compilers });
  eager = await createTestApp();
  await seedSmallPlan(lazy);
  await seedSmallPlan(eager);
});
afterAll(async () => {
  await closeTestApp(lazy);
  await closeTestApp(eager);
});

describe('schemas compiled lazily', () => {
  it('refuse a bad body with the same 400 and the same named fields, and store nothing', async () => {
    const bad = { name: '', code: 'x'.repeat(500), staffHeadcount: -3, managerHeadcount: 1.5, extra: true };
    const before = lazy.db.$client.prepare('select count(*) from councils').pluck().get();
    const [a, b] = [await lazy.call('POST', '/api/councils', bad), await eager.call('POST', '/api/councils', bad)];
    expect(a.status).toBe(400);
    expect(a.body).toEqual(b.body);
    expect(a.body.details.length).toBeGreaterThan(1);
    expect(lazy.db.$client.prepare('select count(*) from councils').pluck().get()).toBe(before);
  });

  it('coerce query strings and write replies as the eager ones do', async () => {
    const [a, b] = [await lazy.call('GET', '/api/councils?limit=2&offset=0'), await eager.call('GET', '/api/councils?limit=2&offset=0')];
    expect(a.status).toBe(200);
    expect(a.res.body).toBe(b.res.body);
    expect((await lazy.call('GET', '/api/councils?limit=abc')).status).toBe(400);
  });

  it('warm compiles every schema not used yet, once', async () => {
    const compiled = await compilers.warm();
    expect(compiled).toBeGreaterThan(200);
    expect(await compilers.warm()).toBe(0);
    // Still answering after the warm-up, from the same compiled functions.
    expect((await lazy.call('GET', '/api/overview')).status).toBe(200);
  });

  it('compiles the routes named `now` while the app gets ready, and leaves only the others for later', async () => {
    const named: string[] = [];
    const firstScreen = createLazySchemaCompilers({ now: ({ url }) => url === '/api/overview' || url === '/api/session' });
    const everyOther = createLazySchemaCompilers({ now: ({ url, method }) => { named.push(`${String(method)} ${url}`); return false; } });
    const [a, b] = [await createTestApp({ compilers: firstScreen }), await createTestApp({ compilers: everyOther })];
    try {
      // The overview's query validator and reply serializers, and the session routes', are not among those left.
      const left = [await firstScreen.warm(), await everyOther.warm()];
      const ofFirstScreen = named.filter((n) => / \/api\/(overview|session)$/.test(n)).length;
      expect(ofFirstScreen).toBeGreaterThanOrEqual(4);
      expect(left[1]! - left[0]!).toBe(ofFirstScreen);
      expect((await a.call('GET', '/api/overview')).status).toBe(200);
    } finally {
      await closeTestApp(a);
      await closeTestApp(b);
    }
  });
});
