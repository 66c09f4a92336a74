/** The event-loop stalls of every read route: the worst request of each, right after a write, one at a time. */
import type { ChildProcess } from 'node:child_process';
import { DATASET_END } from '../../scripts/generate-dataset.ts';
import { peakRssMb, prepare, stop } from '../server.ts';
import { BROWSER, round, values } from '../settings.ts';

/** A read route's worst request: its longest stall, its time whole, and the server's high-water mark of resident memory after it. */
export type Stall = { route: string; maxStallMs: number; ms: number; status: number; peakRssMb: number };

/** The longest trend asked for a second time, after another write: its weeks judged for the first are remembered. */
export const TREND_AGAIN = 'GET /api/trends (again, after a write)';
/** Issue #24: trends of the longest allowed range (five years of weekly points, the whole programme) < 50 ms whole. */
export const TREND_BUDGET_MS = 50;

/**
 * The longest event-loop stall of the worst request of every read route, each asked for right after a write
 * (so no read model is warm for it), one at a time.
 */
export async function measureStalls(server: { child: ChildProcess; url: string }, auth: Record<string, string>, writer: { cookie: string; csrf: string }, readings: unknown[]): Promise<Stall[]> {
  const stalls: Stall[] = [];
  const only = values.only === undefined ? null : new RegExp(values.only);
  const asked = (await worstCaseReads(server.url, auth)).filter((r) => only === null || only.test(r.route));
  const trend = asked.find((r) => r.route === 'GET /api/trends');
  await settled(server.child);
  for (const { route, path } of trend ? [...asked, { route: TREND_AGAIN, path: trend.path }] : asked) {
    await fetch(`${server.url}/api/readings/bulk`, { method: 'POST', headers: { cookie: writer.cookie, 'x-csrf-token': writer.csrf, 'content-type': 'application/json' }, body: JSON.stringify({ readings }) });
    await askProbe(server.child, 'loop:reset');
    const started = performance.now();
    const res = await fetch(`${server.url}${path}`, { headers: { ...BROWSER, ...auth } });
    await res.arrayBuffer();
    const ms = round(performance.now() - started, 1);
    const { maxMs } = await askProbe(server.child, 'loop:read');
    const peak = peakRssMb(server.child.pid!);
    stalls.push({ route, maxStallMs: round(maxMs, 1), ms, status: res.status, peakRssMb: peak });
    process.stderr.write(`  ${route}: ${round(maxMs, 1)} ms longest stall, ${ms} ms, ${res.status}; server's peak RSS so far ${peak} MB\n`);
  }
  return stalls;
}

/**
 * Waits until the server's start-up work (the overview and the longest trend, warmed in the background) is done:
 * until a whole second passes without a stall of 20 ms, for at most 30 s. Otherwise its collections are counted
 * against whichever routes come first.
 */
async function settled(child: ChildProcess): Promise<void> {
  const started = performance.now();
  while (performance.now() - started < 30_000) {
    await askProbe(child, 'loop:reset');
    await new Promise((resume) => setTimeout(resume, 1000));
    if ((await askProbe(child, 'loop:read')).maxMs < 20) break;
  }
  process.stderr.write(`  the server settled after ${Math.round(performance.now() - started)} ms\n`);
}

/** Asks the server's loop probe (bench/loop-probe.mjs) something and waits for its answer. */
export function askProbe(child: ChildProcess, message: 'loop:reset' | 'loop:read'): Promise<{ maxMs: number }> {
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
  // The document itself is hidden from its own paths, and read like any other route.
  const out: Array<{ route: string; path: string }> = [{ route: 'GET /api/openapi.json', path: '/api/openapi.json' }];
  for (const [pattern, operations] of Object.entries(doc.paths)) {
    const get = operations.get;
    if (!get) continue;
    let path = pattern;
    for (const match of pattern.matchAll(/\{(\w+)\}/g)) {
      // The board report's lists are named, not numbered: the longest one, which makes the whole report first.
      path = path.replace(match[0], match[1] === 'list' ? 'slipped' : String(await idFor(pattern.slice(0, match.index! - 1))));
    }
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

/** Only the event-loop stalls of every read route, and the server's peak memory meanwhile (read just before it is stopped). */
export async function stallsRun(councils: number): Promise<{ stalls: Stall[]; serverPeakRssMb: number }> {
  const p = await prepare(councils);
  try {
    const stalls = await measureStalls(p.server, p.auth, p.lead, p.readings);
    return { stalls, serverPeakRssMb: peakRssMb(p.server.child.pid!) };
  } finally {
    await stop(p.server, p.dir, p.source);
  }
}

/** Trends of the longest range against their budget: the first asked after start (and a write), and the same again after another write. */
export function trendBudgets(stalls: Stall[]): Array<{ budget: string; value: string; pass: boolean }> {
  return [['GET /api/trends', 'first after start and a write'], [TREND_AGAIN, 'again after another write']].flatMap(([route, when]) => {
    const s = stalls.find((r) => r.route === route);
    return s ? [{
      budget: `trends of the longest range < ${TREND_BUDGET_MS} ms whole (${when})`,
      value: `${s.ms} ms whole, ${s.maxStallMs} ms longest stall${s.status === 200 ? '' : `, status ${s.status}`}`,
      pass: s.ms < TREND_BUDGET_MS && s.status === 200,
    }] : [];
  });
}

export function printStalls(stalls: Stall[]) {
  console.log('\nlongest event-loop stall of the worst request of each read route, right after a write:');
  for (const s of [...stalls].sort((a, b) => b.maxStallMs - a.maxStallMs)) {
    console.log(`  ${s.route.padEnd(48)} ${String(s.maxStallMs).padStart(8)} ms stall ${String(s.ms).padStart(9)} ms whole${s.status === 200 ? '' : ` (status ${s.status})`}`);
  }
}
