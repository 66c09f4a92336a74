import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedRate, quantile } from '../bench/open-loop.ts';

/** A loopback server that records when each request arrived and can hold a response back. */
async function recordingServer(holdMs: (n: number) => number) {
  const arrivals: Array<{ at: number; method: string; url: string; body: string }> = [];
  const server: Server = createServer((req, res) => {
    const at = performance.now();
    let body = '';
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => {
      arrivals.push({ at, method: req.method!, url: req.url!, body });
      if (req.url === '/missing') res.statusCode = 404;
      setTimeout(() => res.end(), holdMs(arrivals.length));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, arrivals, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

let open: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (open ? open.close(() => resolve()) : resolve())));

describe('the benchmark’s fixed-rate load', () => {
  it('spreads requests evenly over the run instead of sending them in bursts, cycling through the requests given', async () => {
    const target = await recordingServer(() => 0);
    open = target.server;
    const result = await fixedRate({
      url: target.url, rate: 100, seconds: 0.5, connections: 4,
      requests: [{ method: 'GET', path: '/a' }, { method: 'POST', path: '/b', headers: { 'content-type': 'application/json' }, body: '{"n":1}' }],
    });
    expect(result.requests).toBe(50);
    expect(result.errors).toBe(0);
    expect(target.arrivals).toHaveLength(50);
    expect(target.arrivals.filter((a) => a.method === 'POST').map((a) => a.body)).toEqual(Array(25).fill('{"n":1}'));
    const times = target.arrivals.map((a) => a.at).sort((a, b) => a - b);
    // 50 requests at 100 a second take about half a second; a burst would land within a few milliseconds.
    expect(times.at(-1)! - times[0]!).toBeGreaterThan(400);
    const mostIn20ms = Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + 20).length));
    expect(mostIn20ms).toBeLessThan(10);
  });

  it('counts latency from when a request was due, so requests queued behind a stall are charged for it', async () => {
    const target = await recordingServer((n) => (n === 1 ? 300 : 0));
    open = target.server;
    const result = await fixedRate({ url: target.url, rate: 100, seconds: 0.5, connections: 1, requests: [{ method: 'GET', path: '/a' }] });
    // The first answer takes 300 ms; the 29 requests due meanwhile wait on the only connection.
    expect(result.max).toBeGreaterThanOrEqual(300);
    expect(result.p50).toBeGreaterThanOrEqual(50);
    expect(result.errors).toBe(0);
  });

  it('counts answers of 400 and above as errors', async () => {
    const target = await recordingServer(() => 0);
    open = target.server;
    const result = await fixedRate({ url: target.url, rate: 100, seconds: 0.2, connections: 2, requests: [{ method: 'GET', path: '/a' }, { method: 'GET', path: '/missing' }] });
    expect(result.requests).toBe(20);
    expect(result.errors).toBe(10);
  });

  it('ends at once with nothing sent when the run has no requests (a warm-up of 0 seconds)', async () => {
    const target = await recordingServer(() => 0);
    open = target.server;
    const result = await fixedRate({ url: target.url, rate: 1000, seconds: 0, connections: 2, requests: [{ method: 'GET', path: '/a' }] });
    expect({ requests: result.requests, errors: result.errors, p99: result.p99 }).toEqual({ requests: 0, errors: 0, p99: 0 });
    expect(target.arrivals).toHaveLength(0);
  });

  it('takes quantiles by nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([quantile(values, 0.5), quantile(values, 0.99), quantile(values, 1)]).toEqual([50, 99, 100]);
    expect(quantile([7], 0.99)).toBe(7);
    expect(quantile([], 0.5)).toBe(0);
  });
});
