/** The server under test: the dataset, the production build, the built server on a copy, signed-in users, autocannon. */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { BENCH_PASSWORD, DATASET_END, generateDataset } from '../scripts/generate-dataset.ts';
import { builtServerCommand } from './command.ts';
import { BROWSER, round, settings, smoke, type RouteResult } from './settings.ts';

export async function dataset(councils: number): Promise<{ file: string; generatedIn?: number }> {
  const file = smoke ? join(tmpdir(), `rollout-bench-smoke-${process.pid}.sqlite`) : `bench/data/national-${councils}.sqlite`;
  if (existsSync(file) && !smoke) return { file };
  mkdirSync(dirname(file), { recursive: true });
  console.log(`Generating a dataset of ${councils} councils…`);
  const summary = await generateDataset({ councils, weeks: smoke ? 12 : 156, auditRows: smoke ? 200 : councils * 2500, out: file });
  console.log(`  ${summary.readings.toLocaleString('en-GB')} readings, ${summary.auditRows.toLocaleString('en-GB')} audit rows in ${summary.seconds} s`);
  return { file, generatedIn: summary.seconds };
}

/** The production build: the client (when its sources changed) and the bundled server. */
export async function ensureBuild(): Promise<void> {
  await import('../scripts/ensure-client.ts');
  await (await import('../scripts/build-server.ts')).buildServer();
}

export function bundleSizes() {
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

/** The last of the server's output kept after it has started: enough to say why it stopped, if it does. */
const OUTPUT_KEPT = 4000;

export interface Started {
  child: ChildProcess;
  url: string;
  startupMs: number;
  /** The server's output since it started (its last few thousand characters). */
  output: () => string;
}

export async function startServer(file: string): Promise<Started> {
  const started = performance.now();
  // As `npm run start:built` runs it: the heap capped, so the footprint stays predictable instead of growing with
  // garbage between collections (docs/adr/0017 and 0022). bench/loop-probe.mjs rides along to measure the server's
  // event-loop stalls, read over the IPC channel.
  const { env, flags, entry } = builtServerCommand();
  const child = spawn(process.execPath, [...flags, '--import', './bench/loop-probe.mjs', entry], {
    env: { ...process.env, ...env, DATABASE_FILE: file, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', DEMO_DATA: 'off', SIGNIN_MAX_ATTEMPTS: '1000' },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  // What the server says, kept all along: a crash later (running out of memory at a larger scale) is told with it.
  let out = '';
  const keep = (chunk: Buffer) => { out = (out + chunk.toString()).slice(-OUTPUT_KEPT); };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`The server did not start:\n${out}`));
    }, 60_000);
    const listening = () => {
      const match = /running at (http:\/\/[^/\s]+)\//.exec(out);
      if (!match) return;
      clearTimeout(timer);
      child.stdout!.off('data', listening);
      resolve(match[1]!);
    };
    child.stdout!.on('data', listening);
    child.on('exit', (code) => reject(new Error(`The server exited (${code}):\n${out}`)));
  });
  return { child, url, startupMs: Math.round(performance.now() - started), output: () => out };
}

/** A figure of the process's memory from /proc (in kB there), in MB. */
function statusMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return round(Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024, 1);
}

/** The server's resident memory now. */
export const rssMb = (pid: number): number => statusMb(pid, 'VmRSS');

/**
 * The highest resident memory the server has had since it started (the kernel's high-water mark), read just before
 * a phase stops it: the peak of the whole phase, exports and reports included, with nothing missed between samples.
 */
export const peakRssMb = (pid: number): number => statusMb(pid, 'VmHWM');

/** CPU time the process has used so far, in ms (user and system, from /proc; clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * Waits until the server is idle: a whole second in which it used under 5% of a core, for at most `limitMs`, and
 * says how long that took. After a restart it judges every council, makes the longest trend and compiles schemas in
 * the background; measured meanwhile, the health route read 1,700–13,600 requests a second instead of 18,000–27,000,
 * and whichever route came next looked faster beside it than it is.
 */
export async function quiet(pid: number, limitMs = 60_000): Promise<number> {
  const started = performance.now();
  let before = cpuMs(pid);
  while (performance.now() - started < limitMs) {
    await new Promise((resume) => setTimeout(resume, 1000));
    const now = cpuMs(pid);
    if (now - before < 50) break;
    before = now;
  }
  return Math.round(performance.now() - started);
}

async function signIn(url: string, email: string): Promise<{ cookie: string; csrf: string; councilIds: number[] }> {
  const res = await fetch(`${url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: BENCH_PASSWORD }) });
  if (!res.ok) throw new Error(`Sign-in of ${email} failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  const body = (await res.json()) as { csrfToken: string; user: { councilIds: number[] } };
  return { cookie, csrf: body.csrfToken, councilIds: body.user.councilIds };
}

export async function measure(route: string, options: autocannon.Options): Promise<RouteResult> {
  const result = await autocannon({ connections: settings.connections, duration: settings.duration, ...options, headers: { ...BROWSER, ...options.headers } });
  return {
    route, rps: round(result.requests.average), p50: result.latency.p50, p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

/**
 * Waits until `done` holds for the database, read as another process reads it; after `what` has not happened in
 * `limitMs`, fails rather than measure a server that is not yet at rest.
 */
async function waitFor(file: string, what: string, done: (db: Database.Database) => boolean, limitMs = 120_000): Promise<void> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    for (let waited = 0; !done(db); waited += 100) {
      if (waited >= limitMs) throw new Error(`The server is not at rest after ${limitMs / 1000} s: ${what} has not happened.`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    db.close();
  }
}

/**
 * Waits until the first server is at rest: today's overview written to disk after warming it, and the events the
 * generated dataset leaves waiting (wins submitted for review) turned into notifications. A server that has run for
 * a while has done both; measured while it was still doing the second, the cold board report took 394 ms instead of
 * 262, and the "cached" one was made again twice (each batch of notifications is a write).
 */
async function atRest(file: string, councils: number): Promise<void> {
  await waitFor(file, "today's overview written to disk", (db) => (db.prepare('select count(*) from read_model_snapshots').pluck().get() as number) > 0);
  // The sender turns at most 200 events into notifications a round, a round every 15 s: about 2 minutes at 1,600
  // councils, so larger datasets wait longer.
  await waitFor(file, 'every waiting event turned into notifications', (db) => (db.prepare('select count(*) from notification_events where processed_at is null').pluck().get() as number) === 0, 60_000 + 100 * councils);
}

/** A copy of the dataset, the built server on it, two signed-in users, ids to ask about, warm read models. */
export async function prepare(councils: number) {
  const { file: source, generatedIn } = await dataset(councils);
  const dir = mkdtempSync(join(tmpdir(), 'rollout-bench-'));
  const file = join(dir, 'bench.sqlite');
  copyFileSync(source, file); // writes during the run must not change the dataset
  const fd = openSync(file, 'r+');
  fsyncSync(fd); // flush the copy first, so start-up is not measured against the disk writing it out
  closeSync(fd);
  let server = await startServer(file);
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

    // Then a restart on the same file, as after a deploy: the server keeps today's overview on disk once it has
    // warmed it and when it closes (read-models/snapshots.ts), so the first reader after the restart is not made to
    // wait for a build. Sessions are kept in the database, so the same cookies sign the same people in.
    const firstStartupMs = server.startupMs;
    await atRest(file, councils);
    await stopServer(server);
    server = await startServer(file);
    // As the dashboard loads: it asks who is signed in, then for the overview. (The very first request of a new
    // process, whatever it is, takes 70–110 ms here: code compiled on first use, sessions read from disk.)
    await fetch(`${server.url}/api/session`, { headers: auth });
    const restartStart = performance.now();
    await fetch(`${server.url}/api/overview`, { headers: auth });
    const restart = { startupMs: server.startupMs, overviewMs: round(performance.now() - restartStart, 1) };

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
    return { source, generatedIn, dir, server, office, lead, auth, ids, firstStartupMs, overviewColdMs, restart, readings, reads };
  } catch (error) {
    await stop(server, dir, source);
    throw error;
  }
}

/** Stops the server as a deploy would (SIGTERM: it closes, keeping today's overview on disk) and waits for it to exit. */
async function stopServer(server: { child: ChildProcess }): Promise<void> {
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/**
 * Stops the server and removes the copy of the dataset. The server ends with 0 when asked to stop (SIGTERM: it closes
 * and keeps today's overview on disk); any other end means it crashed during the run, which is an error with its last
 * output, whatever the run reported meanwhile (a failed fetch, when a request ran it out of memory).
 */
export async function stop(server: Started, dir: string, source: string) {
  await stopServer(server);
  rmSync(dir, { recursive: true, force: true });
  if (smoke) for (const suffix of ['', '-wal', '-shm']) rmSync(`${source}${suffix}`, { force: true });
  const { exitCode, signalCode } = server.child;
  if (exitCode !== 0) throw new Error(`The server stopped during the run (${exitCode ?? signalCode}):\n${server.output()}`);
}

export type Prepared = Awaited<ReturnType<typeof prepare>>;
