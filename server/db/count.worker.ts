/**
 * Runs one counting statement on a read-only connection of its own, off the server's event loop: counting a few
 * hundred thousand index entries holds a thread for 40–120 ms, which is too long for the serving thread
 * (docs/performance.md, "Counts in a worker, flat reasons and lighter benefits facts"). Where the server runs its
 * database thread, counts run there instead (database-thread.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { countOnce, openForOnePass } from './workers.ts';

const { file, sql, params } = workerData as { file: string; sql: string; params: unknown[] };
try {
  const sqlite = openForOnePass(file);
  try {
    parentPort!.postMessage({ result: countOnce(sqlite, sql, params) });
  } finally {
    sqlite.close();
  }
} catch (error) {
  parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) });
}
