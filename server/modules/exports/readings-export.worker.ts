/**
 * One of the readings export's threads (readings-off-thread.ts): its own read-only connection reads its share of
 * the ids (every `count`-th window of `window` ids, from window `index`) and writes them as CSV lines, each piece
 * going to the serving thread as text, and the end of each window said. At most
 * `ahead` pieces are sent before the serving thread asks for more, so a slow reader holds the export back rather
 * than filling memory.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import type { Db } from '../../db/database.ts';
import * as schema from '../../db/schema.ts';
import { openForOnePass } from '../../db/workers.ts';
import { CSV_PIECE_ROWS, stringifyRows } from '../../http/csv.ts';
import { readingRows, type ReadingsQuery } from './readings.ts';

export interface ExportShare {
  file: string;
  query: ReadingsQuery;
  /** The highest id when the export began: where it stops. */
  lastId: number;
  window: number;
  index: number;
  count: number;
  ahead: number;
}

const share = workerData as ExportShare;
const port = parentPort!;
let credit = share.ahead;
let wake: (() => void) | undefined;
port.on('message', () => {
  credit += 1;
  wake?.();
});

async function send(text: string): Promise<void> {
  while (credit === 0) await new Promise<void>((resolve) => { wake = resolve; });
  credit -= 1;
  // Sent as text, not bytes: bytes handed over would be memory outside the serving thread's heap, which it frees only
  // when a collection runs, and forwarding pieces makes almost no garbage to start one; the export raised its resident
  // memory by 95 MB. A text is garbage in its young generation, swept in turn, and the socket writes it as UTF-8.
  port.postMessage({ piece: text });
}

async function run(): Promise<void> {
  const sqlite = openForOnePass(share.file);
  try {
    const { columns, pagesBetween } = readingRows(drizzle(sqlite, { schema }) as unknown as Db, share.query);
    for (let w = share.index; w * share.window < share.lastId; w += share.count) {
      // Pages of at most a piece's rows: each is written and let go at once, and little lives long enough to be moved
      // out of the young generation.
      for (const page of pagesBetween(w * share.window, Math.min((w + 1) * share.window, share.lastId), CSV_PIECE_ROWS)) {
        if (page.length > 0) await send(stringifyRows(columns, page, false));
      }
      port.postMessage({ end: w });
    }
  } finally {
    sqlite.close();
  }
}

run().catch((error: unknown) => port.postMessage({ error: error instanceof Error ? error.message : String(error) }));
