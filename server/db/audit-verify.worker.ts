/**
 * Verifies the audit trail's hash chain on a read-only connection of its own, off the server's event loop: a
 * million rows read and hashed make garbage whose collection stalled every other request (docs/performance.md).
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { ONE_PASS_CACHE_SIZE } from './workers.ts';
import { verifyAuditChain } from './audit-chain.ts';

const { file } = workerData as { file: string };
const sqlite = new Database(file, { readonly: true, fileMustExist: true });
sqlite.pragma('busy_timeout = 5000');
sqlite.pragma(ONE_PASS_CACHE_SIZE);
/**
 * Rows read at a time. Nothing else runs on this thread, so a slice need not be long; a short one keeps less alive at
 * once: the worker's peak was 3-4 MB lower at 200 rows than at 1,000, and the check no slower (docs/performance.md).
 */
const SLICE_ROWS = 200;
// No top-level await: the worker's entry may be loaded as CommonJS when it runs from the TypeScript source.
verifyAuditChain(sqlite, { sliceRows: SLICE_ROWS })
  .then((result) => parentPort!.postMessage({ result }), (error: unknown) => parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) }))
  .finally(() => sqlite.close());
