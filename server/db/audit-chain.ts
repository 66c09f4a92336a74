import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { askWorker } from './workers.ts';

/**
 * The audit trail's hash chain. Each row stores `prev_hash` (the hash of the row before it; null for the
 * first) and `hash`, the SHA-256 of its content and prev_hash. Editing, removing or inserting a row behind
 * the application's back (with the append-only triggers dropped) breaks the chain at that row:
 * `verifyAuditChain` recomputes it and names the first row that does not match. See ADR 0009.
 *
 * The content hashed is the row as stored: before and after as their JSON text, exactly as written.
 */

export interface ChainedContent {
  at: string;
  userId: number | null;
  userName: string;
  action: string;
  entity: string;
  entityId: number;
  /** JSON text as stored, or null. */
  before: string | null;
  after: string | null;
}

export function auditRowHash(prevHash: string | null, row: ChainedContent): string {
  return createHash('sha256')
    .update(JSON.stringify([prevHash, row.at, row.userId, row.userName, row.action, row.entity, row.entityId, row.before, row.after]))
    .digest('hex');
}

interface StoredRow extends ChainedContent {
  id: number;
  prevHash: string | null;
  hash: string | null;
}

const SELECT = `select id, at, user_id as userId, user_name as userName, action, entity, entity_id as entityId,
  before, after, prev_hash as prevHash, hash from audit_log`;

export interface ChainVerification {
  /** True when every row up to lastId matches. */
  ok: boolean;
  /** Rows checked. */
  rows: number;
  /** The last row that matched, and when it was written (null: none). */
  verifiedUpTo: { id: number; at: string } | null;
  /** The first row that does not match, and why. */
  firstMismatch: { id: number; problem: string } | null;
}

/**
 * Recomputes the chain from the first row. Reads in slices of `sliceRows` and, when `pause` is given,
 * awaits it between slices, so a server can verify without holding its event loop for the whole table.
 * Rows appended while it runs are checked too, up to the last one it reaches.
 */
export async function verifyAuditChain(sqlite: Database.Database, options: { sliceRows?: number; pause?: () => Promise<void> } = {}): Promise<ChainVerification> {
  // A thousand rows (a SHA-256 each) take a few milliseconds: short enough that no other request waits on a slice.
  const sliceRows = options.sliceRows ?? 1000;
  const slice = sqlite.prepare(`${SELECT} where id > ? order by id limit ?`);
  let prev: string | null = null;
  let last: { id: number; at: string } | null = null;
  let rows = 0;
  let after = 0;
  for (;;) {
    const batch = slice.all(after, sliceRows) as StoredRow[];
    for (const row of batch) {
      rows += 1;
      const problem = row.hash === null ? 'has no hash'
        : row.prevHash !== prev ? (prev === null ? 'is not the first row, yet rows before it are missing or it names a predecessor that is not there' : 'does not follow the row before it: a row was removed, inserted or changed before it')
          : auditRowHash(prev, row) !== row.hash ? 'does not match its hash: its content was changed'
            : null;
      if (problem) return { ok: false, rows, verifiedUpTo: last, firstMismatch: { id: row.id, problem } };
      prev = row.hash;
      last = { id: row.id, at: row.at };
    }
    if (batch.length < sliceRows) {
      // AUTOINCREMENT remembers the largest id ever used: rows cut off the end of the trail show here.
      const seq = (sqlite.prepare("select seq from sqlite_sequence where name = 'audit_log'").get() as { seq: number } | undefined)?.seq ?? 0;
      const lastId = last?.id ?? 0;
      if (seq > lastId) return { ok: false, rows, verifiedUpTo: last, firstMismatch: { id: lastId + 1, problem: `is missing: rows ${lastId + 1} to ${seq} were written and are gone` } };
      return { ok: true, rows, verifiedUpTo: last, firstMismatch: null };
    }
    after = batch.at(-1)!.id;
    if (options.pause) await options.pause();
  }
}

/** A pause between slices of the check: the rest of this turn of the event loop runs first (timers, I/O, requests). */
export const nextTurn = (): Promise<void> => new Promise((resume) => setImmediate(resume));

/**
 * The server's verifier: one check at a time (callers meanwhile share it), a result reused for a minute. On a
 * database file each check runs off the event loop on a read-only connection of its own, so neither the reading and
 * hashing nor the garbage they make hold it: on the database's background thread when the server runs one
 * (`offThread`, db/database-thread.ts), else on a worker thread started for it; in memory (tests), in slices with
 * the loop free between.
 */
export function createChainVerifier(sqlite: Database.Database, clock: () => Date, options: { freshForMs?: number; offThread?: () => Promise<ChainVerification> } = {}) {
  const freshForMs = options.freshForMs ?? 60_000;
  let last: (ChainVerification & { checkedAt: string }) | null = null;
  let running: Promise<ChainVerification & { checkedAt: string }> | null = null;
  const check = (): Promise<ChainVerification> => (sqlite.memory
    ? verifyAuditChain(sqlite, { pause: nextTurn })
    : options.offThread?.() ?? verifyInWorker(sqlite.name));
  return {
    latest(): Promise<ChainVerification & { checkedAt: string }> {
      if (last && clock().getTime() - Date.parse(last.checkedAt) < freshForMs) return Promise.resolve(last);
      running ??= check()
        .then((result) => (last = { ...result, checkedAt: clock().toISOString() }))
        .finally(() => { running = null; });
      return running;
    },
  };
}

/** What a check that could not run says, wherever it ran (a worker of its own or the database thread). */
export const NOT_VERIFIED = 'The audit trail could not be verified';

/** verifyAuditChain in a worker thread (audit-verify.worker.ts) on its own read-only connection to `file`. */
export function verifyInWorker(file: string): Promise<ChainVerification> {
  return askWorker<ChainVerification>('audit-verify', { file }, NOT_VERIFIED);
}

/**
 * Gives the rows written before the chain existed their hashes, once: when the migration that added the
 * columns has run and no row is chained yet. After that every row is chained as it is written
 * (recordAudit), and a row without a hash is reported by verification, never sealed.
 */
export function sealAuditTrail(sqlite: Database.Database): number {
  const unchained = sqlite.prepare('select 1 from audit_log where hash is null limit 1').get();
  const chained = sqlite.prepare('select 1 from audit_log where hash is not null limit 1').get();
  if (!unchained || chained) return 0;
  const seal = sqlite.prepare('update audit_log set prev_hash = ?, hash = ? where id = ?');
  let prev: string | null = null;
  let count = 0;
  sqlite.transaction(() => {
    // Reading and updating the same table: collect a slice at a time, as iterate() cannot run beside writes.
    let after = 0;
    const slice = sqlite.prepare(`${SELECT} where id > ? order by id limit 5000`);
    for (;;) {
      const batch = slice.all(after) as StoredRow[];
      for (const row of batch) {
        const hash = auditRowHash(prev, row);
        seal.run(prev, hash, row.id);
        prev = hash;
        count += 1;
      }
      if (batch.length < 5000) break;
      after = batch.at(-1)!.id;
    }
  })();
  return count;
}
