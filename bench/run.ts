/**
 * The benchmark: the real server over a generated national-scale database, measured with autocannon.
 * Every figure is printed beside the same run's baseline (the health route), because this 2-core machine
 * is noisy and the load generator competes with the server. Budgets print PASS or FAIL.
 *
 *   npm run bench                         (400 councils; generates the dataset first if missing)
 *   npm run bench -- --councils 100 --duration 5
 *   npm run bench -- --scales 10,100,400  (how cost grows with the number of councils)
 *   npm run bench -- --smoke --out /tmp/r.json   (tiny dataset, seconds: checks the script works)
 *   npm run bench -- --phase stalls       (only the event-loop stalls of every read route, to bench/results-stalls.json)
 *   npm run bench -- --phase stalls --only 'exports|benefits'   (the stalls of the routes whose name matches)
 *   npm run bench -- --phase backup       (only the backup and restore phase, written to bench/results-backup.json)
 *   npm run bench -- --phase vitals       (only CLS and LCP of the overview and a council page in Chromium: scripts/web-vitals.ts)
 *   npm run bench -- --phase timeline     (only the cached timeline and a wave-move preview beside health, over HTTP: docs/timeline.md)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { buildApp } from '../server/app.ts';
import { backupDatabase } from '../server/db/backup.ts';
import { closeDatabase, openDatabase } from '../server/db/database.ts';
import { restoreDatabase } from '../server/db/restore.ts';
import { BENCH_PASSWORD, DATASET_END, generateDataset } from '../scripts/generate-dataset.ts';
import { fixedRate, type FixedRateResult, type PlannedRequest } from './open-loop.ts';

const { values } = parseArgs({
  options: {
    councils: { type: 'string', default: '400' },
    duration: { type: 'string', default: '8' },
    'mixed-duration': { type: 'string', default: '30' },
    'mixed-rate': { type: 'string', default: '200' },
    connections: { type: 'string', default: '10' },
    scales: { type: 'string' },
    smoke: { type: 'boolean', default: false },
    phase: { type: 'string' },
    out: { type: 'string' },
    /** With --phase stalls: only the routes whose "GET /api/…" name matches this regular expression. */
    only: { type: 'string' },
  },
});

const smoke = values.smoke;
const settings = {
  councils: smoke ? 3 : Number(values.councils),
  duration: smoke ? 1 : Number(values.duration),
  mixedDuration: smoke ? 2 : Number(values['mixed-duration']),
  mixedRate: smoke ? 20 : Number(values['mixed-rate']),
  connections: Number(values.connections),
};

const BUDGETS = { readRatio: 0.5, mixedP99Ms: 50, startupMs: 2000, rssMb: 300, firstLoadJsKb: 60, stallMs: 50 };

interface RouteResult {
  route: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  ratioToHealth?: number;
}

// ---------- dataset and client ----------

async function dataset(councils: number): Promise<{ file: string; generatedIn?: number }> {
  const file = smoke ? join(tmpdir(), `rollout-bench-smoke-${process.pid}.sqlite`) : `bench/data/national-${councils}.sqlite`;
  if (existsSync(file) && !smoke) return { file };
  mkdirSync(dirname(file), { recursive: true });
  console.log(`Generating a dataset of ${councils} councils…`);
  const summary = await generateDataset({ councils, weeks: smoke ? 12 : 156, auditRows: smoke ? 200 : councils * 2500, out: file });
  console.log(`  ${summary.readings.toLocaleString('en-GB')} readings, ${summary.auditRows.toLocaleString('en-GB')} audit rows in ${summary.seconds} s`);
  return { file, generatedIn: summary.seconds };
}

/** The production build: the client (when its sources changed) and the bundled server. */
async function ensureBuild(): Promise<void> {
  await import('../scripts/ensure-client.ts');
  await (await import('../scripts/build-server.ts')).buildServer();
}

function bundleSizes() {
  const manifest = JSON.parse(readFileSync('dist/client/.vite/manifest.json', 'utf8')) as Record<string, { file: string; imports?: string[]; dynamicImports?: string[]; css?: string[]; isEntry?: boolean; src?: string }>;
  const gz = (file: string) => gzipSync(readFileSync(join('dist/client', file)), { level: 9 }).length;
  const seen = new Set<string>();
  const js: string[] = [];
  const css = new Set<string>();
  const walk = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key]!;
    js.push(chunk.file);
    chunk.css?.forEach((c) => css.add(c));
    chunk.imports?.forEach(walk);
  };
  const entry = Object.keys(manifest).find((k) => manifest[k]!.isEntry)!;
  walk(entry);
  // The first screen a signed-in user sees is the overview: its lazy chunk loads at once.
  const overview = Object.keys(manifest).find((k) => k.endsWith('pages/Overview.tsx'));
  if (overview) walk(overview);
  const charts = Object.values(manifest).find((c) => c.file.includes('charts'));
  return {
    firstLoadJsGzipKb: round(js.reduce((sum, f) => sum + gz(f), 0) / 1024, 1),
    firstLoadCssGzipKb: round([...css].reduce((sum, f) => sum + gz(f), 0) / 1024, 1),
    chartChunkGzipKb: charts ? round(gz(charts.file) / 1024, 1) : 0,
    firstLoadFiles: js.length,
  };
}

// ---------- the server under test ----------

async function startServer(file: string): Promise<{ child: ChildProcess; url: string; startupMs: number }> {
  const started = performance.now();
  // As `npm run start:built` runs it: the heap capped (live data at 400 councils is about 80 MB), so the
  // footprint stays predictable instead of growing with garbage between collections.
  // bench/loop-probe.mjs rides along to measure the server's event-loop stalls, read over the IPC channel.
  const child = spawn(process.execPath, ['--max-old-space-size=200', '--import', './bench/loop-probe.mjs', 'dist/server/main.js'], {
    env: { ...process.env, DATABASE_FILE: file, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', DEMO_DATA: 'off', SIGNIN_MAX_ATTEMPTS: '1000' },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`The server did not start:\n${out}`)), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /running at (http:\/\/[^/\s]+)\//.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => { out += chunk.toString(); });
    child.on('exit', (code) => reject(new Error(`The server exited (${code}):\n${out}`)));
  });
  return { child, url, startupMs: Math.round(performance.now() - started) };
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024, 1);
}

async function signIn(url: string, email: string): Promise<{ cookie: string; csrf: string; councilIds: number[] }> {
  const res = await fetch(`${url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: BENCH_PASSWORD }) });
  if (!res.ok) throw new Error(`Sign-in of ${email} failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  const body = (await res.json()) as { csrfToken: string; user: { councilIds: number[] } };
  return { cookie, csrf: body.csrfToken, councilIds: body.user.councilIds };
}

const round = (n: number, digits = 0) => Math.round(n * 10 ** digits) / 10 ** digits;

type Stall = { route: string; maxStallMs: number; ms: number; status: number };

/**
 * The longest event-loop stall of the worst request of every read route, each asked for right after a write
 * (so no read model is warm for it), one at a time.
 */
async function measureStalls(server: { child: ChildProcess; url: string }, auth: Record<string, string>, writer: { cookie: string; csrf: string }, readings: unknown[]): Promise<Stall[]> {
  const stalls: Stall[] = [];
  const only = values.only === undefined ? null : new RegExp(values.only);
  for (const { route, path } of (await worstCaseReads(server.url, auth)).filter((r) => only === null || only.test(r.route))) {
    await fetch(`${server.url}/api/readings/bulk`, { method: 'POST', headers: { cookie: writer.cookie, 'x-csrf-token': writer.csrf, 'content-type': 'application/json' }, body: JSON.stringify({ readings }) });
    await askProbe(server.child, 'loop:reset');
    const started = performance.now();
    const res = await fetch(`${server.url}${path}`, { headers: { ...BROWSER, ...auth } });
    await res.arrayBuffer();
    const ms = round(performance.now() - started, 1);
    const { maxMs } = await askProbe(server.child, 'loop:read');
    stalls.push({ route, maxStallMs: round(maxMs, 1), ms, status: res.status });
    process.stderr.write(`  ${route}: ${round(maxMs, 1)} ms longest stall, ${ms} ms, ${res.status}\n`);
  }
  return stalls;
}

/** Asks the server's loop probe (bench/loop-probe.mjs) something and waits for its answer. */
function askProbe(child: ChildProcess, message: 'loop:reset' | 'loop:read'): Promise<{ maxMs: number }> {
  return new Promise((resolve) => {
    child.once('message', (reply) => resolve(reply as { maxMs: number }));
    child.send(message);
  });
}

/**
 * The worst request the API allows for every GET operation of its own OpenAPI document: the largest page, the
 * longest trend, an "as of" a year back, a report over a whole quarter; path ids taken from the data.
 */
async function worstCaseReads(url: string, headers: Record<string, string>): Promise<Array<{ route: string; path: string }>> {
  const doc = (await (await fetch(`${url}/api/openapi.json`, { headers })).json()) as {
    paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string; schema?: { maximum?: number; enum?: string[] } }> }>>;
  };
  const firstIds = new Map<string, number>();
  const idFor = async (collection: string) => {
    if (!firstIds.has(collection)) {
      const res = await fetch(`${url}${collection}?limit=1`, { headers });
      const body = res.ok ? ((await res.json()) as { data?: Array<{ id?: number }> }) : {};
      firstIds.set(collection, body.data?.[0]?.id ?? 1);
    }
    return firstIds.get(collection)!;
  };
  const yearBack = `${Number(DATASET_END.slice(0, 4)) - 1}${DATASET_END.slice(4)}`;
  // The longest trend allowed: 260 weekly points.
  const fiveYearsBack = new Date(Date.parse(`${DATASET_END}T00:00:00Z`) - 258 * 7 * 86_400_000).toISOString().slice(0, 10);
  const out: Array<{ route: string; path: string }> = [];
  for (const [pattern, operations] of Object.entries(doc.paths)) {
    const get = operations.get;
    if (!get || pattern === '/api/openapi.json') continue;
    let path = pattern;
    for (const match of pattern.matchAll(/\{(\w+)\}/g)) path = path.replace(match[0], String(await idFor(pattern.slice(0, match.index! - 1))));
    const query = new URLSearchParams();
    for (const p of get.parameters ?? []) {
      if (p.in !== 'query') continue;
      if (p.name === 'limit' || p.name === 'councilLimit') query.set(p.name, String(p.schema?.maximum ?? 500));
      else if (p.name === 'asOf') query.set('asOf', yearBack);
      else if (p.name === 'from') query.set('from', pattern.includes('trends') ? fiveYearsBack : `${DATASET_END.slice(0, 5)}01-01`);
      else if (p.name === 'to') query.set('to', DATASET_END);
      else if (p.name === 'scope' && pattern.includes('trends')) query.set('scope', 'programme');
    }
    const search = query.toString();
    out.push({ route: `GET ${pattern}`, path: `${path}${search ? `?${search}` : ''}` });
  }
  return out;
}

/** Every request says what a browser says: it accepts compressed responses. */
const BROWSER = { 'accept-encoding': 'gzip, deflate, br' };

async function measure(route: string, options: autocannon.Options): Promise<RouteResult> {
  const result = await autocannon({ connections: settings.connections, duration: settings.duration, ...options, headers: { ...BROWSER, ...options.headers } });
  return {
    route, rps: round(result.requests.average), p50: result.latency.p50, p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

// ---------- one full run over one dataset ----------

/** A copy of the dataset, the built server on it, two signed-in users, ids to ask about, warm read models. */
async function prepare(councils: number) {
  const { file: source, generatedIn } = await dataset(councils);
  const dir = mkdtempSync(join(tmpdir(), 'rollout-bench-'));
  const file = join(dir, 'bench.sqlite');
  copyFileSync(source, file); // writes during the run must not change the dataset
  const fd = openSync(file, 'r+');
  fsyncSync(fd); // flush the copy first, so start-up is not measured against the disk writing it out
  closeSync(fd);
  const server = await startServer(file);
  try {
    const office = await signIn(server.url, 'office1@example.org');
    const lead = await signIn(server.url, 'lead1@example.org');
    const auth = { cookie: office.cookie };
    const ids = await (async () => {
      const get = async (path: string) => (await (await fetch(`${server.url}${path}`, { headers: auth })).json()) as { data: Array<{ id: number; councilId?: number; featureId?: number }> };
      const council = lead.councilIds[0]!; // the lead's own council: reads and writes both go there
      const wave = (await get('/api/waves')).data.at(-2)!.id;
      const item = (await get(`/api/items?councilId=${council}&limit=1`)).data[0]!.id;
      const criteria = (await get('/api/criteria?limit=100')).data as Array<{ id: number; scope?: string; phase?: string }>;
      return { council, wave, item, criterion: criteria.find((c) => c.scope === 'council')!.id };
    })();

    // The first request builds each council's evaluation: the cold cost, reported once.
    const coldStart = performance.now();
    await fetch(`${server.url}/api/overview`, { headers: auth });
    const overviewColdMs = round(performance.now() - coldStart, 1);

    const readings = Array.from({ length: 10 }, (_, i) => ({ criterionId: ids.criterion, councilId: ids.council, value: 50 + i, readingDate: DATASET_END }));
    const reads = [
      { route: 'GET /api/overview', path: '/api/overview' },
      { route: 'GET /api/councils/:id/summary', path: `/api/councils/${ids.council}/summary` },
      { route: 'GET /api/waves/:id/summary', path: `/api/waves/${ids.wave}/summary` },
      { route: 'GET /api/items/:id/readiness', path: `/api/items/${ids.item}/readiness` },
      // Benefits for the whole programme: every council × transaction type's monthly volumes (three years of them).
      { route: 'GET /api/benefits/summary', path: '/api/benefits/summary' },
    ];
    for (const r of reads) await fetch(`${server.url}${r.path}`, { headers: auth }); // warm
    return { source, generatedIn, dir, server, office, lead, auth, ids, overviewColdMs, readings, reads };
  } catch (error) {
    await stop(server, dir, source);
    throw error;
  }
}

async function stop(server: { child: ChildProcess }, dir: string, source: string) {
  server.child.kill('SIGTERM');
  await new Promise((r) => server.child.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
  if (smoke) for (const suffix of ['', '-wal', '-shm']) rmSync(`${source}${suffix}`, { force: true });
}

/** Only the event-loop stalls of every read route. */
async function stallsRun(councils: number) {
  const p = await prepare(councils);
  try {
    return await measureStalls(p.server, p.auth, p.lead, p.readings);
  } finally {
    await stop(p.server, p.dir, p.source);
  }
}

async function run(councils: number, full: boolean) {
  const { source, generatedIn, dir, server, office, lead, auth, ids, overviewColdMs, readings, reads } = await prepare(councils);
  try {

    const health = await measure('GET /api/health (baseline)', { url: `${server.url}/api/health` });
    const results: RouteResult[] = [health];
    for (const r of reads) {
      const m = await measure(r.route, { url: `${server.url}${r.path}`, headers: auth });
      results.push({ ...m, ratioToHealth: round(m.rps / health.rps, 2) });
    }
    const write = await measure('POST /api/readings/bulk (10 rows)', {
      url: `${server.url}/api/readings/bulk`, method: 'POST', duration: Math.max(1, Math.round(settings.duration / 2)),
      headers: { cookie: lead.cookie, 'x-csrf-token': lead.csrf, 'content-type': 'application/json' }, body: JSON.stringify({ readings }),
    });
    results.push({ ...write, ratioToHealth: round(write.rps / health.rps, 2) });

    let mixed: FixedRateResult | undefined;
    let mixedBursts: { rate: number; seconds: number; requests: number; p50: number; p90: number; p99: number; max: number; errors: number } | undefined;
    if (full) {
      const readHeaders = { ...BROWSER, cookie: office.cookie };
      const writeHeaders = { ...BROWSER, cookie: office.cookie, 'x-csrf-token': office.csrf, 'content-type': 'application/json' };
      // Nine reads to one write. Writes come from ten councils in turn, the read council among them,
      // as readings arrive from many councils' leads.
      const writers = [ids.council, ...(await (await fetch(`${server.url}/api/councils?limit=9`, { headers: readHeaders })).json() as { data: Array<{ id: number }> }).data.map((c) => c.id)].slice(0, 10);
      const requests: PlannedRequest[] = [];
      writers.forEach((councilId, k) => {
        for (let r = 0; r < 9; r += 1) requests.push({ method: 'GET', path: reads[(k * 9 + r) % reads.length]!.path, headers: readHeaders });
        requests.push({ method: 'POST', path: '/api/readings/bulk', headers: writeHeaders, body: JSON.stringify({ readings: readings.map((x) => ({ ...x, councilId })) }) });
      });
      // The budget's figure: evenly spaced arrivals at the fixed rate, latency from each request's planned start.
      mixed = await fixedRate({ url: server.url, rate: settings.mixedRate, seconds: settings.mixedDuration, connections: settings.connections, requests });
      // The same requests through autocannon's overallRate, comparable with the figures of earlier runs:
      // it sends each second's requests as one burst at the start of the second (see bench/open-loop.ts).
      const bursts = await autocannon({ url: server.url, connections: settings.connections, overallRate: settings.mixedRate, duration: settings.mixedDuration, requests });
      mixedBursts = { rate: settings.mixedRate, seconds: settings.mixedDuration, requests: bursts.requests.total, p50: bursts.latency.p50, p90: bursts.latency.p90, p99: bursts.latency.p99, max: bursts.latency.max, errors: bursts.errors + bursts.timeouts + bursts.non2xx };
    }
    // Memory after the load, before the reports below (which are asked for now and then, not under load).
    const rssAfterLoad = rssMb(server.child.pid!);
    // Reports and exports: one request each, timed whole, with the server's peak memory sampled meanwhile.
    const oneShots: Array<{ what: string; ms: number; kb: number; status: number; peakRssMb?: number }> = [];
    for (const [what, path] of [
      ['board report (a month)', '/api/reports/board'], ['board report again (cached)', '/api/reports/board'], ['calendar feed (.ics)', '/api/calendar.ics'], ['plan export (CSV)', '/api/exports/plan.csv'],
      ['items export with slippage (CSV)', '/api/exports/items.csv'], ['every reading (CSV, streamed)', '/api/exports/readings.csv'],
    ] as const) {
      let peak = 0;
      const sampler = setInterval(() => { peak = Math.max(peak, rssMb(server.child.pid!)); }, 100);
      const started = performance.now();
      const res = await fetch(`${server.url}${path}`, { headers: auth });
      const bytes = (await res.arrayBuffer()).byteLength;
      clearInterval(sampler);
      oneShots.push({ what, ms: round(performance.now() - started, 1), kb: round(bytes / 1024, 1), status: res.status, ...(full ? { peakRssMb: Math.max(peak, rssMb(server.child.pid!)) } : {}) });
    }
    // The longest event-loop stall of the worst request of every read route, each asked for right after a write
    // (so no read model is warm for it), one at a time.
    const stalls = full ? await measureStalls(server, auth, lead, readings) : [];
    return { councils, generatedIn, startupMs: server.startupMs, overviewColdMs, results, mixed, mixedBursts, oneShots, stalls, rssMb: rssAfterLoad };
  } finally {
    await stop(server, dir, source);
  }
}

// ---------- the timeline and the what-if ----------

/**
 * The timeline read model (cached) beside the health route, both through autocannon as the other summaries are,
 * and a three-week move of the planned wave with the most items, previewed (nothing stored) one at a time.
 * Budgets (issue: timeline and what-if): ≥ 0.5× health for the cached timeline; the preview under 100 ms.
 */
async function timelinePhase(councils: number) {
  const p = await prepare(councils);
  try {
    const timelineColdStart = performance.now();
    const cold = await fetch(`${p.server.url}/api/timeline`, { headers: { ...BROWSER, ...p.auth } });
    const timelineKb = round((await cold.arrayBuffer()).byteLength / 1024, 1);
    const timelineColdMs = round(performance.now() - timelineColdStart, 1);
    const health = await measure('GET /api/health (baseline)', { url: `${p.server.url}/api/health` });
    const timeline = await measure('GET /api/timeline', { url: `${p.server.url}/api/timeline`, headers: p.auth });
    const waves = (await (await fetch(`${p.server.url}/api/waves?limit=500`, { headers: p.auth })).json()) as { data: Array<{ id: number; status: string; plannedGoLive: string }> };
    const counts = await Promise.all(waves.data.filter((w) => w.status === 'planned').map(async (w) => ({
      wave: w, items: ((await (await fetch(`${p.server.url}/api/items?waveId=${w.id}&limit=1`, { headers: p.auth })).json()) as { page: { total: number } }).page.total,
    })));
    const { wave, items } = counts.sort((a, b) => b.items - a.items)[0]!;
    const moved = new Date(Date.parse(`${wave.plannedGoLive}T00:00:00Z`) + 21 * 86_400_000).toISOString().slice(0, 10);
    const previews: number[] = [];
    let impact: { itemsMoved: number; lateItems: unknown[] } | undefined;
    for (let i = 0; i < 20; i += 1) {
      const started = performance.now();
      const res = await fetch(`${p.server.url}/api/plan-changes/waves/${wave.id}?preview=true`, {
        method: 'POST', headers: { ...BROWSER, cookie: p.office.cookie, 'x-csrf-token': p.office.csrf, 'content-type': 'application/json' },
        body: JSON.stringify({ plannedGoLive: moved, reasonCategory: 'readiness', reason: 'Benchmark: three weeks later.' }),
      });
      impact = (await res.json()) as typeof impact;
      previews.push(performance.now() - started);
      if (res.status !== 200) throw new Error(`preview: ${res.status} ${JSON.stringify(impact)}`);
    }
    previews.sort((a, b) => a - b);
    return {
      councils, health, timeline: { ...timeline, ratioToHealth: round(timeline.rps / health.rps, 2), coldMs: timelineColdMs, kbSent: timelineKb },
      preview: { waveItems: items, itemsMoved: impact!.itemsMoved, lateItems: impact!.lateItems.length, p50: round(previews[Math.floor(previews.length / 2)]!, 1), max: round(previews.at(-1)!, 1), runs: previews.length },
    };
  } finally {
    await stop(p.server, p.dir, p.source);
  }
}

// ---------- backup and restore ----------

/**
 * A scheduled backup as the server takes one (the same backupDatabase, started from the serving process),
 * over a copy of the dataset: how long it takes, and the longest the process's event loop waited meanwhile
 * (monitorEventLoopDelay), beside the same measure over an equal stretch without a backup. The process
 * answers a request through app.inject every 10 ms throughout, so the loop has work as a server's does.
 * Then a restore of that backup into a new file and the first open of it (what a restart costs): the RTO.
 */
async function backupPhase(councils: number) {
  const { file: source } = await dataset(councils);
  const dir = mkdtempSync(join(tmpdir(), 'rollout-bench-backup-'));
  const file = join(dir, 'live.sqlite');
  copyFileSync(source, file);
  const db = openDatabase({ file });
  const app = await buildApp({ db, logger: false });
  await app.ready();
  try {
    const window = async (work: () => Promise<unknown>) => {
      const histogram = monitorEventLoopDelay({ resolution: 10 });
      let slowest = 0;
      let requests = 0;
      let stop = false;
      const traffic = (async () => {
        while (!stop) {
          const started = performance.now();
          await app.inject({ method: 'GET', url: '/api/health' });
          slowest = Math.max(slowest, performance.now() - started);
          requests += 1;
          await new Promise((r) => setTimeout(r, 10));
        }
      })();
      histogram.enable();
      const started = performance.now();
      const result = await work();
      const ms = performance.now() - started;
      histogram.disable();
      stop = true;
      await traffic;
      return { result, ms, maxStallMs: round(histogram.max / 1e6, 1), p99StallMs: round(histogram.percentile(99) / 1e6, 1), slowestRequestMs: round(slowest, 1), requests };
    };
    const backup = await window(() => backupDatabase(file, join(dir, 'backups')));
    const taken = backup.result as Awaited<ReturnType<typeof backupDatabase>>;
    const idle = await window(() => new Promise((r) => setTimeout(r, Math.max(500, backup.ms))));
    const restoreStarted = performance.now();
    const restored = restoreDatabase(taken.file, join(dir, 'restored.sqlite'));
    const restoreMs = performance.now() - restoreStarted;
    const openStarted = performance.now();
    closeDatabase(openDatabase({ file: restored.into }));
    const firstOpenMs = performance.now() - openStarted;
    return {
      councils, databaseMb: round(taken.bytes / 1_048_576, 1),
      backupMs: round(backup.ms), copyMs: round(taken.copyMs), checkMs: round(taken.checkMs),
      duringBackup: { maxStallMs: backup.maxStallMs, p99StallMs: backup.p99StallMs, slowestRequestMs: backup.slowestRequestMs, requests: backup.requests },
      withoutBackup: { maxStallMs: idle.maxStallMs, p99StallMs: idle.p99StallMs, slowestRequestMs: idle.slowestRequestMs, requests: idle.requests },
      restoreMs: round(restoreMs), firstOpenMs: round(firstOpenMs),
    };
  } finally {
    await app.close();
    closeDatabase(db);
    rmSync(dir, { recursive: true, force: true });
    if (smoke) for (const suffix of ['', '-wal', '-shm']) rmSync(`${source}${suffix}`, { force: true });
  }
}

type BackupFigures = Awaited<ReturnType<typeof backupPhase>>;

function printBackup(b: BackupFigures): void {
  console.log(`
backup and restore (${b.councils} councils, ${b.databaseMb} MB copy):`);
  console.log(`  backup ${b.backupMs} ms (copy ${b.copyMs} ms, integrity check ${b.checkMs} ms), in a worker thread`);
  console.log(`  event loop during the backup: longest stall ${b.duringBackup.maxStallMs} ms, p99 ${b.duringBackup.p99StallMs} ms, slowest of ${b.duringBackup.requests} requests ${b.duringBackup.slowestRequestMs} ms`);
  console.log(`  the same without a backup:    longest stall ${b.withoutBackup.maxStallMs} ms, p99 ${b.withoutBackup.p99StallMs} ms, slowest of ${b.withoutBackup.requests} requests ${b.withoutBackup.slowestRequestMs} ms`);
  console.log(`  restore ${b.restoreMs} ms (check, keep, copy), then the first open ${b.firstOpenMs} ms`);
}

// ---------- report ----------

const pass = (ok: boolean) => (ok ? 'PASS' : 'FAIL');

function printStalls(stalls: Stall[]) {
  console.log('\nlongest event-loop stall of the worst request of each read route, right after a write:');
  for (const s of [...stalls].sort((a, b) => b.maxStallMs - a.maxStallMs)) {
    console.log(`  ${s.route.padEnd(48)} ${String(s.maxStallMs).padStart(8)} ms stall ${String(s.ms).padStart(9)} ms whole${s.status === 200 ? '' : ` (status ${s.status})`}`);
  }
}

async function main() {
  if (values.phase === 'stalls') {
    await ensureBuild();
    const stalls = await stallsRun(settings.councils);
    printStalls(stalls);
    const worst = stalls.reduce((w, s) => (s.maxStallMs > w.maxStallMs ? s : w));
    console.log(`\n  ${pass(worst.maxStallMs < BUDGETS.stallMs)}  no read route blocks the event loop ≥ ${BUDGETS.stallMs} ms: worst ${worst.maxStallMs} ms (${worst.route})`);
    const out = values.out ?? 'bench/results-stalls.json';
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify({ at: new Date().toISOString(), councils: settings.councils, stalls }, null, 2)}\n`);
    console.log(`\nwrote ${out}`);
    return;
  }
  if (values.phase === 'timeline') {
    await ensureBuild();
    const t = await timelinePhase(settings.councils);
    console.log(`\ntimeline and what-if (${t.councils} councils, ${settings.connections} connections, ${settings.duration} s per route):`);
    console.log(`  GET /api/health     ${t.health.rps} req/s, p50 ${t.health.p50} ms, p99 ${t.health.p99} ms`);
    console.log(`  GET /api/timeline   ${t.timeline.rps} req/s, p50 ${t.timeline.p50} ms, p99 ${t.timeline.p99} ms, ${t.timeline.errors} errors; first (cold) ${t.timeline.coldMs} ms, ${t.timeline.kbSent} KB of JSON (sent compressed)`);
    console.log(`  wave-move preview   p50 ${t.preview.p50} ms, worst ${t.preview.max} ms of ${t.preview.runs} (a wave of ${t.preview.waveItems} items: ${t.preview.itemsMoved} move, ${t.preview.lateItems} late)`);
    console.log(`\n  ${pass(t.timeline.ratioToHealth >= BUDGETS.readRatio)}  cached timeline ≥ ${BUDGETS.readRatio}× health: ${t.timeline.ratioToHealth}×`);
    console.log(`  ${pass(t.preview.p50 < 100)}  wave-move preview < 100 ms: p50 ${t.preview.p50} ms`);
    const out = values.out ?? 'bench/results-timeline.json';
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify({ at: new Date().toISOString(), timeline: t }, null, 2)}\n`);
    console.log(`\nwrote ${out}`);
    return;
  }
  if (values.phase === 'vitals') {
    const { measureVitals, printVitals } = await import('../scripts/web-vitals.ts');
    process.exitCode = printVitals(await measureVitals()) ? 0 : 1;
    return;
  }
  if (values.phase !== undefined) {
    if (values.phase !== 'backup') throw new Error(`--phase must be "backup", "stalls", "timeline" or "vitals", got "${values.phase}"`);
    const figures = await backupPhase(settings.councils);
    printBackup(figures);
    const out = values.out ?? 'bench/results-backup.json';
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify({ at: new Date().toISOString(), machine: { node: process.version, cpus: (await import('node:os')).cpus().length }, backup: figures }, null, 2)}\n`);
    console.log(`\nwrote ${out}`);
    return;
  }
  await ensureBuild();
  const bundle = bundleSizes();
  const machine = { node: process.version, cpus: (await import('node:os')).cpus().length };
  const scales = values.scales ? values.scales.split(',').map(Number) : [];

  const main = await run(settings.councils, true);
  const backup = await backupPhase(settings.councils);
  const { measureVitals, printVitals, VITALS_BUDGETS } = await import('../scripts/web-vitals.ts');
  const vitals = await measureVitals();
  const scaleRuns = [];
  for (const councils of scales) {
    const r = await run(councils, false);
    scaleRuns.push({ councils, startupMs: r.startupMs, overviewColdMs: r.overviewColdMs, rssMb: r.rssMb, routes: r.results.map(({ route, rps, p99, ratioToHealth }) => ({ route, rps, p99, ratioToHealth })) });
  }

  const readRatios = main.results.filter((r) => r.route.startsWith('GET') && r.ratioToHealth !== undefined);
  const budgets = [
    { budget: `read routes ≥ ${BUDGETS.readRatio}× health rps`, value: `lowest ${Math.min(...readRatios.map((r) => r.ratioToHealth!))}×`, pass: readRatios.every((r) => r.ratioToHealth! >= BUDGETS.readRatio) },
    { budget: `mixed load p99 < ${BUDGETS.mixedP99Ms} ms, no errors`, value: `${main.mixed!.p99} ms, ${main.mixed!.errors} errors`, pass: main.mixed!.p99 < BUDGETS.mixedP99Ms && main.mixed!.errors === 0 },
    { budget: `start-up < ${BUDGETS.startupMs} ms`, value: `${main.startupMs} ms`, pass: main.startupMs < BUDGETS.startupMs },
    { budget: `memory < ${BUDGETS.rssMb} MB after the load`, value: `${main.rssMb} MB`, pass: main.rssMb < BUDGETS.rssMb },
    { budget: `first-load JS ≤ ${BUDGETS.firstLoadJsKb} KB gzipped`, value: `${bundle.firstLoadJsGzipKb} KB`, pass: bundle.firstLoadJsGzipKb <= BUDGETS.firstLoadJsKb },
    {
      budget: `page vitals: CLS < ${VITALS_BUDGETS.cls}, LCP < ${VITALS_BUDGETS.lcpMs} ms (overview and council pages, 390 and 1280 px)`,
      value: `worst CLS ${Math.max(...vitals.map((v) => v.cls)).toFixed(3)}, worst LCP ${Math.max(...vitals.map((v) => v.lcpMs))} ms`,
      pass: vitals.every((v) => v.cls < VITALS_BUDGETS.cls && v.lcpMs < VITALS_BUDGETS.lcpMs),
    },
    (() => {
      const worst = main.stalls.reduce((w, s) => (s.maxStallMs > w.maxStallMs ? s : w), { route: '-', maxStallMs: 0 });
      return { budget: `no read route blocks the event loop ≥ ${BUDGETS.stallMs} ms (worst request of each)`, value: `worst ${worst.maxStallMs} ms (${worst.route})`, pass: worst.maxStallMs < BUDGETS.stallMs };
    })(),
  ];

  console.log(`\nRollout Planner benchmark: ${main.councils} councils, ${settings.connections} connections, ${settings.duration} s per route (Node ${machine.node}, ${machine.cpus} cores)`);
  console.log('Every rate is beside the same run\'s health route: the ratio is the figure to compare between machines.\n');
  console.log(`${'route'.padEnd(36)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'× health'.padStart(9)} ${'errors'.padStart(7)}`);
  for (const r of main.results) {
    console.log(`${r.route.padEnd(36)} ${String(r.rps).padStart(8)} ${String(r.p50).padStart(7)} ${String(r.p99).padStart(7)} ${(r.ratioToHealth === undefined ? '1' : String(r.ratioToHealth)).padStart(9)} ${String(r.errors).padStart(7)}`);
  }
  const m = main.mixed!;
  const b = main.mixedBursts!;
  console.log(`\nmixed load: ${m.rate} req/s for ${m.seconds} s (90% reads, 10% bulk writes), evenly spaced, open loop: ${m.requests} requests, p50 ${m.p50} ms, p90 ${m.p90} ms, p99 ${m.p99} ms, max ${m.max} ms, ${m.errors} errors (sent at most ${m.maxSendDelay} ms late)`);
  console.log(`  the same through autocannon's overallRate (each second's requests as one burst): p50 ${b.p50} ms, p90 ${b.p90} ms, p99 ${b.p99} ms, max ${b.max} ms, ${b.errors} errors`);
  console.log(`start-up ${main.startupMs} ms; first overview (cold read model) ${main.overviewColdMs} ms; resident memory after the load ${main.rssMb} MB`);
  console.log('\nreports and exports, one request each:');
  for (const o of main.oneShots) console.log(`  ${o.what.padEnd(34)} ${String(o.ms).padStart(9)} ms ${String(o.kb).padStart(10)} KB${o.peakRssMb !== undefined ? `, server RSS peak ${o.peakRssMb} MB` : ''}${o.status === 200 ? '' : ` (status ${o.status})`}`);
  console.log(`client: first-load JS ${bundle.firstLoadJsGzipKb} KB gz in ${bundle.firstLoadFiles} files, CSS ${bundle.firstLoadCssGzipKb} KB gz, chart chunk ${bundle.chartChunkGzipKb} KB gz (loaded later)`);
  if (main.generatedIn !== undefined) console.log(`dataset generated in ${main.generatedIn} s`);
  for (const s of scaleRuns) {
    const overview = s.routes.find((r) => r.route === 'GET /api/overview')!;
    console.log(`scale ${String(s.councils).padStart(4)} councils: start-up ${s.startupMs} ms, cold overview ${s.overviewColdMs} ms, overview ${overview.rps} req/s (${overview.ratioToHealth}× health), RSS ${s.rssMb} MB`);
  }
  printStalls(main.stalls);
  printBackup(backup);
  printVitals(vitals);
  console.log('\nbudgets:');
  for (const b of budgets) console.log(`  ${pass(b.pass)}  ${b.budget}: ${b.value}`);

  const out = values.out ?? 'bench/results.json';
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ at: new Date().toISOString(), machine, settings, bundle, ...main, backup, scales: scaleRuns, budgets }, null, 2)}\n`);
  console.log(`\nwrote ${out}`);
}

await main();
