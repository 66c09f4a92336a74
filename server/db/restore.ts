import { closeSync, copyFileSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS_FOLDER } from '../paths.ts';
import { holdDatabase } from './in-use.ts';

/**
 * Restoring a backup: check it (integrity, and that every migration it has applied is one this version
 * knows), keep the file it replaces, and put it in place while holding the database's lock, so a server
 * cannot start half-way through (and restore refuses while a server holds it: see in-use.ts).
 */

export class RestoreError extends Error {}

export interface Inspection {
  /** Tags of the migrations the file has applied, oldest first (e.g. "0011_engagement"). */
  applied: string[];
  /** Migrations this version has that the file has not: they run when the server next starts. */
  pending: string[];
}

interface JournalEntry { idx: number; when: number; tag: string }

function journal(): JournalEntry[] {
  return (JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as { entries: JournalEntry[] }).entries;
}

/** Checks a database file without changing it. Throws RestoreError naming the problem. */
export function inspectDatabaseFile(file: string): Inspection {
  if (!existsSync(file)) throw new RestoreError(`${file} does not exist.`);
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new RestoreError(`${file} cannot be opened as a SQLite database: ${(error as Error).message}`);
  }
  try {
    let check: string[];
    try {
      check = (db.pragma('integrity_check') as Array<{ integrity_check: string }>).map((r) => r.integrity_check);
    } catch (error) {
      throw new RestoreError(`${file} is not a readable SQLite database: ${(error as Error).message}`);
    }
    if (check.length !== 1 || check[0] !== 'ok') throw new RestoreError(`${file} fails its integrity check: ${check.slice(0, 5).join('; ')}`);
    const hasTable = db.prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'").get();
    if (!hasTable) throw new RestoreError(`${file} is not a Rollout Planner database (it has no migrations table).`);
    const rows = db.prepare('select created_at as createdAt from __drizzle_migrations order by created_at').all() as Array<{ createdAt: number }>;
    const known = journal();
    const byWhen = new Map(known.map((e) => [e.when, e.tag]));
    const unknown = rows.filter((r) => !byWhen.has(Number(r.createdAt)));
    if (unknown.length > 0) {
      throw new RestoreError(`${file} was written by a newer version: ${unknown.length} of its migrations are unknown here. Upgrade first, then restore.`);
    }
    const applied = rows.map((r) => byWhen.get(Number(r.createdAt))!);
    const newest = rows.at(-1)?.createdAt ?? 0;
    return { applied, pending: known.filter((e) => e.when > Number(newest)).map((e) => e.tag) };
  } finally {
    db.close();
  }
}

export interface RestoreResult extends Inspection {
  restored: string;
  into: string;
  /** Where the database that was replaced now is, or null when there was none. */
  keptAs: string | null;
}

const stamp = (at: Date) => at.toISOString().slice(0, 19).replace(/:/g, '-') + 'Z';

/** Replaces `databaseFile` with a checked copy of `backupFile`. Throws DatabaseInUseError while a server holds it. */
export function restoreDatabase(backupFile: string, databaseFile: string, at: Date = new Date()): RestoreResult {
  const source = resolve(backupFile);
  const target = resolve(databaseFile);
  if (source === target) throw new RestoreError('The backup is the database file itself: nothing to restore.');
  const inspection = inspectDatabaseFile(source);
  const lock = holdDatabase(target, 'restore', at);
  try {
    let keptAs: string | null = null;
    if (existsSync(target)) {
      // Fold its WAL into it first, so the kept file is whole on its own.
      const current = new Database(target, { fileMustExist: true });
      try {
        current.pragma('wal_checkpoint(TRUNCATE)');
      } finally {
        current.close();
      }
      keptAs = join(dirname(target), `${basename(target)}.replaced-${stamp(at)}`);
      renameSync(target, keptAs);
    }
    for (const suffix of ['-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
    const incoming = `${target}.restoring`;
    copyFileSync(source, incoming);
    const fd = openSync(incoming, 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(incoming, target);
    return { ...inspection, restored: source, into: target, keptAs };
  } finally {
    lock.release();
  }
}
