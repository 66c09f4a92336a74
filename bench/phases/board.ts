/**
 * The board report's budgets (issues #14 and #24): a month's report asked for cold (the first request for its
 * period) under 300 ms whole with the server's resident memory under 300 MB at its peak, and no board report
 * blocking the event loop for 50 ms or more, a year's report right after a write included.
 */
import { DATASET_END } from '../../scripts/generate-dataset.ts';
import { peakRssMb, prepare, rssMb, stop, type Prepared } from '../server.ts';
import { BROWSER, BUDGETS, pass, round } from '../settings.ts';
import { askProbe, type Stall } from './stalls.ts';

export type BoardRequest = { what: string; ms: number; maxStallMs: number; peakRssMb: number; status: number };
export type Budget = { budget: string; value: string; pass: boolean };

/** One board report request, timed whole, with the server's longest event-loop stall and peak memory meanwhile. */
async function ask(p: Prepared, what: string, path: string): Promise<BoardRequest> {
  let peak = rssMb(p.server.child.pid!);
  const sampler = setInterval(() => { peak = Math.max(peak, rssMb(p.server.child.pid!)); }, 50);
  await askProbe(p.server.child, 'loop:reset');
  const started = performance.now();
  const res = await fetch(`${p.server.url}${path}`, { headers: { ...BROWSER, ...p.auth } });
  await res.arrayBuffer();
  const ms = round(performance.now() - started, 1);
  clearInterval(sampler);
  const { maxMs } = await askProbe(p.server.child, 'loop:read');
  return { what, ms, maxStallMs: round(maxMs, 1), peakRssMb: Math.max(peak, rssMb(p.server.child.pid!)), status: res.status };
}

/** `--phase board`: a month's report cold, the same again (cached), then a year's report right after a write. */
export async function boardRun(councils: number): Promise<{ councils: number; requests: BoardRequest[]; serverPeakRssMb: number }> {
  const p = await prepare(councils);
  try {
    const month = await ask(p, 'a month (the default period), cold', '/api/reports/board');
    const again = await ask(p, 'the same again (cached)', '/api/reports/board');
    const write = await fetch(`${p.server.url}/api/readings/bulk`, {
      method: 'POST', headers: { cookie: p.lead.cookie, 'x-csrf-token': p.lead.csrf, 'content-type': 'application/json' }, body: JSON.stringify({ readings: p.readings }),
    });
    if (!write.ok) throw new Error(`readings write: ${write.status}`);
    const year = await ask(p, 'a year, right after a write', `/api/reports/board?from=${DATASET_END.slice(0, 5)}01-01&to=${DATASET_END}`);
    // The server's peak memory over the whole phase, read just before it is stopped.
    return { councils, requests: [month, again, year], serverPeakRssMb: peakRssMb(p.server.child.pid!) };
  } finally {
    await stop(p.server, p.dir, p.source);
  }
}

/** The board report's three budgets: from `--phase board`, or from the main run's one-shot report and stalls. */
export function boardBudgets(month: { ms: number; peakRssMb?: number } | undefined, stalls: Array<Pick<Stall, 'route' | 'maxStallMs'>>): Budget[] {
  const worst = stalls.reduce((w, s) => (s.maxStallMs > w.maxStallMs ? s : w), { route: '-', maxStallMs: 0 });
  return [
    { budget: `a month's board report cold < ${BUDGETS.boardMonthColdMs} ms whole`, value: month ? `${month.ms} ms` : 'not measured', pass: month !== undefined && month.ms < BUDGETS.boardMonthColdMs },
    {
      budget: `server RSS < ${BUDGETS.rssMb} MB at the peak of a month's board report`, value: month?.peakRssMb === undefined ? 'not measured' : `${month.peakRssMb} MB`,
      pass: month?.peakRssMb !== undefined && month.peakRssMb < BUDGETS.rssMb,
    },
    { budget: `the board report blocks the event loop < ${BUDGETS.stallMs} ms`, value: stalls.length === 0 ? 'not measured' : `worst ${worst.maxStallMs} ms (${worst.route})`, pass: stalls.length > 0 && worst.maxStallMs < BUDGETS.stallMs },
  ];
}

export function printBoard(run: { councils: number; requests: BoardRequest[] }): Budget[] {
  console.log(`\nboard report (${run.councils} councils), one request each:`);
  for (const r of run.requests) {
    console.log(`  ${r.what.padEnd(36)} ${String(r.ms).padStart(9)} ms whole, longest stall ${String(r.maxStallMs).padStart(8)} ms, server RSS peak ${r.peakRssMb} MB${r.status === 200 ? '' : ` (status ${r.status})`}`);
  }
  const budgets = boardBudgets(run.requests[0], run.requests.filter((r) => r.what !== 'the same again (cached)').map((r) => ({ route: `GET /api/reports/board: ${r.what}`, maxStallMs: r.maxStallMs })));
  printBudgets(budgets);
  return budgets;
}

export function printBudgets(budgets: Budget[], title = 'board report budgets'): void {
  console.log(`\n${title}:`);
  for (const b of budgets) console.log(`  ${pass(b.pass)}  ${b.budget}: ${b.value}`);
}
