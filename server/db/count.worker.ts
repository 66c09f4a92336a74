/**
 * Runs one counting statement on a read-only connection of its own, off the server's event loop: counting a few
 * hundred thousand index entries holds a thread for 40–120 ms, which is too long for the serving thread
 * (docs/performance.md, "Counts in a worker, flat reasons and lighter benefits facts").
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { ONE_PASS_CACHE_SIZE } from './workers.ts';

const { file, sql, params } = workerData as { file: string; sql: string; params: unknown[] };
try {
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  try {
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma(ONE_PASS_CACHE_SIZE);
    parentPort!.postMessage({ result: Number(sqlite.prepare(sql).pluck().get(...params) ?? 0) });
  } finally {
    sqlite.close();
  }
} catch (error) {
  parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) });
}
