/**
 * The database's background thread, for the life of the server (database-thread.ts): a PASSIVE WAL checkpoint every
 * interval on a connection of its own, and, when asked, the audit chain's verification or a count, each on a
 * read-only connection opened for it. The verification hands the thread back between slices, so the checkpoints go
 * on meanwhile.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { verifyAuditChain } from './audit-chain.ts';
import { ONE_PASS_CACHE_SIZE } from './workers.ts';
import type { ThreadAnswer, ThreadRequest } from './database-thread.ts';

const { file, intervalMs } = workerData as { file: string; intervalMs: number };
const port = parentPort!;
const db = new Database(file);
db.pragma('synchronous = FULL');
db.pragma('busy_timeout = 5000');

const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    port.postMessage({ error: String(error) } satisfies ThreadAnswer);
  }
};
const timer = setInterval(checkpoint, intervalMs);

/** Rows the verification reads at a time: a short slice keeps less alive at once, and lets a checkpoint in between. */
const SLICE_ROWS = 200;

/** One piece of work asked for, on a read-only connection that reads its table once and is closed after. */
async function answer(request: Exclude<ThreadRequest, 'stop'>): Promise<void> {
  let reader: Database.Database | undefined;
  try {
    reader = new Database(file, { readonly: true, fileMustExist: true });
    reader.pragma('busy_timeout = 5000');
    reader.pragma(ONE_PASS_CACHE_SIZE);
    const result = 'count' in request
      ? Number(reader.prepare(request.count.sql).pluck().get(...request.count.params) ?? 0)
      : await verifyAuditChain(reader, { sliceRows: SLICE_ROWS, pause: () => new Promise((resume) => setImmediate(resume)) });
    port.postMessage({ id: request.id, result } satisfies ThreadAnswer);
  } catch (error) {
    port.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) } satisfies ThreadAnswer);
  } finally {
    reader?.close();
  }
}

let stopped = false;
port.on('message', (message: ThreadRequest) => {
  if (message !== 'stop') return void answer(message);
  if (stopped) return;
  stopped = true;
  clearInterval(timer);
  checkpoint();
  db.close();
  port.postMessage({ stopped: true } satisfies ThreadAnswer);
});
