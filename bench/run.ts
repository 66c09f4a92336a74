/**
 * The benchmark: the real server over a generated national-scale database, measured with autocannon.
 * Every figure is printed beside the same run's baseline (the health route), because this 2-core machine
 * is noisy and the load generator competes with the server. Budgets print PASS or FAIL (bench/budgets.ts: round one's,
 * then every budget of issue #24, each from the same run's figures).
 *
 *   npm run bench                         (400 councils: every phase below in one run; generates the dataset first if missing)
 *   npm run bench -- --councils 100 --duration 5
 *   npm run bench -- --scales 10,100,400  (how cost grows with the number of councils)
 *   npm run bench -- --smoke --out /tmp/r.json   (tiny dataset, seconds: checks the script works)
 *   npm run bench -- --phase stalls       (only the event-loop stalls of every read route, to bench/results-stalls.json)
 *   npm run bench -- --phase stalls --only 'exports|benefits'   (the stalls of the routes whose name matches)
 *   npm run bench -- --phase backup       (only the backup and restore phase, written to bench/results-backup.json)
 *   npm run bench -- --phase vitals       (only CLS and LCP of the overview and a council page in Chromium: scripts/web-vitals.ts)
 *   npm run bench -- --phase timeline     (only the cached timeline and a wave-move preview beside health, over HTTP: docs/timeline.md)
 *   npm run bench -- --phase cliff        (only the overview while a write and an "as of" read land each second, beside health)
 *   npm run bench -- --phase board        (only the board report: a month's cold with peak memory, a year's after a write, and their budgets)
 *   npm run bench -- --phase scales       (only the runs at 10, 100, 400 and 4,000 councils, or --scales: the scaling table and budget 10)
 *
 * The phases live in bench/phases/, the server under test in bench/server.ts, the command line in bench/settings.ts.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname } from 'node:path';
import { budgetsOf, peakRssBudget, round2Budgets, tenTimesBudgets, type ScaleRun } from './budgets.ts';
import { backupPhase, printBackup, type BackupFigures } from './phases/backup.ts';
import { boardBudgets, boardRun, printBoard, printBudgets, type Budget } from './phases/board.ts';
import { printCliff } from './phases/cliff.ts';
import { cliffRun, run, type MainRun } from './phases/main.ts';
import { printStalls, stallsRun, trendBudgets } from './phases/stalls.ts';
import { timelinePhase } from './phases/timeline.ts';
import { bundleSizes, ensureBuild } from './server.ts';
import { BUDGETS, pass, settings, values } from './settings.ts';

function writeResults(defaultOut: string, figures: Record<string, unknown>): void {
  const out = values.out ?? defaultOut;
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ at: new Date().toISOString(), ...figures }, null, 2)}\n`);
  console.log(`\nwrote ${out}`);
}

const machine = () => ({ node: process.version, cpus: cpus().length });

async function stallsMain() {
  await ensureBuild();
  const { stalls, serverPeakRssMb } = await stallsRun(settings.councils);
  printStalls(stalls);
  const worst = stalls.reduce((w, s) => (s.maxStallMs > w.maxStallMs ? s : w));
  console.log(`\n  ${pass(worst.maxStallMs < BUDGETS.stallMs)}  no read route blocks the event loop ≥ ${BUDGETS.stallMs} ms: worst ${worst.maxStallMs} ms (${worst.route})`);
  const peak = peakRssBudget([{ phase: 'stalls', mb: serverPeakRssMb }]);
  for (const b of [...trendBudgets(stalls), peak]) console.log(`  ${pass(b.pass)}  ${b.budget}: ${b.value}`);
  writeResults('bench/results-stalls.json', { councils: settings.councils, stalls, serverPeakRssMb, budgets: [peak] });
}

/** The timeline phase's figures and its two budgets (docs/timeline.md). */
function printTimeline(t: Awaited<ReturnType<typeof timelinePhase>>): Budget[] {
  console.log(`\ntimeline and what-if (${t.councils} councils, ${settings.connections} connections, ${settings.duration} s per route):`);
  console.log(`  GET /api/health     ${t.health.rps} req/s, p50 ${t.health.p50} ms, p99 ${t.health.p99} ms`);
  console.log(`  GET /api/timeline   ${t.timeline.rps} req/s, p50 ${t.timeline.p50} ms, p99 ${t.timeline.p99} ms, ${t.timeline.errors} errors; first (cold) ${t.timeline.coldMs} ms, ${t.timeline.kbSent} KB of JSON (sent compressed)`);
  console.log(`  wave-move preview   p50 ${t.preview.p50} ms, worst ${t.preview.max} ms of ${t.preview.runs} (a wave of ${t.preview.waveItems} items: ${t.preview.itemsMoved} move, ${t.preview.lateItems} late)`);
  const budgets = [
    { budget: `cached timeline ≥ ${BUDGETS.readRatio}× health`, value: `${t.timeline.ratioToHealth}×`, pass: t.timeline.ratioToHealth >= BUDGETS.readRatio },
    { budget: 'wave-move preview < 100 ms', value: `p50 ${t.preview.p50} ms`, pass: t.preview.p50 < 100 },
  ];
  printBudgets(budgets, 'timeline budgets');
  return budgets;
}

async function timelineMain() {
  await ensureBuild();
  const t = await timelinePhase(settings.councils);
  const budgets = printTimeline(t);
  writeResults('bench/results-timeline.json', { timeline: t, budgets });
}

async function cliffMain() {
  await ensureBuild();
  const { councils, health, cliff } = await cliffRun(settings.councils);
  console.log(`\n${councils} councils: GET /api/health ${health.rps} req/s`);
  printCliff(cliff);
  console.log(`\n  ${pass(cliff.ratioToHealth >= BUDGETS.readRatio && cliff.errors === 0)}  overview after a write and an "as of" read ≥ ${BUDGETS.readRatio}× health: ${cliff.ratioToHealth}×`);
  writeResults('bench/results-cliff.json', { councils, health, cliff });
}

async function boardMain() {
  await ensureBuild();
  const board = await boardRun(settings.councils);
  const budgets = printBoard(board);
  writeResults('bench/results-board.json', { councils: board.councils, board: board.requests, budgets });
}

async function backupMain() {
  const figures = await backupPhase(settings.councils);
  printBackup(figures);
  writeResults('bench/results-backup.json', { machine: machine(), backup: figures });
}

function printMain(main: MainRun, bundle: ReturnType<typeof bundleSizes>, scaleRuns: ScaleRun[]): void {
  console.log(`\nRollout Planner benchmark: ${main.councils} councils, ${settings.connections} connections, ${settings.duration} s per route (Node ${machine().node}, ${machine().cpus} cores)`);
  console.log('Every rate is beside the health route measured just before it: the ratio is the figure to compare between machines.\n');
  console.log(`${'route'.padEnd(36)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'× health'.padStart(9)} ${'errors'.padStart(7)} ${'health req/s'.padStart(13)}`);
  for (const r of [...main.results, ...(main.cliff ? [main.cliff] : [])]) {
    console.log(`${r.route.padEnd(36)} ${String(r.rps).padStart(8)} ${String(r.p50).padStart(7)} ${String(r.p99).padStart(7)} ${(r.ratioToHealth === undefined ? '1' : String(r.ratioToHealth)).padStart(9)} ${String(r.errors).padStart(7)} ${String(r.healthRps ?? '').padStart(13)}`);
  }
  if (main.cliff) printCliff(main.cliff);
  const m = main.mixed!;
  const b = main.mixedBursts!;
  console.log(`\nmixed load: ${m.rate} req/s for ${m.seconds} s (${m.mix}), evenly spaced, open loop over ${m.sockets} sockets: ${m.requests} requests, p50 ${m.p50} ms, p90 ${m.p90} ms, p99 ${m.p99} ms, max ${m.max} ms, ${m.errors} errors (sent at most ${m.maxSendDelay} ms late)`);
  const w = m.warmup;
  console.log(`  after ${w.seconds} s of the same requests at the same rate, reported apart (the mix's read models made for the first time): p50 ${w.p50} ms, p90 ${w.p90} ms, p99 ${w.p99} ms, max ${w.max} ms, ${w.errors} errors`);
  console.log(`  the same through autocannon's overallRate (each second's requests as one burst): p50 ${b.p50} ms, p90 ${b.p90} ms, p99 ${b.p99} ms, max ${b.max} ms, ${b.errors} errors`);
  console.log(`start-up ${main.startupMs} ms; first overview (cold read model) ${main.overviewColdMs} ms; after a restart: start-up ${main.restart.startupMs} ms, first overview ${main.restart.overviewMs} ms; resident memory after the load ${main.rssMb} MB, at its peak ${main.serverPeakRssMb} MB`);
  console.log(`  the server's resident memory at its highest so far, after each part: ${main.highWater.map((h) => `${h.after} ${h.mb} MB`).join('; ')}`);
  console.log('\nreports and exports, one request each:');
  for (const o of main.oneShots) console.log(`  ${o.what.padEnd(34)} ${String(o.ms).padStart(9)} ms ${String(o.kb).padStart(10)} KB${o.peakRssMb !== undefined ? `, server RSS ${o.rssBeforeMb} MB before, ${o.peakRssMb} MB at its peak` : ''}${o.status === 200 ? '' : ` (status ${o.status})`}`);
  console.log(`client: first-load JS ${bundle.firstLoadJsGzipKb} KB gz in ${bundle.firstLoadFiles} files, CSS ${bundle.firstLoadCssGzipKb} KB gz, chart chunk ${bundle.chartChunkGzipKb} KB gz (loaded later)`);
  if (main.generatedIn !== undefined) console.log(`dataset generated in ${main.generatedIn} s`);
  printScales(scaleRuns);
}

function printScales(scaleRuns: ScaleRun[]): void {
  for (const s of scaleRuns) {
    if ('failed' in s) {
      console.log(`scale ${String(s.councils).padStart(4)} councils: the run failed: ${s.failed}`);
      continue;
    }
    const overview = s.routes.find((r) => r.route === 'GET /api/overview')!;
    console.log(`scale ${String(s.councils).padStart(4)} councils: start-up ${s.startupMs} ms, cold overview ${s.overviewColdMs} ms, overview ${overview.rps} req/s (${overview.ratioToHealth}× health), RSS ${s.rssMb} MB (peak ${s.peakRssMb} MB)`);
    if (s.highWater) console.log(`  its resident memory at its highest so far, after each part: ${s.highWater.map((h) => `${h.after} ${h.mb} MB`).join('; ')}`);
  }
}

/**
 * A run at each number of councils: read routes beside health, reports and exports, memory. A run that fails (its
 * server out of memory at a scale it cannot hold, with what it said last) is reported as such, and the next one runs.
 */
async function scaleRunsOf(scales: number[]): Promise<ScaleRun[]> {
  const out: ScaleRun[] = [];
  for (const councils of scales) {
    try {
      const r = await run(councils, false);
      out.push({
        councils, startupMs: r.startupMs, overviewColdMs: r.overviewColdMs, rssMb: r.rssMb, peakRssMb: r.serverPeakRssMb,
        routes: r.results.map(({ route, rps, p99, ratioToHealth }) => ({ route, rps, p99, ratioToHealth })), highWater: r.highWater,
      });
    } catch (error) {
      const said = String(error instanceof Error ? error.message : error);
      const reason = /heap out of memory/.test(said) ? 'the server ran out of memory (JavaScript heap)' : said.split('\n')[0]!;
      process.stderr.write(`  the run at ${councils} councils failed: ${said.slice(0, 2000)}\n`);
      out.push({ councils, failed: reason });
    }
  }
  return out;
}

/** Only the runs at each of --scales (10, 100, 400 and 4,000 councils unless given): the scaling table and budget 10. */
async function scalesMain() {
  await ensureBuild();
  const scaleRuns = await scaleRunsOf((values.scales ?? '10,100,400,4000').split(',').map(Number));
  console.log('\nRollout Planner benchmark at several numbers of councils:');
  printScales(scaleRuns);
  const budgets = tenTimesBudgets(scaleRuns);
  printBudgets(budgets, 'budget 10 of issue #24 (ten times the data)');
  writeResults('bench/results-scales.json', { machine: machine(), settings, scales: scaleRuns, budgets });
  process.exitCode = budgets.every((b) => b.pass) ? 0 : 1;
}

/** Every phase over the dataset, then at each of --scales, the report and the budgets. */
async function fullMain() {
  await ensureBuild();
  const bundle = bundleSizes();
  const scales = values.scales ? values.scales.split(',').map(Number) : [];
  const main = await run(settings.councils, true);
  const backup: BackupFigures = await backupPhase(settings.councils);
  const timeline = await timelinePhase(settings.councils);
  const boardPhase = await boardRun(settings.councils);
  const { measureVitals, printVitals, VITALS_BUDGETS } = await import('../scripts/web-vitals.ts');
  const vitals = await measureVitals();
  const scaleRuns = await scaleRunsOf(scales);
  const budgets = budgetsOf(main, bundle, vitals, VITALS_BUDGETS);
  printMain(main, bundle, scaleRuns);
  printStalls(main.stalls);
  printBackup(backup);
  printVitals(vitals);
  printBudgets(budgets, 'budgets');
  // The board report's own (a month's report cold and its peak memory from the one-shots, its worst request's stall).
  const board = boardBudgets(main.oneShots.find((o) => o.what === 'board report (a month)'), main.stalls.filter((s) => s.route === 'GET /api/reports/board'));
  printBudgets(board);
  // The phases that also run on their own (--phase timeline, --phase board), so the full run prints every budget.
  const timelineBudgets = printTimeline(timeline);
  const boardPhaseBudgets = printBoard(boardPhase);
  // Every budget of issue #24 in one list, from the figures above.
  const issue24 = round2Budgets({ main, timeline: { ratioToHealth: timeline.timeline.ratioToHealth, serverPeakRssMb: timeline.serverPeakRssMb }, board: boardPhase, scaleRuns });
  printBudgets(issue24, 'budgets of issue #24 (performance round two)');
  writeResults('bench/results.json', {
    machine: machine(), settings, bundle, ...main, backup, scales: scaleRuns, budgets, boardBudgets: board,
    timeline: { figures: timeline, budgets: timelineBudgets }, board: { requests: boardPhase.requests, serverPeakRssMb: boardPhase.serverPeakRssMb, budgets: boardPhaseBudgets },
    issue24Budgets: issue24,
  });
}

async function main() {
  switch (values.phase) {
    case undefined: return fullMain();
    case 'stalls': return stallsMain();
    case 'timeline': return timelineMain();
    case 'cliff': return cliffMain();
    case 'backup': return backupMain();
    case 'board': return boardMain();
    case 'scales': return scalesMain();
    case 'vitals': {
      const { measureVitals, printVitals } = await import('../scripts/web-vitals.ts');
      process.exitCode = printVitals(await measureVitals()) ? 0 : 1;
      return;
    }
    default: throw new Error(`--phase must be "backup", "board", "cliff", "scales", "stalls", "timeline" or "vitals", got "${values.phase}"`);
  }
}

await main();
