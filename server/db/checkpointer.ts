import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Db } from './database.ts';

/**
 * Moves WAL checkpoints off the request path. SQLite normally checkpoints inside the commit that takes
 * the WAL past 1,000 pages: with `synchronous = FULL` that commit then copies the WAL into the database
 * file and syncs it, which on a large database stalls every request behind it for hundreds of
 * milliseconds. Here the serving connection never checkpoints; a worker thread with its own connection
 * runs a PASSIVE checkpoint (it never blocks readers or writers) every second, syncing off the event loop.
 * See docs/performance.md for the before and after.
 */

// The worker is plain CommonJS so it runs the same from the TypeScript sources and from the bundle.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('synchronous = FULL');
db.pragma('busy_timeout = 5000');
const run = () => { try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (error) { parentPort.postMessage({ error: String(error) }); } };
const timer = setInterval(run, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  run();
  db.close();
  parentPort.postMessage({ stopped: true });
});
`;

export interface Checkpointer {
  stop(): Promise<void>;
}

export function startBackgroundCheckpoints(db: Db, file: string, options: { intervalMs?: number; onError?: (message: string) => void } = {}): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver, intervalMs: options.intervalMs ?? 1000 } });
  worker.unref();
  db.$client.pragma('wal_autocheckpoint = 0');
  // If the worker ever goes, the serving connection checkpoints for itself again: slower, never unbounded.
  const fallBack = () => {
    if (db.$client.open) db.$client.pragma('wal_autocheckpoint = 1000');
  };
  worker.on('message', (message: { error?: string }) => {
    if (message.error) options.onError?.(message.error);
  });
  worker.on('error', (error) => {
    options.onError?.(String(error));
    fallBack();
  });
  worker.on('exit', fallBack);
  return {
    stop: () => new Promise<void>((resolve) => {
      worker.once('exit', () => resolve());
      worker.once('message', () => void worker.terminate());
      worker.postMessage('stop');
    }),
  };
}
