import type { Worker } from 'node:worker_threads';
import { verifyInWorker, type ChainVerification } from './audit-chain.ts';
import type { Db } from './database.ts';
import { startWorker } from './workers.ts';

/**
 * The database's background thread (database-thread.worker.ts), started once by the server:
 *
 * - **WAL checkpoints off the request path.** SQLite normally checkpoints inside the commit that takes the WAL past
 *   1,000 pages: with `synchronous = FULL` that commit then copies the WAL into the database file and syncs it, which
 *   on a large database stalls every request behind it for hundreds of milliseconds. Here the serving connection
 *   never checkpoints; the thread runs a PASSIVE checkpoint (it never blocks readers or writers) every second on a
 *   connection of its own, syncing off the event loop (ADR 0007).
 * - **The audit chain's verification**, on a read-only connection of its own. A thread started for each check cost
 *   the server's process some 16 MB more while it ran (its isolate, the driver's state, its heap), on top of a
 *   server whose caches were full (docs/performance.md, "One thread for the database's background work").
 */
export interface DatabaseThread {
  /** The audit chain verified on the thread; on a one-off thread of its own if this one has gone. */
  verifyAuditChain(): Promise<ChainVerification>;
  stop(): Promise<void>;
}

/** What the serving thread asks: a verification (by the number its answer carries), or to stop. */
export type ThreadRequest = { verify: number } | 'stop';
/** What the thread answers: a verification's result or why it failed, a checkpoint's error, or that it stopped. */
export type ThreadAnswer = { id: number; result: ChainVerification } | { id?: number; error: string } | { stopped: true };

export function startDatabaseThread(db: Db, file: string, options: { intervalMs?: number; onError?: (message: string) => void } = {}): DatabaseThread {
  const worker: Worker = startWorker('database-thread', { file, intervalMs: options.intervalMs ?? 1000 });
  worker.unref();
  db.$client.pragma('wal_autocheckpoint = 0');
  const waiting = new Map<number, { resolve: (result: ChainVerification) => void; reject: (error: Error) => void }>();
  let asked = 0;
  let alive = true;
  // If the thread ever goes, the serving connection checkpoints for itself again (slower, never unbounded), and
  // checks still waiting fail with the reason.
  const gone = (reason: string) => {
    alive = false;
    if (db.$client.open) db.$client.pragma('wal_autocheckpoint = 1000');
    for (const { reject } of waiting.values()) reject(new Error(`The audit trail could not be verified: ${reason}`));
    waiting.clear();
  };
  worker.on('message', (answer: ThreadAnswer) => {
    if ('stopped' in answer) return void worker.terminate();
    const asker = answer.id === undefined ? undefined : waiting.get(answer.id);
    if (answer.id !== undefined) waiting.delete(answer.id);
    if ('result' in answer) asker?.resolve(answer.result);
    else if (asker) asker.reject(new Error(`The audit trail could not be verified: ${answer.error}`));
    else options.onError?.(answer.error);
  });
  worker.on('error', (error) => {
    options.onError?.(String(error));
    gone(String(error));
  });
  worker.on('exit', (code) => gone(`the database thread stopped (${code})`));
  return {
    verifyAuditChain(): Promise<ChainVerification> {
      if (!alive) return verifyInWorker(file);
      asked += 1;
      const id = asked;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker.postMessage({ verify: id } satisfies ThreadRequest);
      });
    },
    stop: () => new Promise<void>((resolve) => {
      if (!alive) return resolve();
      worker.once('exit', () => resolve());
      worker.postMessage('stop' satisfies ThreadRequest);
    }),
  };
}
