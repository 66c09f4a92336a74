import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';

/** The server's worker threads, each an entry of its own (scripts/build-server.ts bundles them beside main.js). */
export const WORKER_SOURCES = {
  'audit-verify': 'db/audit-verify.worker.ts',
  count: 'db/count.worker.ts',
  'database-thread': 'db/database-thread.worker.ts',
} as const;

export type WorkerName = keyof typeof WORKER_SOURCES;

/**
 * Starts one of the server's worker threads: the bundled `<name>.worker.js` beside `main.js` in a build; from the
 * TypeScript source when the server runs from its sources (through tsx, or a test runner), loaded with tsx's own
 * API, as a loader given to the main thread does not reach a worker in Node 20.
 */
export function startWorker(name: WorkerName, workerData: unknown): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL(`./${name}.worker.js`, import.meta.url), { workerData, resourceLimits: WORKER_LIMITS });
  const source = new URL(`../${WORKER_SOURCES[name]}`, import.meta.url).href;
  const boot = `import('tsx/esm/api').then(({ tsImport }) => tsImport(${JSON.stringify(source)}, ${JSON.stringify(import.meta.url)}));`;
  return new Worker(boot, { eval: true, workerData });
}

/**
 * The page cache of a worker's connection, which reads its table once from end to end and never reads a page again:
 * 2 MB (SQLite's own default) instead of better-sqlite3's 16 MB, which a scan of the audit trail filled and the
 * server's process kept after the worker ended (docs/performance.md, "Memory the server kept without need").
 */
const ONE_PASS_CACHE_SIZE = 'cache_size = -2000';

/**
 * A worker's read-only connection for one pass over a table (ONE_PASS_CACHE_SIZE), waiting up to 5 s for a writer's
 * lock: what the audit check and a count read through, whichever thread they run on. The caller closes it.
 */
export function openForOnePass(file: string): Database.Database {
  const reader = new Database(file, { readonly: true, fileMustExist: true });
  reader.pragma('busy_timeout = 5000');
  reader.pragma(ONE_PASS_CACHE_SIZE);
  return reader;
}

/**
 * Rows the audit check reads at a time off the serving thread. A short slice keeps less alive at once (the worker's
 * peak was 3-4 MB lower at 200 rows than at 1,000, and the check no slower) and, on the database thread, lets a
 * checkpoint in between (docs/performance.md).
 */
export const OFF_LOOP_SLICE_ROWS = 200;

/** One counting statement's answer on a worker's connection: 0 when it counts nothing. */
export const countOnce = (reader: Database.Database, sql: string, params: unknown[]): number => Number(reader.prepare(sql).pluck().get(...params) ?? 0);

/**
 * A worker reads a table row by row and keeps almost nothing: a small heap makes it collect its garbage early
 * instead of growing towards the server's own cap (the audit check's worker raised the server's resident memory by
 * some 60 MB with the defaults). From the sources (tests, tsx) the loader needs more, so no limits are set there.
 */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 4 };

/**
 * Runs one of the server's workers for its one reply: the worker posts `{ result }`, or `{ error }` with a message.
 * `failed` begins the error thrown when it could not do its work; a worker that stops without replying is an error too.
 */
export function askWorker<T>(name: WorkerName, workerData: unknown, failed: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(name, workerData);
    worker.once('message', (message: { result?: T; error?: string }) => {
      if (message.result !== undefined) resolve(message.result);
      else reject(new Error(`${failed}: ${message.error ?? 'no reply'}`));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`The ${name} worker stopped (${code}) before it replied`)));
  });
}
