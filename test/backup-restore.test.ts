/**
 * Backups, restores and crashes against the real server as a child process, with the npm scripts an
 * operator runs. Writes are readings through the API; a write counts once its 201 has arrived.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { lockFileFor } from '../server/db/in-use.ts';
import { npmRun, signIn, startServerOn, writeStream, type ServerProcess } from './server-process.ts';

const OFFICE = { email: 'office@example.org', password: 'office-demo-2026' };
const READING_DATE = '2026-11-02';

/** Waits until the stream has this many acknowledged writes (a busy machine is slow to get going). */
async function acknowledgedAtLeast(stream: { acknowledged: unknown[] }, count: number, ms = 60_000): Promise<void> {
  const until = Date.now() + ms;
  while (stream.acknowledged.length < count && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
}

const dirs: string[] = [];
const servers: ServerProcess[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.kill()));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rollout-safety-'));
  dirs.push(dir);
  return dir;
}

async function started(file: string): Promise<ServerProcess> {
  const server = await startServerOn(file);
  servers.push(server);
  return server;
}

/** A council-wide percentage criterion and a council of the demo programme, read through the API. */
async function target(url: string, cookie: string) {
  const get = async (path: string) => (await (await fetch(`${url}${path}`, { headers: { cookie } })).json()) as { data: Array<Record<string, unknown>> };
  const criterion = (await get('/api/criteria?limit=100')).data.find((c) => c.scope === 'council' && c.unit === 'percent')!;
  const council = (await get('/api/councils?limit=1')).data[0]!;
  return { criterionId: criterion.id as number, councilId: council.id as number, readingDate: READING_DATE };
}

const idsIn = (file: string, criterionId: number): Set<number> => {
  const db = new Database(file, { readonly: true });
  try {
    return new Set((db.prepare('select id from readings where criterion_id = ?').all(criterionId) as Array<{ id: number }>).map((r) => r.id));
  } finally {
    db.close();
  }
};

const integrity = (file: string): string => {
  const db = new Database(file, { readonly: true });
  try {
    return (db.pragma('integrity_check') as Array<{ integrity_check: string }>).map((r) => r.integrity_check).join('; ');
  } finally {
    db.close();
  }
};

describe('online backup and restore', () => {
  it('copies every write acknowledged before the backup began, checked, and a restore of it serves the same data', async () => {
    const dir = tempDir();
    const file = join(dir, 'rollout.sqlite');
    const backups = join(dir, 'backups');
    let server = await started(file);
    const office = await signIn(server.url, OFFICE.email, OFFICE.password);
    const reading = await target(server.url, office.cookie);

    const stream = writeStream(server.url, office, reading);
    await acknowledgedAtLeast(stream, 20);
    const ackedBefore = stream.acknowledged.map((a) => a.id); // everything acknowledged before the backup starts
    const backup = await npmRun('backup', ['--dir', backups], { DATABASE_FILE: file });
    await acknowledgedAtLeast(stream, stream.acknowledged.length + 5); // and the stream goes on after it
    await stream.stop();

    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    const [name] = readdirSync(backups);
    expect(name).toMatch(/^rollout-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z\.sqlite$/);
    const copy = join(backups, name!);
    expect(backup.stdout).toContain(`to ${copy}`);
    expect(backup.stdout).toContain('integrity check ok');
    expect(integrity(copy)).toBe('ok');

    expect(ackedBefore.length).toBeGreaterThanOrEqual(20);
    expect(stream.acknowledged.length).toBeGreaterThan(ackedBefore.length); // writes went on during and after the backup
    const inCopy = idsIn(copy, reading.criterionId);
    expect(ackedBefore.filter((id) => !inCopy.has(id))).toEqual([]);
    const all = new Set(stream.acknowledged.map((a) => a.id));
    expect([...inCopy].filter((id) => id > Math.min(...all) && !all.has(id))).toEqual([]); // nothing in the copy that was never written

    // Restoring is refused while the server holds the database, and changes nothing.
    const refused = await npmRun('restore', [copy], { DATABASE_FILE: file });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(new RegExp(`Refused: .*in use by the server with process id ${server.child.pid}`));
    const live = idsIn(file, reading.criterionId);
    expect([...all].filter((id) => !live.has(id))).toEqual([]);

    await server.stop();
    expect(existsSync(lockFileFor(file))).toBe(false); // the server let go of the database when it closed
    const restored = await npmRun('restore', [copy], { DATABASE_FILE: file });
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.stdout).toContain(`Restored ${copy} into ${file} (integrity check ok`);
    const kept = readdirSync(dir).find((f) => f.startsWith('rollout.sqlite.replaced-'))!;
    expect(restored.stdout).toContain(`kept as ${join(dir, kept)}`);
    const keptIds = idsIn(join(dir, kept), reading.criterionId); // the replaced database, whole: every acknowledged write
    expect([...all].filter((id) => !keptIds.has(id))).toEqual([]);
    expect(idsIn(file, reading.criterionId)).toEqual(inCopy);

    server = await started(file);
    const again = await signIn(server.url, OFFICE.email, OFFICE.password);
    const page = (await (await fetch(`${server.url}/api/readings?criterionId=${reading.criterionId}&limit=100`, { headers: { cookie: again.cookie } })).json()) as { data: Array<{ id: number }>; page: { total: number } };
    expect(page.page.total).toBe(inCopy.size);
    const db = new Database(copy, { readonly: true });
    const newest = (db.prepare('select id from readings where criterion_id = ? order by reading_date desc, id desc limit 100').all(reading.criterionId) as Array<{ id: number }>).map((r) => r.id);
    db.close();
    expect(page.data.map((r) => r.id)).toEqual(newest);
    await server.stop();
  }, 300_000);
});

describe('a crash', () => {
  it('loses no acknowledged write: SIGKILL mid-stream, restart on the same file', async () => {
    const dir = tempDir();
    const file = join(dir, 'rollout.sqlite');
    let server = await started(file);
    const office = await signIn(server.url, OFFICE.email, OFFICE.password);
    const reading = await target(server.url, office.cookie);
    const stream = writeStream(server.url, office, reading, 6);
    await acknowledgedAtLeast(stream, 50);
    await new Promise((r) => setTimeout(r, 300)); // killed in mid-stream, not at a pause
    await server.kill();
    await stream.stop();
    expect(stream.acknowledged.length).toBeGreaterThan(50);
    expect(existsSync(lockFileFor(file))).toBe(true); // killed: no shutdown code ran, the lock is left behind...

    server = await started(file); // ...and does not stop the restart, because its process is gone
    const again = await signIn(server.url, OFFICE.email, OFFICE.password);
    const total = (await (await fetch(`${server.url}/api/readings?criterionId=${reading.criterionId}&limit=1`, { headers: { cookie: again.cookie } })).json()) as { page: { total: number } };
    const stored = idsIn(file, reading.criterionId);
    expect(stream.acknowledged.filter((a) => !stored.has(a.id))).toEqual([]);
    expect(total.page.total).toBe(stored.size);
    await server.stop();
    expect(integrity(file)).toBe('ok');
  }, 240_000);
});
