import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startDatabaseThread } from '../server/db/database-thread.ts';
import { closeDatabase, openDatabase, type Db } from '../server/db/database.ts';
import { verifyAuditChain, verifyInWorker } from '../server/db/audit-chain.ts';
import { countInWorker } from '../server/db/paging.ts';
import { closeTestApp, createTestApp, seedSmallPlan } from './helpers.ts';

/** The one-off threads a database thread falls back on, each use named: work it takes itself must start none. */
function countedElsewhere() {
  const used: string[] = [];
  return {
    used,
    elsewhere: {
      verify: (file: string) => { used.push('verify'); return verifyInWorker(file); },
      count: (file: string, sql: string, params: unknown[]) => { used.push('count'); return countInWorker(file, sql, params); },
    },
  };
}

const dirs: string[] = [];
const dbs: Db[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) closeDatabase(db);
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function freshFile(): { file: string; db: Db } {
  const dir = mkdtempSync(join(tmpdir(), 'rollout-wal-'));
  dirs.push(dir);
  const file = join(dir, 'test.sqlite');
  const db = openDatabase({ file });
  dbs.push(db);
  return { file, db };
}

/** About 2 MB of rows, committed in many small transactions as requests would. */
function writeALot(db: Db): void {
  db.$client.exec('create table filler (id integer primary key, body text)');
  const insert = db.$client.prepare('insert into filler (body) values (?)');
  for (let i = 0; i < 200; i += 1) db.$client.transaction(() => { for (let k = 0; k < 10; k += 1) insert.run('x'.repeat(1000)); })();
}

const waitFor = async (check: () => boolean, ms = 3000) => {
  const until = Date.now() + ms;
  while (!check() && Date.now() < until) await new Promise((r) => setTimeout(r, 25));
  return check();
};

describe('WAL checkpoints off the request path', () => {
  it('stops the serving connection from checkpointing, and copies the WAL into the database from a worker', async () => {
    const { file, db } = freshFile();
    const checkpoints = startDatabaseThread(db, file, { intervalMs: 50 });
    expect(db.$client.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    const before = statSync(file).size;
    writeALot(db);
    // The rows reach the database file without this connection checkpointing: the worker did it.
    expect(await waitFor(() => statSync(file).size > before + 1_500_000)).toBe(true);
    await checkpoints.stop();
    expect(db.$client.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    expect((db.$client.prepare('select count(*) as n from filler').get() as { n: number }).n).toBe(2000);
  });

  it('without the worker and with autocheckpoint off, nothing reaches the database file (the control)', async () => {
    const { file, db } = freshFile();
    db.$client.pragma('wal_autocheckpoint = 0');
    const before = statSync(file).size;
    writeALot(db);
    await new Promise((r) => setTimeout(r, 300));
    expect(statSync(file).size).toBe(before);
  });
});

describe("the audit chain's check on the database thread", () => {
  it('gives what the check on the serving connection gives, on an intact trail and on one edited behind the app; the office\'s checks and counts go there', async () => {
    const { file, db } = freshFile();
    const { used, elsewhere } = countedElsewhere();
    const thread = startDatabaseThread(db, file, { intervalMs: 50, elsewhere });
    let asked = 0;
    let counted = 0;
    const ctx = await createTestApp({
      file,
      databaseThread: {
        verifyAuditChain: () => { asked += 1; return thread.verifyAuditChain(); },
        count: (sql, params) => { counted += 1; return thread.count(sql, params); },
        stop: thread.stop,
      },
    });
    try {
      await seedSmallPlan(ctx);
      const rows = (db.$client.prepare('select count(*) as n from audit_log').get() as { n: number }).n;
      expect(rows).toBeGreaterThan(5);
      const intact = await thread.verifyAuditChain();
      expect(intact).toEqual(await verifyAuditChain(db.$client));
      expect(intact).toMatchObject({ ok: true, rows, firstMismatch: null });
      const checked = await ctx.call('GET', '/api/audit/verification');
      expect(checked.body).toMatchObject({ ok: true, rows });
      expect(asked).toBe(1);
      // A filtered list's first count goes to the thread too, and agrees with a count on the serving connection.
      const councils = (db.$client.prepare("select count(*) as n from audit_log where entity = 'council'").get() as { n: number }).n;
      expect(councils).toBeGreaterThan(0);
      const listed = await ctx.call('GET', '/api/audit?entity=council&limit=1');
      expect(listed.body.page.total).toBe(councils);
      expect(counted).toBe(1);
      expect(await thread.count('select count(*) from audit_log where entity = ?', ['council'])).toBe(councils);

      db.$client.exec("drop trigger audit_log_no_update; update audit_log set user_name = 'Somebody else' where id = 3");
      const edited = await thread.verifyAuditChain();
      expect(edited).toEqual(await verifyAuditChain(db.$client));
      expect(edited).toMatchObject({ ok: false, verifiedUpTo: { id: 2 }, firstMismatch: { id: 3, problem: 'does not match its hash: its content was changed' } });
      expect(used).toEqual([]);
    } finally {
      await closeTestApp(ctx);
      await thread.stop();
    }
  });

  it('a failed count reaches its caller; once stopping or gone, checks and counts run on a thread of their own; stopping twice is stopping once', async () => {
    const { file, db } = freshFile();
    const { used, elsewhere } = countedElsewhere();
    const thread = startDatabaseThread(db, file, { intervalMs: 20, elsewhere });
    const ctx = await createTestApp({ file });
    try {
      await seedSmallPlan(ctx);
      writeALot(db);
      await expect(thread.count('select count(*) from no_such_table', [])).rejects.toThrow('The rows could not be counted: no such table: no_such_table');
      expect(await thread.count('select count(*) from filler', [])).toBe(2000);
      expect((await thread.verifyAuditChain()).ok).toBe(true);
      expect(used).toEqual([]);

      const stopped = thread.stop();
      expect(thread.stop()).toBe(stopped);
      expect(await thread.count('select count(*) from filler', [])).toBe(2000);
      await stopped;
      expect(db.$client.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
      expect(await thread.verifyAuditChain()).toEqual(await verifyAuditChain(db.$client));
      expect(used).toEqual(['count', 'verify']);
    } finally {
      await thread.stop();
      await closeTestApp(ctx);
    }
  });
});
