import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
    const listed = problems.map((p) => `${p.severity} ${p.ruleId} ${p.location[0]?.pointer ?? ''}: ${p.message}`);
    expect(listed).toEqual([]);
  });
});
