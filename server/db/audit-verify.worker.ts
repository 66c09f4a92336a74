/**
 * Verifies the audit trail's hash chain on a read-only connection of its own, off the server's event loop: a
 * million rows read and hashed make garbage whose collection stalled every other request (docs/performance.md).
 * Where the server runs its database thread, the check runs there instead (database-thread.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { OFF_LOOP_SLICE_ROWS, openForOnePass } from './workers.ts';
import { verifyAuditChain } from './audit-chain.ts';

const { file } = workerData as { file: string };
const sqlite = openForOnePass(file);
// No top-level await: the worker's entry may be loaded as CommonJS when it runs from the TypeScript source.
verifyAuditChain(sqlite, { sliceRows: OFF_LOOP_SLICE_ROWS })
  .then((result) => parentPort!.postMessage({ result }), (error: unknown) => parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) }))
  .finally(() => sqlite.close());
