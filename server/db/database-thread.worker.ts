/**
 * The database's background thread, for the life of the server (database-thread.ts): a PASSIVE WAL checkpoint every
 * interval on a connection of its own, and, when asked, the audit chain's verification or a count, each on a
 * read-only connection opened for it. The verification hands the thread back between slices, so the checkpoints go
 * on meanwhile.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { nextTurn, verifyAuditChain } from './audit-chain.ts';
import { countOnce, OFF_LOOP_SLICE_ROWS, openForOnePass } from './workers.ts';
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

/** One piece of work asked for, on a read-only connection that reads its table once and is closed after. */
async function answer(request: Exclude<ThreadRequest, 'stop'>): Promise<void> {
  let reader: Database.Database | undefined;
  try {
    reader = openForOnePass(file);
    const result = 'count' in request
      ? countOnce(reader, request.count.sql, request.count.params)
      : await verifyAuditChain(reader, { sliceRows: OFF_LOOP_SLICE_ROWS, pause: nextTurn });
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
