/**
 * The timeline read model and the wave-move preview at 400 councils, in process (app.inject, no sockets), each
 * beside the health route measured in the same run (docs/timeline.md, docs/performance.md):
 *   node --import tsx bench/timeline.ts [--file bench/data/national-400.sqlite] [--seconds 3]
 * Budgets: the cached timeline at ≥ 0.5× the health route's rate; a wave-move preview under 100 ms; the first
 * timeline after a plan change blocks the event loop < 50 ms at a time (it is made in slices: http/steps.ts).
 * Works on a copy of the dataset, so the file is never changed.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp } from '../server/app.ts';
import { systemActor } from '../server/auth/actor.ts';
import { hashPassword } from '../server/auth/secrets.ts';
import { openDatabase } from '../server/db/database.ts';
import { createUserService } from '../server/modules/users/service.ts';

const { values } = parseArgs({ options: { file: { type: 'string', default: 'bench/data/national-400.sqlite' }, seconds: { type: 'string', default: '3' } } });
const dir = mkdtempSync(join(tmpdir(), 'rp-timeline-bench-'));
const file = join(dir, 'bench.sqlite');
copyFileSync(values.file!, file);
const db = openDatabase({ file });
const app = await buildApp({ db, logger: false });
await app.ready();
const email = `timeline-bench-${Date.now()}@example.org`;
createUserService(db, () => new Date()).insert({ email, displayName: 'Bench office', role: 'office', councilIds: [] }, await hashPassword('correct horse battery'), { actor: systemActor('Bench') });
const session = await app.inject({ method: 'POST', url: '/api/session', payload: { email, password: 'correct horse battery' } });
const cookie = `rp_session=${session.cookies.find((c) => c.name === 'rp_session')!.value}`;
const csrf = JSON.parse(session.body).csrfToken as string;
// As a browser asks: compressed answers accepted (the dashboard's fetches and bench/run.ts do the same).
const headers = { cookie, 'accept-encoding': 'gzip, deflate, br' };
/** The dashboard's first page of the timeline: 50 councils. */
const TIMELINE_PAGE = '/api/timeline?councilLimit=50';

/** Requests per second of one route, one at a time, for `seconds`. */
async function rate(url: string): Promise<{ rps: number; p50: number; max: number }> {
  const times: number[] = [];
  const end = performance.now() + Number(values.seconds) * 1000;
  while (performance.now() < end) {
    const t = performance.now();
    const res = await app.inject({ method: 'GET', url, headers });
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 200)}`);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { rps: Math.round(times.length / Number(values.seconds)), p50: +times[Math.floor(times.length / 2)]!.toFixed(2), max: +times[times.length - 1]!.toFixed(1) };
}

const councils = (db.$client.prepare('select count(*) as n from councils').get() as { n: number }).n;
const items = (db.$client.prepare('select count(*) as n from rollout_items').get() as { n: number }).n;
const t0 = performance.now();
const cold = await app.inject({ method: 'GET', url: TIMELINE_PAGE, headers });
const coldMs = +(performance.now() - t0).toFixed(1);
const health = await rate('/api/health');
const timeline = await rate(TIMELINE_PAGE);

// The planned wave with the most items: the move an office would preview, at its largest.
const wave = db.$client.prepare(`select w.id, w.planned_go_live as plannedGoLive from waves w join rollout_items i on i.wave_id = w.id
  where w.status = 'planned' group by w.id order by count(*) desc, w.id limit 1`).get() as { id: number; plannedGoLive: string };
const moved = new Date(Date.parse(`${wave.plannedGoLive}T00:00:00Z`) + 21 * 86_400_000).toISOString().slice(0, 10);
const previews: number[] = [];
// CPU time of each preview as well as its wall time: on a shared 2-core machine the wall time includes waiting for a core.
const cpu: number[] = [];
let impact: { itemsMoved: number; lateItems: unknown[]; activitiesMoved: unknown[] } | undefined;
for (let i = 0; i < 15; i++) {
  const t = performance.now();
  const used = process.cpuUsage();
  const res = await app.inject({
    method: 'POST', url: `/api/plan-changes/waves/${wave.id}?preview=true`, headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' },
    payload: { plannedGoLive: moved, reasonCategory: 'readiness', reason: 'Benchmark: three weeks later.' },
  });
  previews.push(performance.now() - t);
  const spent = process.cpuUsage(used);
  cpu.push((spent.user + spent.system) / 1000);
  if (res.statusCode !== 200) throw new Error(`preview: ${res.statusCode} ${res.body.slice(0, 300)}`);
  impact = JSON.parse(res.body);
}
// The first timeline after a plan change: made again from nothing, while the event loop's longest block is measured
// as the longest gap between the ticks of a 1 ms timer (read after the reply, once the timer has run again). Twice,
// a week apart.
const stalls: Array<{ ms: number; maxGapMs: number }> = [];
let lastTick = performance.now();
let longestGap = 0;
const probe = setInterval(() => { const now = performance.now(); longestGap = Math.max(longestGap, now - lastTick); lastTick = now; }, 1);
for (const weeks of [1, 2]) {
  const version = (await app.inject({ method: 'GET', url: `/api/waves/${wave.id}`, headers })).headers.etag as string;
  const day = new Date(Date.parse(`${wave.plannedGoLive}T00:00:00Z`) + weeks * 7 * 86_400_000).toISOString().slice(0, 10);
  const moved = await app.inject({
    method: 'PATCH', url: `/api/waves/${wave.id}`, headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json', 'if-match': version },
    payload: { plannedGoLive: day, reasonCategory: 'readiness', reason: 'Benchmark: a plan change before the timeline is read.' },
  });
  if (moved.statusCode !== 200) throw new Error(`wave move: ${moved.statusCode} ${moved.body.slice(0, 300)}`);
  await new Promise((r) => setTimeout(r, 20));
  lastTick = performance.now();
  longestGap = 0;
  const t = performance.now();
  const res = await app.inject({ method: 'GET', url: TIMELINE_PAGE, headers });
  const ms = +(performance.now() - t).toFixed(1);
  if (res.statusCode !== 200) throw new Error(`timeline: ${res.statusCode}`);
  await new Promise((r) => setTimeout(r, 10));
  stalls.push({ ms, maxGapMs: +longestGap.toFixed(1) });
}
clearInterval(probe);
previews.sort((a, b) => a - b);
cpu.sort((a, b) => a - b);
const previewP50 = +previews[Math.floor(previews.length / 2)]!.toFixed(1);

const ratio = +(timeline.rps / health.rps).toFixed(2);
console.log(`Timeline bench: ${councils} councils, ${items} items, ${(cold.rawPayload.length / 1024).toFixed(0)} KiB timeline as sent (${cold.headers['content-encoding'] ?? 'identity'}) (Node ${process.version})`);
console.log(`GET /api/health      ${health.rps} req/s  p50 ${health.p50} ms`);
console.log(`GET /api/timeline    cold ${coldMs} ms; cached ${timeline.rps} req/s  p50 ${timeline.p50} ms  max ${timeline.max} ms  = ${ratio}× health (budget ≥ 0.5×) ${ratio >= 0.5 ? 'PASS' : 'FAIL'}`);
console.log(`wave-move preview    p50 ${previewP50} ms, worst ${previews[previews.length - 1]!.toFixed(1)} ms of ${previews.length} (budget < 100 ms) ${previewP50 < 100 ? 'PASS' : 'FAIL'}; CPU p50 ${cpu[Math.floor(cpu.length / 2)]!.toFixed(1)} ms; moved ${impact!.itemsMoved} items, ${impact!.lateItems.length} late, ${impact!.activitiesMoved.length} activities`);
console.log(`first timeline after a plan change: ${stalls.map((x) => `${x.ms} ms, longest event-loop block ${x.maxGapMs} ms`).join('; ')} (budget < 50 ms) ${Math.max(...stalls.map((x) => x.maxGapMs)) < 50 ? 'PASS' : 'FAIL'}`);
await app.close();
db.$client.close();
rmSync(dir, { recursive: true, force: true });
