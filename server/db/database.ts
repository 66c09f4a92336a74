import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { sealAuditTrail } from './audit-chain.ts';
import * as schema from './schema.ts';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export { MIGRATIONS_FOLDER } from '../paths.ts';
import { MIGRATIONS_FOLDER } from '../paths.ts';

/**
 * SQLite's own page cache for the serving connection, in KiB. better-sqlite3 opens every connection with 16 MB; the
 * operating system keeps the file's pages in memory as well, so a smaller cache costs a copy of a page, not a disk
 * read. At 400 councils 4 MB took 12 MB off the server's resident memory, with cold board reports, bulk writes and
 * cached reads within their spread (docs/performance.md, "A day's facts point at the kept entries").
 */
export const PAGE_CACHE_KIB = 4000;

export interface OpenDatabaseOptions {
  /** A file path, or ':memory:' for tests. */
  file: string;
  busyTimeoutMs?: number;
}

/**
 * Opens SQLite with the settings this project relies on (see docs/adr/0001), applies every
 * committed migration, and returns a Drizzle handle. The raw connection is `db.$client`.
 */
export function openDatabase({ file, busyTimeoutMs = 5000 }: OpenDatabaseOptions): Db {
  if (file !== ':memory:') mkdirSync(dirname(resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  // better-sqlite3 with WAL defaults to NORMAL, which can lose the last commits on power loss.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
  sqlite.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
  const db = drizzle(sqlite, { schema }) as Db;
  migrateDatabase(db);
  return db;
}

/**
 * Applies pending migrations with foreign keys off (a table rebuild with them on would
 * cascade-delete child rows), then checks integrity and switches them back on.
 */
export function migrateDatabase(db: Db): void {
  const sqlite = db.$client;
  sqlite.pragma('foreign_keys = OFF');
  try {
    const applied = () => {
      const exists = sqlite.prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'").get();
      return exists ? (sqlite.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number }).n : 0;
    };
    const before = applied();
    migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
    // Rows from before the audit trail was hash-chained get their hashes once (migration 0012).
    if (applied() !== before) sealAuditTrail(sqlite);
    // Checking every foreign key scans every table: do it when a migration ran, not on every start.
    const violations = applied() === before ? [] : (sqlite.pragma('foreign_key_check') as unknown[]);
    if (violations.length > 0) {
      throw new Error(`Migration left ${violations.length} foreign key violation(s): ${JSON.stringify(violations.slice(0, 5))}`);
    }
  } finally {
    sqlite.pragma('foreign_keys = ON');
  }
}

export function closeDatabase(db: Db): void {
  if (db.$client.open) db.$client.close();
}

/**
 * Runs `work` in one transaction: all of its writes land or none do. Nests safely (an inner call
 * becomes a savepoint), so a service can be called from a larger unit of work such as the demo loader.
 */
export function inTransaction<T>(db: Db, work: () => T): T {
  return db.$client.transaction(work)();
}
