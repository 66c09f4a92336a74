import fc from 'fast-check';
import fastJsonStringify from 'fast-json-stringify';
import { Type, type TSchema } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withNullableTypes } from '../server/http/validation.ts';
import { Instant, IsoDate, NullableId, NullableIsoDate } from '../server/http/schemas.ts';
import { CouncilEngagement, EngagementSummary } from '../server/modules/engagement/schemas.ts';
import { closeTestApp, createTestApp, seedSmallPlan, type TestContext } from './helpers.ts';

/**
 * Replies are written from schemas in which "this or null" is a type list (http/validation.ts, withNullableTypes):
 * the same JSON as the anyOf it replaces, without compiling an Ajv validator on a route's first reply.
 */
const plain = (schema: TSchema) => fastJsonStringify(schema as never) as (value: unknown) => string;
const listed = (schema: TSchema) => fastJsonStringify(withNullableTypes(schema) as never) as (value: unknown) => string;

const Figures = Type.Object({ raised: Type.Integer(), share: Type.Union([Type.Number(), Type.Null()]) });
const Sample = Type.Object({
  id: Type.Integer(),
  parent: NullableId,
  day: NullableIsoDate,
  at: Type.Union([Instant, Type.Null()]),
  note: Type.Union([Type.String(), Type.Null()], { description: 'Free text' }),
  figures: Type.Union([Figures, Type.Null()]),
  list: Type.Array(Type.Object({ value: Type.Union([Type.Number(), Type.Null()]), tags: Type.Union([Type.Array(Type.String()), Type.Null()]) })),
  kind: Type.Union([Type.Literal('a'), Type.Literal('b')]),
  either: Type.Union([Type.String(), Type.Integer()]),
});

const day = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true });
const sample = fc.record({
  id: fc.integer(),
  parent: fc.option(fc.integer({ min: 1 }), { nil: null }),
  day: fc.option(day.map((d) => d.toISOString().slice(0, 10)), { nil: null }),
  at: fc.option(day.map((d) => d.toISOString()), { nil: null }),
  note: fc.option(fc.string({ unit: 'grapheme' }), { nil: null }),
  figures: fc.option(fc.record({ raised: fc.integer({ min: 0 }), share: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }), { nil: null }) }), { nil: null }),
  list: fc.array(fc.record({ value: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }), { nil: null }), tags: fc.option(fc.array(fc.string()), { nil: null }) }), { maxLength: 4 }),
  kind: fc.constantFrom('a', 'b'),
  either: fc.oneof(fc.string(), fc.integer()),
});

describe('nullable types in reply schemas', () => {
  it('turns "this or null" into a type list and leaves every other union alone', () => {
    expect(withNullableTypes(Type.Union([Type.Number(), Type.Null()], { description: 'Percent' }))).toEqual({ type: ['number', 'null'], description: 'Percent' });
    expect(withNullableTypes(NullableIsoDate)).toMatchObject({ type: ['string', 'null'], format: 'date', pattern: (IsoDate as { pattern?: string }).pattern });
    const schema = withNullableTypes(Sample) as { properties: Record<string, Record<string, unknown>> };
    expect(schema.properties.figures).toMatchObject({ type: ['object', 'null'], properties: { share: { type: ['number', 'null'] } } });
    expect(schema.properties.kind!.anyOf).toHaveLength(2);
    expect(schema.properties.either!.anyOf).toHaveLength(2);
    // The route's own schema is not changed: the API document still says anyOf.
    expect((Sample.properties.figures as { anyOf?: unknown[] }).anyOf).toHaveLength(2);
  });

  it('writes byte for byte the JSON the anyOf wrote, for any value', () => {
    const before = plain(Sample);
    const after = listed(Sample);
    fc.assert(fc.property(sample, (value) => {
      expect(after(value)).toBe(before(value));
      expect(JSON.parse(after(value))).toEqual(JSON.parse(JSON.stringify(value)));
    }), { numRuns: 300 });
  });

  it('compiles no validator for the engagement views, which have no other union', () => {
    for (const schema of [CouncilEngagement, EngagementSummary]) {
      const debug = fastJsonStringify(withNullableTypes(schema) as never, { mode: 'debug' }) as unknown as { code: string };
      expect(debug.code).not.toContain('getSchemaValidator');
      expect((fastJsonStringify(schema as never, { mode: 'debug' }) as unknown as { code: string }).code).toContain('getSchemaValidator');
    }
  });
});

describe('every reply schema of the API', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestApp();
    await seedSmallPlan(ctx);
  });
  afterAll(async () => closeTestApp(ctx));

  it('has no "this or null" anyOf left once written as type lists', async () => {
    const doc = (await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, { responses?: unknown }>> };
    let nullable = 0;
    let left = 0;
    const count = (node: unknown, into: (n: number) => void) => {
      if (node === null || typeof node !== 'object') return;
      if (Array.isArray(node)) return node.forEach((n) => count(n, into));
      const options = (node as { anyOf?: Array<{ type?: unknown }> }).anyOf;
      if (options?.length === 2 && options.some((o) => o.type === 'null' && Object.keys(o).length === 1) && options.some((o) => typeof o.type === 'string' && o.type !== 'null')) into(1);
      for (const value of Object.values(node)) count(value, into);
    };
    for (const operations of Object.values(doc.paths)) {
      for (const operation of Object.values(operations)) {
        count(operation.responses, (n) => { nullable += n; });
        count(withNullableTypes(operation.responses), (n) => { left += n; });
      }
    }
    expect(nullable).toBeGreaterThan(500);
    expect(left).toBe(0);
  });

  it('answers the engagement views with the same JSON the anyOf schemas write', async () => {
    for (const [url, schema] of [['/api/engagement/summary', EngagementSummary], ['/api/engagement/councils/1', CouncilEngagement]] as const) {
      const { status, res } = await ctx.call('GET', url);
      expect(status).toBe(200);
      expect(res.body).toBe(plain(schema)(res.json()));
    }
  });
});
