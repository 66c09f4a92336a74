/**
 * The mixed load's requests (issue #24): nine reads to one write, as the dashboard's users make them. Reads of the
 * overview, several councils' and every wave's summaries, items' readiness and the benefits summary, one in six of
 * them "as of" a day in the past (the overview and the summaries); writes of three kinds that council leads and the office make: a council's readings
 * in bulk, a single reading, an early win recorded as a draft. All sent as the office user, who may write for every
 * council. The ids are asked of the API, as prepare() asks for its own (bench/server.ts).
 */
import { DATASET_END } from '../scripts/generate-dataset.ts';
import type { PlannedRequest } from './open-loop.ts';
import type { Prepared } from './server.ts';
import { BROWSER } from './settings.ts';

/** What the mix is asked about: councils (the read council first), waves, items of those councils, criteria. */
interface Targets {
  councils: number[];
  waves: number[];
  items: number[];
  /** Council-wide criteria measured in percent: a single reading of any of them is valid for any council. */
  criteria: number[];
}

/** One kind of request: how many of every hundred, and the n-th request of its kind. */
type Kind = { weight: number; make: (n: number) => PlannedRequest };

const daysBack = (days: number) => new Date(Date.parse(`${DATASET_END}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

/** The days readers look back to: four weeks (as the cliff phase does) and a quarter. */
const AS_OF = [daysBack(28), daysBack(91)];

/** Ten councils, spread over the whole list, and two items of each. */
const COUNCILS = 10;
const ITEMS_PER_COUNCIL = 2;

/** `n` entries spread evenly over a list (all of them when it is shorter). */
function spread<T>(list: T[], n: number): T[] {
  return list.length <= n ? list : Array.from({ length: n }, (_, i) => list[Math.floor((i * list.length) / n)]!);
}

async function targets(p: Prepared): Promise<Targets> {
  type Row = { id: number; scope?: string; unit?: string };
  const get = async (path: string) => ((await (await fetch(`${p.server.url}${path}`, { headers: p.auth })).json()) as { data: Row[] }).data;
  const others = (await get('/api/councils?limit=500')).map((c) => c.id).filter((id) => id !== p.ids.council);
  const councils = [p.ids.council, ...spread(others, COUNCILS - 1)];
  const items: number[] = [];
  for (const council of councils) items.push(...(await get(`/api/items?councilId=${council}&limit=${ITEMS_PER_COUNCIL}`)).map((i) => i.id));
  const waves = (await get('/api/waves?limit=500')).map((w) => w.id);
  const criteria = (await get('/api/criteria?limit=100')).filter((c) => c.scope === 'council' && c.unit === 'percent').map((c) => c.id);
  if (criteria.length === 0) throw new Error('The dataset has no council-wide criterion in percent for single readings.');
  return { councils, waves, items, criteria };
}

/** The reads: 90 of every 100 requests. */
function readKinds(t: Targets, headers: Record<string, string>): Kind[] {
  const get = (path: string): PlannedRequest => ({ method: 'GET', path, headers });
  const of = <T>(list: T[], n: number) => list[n % list.length]!;
  const asOf = (n: number) => of(AS_OF, n);
  return [
    { weight: 20, make: () => get('/api/overview') },
    { weight: 5, make: (n) => get(`/api/overview?asOf=${asOf(n)}`) },
    { weight: 20, make: (n) => get(`/api/councils/${of(t.councils, n)}/summary`) },
    { weight: 5, make: (n) => get(`/api/councils/${of(t.councils, n)}/summary?asOf=${asOf(n)}`) },
    { weight: 10, make: (n) => get(`/api/waves/${of(t.waves, n)}/summary`) },
    { weight: 5, make: (n) => get(`/api/waves/${of(t.waves, n)}/summary?asOf=${asOf(n)}`) },
    // Today's only: an item "as of" a day before it was made answers 404, and the generated items are made the day
    // the dataset is, after the days looked back to.
    { weight: 20, make: (n) => get(`/api/items/${of(t.items, n)}/readiness`) },
    { weight: 5, make: () => get('/api/benefits/summary') },
  ];
}

/**
 * The writes: 10 of every 100 requests, each council in turn; every one must answer 201. A change to an existing
 * record (a PATCH) is not among them: it needs If-Match with the version last read, which a fixed list of requests
 * sent over and over cannot know, so every repeat would answer 412.
 */
function writeKinds(t: Targets, p: Prepared, headers: Record<string, string>): Kind[] {
  const post = (path: string, body: unknown): PlannedRequest => ({ method: 'POST', path, headers, body: JSON.stringify(body) });
  const council = (n: number) => t.councils[n % t.councils.length]!;
  return [
    // A council's ten readings of the day at once, as the prepared bulk write (the figure of budget 8).
    { weight: 4, make: (n) => post('/api/readings/bulk', { readings: p.readings.map((r) => ({ ...r, councilId: council(n) })) }) },
    // One reading typed in by hand.
    {
      weight: 4,
      make: (n) => post('/api/readings', {
        criterionId: t.criteria[n % t.criteria.length]!, councilId: council(n + 3), value: 40 + (n % 60), readingDate: DATASET_END, note: 'Benchmark: one reading',
      }),
    },
    // An early win recorded as a draft, for the office to publish later.
    {
      weight: 2,
      make: (n) => post('/api/wins', {
        councilId: council(n + 7), title: `Benchmark win ${n + 1}`, story: 'Before: forms on paper. After: done online in minutes.',
        wonOn: DATASET_END, evidenceNote: 'Benchmark: counted by the council lead', published: false,
      }),
    },
  ];
}

/**
 * Kinds interleaved by their weights (smooth weighted round robin): each kind's requests evenly spread, the writes
 * among the reads rather than in a block. Each kind takes the next of its targets every time it comes round.
 */
function interleave(kinds: Kind[], length: number): PlannedRequest[] {
  const total = kinds.reduce((sum, k) => sum + k.weight, 0);
  const credit = kinds.map(() => 0);
  const made = kinds.map(() => 0);
  const out: PlannedRequest[] = [];
  for (let i = 0; i < length; i += 1) {
    kinds.forEach((k, j) => { credit[j]! += k.weight; });
    const next = credit.indexOf(Math.max(...credit));
    credit[next]! -= total;
    out.push(kinds[next]!.make(made[next]!));
    made[next]! += 1;
  }
  return out;
}

/** A second's worth at 1,000 a second, cycled by the load: long enough for every kind to visit each of its targets. */
const MIX_LENGTH = 1000;

/** The mixed load's requests, in the order they are sent, and what they hold in words for the report. */
export async function mixedRequests(p: Prepared): Promise<{ requests: PlannedRequest[]; words: string }> {
  const t = await targets(p);
  const readHeaders = { ...BROWSER, cookie: p.office.cookie };
  const writeHeaders = { ...readHeaders, 'x-csrf-token': p.office.csrf, 'content-type': 'application/json' };
  const words = `90% reads over ${t.councils.length} councils, ${t.waves.length} waves and ${t.items.length} items, one in six of them "as of" 4 or 13 weeks back; `
    + '10% writes: bulk readings, single readings, early wins';
  return { requests: interleave([...readKinds(t, readHeaders), ...writeKinds(t, p, writeHeaders)], MIX_LENGTH), words };
}
