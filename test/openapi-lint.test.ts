import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../server/app.ts';
import { openDatabase } from '../server/db/database.ts';
import { closeTestApp, createTestApp, type TestContext } from './helpers.ts';

/** The document as clients download it, linted with the committed ruleset (redocly.yaml): no errors, no warnings. */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(async () => closeTestApp(ctx));

describe('The OpenAPI document', () => {
  it('passes the committed Redocly ruleset with 0 errors and 0 warnings', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const configPath = resolve(import.meta.dirname, '../redocly.yaml');
    const config = await createConfig(readFileSync(configPath, 'utf8'), { configPath });
    const problems = await lintFromString({ source: res.body, absoluteRef: 'openapi.json', config });
    // The one exception: a retired operation (its summary says Retired:, answering only 410 Gone with where to go instead, like the
    // blockers API since blockers became RAID issues, docs/adr/0015) has no 2XX response, by design.
    const doc = JSON.parse(res.body);
    const retired = (pointer: string) => {
      const [, path, method] = /^#\/paths\/([^/]+)\/(\w+)\/responses$/.exec(pointer) ?? [];
      const op = path && method ? doc.paths[path.replace(/~1/g, '/').replace(/~0/g, '~')]?.[method] : undefined;
      return typeof op?.summary === 'string' && op.summary.startsWith('Retired:') && '410' in op.responses && !Object.keys(op.responses).some((code: string) => /^[23]/.test(code));
    };
    const listed = problems
      .filter((p) => !(p.ruleId === 'operation-2xx-response' && retired(p.location[0]?.pointer ?? '')))
      .map((p) => `${p.severity} ${p.ruleId} ${p.location[0]?.pointer ?? ''}: ${p.message}`);
    expect(listed).toEqual([]);
  });

  it('names operations by the rules, and states who may call each and with what', async () => {
    const doc = JSON.parse((await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' })).body);
    const op = (path: string, method: string) => doc.paths[path][method];
    expect([
      op('/api/councils', 'get'), op('/api/councils', 'post'), op('/api/councils/{id}', 'get'), op('/api/councils/{id}', 'patch'),
      op('/api/councils/{id}', 'delete'), op('/api/councils/{id}/archive', 'post'), op('/api/items/{id}/blockers', 'post'), op('/api/exports/items.csv', 'get'),
    ].map((o) => o.operationId)).toEqual(['listCouncils', 'createCouncil', 'getCouncil', 'updateCouncil', 'deleteCouncil', 'archiveCouncil', 'createItemBlocker', 'exportItemsCsv']);
    expect(op('/api/health', 'get').security).toEqual([]);
    expect(op('/api/session', 'post').security).toEqual([]);
    expect(op('/api/tokens/{id}', 'delete').security).toEqual([{ session: [], csrf: [] }, { token: [] }]);
    expect(op('/api/calendar.ics', 'get').security).toEqual([{ session: [] }, { token: [] }, { share: [] }, { shareKey: [] }]);
    // A cookie write can be refused for its CSRF header (403), whoever may call it.
    expect(Object.keys(op('/api/tokens/{id}', 'delete').responses)).toEqual(expect.arrayContaining(['204', '400', '401', '403', '404', '413', '415', '503']));
    expect(Object.keys(op('/api/councils/{id}', 'patch').responses)).toEqual(expect.arrayContaining(['400', '401', '403', '404', '412', '413', '415', '428', '503']));
    expect(op('/api/exports/items.csv', 'get').responses['400'].content).toEqual({ 'application/json': { schema: { $ref: '#/components/schemas/Error' } } });
    expect(op('/api/councils/{id}', 'get').responses['200'].headers.ETag).toBeDefined();
    expect(op('/api/councils', 'post').responses['201'].headers.Location).toBeDefined();
    expect(op('/api/trends', 'get').responses['429'].headers['Retry-After']).toBeDefined();
    expect(op('/api/session', 'post').responses['200'].headers['Set-Cookie']).toBeDefined();
    expect(op('/api/health', 'get').description).toMatch(/Anyone may call this/);
    expect(doc.servers).toEqual([{ url: '/', description: expect.any(String) }]);
    expect(doc.tags.every((t: { description?: string }) => Boolean(t.description))).toBe(true);
  });

  it('refuses to start when two routes would have the same operationId', async () => {
    const db = openDatabase({ file: ':memory:' });
    const app = await buildApp({ db });
    // GET /api/Overview would be named getOverview, like GET /api/overview.
    app.get('/api/Overview', { config: { access: 'signedIn' }, schema: { tags: ['Dashboard'], summary: 'Another overview' } }, async () => ({}));
    await expect(app.ready()).rejects.toThrow(/Two routes would have the operationId getOverview/);
    await app.close().catch(() => undefined);
    db.$client.close();
  });
});
