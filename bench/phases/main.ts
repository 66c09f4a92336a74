/**
 * The main phase over one dataset: each read route and the bulk write beside health, the overview while writes and
 * "as of" reads land, the mixed load, the reports and exports one request each, and the event-loop stalls.
 */
import autocannon from 'autocannon';
import { fixedRate, type FixedRateResult } from '../open-loop.ts';
import { mixedRequests } from '../mixed.ts';
import { measure, peakRssMb, prepare, quiet, rssMb, stop, type Prepared } from '../server.ts';
import { BUDGETS, round, settings, type RouteResult } from '../settings.ts';
import { overviewAfterWrites } from './cliff.ts';
import { measureStalls } from './stalls.ts';

/** The health route, measured as the baseline of the route measured next. */
const healthNow = (p: Prepared) => measure('GET /api/health (baseline)', { url: `${p.server.url}/api/health` });

/**
 * Each read route and the bulk write, each as a ratio to the health route measured just before it. One health
 * figure at the start did not hold for the routes measured up to a minute later on this host: it read 12,893 a
 * second in one run (every route then above 1.1× health) and 19,578 in the one before, with the same code.
 */
async function routeRates(p: Prepared) {
  const { server, auth, lead, readings, reads } = p;
  const quietAfterMs = await quiet(server.child.pid!);
  process.stderr.write(`  the server was idle ${quietAfterMs} ms after its warm-up reads\n`);
  const health = await healthNow(p);
  const results: RouteResult[] = [health];
  const beside = async (m: Promise<RouteResult>, baseline: RouteResult) => {
    const route = await m;
    results.push({ ...route, ratioToHealth: round(route.rps / baseline.rps, 2), healthRps: baseline.rps });
  };
  for (const [i, r] of reads.entries()) {
    const baseline = i === 0 ? health : await healthNow(p);
    await beside(measure(r.route, { url: `${server.url}${r.path}`, headers: auth }), baseline);
  }
  const baseline = await healthNow(p);
  await beside(measure('POST /api/readings/bulk (10 rows)', {
    url: `${server.url}/api/readings/bulk`, method: 'POST', duration: Math.max(1, Math.round(settings.duration / 2)),
    headers: { cookie: lead.cookie, 'x-csrf-token': lead.csrf, 'content-type': 'application/json' }, body: JSON.stringify({ readings }),
  }), baseline);
  return { health, results };
}

/**
 * Sockets for the open-loop load: enough to hold every request in flight while the server answers within the mixed
 * load's budget (rate × p99 budget, by Little's law: 50 at 1,000 a second and 50 ms), never fewer than the routes'
 * connections. With 10 keep-alive sockets at 1,000 a second each socket must turn a request round every 10 ms: one
 * 10 ms bulk write or a short stall, and requests queue in the load generator's own agent, out of the server's sight.
 * They would still count their latency from the planned moment, but the server would never see the concurrency of
 * many independent users. Idle keep-alive sockets cost the generator next to nothing.
 */
const openLoopSockets = () => Math.max(settings.connections, Math.ceil((settings.mixedRate * BUDGETS.mixedP99Ms) / 1000));

/** Nine reads to one write, at a fixed rate: evenly spaced (the budget's figure), and as autocannon's bursts. */
async function mixedLoad(p: Prepared) {
  const { requests, words } = await mixedRequests(p);
  const sockets = openLoopSockets();
  // The same requests at the same rate first, measured and reported apart: the mix's own read models (its councils'
  // and waves' summaries "as of" two days, its items' histories) are made for the first time while 1,000 a second
  // arrive. The budget is the load the server then keeps up; each cold path has a budget of its own.
  const warmup: FixedRateResult = await fixedRate({ url: p.server.url, rate: settings.mixedRate, seconds: settings.mixedWarmup, connections: sockets, requests });
  // The budget's figure: evenly spaced arrivals at the fixed rate, latency from each request's planned start.
  const evenly: FixedRateResult = await fixedRate({ url: p.server.url, rate: settings.mixedRate, seconds: settings.mixedDuration, connections: sockets, requests });
  const mixed = { ...evenly, mix: words, sockets, warmup };
  // The same requests through autocannon's overallRate, comparable with the figures of earlier runs:
  // it sends each second's requests as one burst at the start of the second (see bench/open-loop.ts).
  const bursts = await autocannon({ url: p.server.url, connections: settings.connections, overallRate: settings.mixedRate, duration: settings.mixedDuration, requests });
  const mixedBursts = {
    rate: settings.mixedRate, seconds: settings.mixedDuration, requests: bursts.requests.total, p50: bursts.latency.p50, p90: bursts.latency.p90,
    p99: bursts.latency.p99, max: bursts.latency.max, errors: bursts.errors + bursts.timeouts + bursts.non2xx,
  };
  return { mixed, mixedBursts };
}

/**
 * A response's body counted as it arrives and let go, as a browser saving a download writes it to disk. Reading it
 * whole into one buffer (arrayBuffer) put the 250 MB export in the load generator's memory, on the same two cores
 * as the server: on a quiet host the same export measured 37–48 MB/s that way against 54–61 MB/s streamed.
 */
async function bytesOf(res: Response): Promise<number> {
  let bytes = 0;
  const reader = res.body?.getReader();
  for (let read = await reader?.read(); read && !read.done; read = await reader!.read()) bytes += read.value.byteLength;
  return bytes;
}

/** Reports and exports: one request each, timed whole, with the server's peak memory sampled meanwhile (full runs). */
async function oneShots(p: Prepared, full: boolean, mark: (after: string) => void) {
  const { server, auth } = p;
  const out: Array<{ what: string; ms: number; kb: number; status: number; rssBeforeMb?: number; peakRssMb?: number }> = [];
  for (const [what, path] of [
    ['board report (a month)', '/api/reports/board'], ['board report again (cached)', '/api/reports/board'], ['calendar feed (.ics)', '/api/calendar.ics'], ['plan export (CSV)', '/api/exports/plan.csv'],
    ['items export with slippage (CSV)', '/api/exports/items.csv'], ['every reading (CSV, streamed)', '/api/exports/readings.csv'],
  ] as const) {
    const before = rssMb(server.child.pid!);
    let peak = before;
    const sampler = setInterval(() => { peak = Math.max(peak, rssMb(server.child.pid!)); }, 100);
    const started = performance.now();
    const res = await fetch(`${server.url}${path}`, { headers: auth });
    const bytes = await bytesOf(res);
    clearInterval(sampler);
    out.push({ what, ms: round(performance.now() - started, 1), kb: round(bytes / 1024, 1), status: res.status, ...(full ? { rssBeforeMb: before, peakRssMb: Math.max(peak, rssMb(server.child.pid!)) } : {}) });
    mark(what);
  }
  return out;
}

/**
 * One run over one dataset; `full` adds the overview under writes, the mixed load, peak memory and the stalls.
 * The server's peak memory over the whole run (its high-water mark) is read last, just before it is stopped.
 */
export async function run(councils: number, full: boolean) {
  const p = await prepare(councils);
  // The server's high-water mark of resident memory after each part of the run: where its peak was reached.
  const highWater: Array<{ after: string; mb: number }> = [];
  const mark = (after: string) => highWater.push({ after, mb: peakRssMb(p.server.child.pid!) });
  try {
    mark('start and restart');
    const { results } = await routeRates(p);
    mark('read routes');
    const cliff = full ? await overviewAfterWrites(p, await healthNow(p)) : undefined;
    if (full) mark('overview under writes');
    const { mixed, mixedBursts } = full ? await mixedLoad(p) : { mixed: undefined, mixedBursts: undefined };
    if (full) mark('mixed load');
    // Memory after the load, before the reports below (which are asked for now and then, not under load).
    const rssAfterLoad = rssMb(p.server.child.pid!);
    const shots = await oneShots(p, full, mark);
    // The longest event-loop stall of the worst request of every read route, each asked for right after a write
    // (so no read model is warm for it), one at a time.
    const stalls = full ? await measureStalls(p.server, p.auth, p.lead, p.readings) : [];
    if (full) mark('stalls');
    return {
      councils, generatedIn: p.generatedIn, startupMs: p.firstStartupMs, overviewColdMs: p.overviewColdMs, restart: p.restart, results, cliff, mixed, mixedBursts,
      oneShots: shots, stalls, rssMb: rssAfterLoad, serverPeakRssMb: peakRssMb(p.server.child.pid!), highWater,
    };
  } finally {
    await stop(p.server, p.dir, p.source);
  }
}

/** Only health and the overview while writes and "as of" reads land (`--phase cliff`). */
export async function cliffRun(councils: number) {
  const p = await prepare(councils);
  try {
    const health = await healthNow(p);
    return { councils, health, cliff: await overviewAfterWrites(p, health) };
  } finally {
    await stop(p.server, p.dir, p.source);
  }
}

export type MainRun = Awaited<ReturnType<typeof run>>;
