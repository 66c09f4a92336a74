import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeTestApp, createTestApp, type TestContext } from './helpers.ts';

/** Headers about how a reply travels: HSTS only over HTTPS. */
let plain: TestContext;
let proxied: TestContext;
beforeAll(async () => {
  plain = await createTestApp();
  proxied = await createTestApp({ trustProxy: 1 });
}, 60_000);
afterAll(async () => {
  await closeTestApp(plain);
  await closeTestApp(proxied);
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
