import type { Worker } from 'node:worker_threads';
import { NOT_VERIFIED, verifyInWorker, type ChainVerification } from './audit-chain.ts';
import type { Db } from './database.ts';
import { countInWorker, NOT_COUNTED, type OffThreadCount } from './paging.ts';
import { startWorker } from './workers.ts';

/**
 * The database's background thread (database-thread.worker.ts), started once by the server:
 *
 * - **WAL checkpoints off the request path.** SQLite normally checkpoints inside the commit that takes the WAL past
 *   1,000 pages: with `synchronous = FULL` that commit then copies the WAL into the database file and syncs it, which
 *   on a large database stalls every request behind it for hundreds of milliseconds. Here the serving connection
 *   never checkpoints; the thread runs a PASSIVE checkpoint (it never blocks readers or writers) every second on a
 *   connection of its own, syncing off the event loop (ADR 0007).
 * - **The audit chain's verification and the first counts of filtered lists** (db/paging.ts), each on a read-only
 *   connection of its own. A thread started for each cost the server's process some 16 MB more while it ran (its
 *   isolate, the driver's state, its heap), and a count's thread left about 10 MB behind in malloc's arenas, on top
 *   of a server whose caches were full (docs/performance.md, "One thread for the database's background work").
 */
export interface DatabaseThread {
  /** The audit chain verified on the thread; on a one-off thread of its own if this one has gone. */
  verifyAuditChain(): Promise<ChainVerification>;
  /** One counting statement (db/paging.ts) run on the thread; on a one-off thread of its own if this one has gone. */
  count: OffThreadCount;
  stop(): Promise<void>;
}

/** What the serving thread asks (each with the number its answer carries), or to stop. */
export type ThreadRequest = { id: number; verify: true } | { id: number; count: { sql: string; params: unknown[] } } | 'stop';
/** What the thread answers: a result or why there is none, a checkpoint's error, or that it stopped. */
export type ThreadAnswer = { id: number; result: unknown } | { id?: number; error: string } | { stopped: true };

type Waiting = { resolve: (result: unknown) => void; reject: (error: Error) => void; failed: string };

/** Where work goes while no database thread can take it: a one-off thread of its own for each (by default). */
export interface ElsewhereWork {
  verify: (file: string) => Promise<ChainVerification>;
  count: (file: string, sql: string, params: unknown[]) => Promise<number>;
}
const ONE_OFF_THREADS: ElsewhereWork = { verify: verifyInWorker, count: countInWorker };

export function startDatabaseThread(db: Db, file: string, options: { intervalMs?: number; onError?: (message: string) => void; elsewhere?: ElsewhereWork } = {}): DatabaseThread {
  const elsewhere = options.elsewhere ?? ONE_OFF_THREADS;
  const worker: Worker = startWorker('database-thread', { file, intervalMs: options.intervalMs ?? 1000 });
  // Checkpoints alone never keep the process alive; work waiting for an answer, and stopping, do.
  worker.unref();
  db.$client.pragma('wal_autocheckpoint = 0');
  const waiting = new Map<number, Waiting>();
  let asked = 0;
  let alive = true;
  let stopping: Promise<void> | null = null;
  const settle = (id: number): Waiting | undefined => {
    const asker = waiting.get(id);
    waiting.delete(id);
    if (waiting.size === 0 && !stopping) worker.unref();
    return asker;
  };
  // If the thread ever goes, the serving connection checkpoints for itself again (slower, never unbounded), and
  // work still waiting fails with the reason.
  const gone = (reason: string) => {
    alive = false;
    if (db.$client.open) db.$client.pragma('wal_autocheckpoint = 1000');
    for (const { reject, failed } of waiting.values()) reject(new Error(`${failed}: ${reason}`));
    waiting.clear();
  };
  worker.on('message', (answer: ThreadAnswer) => {
    if ('stopped' in answer) return void worker.terminate();
    const asker = answer.id === undefined ? undefined : settle(answer.id);
    if ('result' in answer) asker?.resolve(answer.result);
    else if (asker) asker.reject(new Error(`${asker.failed}: ${answer.error}`));
    else options.onError?.(answer.error);
  });
  worker.on('error', (error) => {
    options.onError?.(String(error));
    gone(String(error));
  });
  worker.on('exit', (code) => {
    if (!stopping) options.onError?.(`the database thread stopped (${code}); the serving connection checkpoints for itself from now on`);
    gone(`the database thread stopped (${code})`);
  });
  const ask = <T>(work: { verify: true } | { count: { sql: string; params: unknown[] } }, failed: string): Promise<T> => {
    asked += 1;
    const id = asked;
    return new Promise<T>((resolve, reject) => {
      waiting.set(id, { resolve: resolve as (result: unknown) => void, reject, failed });
      worker.ref();
      try {
        worker.postMessage({ id, ...work } satisfies ThreadRequest);
      } catch (error) {
        settle(id);
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  };
  // Once stopping, work is sent to a thread of its own, as once the thread has gone.
  const open = () => alive && !stopping;
  return {
    verifyAuditChain: () => (open() ? ask<ChainVerification>({ verify: true }, NOT_VERIFIED) : elsewhere.verify(file)),
    count: (sql, params) => (open() ? ask<number>({ count: { sql, params } }, NOT_COUNTED) : elsewhere.count(file, sql, params)),
    stop: () => (stopping ??= new Promise<void>((resolve) => {
      if (!alive) return resolve();
      worker.ref();
      worker.once('exit', () => resolve());
      worker.postMessage('stop' satisfies ThreadRequest);
    })),
  };
}
