import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeTestApp, createTestApp, seedSmallPlan, type TestContext } from './helpers.ts';

/** Headers about how a reply travels: HSTS only over HTTPS; nothing that depends on the caller is stored. */
let plain: TestContext;
let proxied: TestContext;
let clientRoot: string;
beforeAll(async () => {
  // A built dashboard of two files: the page and one hashed asset.
  clientRoot = mkdtempSync(join(tmpdir(), 'rp-client-'));
  mkdirSync(join(clientRoot, 'assets'));
  writeFileSync(join(clientRoot, 'index.html'), '<!doctype html><title>Rollout Planner</title>');
  writeFileSync(join(clientRoot, 'assets', 'app-3f9a1c.js'), 'console.log("rollout");');
  plain = await createTestApp({ clientRoot });
  proxied = await createTestApp({ trustProxy: 1, clientRoot });
}, 60_000);
afterAll(async () => {
  await closeTestApp(plain);
  await closeTestApp(proxied);
  rmSync(clientRoot, { recursive: true, force: true });
});

describe('Strict-Transport-Security', () => {
  it('is not sent over plain HTTP, for the API or the dashboard, while the other security headers are', async () => {
    for (const url of ['/api/health', '/api/councils', '/', '/councils/1']) {
      const res = await plain.app.inject({ method: 'GET', url, headers: { cookie: plain.office.cookie! } });
      expect(res.headers['strict-transport-security'], url).toBeUndefined();
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['content-security-policy'], url).toContain("default-src 'self'");
    }
  });

  it('is sent over HTTPS behind a trusted proxy, and only when the proxy says HTTPS', async () => {
    const https = await proxied.app.inject({ method: 'GET', url: '/api/health', headers: { 'x-forwarded-proto': 'https' } });
    expect(https.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    const page = await proxied.app.inject({ method: 'GET', url: '/', headers: { 'x-forwarded-proto': 'https' } });
    expect(page.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    const http = await proxied.app.inject({ method: 'GET', url: '/api/health', headers: { 'x-forwarded-proto': 'http' } });
    expect(http.headers['strict-transport-security']).toBeUndefined();
    expect((await proxied.app.inject({ method: 'GET', url: '/api/health' })).headers['strict-transport-security']).toBeUndefined();
  });

  it('is not sent when an untrusted client claims HTTPS', async () => {
    const res = await plain.app.inject({ method: 'GET', url: '/api/health', headers: { 'x-forwarded-proto': 'https' } });
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });
});

describe('Cache-Control', () => {
  const get = (url: string, headers: Record<string, string> = {}) => plain.app.inject({ method: 'GET', url, headers });

  // Replies with an ETag are private, no-cache (kept by the caller's browser only, always revalidated); everything
  // else that depends on the caller is no-store. See docs/adr/0010-private-no-cache-with-etags.md.
  it('is private, no-cache on tagged replies that depend on the caller (JSON, read models in any encoding, calendar) and no-store on the rest', async () => {
    const plan = await seedSmallPlan(plain);
    const token = (await plain.call('POST', '/api/tokens', { name: 'Report script' })).body.token;
    const cookie = plain.office.cookie!;
    const revalidated = 'private, no-cache';
    const cases: Array<[string, Record<string, string>, RegExp, string]> = [
      ['/api/councils', { cookie }, /json/, revalidated],
      [`/api/councils/${plan.north.id}`, { authorization: `Bearer ${token}` }, /json/, revalidated],
      // The session carries its CSRF token: never kept, not even by the browser.
      ['/api/session', { cookie }, /json/, 'no-store'],
      ['/api/overview', { cookie }, /json/, revalidated],
      ['/api/overview', { cookie, 'accept-encoding': 'gzip' }, /json/, revalidated],
      ['/api/overview', { cookie, 'accept-encoding': 'br' }, /json/, revalidated],
      [`/api/councils/${plan.north.id}/summary`, { cookie, 'accept-encoding': 'gzip' }, /json/, revalidated],
      ['/api/reports/board', { cookie }, /json/, revalidated],
      // Streamed, so sent without a tag: nothing to revalidate against.
      ['/api/exports/councils.csv', { cookie }, /text\/csv/, 'no-store'],
      ['/api/calendar.ics', { cookie }, /text\/calendar/, revalidated],
    ];
    for (const [url, headers, type, cacheControl] of cases) {
      const res = await get(url, headers);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type'], url).toMatch(type);
      expect(res.headers['cache-control'], url).toBe(cacheControl);
      expect(res.headers.etag !== undefined, url).toBe(cacheControl === revalidated);
    }
    // The overview's body is the read model, whatever the encoding.
    expect(JSON.parse((await get('/api/overview', { cookie })).body).councils.map((c: any) => c.code)).toEqual(['NMC', 'WDC']);
  });

  it("is private, no-cache on a share link's overview, report and calendar feed, and no-store on refusals", async () => {
    const link = (await plain.call('POST', '/api/share-links', { label: 'Board, January' })).body;
    for (const res of [
      await get('/api/overview', { 'x-share-token': link.token }),
      await get('/api/reports/board', { 'x-share-token': link.token }),
      await get(`/api/calendar.ics?key=${link.token}`),
    ]) {
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('private, no-cache');
    }
    const refused = await get('/api/councils');
    expect(refused.statusCode).toBe(401);
    expect(JSON.parse(refused.body).message).toBe('Sign in to continue.');
    expect(refused.headers['cache-control']).toBe('no-store');
  });

  it('is no-store on signing in, which hands out the session and its CSRF token', async () => {
    const res = await plain.signIn('office@example.org');
    expect(res.status).toBe(200);
    expect(res.body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(res.res.headers['cache-control']).toBe('no-store');
  });

  it('leaves the caching of public files alone, for a signed-in browser too', async () => {
    const cookie = plain.office.cookie!;
    const asset = await get('/assets/app-3f9a1c.js', { cookie });
    expect(asset.statusCode).toBe(200);
    expect(asset.body).toBe('console.log("rollout");');
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    for (const url of ['/', '/councils/1']) {
      const page = await get(url, { cookie });
      expect(page.body, url).toContain('<title>Rollout Planner</title>');
      expect(page.headers['cache-control'], url).toBe('no-cache');
    }
    const health = await get('/api/health', { cookie });
    expect(health.statusCode).toBe(200);
    expect(health.headers['cache-control']).toBeUndefined();
  });
});
