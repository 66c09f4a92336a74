import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * Online backups. A worker thread opens its own connection and runs `VACUUM INTO`: one read transaction,
 * so the copy is the database exactly as it stood when the backup began (every write acknowledged before
 * then is in it, none half-done), taken while the server goes on reading and writing (WAL lets a reader
 * and a writer run together). The copy is checked with `PRAGMA integrity_check` before it gets its final
 * name, so a file named like a backup is always a good one. The event loop of the server never waits for
 * it: all the work is in the worker. See docs/operations.md.
 */

export interface BackupResult {
  /** The finished backup's path. */
  file: string;
  bytes: number;
  /** How long the copy and the check took. */
  copyMs: number;
  checkMs: number;
  /** How many migrations the copy has applied (from __drizzle_migrations). */
  migrations: number;
}

export class BackupError extends Error {}

const PREFIX = 'rollout-';
const SUFFIX = '.sqlite';

/** `rollout-2026-12-01T09-45-12Z.sqlite`: the UTC time it was taken, sortable, with no characters a file system dislikes. */
export function backupName(at: Date): string {
  return `${PREFIX}${at.toISOString().slice(0, 19).replace(/:/g, '-')}Z${SUFFIX}`;
}

const isBackup = (name: string) => name.startsWith(PREFIX) && name.endsWith(SUFFIX);

// Plain CommonJS run with eval, so it works from the TypeScript sources and from the bundle.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { renameSync, rmSync, statSync } = require('node:fs');
const Database = require(workerData.driver);
const { source, partial, target } = workerData;
let db;
try {
  db = new Database(source, { fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  const started = performance.now();
  db.prepare('VACUUM INTO ?').run(partial);
  db.close();
  const copied = performance.now();
  const copy = new Database(partial, { fileMustExist: true });
  let check, migrations = 0;
  try {
    check = copy.pragma('integrity_check').map((row) => row.integrity_check);
    const table = copy.prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'").get();
    if (table) migrations = copy.prepare('select count(*) as n from __drizzle_migrations').get().n;
  } finally {
    copy.close();
  }
  if (check.length !== 1 || check[0] !== 'ok') {
    rmSync(partial, { force: true });
    parentPort.postMessage({ error: 'the copy failed its integrity check: ' + check.slice(0, 5).join('; ') });
  } else {
    renameSync(partial, target);
    parentPort.postMessage({ result: { file: target, bytes: statSync(target).size, copyMs: copied - started, checkMs: performance.now() - copied, migrations } });
  }
} catch (error) {
  try { if (db && db.open) db.close(); } catch {}
  rmSync(partial, { force: true });
  parentPort.postMessage({ error: String(error && error.message || error) });
}
`;

/**
 * Copies the database file into `dir` as `backupName(at)`, checked. Rejects with a BackupError naming
 * what went wrong, leaving no partial file behind.
 */
export function backupDatabase(databaseFile: string, dir: string, at: Date = new Date()): Promise<BackupResult> {
  if (databaseFile === ':memory:') return Promise.reject(new BackupError('an in-memory database cannot be backed up'));
  mkdirSync(dir, { recursive: true });
  const target = resolve(dir, backupName(at));
  const partial = `${target}.partial`;
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  return new Promise((done, failed) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, source: resolve(databaseFile), partial, target } });
    let answered = false;
    worker.once('message', (message: { result?: BackupResult; error?: string }) => {
      answered = true;
      if (message.result) done(message.result);
      else failed(new BackupError(`Backup of ${databaseFile} failed: ${message.error}`));
    });
    worker.once('error', (error) => {
      answered = true;
      rmSync(partial, { force: true });
      failed(new BackupError(`Backup of ${databaseFile} failed: ${error.message}`));
    });
    worker.once('exit', () => {
      if (!answered) failed(new BackupError(`Backup of ${databaseFile} stopped before it finished`));
    });
  });
}

/** Deletes all but the newest `keep` backups in `dir` (by their names, which sort by time). Returns what it deleted. */
export function pruneBackups(dir: string, keep: number): string[] {
  const names = readdirSync(dir).filter(isBackup).sort();
  const old = names.slice(0, Math.max(0, names.length - keep));
  for (const name of old) rmSync(join(dir, name), { force: true });
  return old;
}

export interface ScheduledBackups {
  /** Waits for a backup under way, then stops. */
  stop(): Promise<void>;
}

export interface ScheduleOptions {
  databaseFile: string;
  dir: string;
  everyHours: number;
  keep: number;
  now?: () => Date;
  onDone?: (result: BackupResult, pruned: string[]) => void;
  onError?: (message: string) => void;
}

/** A backup every `everyHours`, keeping the newest `keep`. The first runs one interval after start. */
export function startScheduledBackups(options: ScheduleOptions): ScheduledBackups {
  const now = options.now ?? (() => new Date());
  let running: Promise<void> | null = null;
  const run = () => {
    if (running) return; // never two at once
    running = backupDatabase(options.databaseFile, options.dir, now())
      .then((result) => options.onDone?.(result, pruneBackups(options.dir, options.keep)))
      .catch((error: unknown) => options.onError?.(error instanceof Error ? error.message : String(error)))
      .finally(() => { running = null; });
  };
  const timer = setInterval(run, options.everyHours * 3_600_000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
