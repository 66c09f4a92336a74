import type { Worker } from 'node:worker_threads';
import type { Db } from '../../db/database.ts';
import { readings } from '../../db/schema.ts';
import { startWorker } from '../../db/workers.ts';
import { csvHeader } from '../../http/csv.ts';
import { lastIdOf } from './pages.ts';
import { readingRows, type ReadingsQuery } from './readings.ts';
import type { ExportShare } from './readings-export.worker.ts';

/**
 * Threads that write the export, each every `THREADS`-th window of ids. One: two wrote it at 72–80 MB/s against
 * 54–58, but raised the server's resident memory by 75 MB where one raises it by about 43 (each thread is an isolate
 * of its own, with its own connection), and the export's budget is memory flat within 50 MB (docs/performance.md).
 */
const THREADS = 1;
/** Ids in a window: about eight pieces of 1,000 rows when every id is a reading (each piece some 80 KB). */
const WINDOW_IDS = 8_192;
/**
 * Pieces a thread may have sent and not yet seen taken: three windows, so with more than one thread each writes
 * ahead while another's window is sent. Some 2 MB in flight for each thread at most.
 */
const AHEAD = 24;
/**
 * Each thread's heap, kept small: it holds a page of 1,000 rows at a time and the piece written from it. (The limits
 * made little difference to the server's memory: 32 and 4 MB, or 12 and 2, raised it alike.)
 */
const LIMITS = { maxOldGenerationSizeMb: 12, maxYoungGenerationSizeMb: 2 };

/** The file a connection reads, when there is one another thread can open (not a database in memory). */
export const fileOf = (db: Db): string | undefined => (db.$client.memory ? undefined : db.$client.name);

/** The end of a window, in a thread's queue. */
const END = Symbol('end of a window');

/** One of the export's threads, and what it has sent that is not yet taken. */
function exportThread(share: ExportShare) {
  const worker: Worker = startWorker('readings-export', share, LIMITS);
  const queue: Array<string | typeof END> = [];
  let failure: Error | undefined;
  let finished = false;
  let wake: (() => void) | undefined;
  const settle = () => {
    wake?.();
    wake = undefined;
  };
  worker.on('message', (message: { piece?: string; end?: number; error?: string }) => {
    if (message.piece !== undefined) queue.push(message.piece);
    else if (message.end !== undefined) queue.push(END);
    else failure = new Error(`The readings export failed: ${message.error ?? 'no reason given'}`);
    settle();
  });
  worker.on('error', (error) => {
    failure = error;
    settle();
  });
  worker.on('exit', (code) => {
    if (!finished) failure ??= new Error(`A thread of the readings export stopped (${code}) before the end`);
    settle();
  });
  return {
    /** The next piece, or the end of the window, once sent. */
    async next(): Promise<string | typeof END> {
      for (;;) {
        const item = queue.shift();
        if (item === END) return END;
        if (item !== undefined) {
          worker.postMessage('more');
          return item;
        }
        if (failure) throw failure;
        await new Promise<void>((resolve) => { wake = resolve; });
      }
    },
    stop(): void {
      finished = true;
      void worker.terminate();
    },
  };
}

/**
 * Every reading (3 million at national scale) as CSV text, written by threads of their own (readings-export.worker.ts,
 * THREADS of them, each with its own read-only connection and its share of the windows of 8,192 ids), up to the
 * highest id when the export began; the serving thread writes the header and passes the windows on in order. Read on
 * the serving thread, SQLite's decoding of the rows took two thirds of five seconds (44–49 MB/s), and held other
 * requests behind it (docs/performance.md, "The readings export on a thread of its own"). The text is what the
 * serving thread would write (test/exports-off-thread.test.ts). Ended early (the download cancelled), the threads stop.
 */
export async function* readingsCsvOffThread(db: Db, file: string, query: ReadingsQuery, { count = THREADS, window = WINDOW_IDS } = {}): AsyncGenerator<string> {
  const lastId = lastIdOf(db, readings);
  const threads = Array.from({ length: count }, (_, index) => exportThread({ file, query, lastId, window, index, count, ahead: AHEAD }));
  try {
    // The first thread's first word comes before the header: a thread that cannot read the file fails the export
    // before any of it is sent.
    const first = lastId > 0 ? await threads[0]!.next() : END;
    yield csvHeader(readingRows(db, query).columns);
    for (let w = 0; w * window < lastId; w += 1) {
      const thread = threads[w % count]!;
      for (let piece = w === 0 ? first : await thread.next(); piece !== END; piece = await thread.next()) yield piece;
    }
  } finally {
    for (const thread of threads) thread.stop();
  }
}

/**
 * The pieces, once the first has come: a thread that cannot read the file fails the request with an error reply
 * (500, with the reason in the log) before any of the download's headers are sent, rather than cutting it off.
 */
export async function startedPieces(pieces: AsyncIterable<string>): Promise<AsyncIterable<string>> {
  const iterator = pieces[Symbol.asyncIterator]();
  const first = await iterator.next();
  return (async function* resumed() {
    if (first.done) return;
    yield first.value;
    // Stopped early (the download cancelled), the loop hands `return` on to the threads' pieces, which stops them.
    for await (const piece of { [Symbol.asyncIterator]: () => iterator }) yield piece;
  })();
}
