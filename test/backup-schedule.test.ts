/**
 * Scheduled backups, the database lock and the restore's checks, in process (the end-to-end run with the real
 * server is in backup-restore.test.ts).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { backupDatabase, BackupError, startScheduledBackups, type BackupResult } from '../server/db/backup.ts';
import { closeDatabase, openDatabase } from '../server/db/database.ts';
import { databaseHolder, DatabaseInUseError, holdDatabase, lockFileFor } from '../server/db/in-use.ts';
import { restoreDatabase, RestoreError } from '../server/db/restore.ts';

const dirs: string[] = [];
afterAll(() => { for (const dir of dirs) rmSync(dir, { recursive: true, force: true }); });
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'rollout-schedule-'));
  dirs.push(dir);
  return dir;
};

function database(dir: string): string {
  const file = join(dir, 'rollout.sqlite');
  const db = openDatabase({ file });
  db.$client.exec("insert into councils (name, code, staff_headcount, manager_headcount, created_at, updated_at) values ('Northmoor', 'NMC', 10, 1, '2026-11-23T10:00:00.000Z', '2026-11-23T10:00:00.000Z')");
  closeDatabase(db);
  return file;
}

describe('scheduled backups', () => {
  it('take a checked backup every interval and keep only the newest BACKUP_KEEP', async () => {
    const dir = tempDir();
    const file = database(dir);
    const backups = join(dir, 'backups');
    const done: Array<{ result: BackupResult; pruned: string[] }> = [];
    let tick = 0;
    const schedule = startScheduledBackups({
      databaseFile: file, dir: backups, everyHours: 0.3 / 3600, keep: 2,
      now: () => new Date(Date.UTC(2026, 10, 30, 2, 0, tick++)),
      onDone: (result, pruned) => done.push({ result, pruned }),
      onError: (message) => { throw new Error(message); },
    });
    const until = Date.now() + 15_000;
    while (done.length < 3 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    await schedule.stop();
    expect(done.length).toBeGreaterThanOrEqual(3);
    expect(done[0]!.result.file).toBe(join(backups, 'rollout-2026-11-30T02-00-00Z.sqlite'));
    expect(done[2]!.pruned).toEqual(['rollout-2026-11-30T02-00-00Z.sqlite']);
    const kept = readdirSync(backups);
    expect(kept).toHaveLength(2);
    for (const name of kept) {
      const copy = new Database(join(backups, name), { readonly: true });
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(copy.prepare('select code from councils').all()).toEqual([{ code: 'NMC' }]);
      copy.close();
    }
  });

  it('a failed backup says why and leaves no file behind', async () => {
    const dir = tempDir();
    await expect(backupDatabase(join(dir, 'missing.sqlite'), join(dir, 'backups'))).rejects.toThrow(BackupError);
    expect(readdirSync(join(dir, 'backups'))).toEqual([]);
  });
});

describe('who holds the database', () => {
  it('a live process holds it; a lock left by a process that is gone does not', () => {
    const dir = tempDir();
    const file = join(dir, 'rollout.sqlite');
    expect(databaseHolder(file)).toBeNull();
    // The test runner's parent process is alive: its lock counts.
    const live = { pid: process.ppid, host: hostname(), since: '2026-11-30T08:00:00.000Z', purpose: 'server', processStart: null };
    writeFileSync(lockFileFor(file), JSON.stringify(live));
    expect(databaseHolder(file)).toEqual(live);
    expect(() => holdDatabase(file, 'restore')).toThrow(DatabaseInUseError);
    expect(() => holdDatabase(file, 'restore')).toThrow(`is in use by the server with process id ${process.ppid} on ${hostname()}, since 2026-11-30T08:00:00.000Z; stop it first.`);
    // The same pid with another start time is a reused pid: the server that wrote the lock is gone.
    writeFileSync(lockFileFor(file), JSON.stringify({ ...live, processStart: '1' }));
    expect(databaseHolder(file)).toBeNull();
    // A process id that is not running.
    writeFileSync(lockFileFor(file), JSON.stringify({ ...live, pid: 2 ** 22 + 1 }));
    expect(databaseHolder(file)).toBeNull();
    // The first start on a new machine: the database's folder is not there yet.
    const first = holdDatabase(join(dir, 'new', 'folder', 'rollout.sqlite'), 'server');
    expect(existsSync(join(dir, 'new', 'folder', 'rollout.sqlite.pid'))).toBe(true);
    first.release();
    const mine = holdDatabase(file, 'server');
    expect(JSON.parse(readFileSync(lockFileFor(file), 'utf8'))).toMatchObject({ pid: process.pid, purpose: 'server' });
    mine.release();
    expect(existsSync(lockFileFor(file))).toBe(false);
  });
});

describe('restore', () => {
  it('refuses a file that is not a database, one from a newer version, and one while the database is held', async () => {
    const dir = tempDir();
    const file = database(dir);
    const garbage = join(dir, 'garbage.sqlite');
    writeFileSync(garbage, 'not a database at all, just text '.repeat(200));
    expect(() => restoreDatabase(garbage, file)).toThrow(RestoreError);

    const { file: backup } = await backupDatabase(file, join(dir, 'backups'));
    const newer = new Database(backup);
    newer.prepare('insert into __drizzle_migrations (hash, created_at) values (?, ?)').run('f'.repeat(64), 4_102_444_800_000);
    newer.close();
    expect(() => restoreDatabase(backup, file)).toThrow('was written by a newer version: 1 of its migrations are unknown here. Upgrade first, then restore.');

    const { file: good } = await backupDatabase(file, join(dir, 'more-backups'));
    writeFileSync(lockFileFor(file), JSON.stringify({ pid: process.ppid, host: hostname(), since: '2026-11-30T08:00:00.000Z', purpose: 'server', processStart: null }));
    expect(() => restoreDatabase(good, file)).toThrow(DatabaseInUseError);
    expect(readdirSync(dir).filter((f) => f.includes('.replaced-'))).toEqual([]);
    rmSync(lockFileFor(file));
    const result = restoreDatabase(good, file, new Date('2026-11-30T09:00:00.000Z'));
    expect(result).toMatchObject({ into: file, keptAs: `${file}.replaced-2026-11-30T09-00-00Z`, pending: [] });
    expect(existsSync(`${file}.replaced-2026-11-30T09-00-00Z`)).toBe(true);
  });
});
