import type Database from 'better-sqlite3';

/**
 * A value that moves whenever a committed write could change what a read returns, so anything kept in
 * memory can be checked against it before it is reused: caching only where it is correct.
 *
 * `total_changes()` counts this connection's row changes (every write the server itself makes);
 * `data_version` moves when another connection commits (a command-line script, another process).
 * Both are read through statements prepared once: better-sqlite3's `pragma()` prepares anew on every call,
 * and the pragma as a table-valued function costs more again.
 */
export function createChangeSignal(client: Database.Database): () => string {
  const changes = client.prepare('select total_changes()').pluck();
  const dataVersion = client.prepare('PRAGMA data_version').pluck();
  return () => `${changes.get() as number}:${dataVersion.get() as number}`;
}
