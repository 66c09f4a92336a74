import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeTestApp, createTestApp, seedSmallPlan, tableCounts, type TestContext } from './helpers.ts';

/** Each upload route takes what its documentation says, in characters; everything else 1 MiB; 413 names the limit. */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
  await seedSmallPlan(ctx);
  await ctx.call('POST', '/api/criteria', {
    code: 'TRAINED', name: 'Staff trained', unit: 'percent', direction: 'higher', target: 85, amberThreshold: 70, scope: 'council', phase: 'readiness',
  });
}, 60_000);
afterAll(async () => closeTestApp(ctx));

const send = async (url: string, payload: string, contentType: string) => {
  const res = await ctx.app.inject({
    method: 'POST', url, payload, headers: { cookie: ctx.office.cookie!, 'x-csrf-token': ctx.office.csrf!, 'content-type': contentType },
  });
  return { status: res.statusCode, body: JSON.parse(res.body) };
};
/** A CSV padded with blank lines (which the readers skip) to exactly `length` characters. */
const padded = (csv: string, length: number): string => {
  const body = csv + '\n'.repeat(length - csv.length);
  expect(body.length).toBe(length);
  return body;
};

const PLAN_CSV = 'council_code,council_name,staff_headcount,manager_headcount,feature_code,feature_name,audience,wave,note\r\nNMC,,,,PAYSLIP,,,W1,Pilot first\r\n';
const READINGS_CSV = 'criterion,council,feature,date,value,note\r\nTRAINED,NMC,,2026-11-20,72,LMS export\r\n';

describe('the plan import (documented: 2,000,000 characters)', () => {
  it('takes a file of exactly 2,000,000 characters, far over the 1 MiB every other body is held to', async () => {
    const res = await send('/api/imports/plan?mode=preview', padded(PLAN_CSV, 2_000_000), 'text/csv');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ applied: false, rows: 1 });
  });

  it('refuses one character more with 413 in the one error shape, naming the limit, and changes nothing', async () => {
    const before = tableCounts(ctx.db);
    const res = await send('/api/imports/plan?mode=apply', padded(PLAN_CSV, 2_000_001), 'text/csv');
    expect(res).toEqual({
      status: 413,
      body: { statusCode: 413, error: 'Payload Too Large', message: 'The upload is larger than this route accepts: at most 2,000,000 characters.' },
    });
    expect(tableCounts(ctx.db)).toEqual(before);
  });

  it('refuses a body over the bytes any 2,000,000 characters can take before reading it, with the same message', async () => {
    const res = await send('/api/imports/plan?mode=apply', padded(PLAN_CSV, 8_000_001), 'text/csv');
    expect(res.status).toBe(413);
    expect(res.body.message).toBe('The upload is larger than this route accepts: at most 2,000,000 characters.');
  });
});

describe('the readings CSV (documented: 1,000,000 characters)', () => {
  it('takes exactly 1,000,000 characters and stores the reading', async () => {
    const res = await send('/api/readings/csv', padded(READINGS_CSV, 1_000_000), 'text/csv');
    expect(res.status).toBe(201);
    expect(res.body.stored).toBe(1);
    expect(res.body.readings[0]).toMatchObject({ value: 72, readingDate: '2026-11-20', note: 'LMS export' });
  });

  it('counts characters, not bytes: a million three-byte characters reach the CSV reader', async () => {
    const res = await send('/api/readings/csv', '€'.repeat(1_000_000), 'text/csv');
    expect(res.status).toBe(400);
    expect(res.body.message).not.toContain('larger than');
  });

  it('refuses 1,000,001 characters, an emoji counting as one', async () => {
    const before = tableCounts(ctx.db).readings;
    const res = await send('/api/readings/csv', padded(READINGS_CSV, 999_999) + '📈\n', 'text/csv');
    expect(res.status).toBe(413);
    expect(res.body.message).toBe('The upload is larger than this route accepts: at most 1,000,000 characters.');
    expect(tableCounts(ctx.db).readings).toBe(before);
  });
});

describe('JSON bodies (1 MiB)', () => {
  const json = (length: number) => {
    const start = '{"name":"Southwick Borough Council","code":"SBC","staffHeadcount":100,"managerHeadcount":10,"padding":"';
    const body = `${start}${'x'.repeat(length - start.length - 2)}"}`;
    expect(Buffer.byteLength(body)).toBe(length);
    return body;
  };

  it('reads a body of exactly 1 MiB (and judges its fields)', async () => {
    const res = await send('/api/councils', json(1024 * 1024), 'application/json');
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([{ field: 'padding', message: 'is not a known field' }]);
  });

  it('refuses one byte more with 413 naming the limit', async () => {
    const before = tableCounts(ctx.db).councils;
    const res = await send('/api/councils', json(1024 * 1024 + 1), 'application/json');
    expect(res).toEqual({
      status: 413,
      body: { statusCode: 413, error: 'Payload Too Large', message: 'The request body is larger than this route accepts: at most 1 MiB (1,048,576 bytes).' },
    });
    expect(tableCounts(ctx.db).councils).toBe(before);
  });

  it('holds the JSON readings route, beside the CSV one, to 1 MiB', async () => {
    const res = await send('/api/readings', json(1024 * 1024 + 1), 'application/json');
    expect(res.status).toBe(413);
  });
});
