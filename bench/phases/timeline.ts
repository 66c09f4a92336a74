/** The timeline read model (cached) and a wave move's what-if, over HTTP (docs/timeline.md). */
import { measure, peakRssMb, prepare, stop } from '../server.ts';
import { BROWSER, round } from '../settings.ts';

/** The dashboard's first page of the timeline: 50 councils (docs/timeline.md, "Pages of councils"). */
const TIMELINE_PAGE = '/api/timeline?councilLimit=50';

/**
 * The timeline read model (cached) beside the health route, both through autocannon as the other summaries are,
 * and a three-week move of the planned wave with the most items, previewed (nothing stored) one at a time.
 * Budgets (issue: timeline and what-if): the cached timeline at the read routes' ratio to health (BUDGETS.readRatio,
 * 0.7 since issue #24); the preview under 100 ms.
 */
export async function timelinePhase(councils: number) {
  const p = await prepare(councils);
  try {
    const timelineColdStart = performance.now();
    // The first page of councils, asked for as the dashboard's timeline page asks (client/api/client.ts).
    const cold = await fetch(`${p.server.url}${TIMELINE_PAGE}`, { headers: { ...BROWSER, ...p.auth } });
    const timelineKb = round((await cold.arrayBuffer()).byteLength / 1024, 1);
    const timelineColdMs = round(performance.now() - timelineColdStart, 1);
    const health = await measure('GET /api/health (baseline)', { url: `${p.server.url}/api/health` });
    const timeline = await measure('GET /api/timeline', { url: `${p.server.url}${TIMELINE_PAGE}`, headers: p.auth });
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
      // The server's peak memory over the whole phase, read just before it is stopped.
      serverPeakRssMb: peakRssMb(p.server.child.pid!),
    };
  } finally {
    await stop(p.server, p.dir, p.source);
  }
}
