/**
 * A load at a fixed rate, open loop: request i leaves at start + i / rate whether or not the earlier ones
 * have been answered, and its latency is counted from that planned moment. A server that stalls is charged
 * for every request queued behind the stall (no coordinated omission), and the arrivals are evenly spaced,
 * as independent users' requests are.
 *
 * autocannon's `overallRate` is not this: each connection sends its share of a second's requests back to
 * back as soon as the second starts, then waits for the next second (lib/httpClient.js, `reqsMadeThisSecond`),
 * so every second opens with a burst at full concurrency. The benchmark prints both; see docs/performance.md.
 */
import { Agent, request as httpRequest } from 'node:http';

export interface PlannedRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface FixedRateResult {
  rate: number;
  seconds: number;
  requests: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  errors: number;
  /** How late the generator itself sent requests (ms, worst case): a check that the generator kept up. */
  maxSendDelay: number;
}

/** The value at a quantile of sorted numbers (nearest rank). */
export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export async function fixedRate(options: { url: string; rate: number; seconds: number; connections: number; requests: PlannedRequest[] }): Promise<FixedRateResult> {
  const { url, rate, seconds, connections, requests } = options;
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const target = new URL(url);
  const total = Math.round(rate * seconds);
  const latencies: number[] = [];
  let errors = 0;
  let maxSendDelay = 0;
  let settled = 0;

  const start = performance.now();
  const planned = (i: number) => start + (i * 1000) / rate;

  await new Promise<void>((resolve) => {
    const done = () => {
      settled += 1;
      if (settled === total) resolve();
    };
    const send = (i: number) => {
      const spec = requests[i % requests.length]!;
      const at = planned(i);
      maxSendDelay = Math.max(maxSendDelay, performance.now() - at);
      const req = httpRequest({
        agent, host: target.hostname, port: target.port, method: spec.method, path: spec.path,
        headers: { ...spec.headers, ...(spec.body !== undefined ? { 'content-length': Buffer.byteLength(spec.body) } : {}) },
      }, (res) => {
        res.resume();
        res.on('end', () => {
          latencies.push(performance.now() - at);
          if ((res.statusCode ?? 500) >= 400) errors += 1;
          done();
        });
      });
      req.on('error', () => {
        errors += 1;
        done();
      });
      req.end(spec.body);
    };
    let next = 0;
    const tick = () => {
      const now = performance.now();
      while (next < total && planned(next) <= now) send(next++);
      if (next < total) setTimeout(tick, Math.max(0, planned(next) - performance.now()));
    };
    // No requests to send (a run of 0 seconds, such as `--mixed-warmup 0`): nothing will settle, so it is over now.
    if (total === 0) resolve();
    else tick();
  });
  agent.destroy();

  latencies.sort((a, b) => a - b);
  const ms = (n: number) => Math.round(n * 10) / 10;
  return {
    rate, seconds, requests: total,
    p50: ms(quantile(latencies, 0.5)), p90: ms(quantile(latencies, 0.9)), p99: ms(quantile(latencies, 0.99)), max: ms(latencies.at(-1) ?? 0),
    errors, maxSendDelay: ms(maxSendDelay),
  };
}
