import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeTestApp, createTestApp, seedSmallPlan, tableCounts, type TestContext } from './helpers.ts';

/**
 * Whatever way a request spells its path, a route that needs sign-in never runs for a caller who is signed out.
 * Generated from the app's own route list, so a new route is covered without anyone remembering to add it.
 */
let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestApp();
  await seedSmallPlan(ctx);
});
afterAll(async () => closeTestApp(ctx));

/** A concrete path for a route pattern: every parameter becomes 1, a wildcard becomes a plain name. */
const concrete = (pattern: string) => pattern.replace(/:[A-Za-z]+/g, '1').replace(/\*$/, 'x');

const encodeFirstLetter = (segment: string) => segment.replace(/[A-Za-z]/, (c) => `%${c.charCodeAt(0).toString(16)}`);
const encodeAllLetters = (segment: string, upperHex = false) =>
  segment.replace(/[A-Za-z]/g, (c) => {
    const hex = c.charCodeAt(0).toString(16);
    return `%${upperHex ? hex.toUpperCase() : hex}`;
  });

/** Every spelling of one path that a lenient parser might take for the same route. */
function spellings(path: string): string[] {
  const segments = path.split('/').slice(1);
  const join = (parts: string[]) => `/${parts.join('/')}`;
  const out = new Set<string>();
  segments.forEach((_, i) => {
    out.add(join(segments.map((s, j) => (j === i ? encodeFirstLetter(s) : s))));
    out.add(join(segments.map((s, j) => (j === i ? encodeAllLetters(s, true) : s))));
  });
  out.add(join(segments.map((s) => encodeAllLetters(s))));
  out.add(join(segments.map((s) => encodeAllLetters(s).replace(/%/g, '%25')))); // double encoding
  out.add(path.toUpperCase());
  out.add(path.replace(/\//g, '//'));
  out.add(`/${path}`);
  out.add(path.replace(/^\/api\//, '/api/./'));
  out.add(path.replace(/^\/api\//, '/api/x/../'));
  out.add(path.replace(/^\/api\//, '/api/%2e/'));
  out.add(path.replace(/^\/api\//, '/api%2f'));
  out.add(`${path}/`);
  out.add(`${path};x=1`);
  out.add(path.replace(/^\/api/, '/api;x=1'));
  out.add(`${path}?`);
  out.add(`${path}%00`);
  out.add(path.replace(/^\/api/, '/%61pi'));
  return [...out];
}

/**
 * Why a reply shows that a handler ran, or undefined when it did not: 401 (the route matched and refused),
 * 404 (no route matched) or 400 (the URL itself is malformed), in the one error shape; or, for a GET that matched
 * nothing outside the API, the dashboard's own page (its router shows "page not found").
 */
function judge(method: string, res: { statusCode: number; headers: Record<string, unknown>; body: string }): string | undefined {
  const type = String(res.headers['content-type'] ?? '');
  if ((method === 'GET' || method === 'HEAD') && res.statusCode === 200 && type.startsWith('text/html')) {
    return method === 'HEAD' || res.body.startsWith('<!doctype html>') ? undefined : 'not the dashboard page';
  }
  if (![400, 401, 404].includes(res.statusCode)) return `status ${res.statusCode}`;
  if (method === 'HEAD') return undefined;
  if (!type.startsWith('application/json')) return `${res.statusCode} as ${type}: ${res.body.slice(0, 60)}`;
  const body = JSON.parse(res.body);
  return body.statusCode === res.statusCode && typeof body.message === 'string' && body.data === undefined ? undefined : 'not the error shape';
}

const closedRoutes = () => ctx.app.routeList.filter((r) => r.access !== 'public' && r.url.startsWith('/api'));

describe('paths spelled any way', () => {
  it('covers every route that needs sign-in, with a dozen spellings each', () => {
    expect(closedRoutes().length).toBeGreaterThan(60);
    expect(spellings('/api/users').length).toBeGreaterThan(15);
  });

  it('signed out, no spelling of a closed route reaches its handler (GET, HEAD and the writes)', async () => {
    const before = tableCounts(ctx.db);
    const reached: string[] = [];
    for (const route of closedRoutes()) {
      const methods = route.method === 'GET' ? ['GET', 'HEAD'] : [route.method];
      for (const url of spellings(concrete(route.url))) {
        for (const method of methods) {
          const res = await ctx.app.inject({ method: method as 'GET', url, payload: method === 'GET' || method === 'HEAD' ? undefined : {} });
          const verdict = judge(method, res);
          if (verdict) reached.push(`${method} ${url} -> ${verdict}`);
        }
      }
    }
    expect(reached).toEqual([]);
    expect(tableCounts(ctx.db)).toEqual(before);
  });

  it('the spellings really do reach the routes: signed in, encoded letters read the same data', async () => {
    const canonical = await ctx.call('GET', '/api/councils');
    expect(canonical.status).toBe(200);
    expect(canonical.body.data.length).toBe(2);
    for (const url of ['/%61pi/councils', '/ap%69/councils', '/%61%70%69/councils', '/api/%63ouncils']) {
      const spelled = await ctx.call('GET', url);
      expect(spelled.status, url).toBe(200);
      expect(spelled.body).toEqual(canonical.body);
      const signedOut = await ctx.call('GET', url, undefined, { as: null });
      expect(signedOut.status, url).toBe(401);
      expect(signedOut.body.message).toBe('Sign in to continue.');
    }
  });

  it('a sponsor cannot reach an office-only route by spelling it differently', async () => {
    const sponsor = await ctx.userAs('sponsor');
    for (const url of ['/%61pi/users', '/api/%75sers', '/api//users', '/API/users', '/api/./users', '/api/audit/', '/ap%69/audit']) {
      const res = await ctx.call('GET', url, undefined, { as: sponsor });
      if (res.status === 403) expect(res.body.message, url).toBe('Only the programme office can do this.');
      else expect(judge('GET', res.res as never), url).toBeUndefined();
    }
  });

  it('an absolute-form request target over a raw socket is judged by the route it matches', async () => {
    const address = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = new URL(address);
    const send = (target: string, method = 'GET') =>
      new Promise<string>((resolve, reject) => {
        const socket = connect(Number(port), '127.0.0.1');
        let data = '';
        socket.on('data', (chunk) => (data += chunk.toString()));
        socket.on('end', () => resolve(data));
        socket.on('error', reject);
        socket.write(`${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
      });
    for (const path of ['/api/users', '/api/audit', '/api/share-links', '/api/items', '/%61pi/users']) {
      for (const method of ['GET', 'HEAD']) {
        const reply = await send(`http://127.0.0.1:${port}${path}`, method);
        const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(reply)?.[1]);
        expect([400, 401, 404], `${method} ${path}: ${reply.slice(0, 80)}`).toContain(status);
      }
    }
  });
});
