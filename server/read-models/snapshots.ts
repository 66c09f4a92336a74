import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Db } from '../db/database.ts';

/**
 * Which build of the server wrote a copy: a hash of the bundle (`dist/server/main.js` holds all of the server's code),
 * so a copy written by another version is never served, whatever it changed. Run from the sources (tsx, the tests)
 * there is no one file to hash, and each process is a build of its own (its id and the moment it started).
 */
export function currentBuildId(): string {
  const file = fileURLToPath(import.meta.url);
  return file.endsWith('.js') ? createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 16) : `source-${process.pid}-${performance.timeOrigin}`;
}

/**
 * Serialised responses kept on disk (read_model_snapshots), so the first reader after a restart is served without a
 * cold build. A copy is handed out only under the stamp it was written with: the caller's stamp names everything
 * the response depends on (the day, every scope's versions, anything else it shows, the build).
 */
export function createSnapshots(db: Db) {
  const read = db.$client.prepare('select stamp, body from read_model_snapshots where key = ?');
  const write = db.$client.prepare(`insert into read_model_snapshots (key, stamp, body, made_at) values (?, ?, ?, ?)
    on conflict (key) do update set stamp = excluded.stamp, body = excluded.body, made_at = excluded.made_at`);
  const stamp = db.$client.prepare('select stamp from read_model_snapshots where key = ?').pluck();
  return {
    /** The stamp of the copy kept under `key`, without reading the copy. */
    stampOf: (key: string): string | undefined => stamp.get(key) as string | undefined,
    /** The copy kept under `key`, if it was written under `stamp`. */
    get(key: string, stamp: string): Buffer | undefined {
      const row = read.get(key) as { stamp: string; body: Buffer } | undefined;
      return row?.stamp === stamp ? row.body : undefined;
    },
    /** Keeps `body` under `key`, replacing the copy before it. */
    put(key: string, stamp: string, body: Buffer, at: Date): void {
      write.run(key, stamp, body, at.toISOString());
    },
  };
}

export type Snapshots = ReturnType<typeof createSnapshots>;
