import { afterEach, describe, expect, it } from 'vitest';
import { closeTestApp, createTestApp, PASSWORD, type TestContext } from './helpers.ts';

/**
 * Failed sign-ins are limited per (address, account), per account from any mix of addresses, and per address across
 * accounts; behind a trusted proxy the address is the one the proxy saw, whatever the client writes in
 * X-Forwarded-For. A refusal is the same whether or not the account exists.
 */
let ctx: TestContext;
afterEach(async () => closeTestApp(ctx));

const THROTTLE = { max: 3, perAccount: 5, perAddress: 8 };
const attempt = (email: string, headers: Record<string, string> = {}, remoteAddress = '127.0.0.1') =>
  ctx.app.inject({ method: 'POST', url: '/api/session', payload: { email, password: 'wrong password' }, headers, remoteAddress });

describe('sign-in throttling', () => {
  it('behind one trusted proxy, rotating the client-written X-Forwarded-For does not reset the count', async () => {
    ctx = await createTestApp({ trustProxy: 1, signInThrottle: THROTTLE });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      // The proxy (10.0.0.1) appends the address it saw; everything to its left is the client's own writing.
      const res = await attempt('office@example.org', { 'x-forwarded-for': `192.0.2.${i}, 203.0.113.7` }, '10.0.0.1');
      statuses.push(res.statusCode);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    const refused = await attempt('office@example.org', { 'x-forwarded-for': '192.0.2.99, 203.0.113.7' }, '10.0.0.1');
    expect(refused.json().message).toMatch(/^Too many sign-in attempts\. Try again in \d+ seconds\.$/);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Another person behind the same proxy is not held up.
    const sponsor = await ctx.userAs('sponsor', [], 'sponsor@example.org');
    const other = await ctx.app.inject({ method: 'POST', url: '/api/session', payload: { email: sponsor.email, password: PASSWORD }, headers: { 'x-forwarded-for': '203.0.113.8' }, remoteAddress: '10.0.0.1' });
    expect(other.statusCode).toBe(200);
  });

  it('trusting a named proxy address reads the address it saw; an untrusted sender cannot choose its address', async () => {
    ctx = await createTestApp({ trustProxy: ['10.0.0.1'], signInThrottle: THROTTLE });
    for (let i = 0; i < 3; i += 1) expect((await attempt('a@example.org', { 'x-forwarded-for': `192.0.2.${i}` }, '10.0.0.9')).statusCode).toBe(401);
    // 10.0.0.9 is not a trusted proxy, so its X-Forwarded-For is ignored and all three came from 10.0.0.9.
    expect((await attempt('a@example.org', { 'x-forwarded-for': '192.0.2.50' }, '10.0.0.9')).statusCode).toBe(429);
  });

  it('limits one account however many addresses the guesses come from, and answers the same for an unknown account', async () => {
    ctx = await createTestApp({ trustProxy: 1, signInThrottle: THROTTLE });
    const run = async (email: string) => {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i += 1) statuses.push((await attempt(email, { 'x-forwarded-for': `198.51.100.${i}` }, '10.0.0.1')).statusCode);
      return statuses;
    };
    const known = await run('office@example.org');
    const unknown = await run('nobody@example.org');
    expect(known).toEqual([401, 401, 401, 401, 401, 429, 429]);
    expect(unknown).toEqual(known);
  });

  it('limits one address trying many accounts (password spraying)', async () => {
    ctx = await createTestApp({ signInThrottle: THROTTLE });
    const statuses: number[] = [];
    for (let i = 0; i < 10; i += 1) statuses.push((await attempt(`person${i}@example.org`)).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 401, 401, 429, 429]);
  });
});
