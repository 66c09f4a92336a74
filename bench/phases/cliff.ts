/**
 * The overview while the programme changes: the read model's cliff (issue #15). Once a second a lead writes
 * readings for their council and somebody reads the overview "as of" four weeks back; meanwhile autocannon reads
 * today's overview. Each write makes the next overview judge that one council afresh. The "as of" read must not push
 * today's entries out of the readiness engine's cache (server/read-models/cache.ts): with the shared first-in
 * first-out cache of 600 entries, above about 300 councils it did, and the next overview judged every council again
 * (480–660 ms instead of about 10 ms). Budget: BUDGETS.readRatio × health (0.7 since issue #24), as for every read route.
 */
import { DATASET_END } from '../../scripts/generate-dataset.ts';
import { measure, type Prepared } from '../server.ts';
import { BROWSER, round, type RouteResult } from '../settings.ts';

export interface CliffResult extends RouteResult {
  ratioToHealth: number;
  /** Writes and "as of" reads made while the overview was measured. */
  rounds: number;
  /** The first "as of" overview, which judges every council for that day. */
  asOfColdMs: number;
  /** The "as of" reads during the measure, each after a write (p50). */
  asOfP50Ms: number;
}

export const CLIFF_ROUTE = 'GET /api/overview, after writes and "as of" reads';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function overviewAfterWrites(p: Prepared, health: RouteResult): Promise<CliffResult> {
  const asOf = new Date(Date.parse(`${DATASET_END}T00:00:00Z`) - 28 * 86_400_000).toISOString().slice(0, 10);
  const headers = { ...BROWSER, ...p.auth };
  const asOfRead = async () => {
    const started = performance.now();
    const res = await fetch(`${p.server.url}/api/overview?asOf=${asOf}`, { headers });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`overview as of ${asOf}: ${res.status}`);
    return performance.now() - started;
  };
  const asOfColdMs = round(await asOfRead(), 1);
  const write = async () => {
    const res = await fetch(`${p.server.url}/api/readings/bulk`, {
      method: 'POST', headers: { cookie: p.lead.cookie, 'x-csrf-token': p.lead.csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ readings: p.readings }),
    });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`readings write: ${res.status}`);
  };

  let running = true;
  const asOfTimes: number[] = [];
  const disturber = (async () => {
    while (running) {
      await write();
      asOfTimes.push(await asOfRead());
      await sleep(1000);
    }
  })();
  try {
    const m = await measure(CLIFF_ROUTE, { url: `${p.server.url}/api/overview`, headers: p.auth });
    return {
      ...m, ratioToHealth: round(m.rps / health.rps, 2), healthRps: health.rps, rounds: asOfTimes.length, asOfColdMs,
      asOfP50Ms: round([...asOfTimes].sort((a, b) => a - b)[Math.floor(asOfTimes.length / 2)] ?? 0, 1),
    };
  } finally {
    running = false;
    await disturber;
  }
}

export function printCliff(c: CliffResult): void {
  console.log(`\noverview while a write and an "as of" read (4 weeks back) land each second: ${c.rps} req/s, p50 ${c.p50} ms, p99 ${c.p99} ms, `
    + `${c.ratioToHealth}× health, ${c.errors} errors; ${c.rounds} writes and "as of" reads meanwhile (p50 ${c.asOfP50Ms} ms; the first, cold, ${c.asOfColdMs} ms)`);
}
