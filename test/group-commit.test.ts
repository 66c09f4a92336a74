/**
 * Group commit (server/db/group-commit.ts): writes arriving in the same turn of the event loop share one commit,
 * each still all or nothing, and nobody hears "saved" before the commit holding their write. On a real SQLite file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGroupCommit } from '../server/db/group-commit.ts';
import { closeTestApp, createTestApp, seedSmallPlan, type Agent, type TestContext } from './helpers.ts';

describe('the group commit itself', () => {
  let dir: string;
  let client: Database.Database;
  const rows = () => client.prepare('select name from things order by id').pluck().all();
  const insert = (name: string) => () => client.prepare('insert into things (name) values (?)').run(name).lastInsertRowid;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'group-commit-'));
    client = new Database(join(dir, 'test.sqlite'));
    client.pragma('journal_mode = WAL');
    client.pragma('synchronous = FULL');
    client.exec(`create table things (id integer primary key, name text not null check (length(name) < 10));
      create table parents (id integer primary key);
      create table children (id integer primary key, parent_id integer references parents (id) deferrable initially deferred);`);
    client.pragma('foreign_keys = ON');
  });
  afterEach(() => {
    client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes asked for in the same turn share one commit, in the order asked, each with its own result', async () => {
    const commits = createGroupCommit(client);
    const results = await Promise.all(['a', 'b', 'c', 'd'].map((name) => commits.run(insert(name))));
    expect(results).toEqual([1, 2, 3, 4]);
    expect(rows()).toEqual(['a', 'b', 'c', 'd']);
    expect(commits.stats()).toEqual({ commits: 1, jobs: 4 });
    await commits.run(insert('e'));
    expect(commits.stats()).toEqual({ commits: 2, jobs: 5 });
  });

  it('a write that fails undoes only itself, even after it wrote part of its rows; the others are stored', async () => {
    const commits = createGroupCommit(client);
    const twoRowsThenRefused = () => {
      client.prepare('insert into things (name) values (?)').run('half');
      client.prepare('insert into things (name) values (?)').run('far too long a name');
    };
    const outcomes = await Promise.allSettled([commits.run(insert('first')), commits.run(twoRowsThenRefused), commits.run(insert('last'))]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((outcomes[1] as PromiseRejectedResult).reason)).toContain('CHECK constraint failed');
    expect(rows()).toEqual(['first', 'last']);
    expect(commits.stats().commits).toBe(1);
  });

  it('when the shared commit itself fails, every write in it is refused and nothing is stored', async () => {
    const commits = createGroupCommit(client);
    // A deferred foreign key is only checked at COMMIT: the orphan passes its own savepoint and fails the commit.
    const orphan = () => client.prepare('insert into children (parent_id) values (99)').run();
    const outcomes = await Promise.allSettled([commits.run(insert('kept?')), commits.run(orphan)]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect(String((outcomes[0] as PromiseRejectedResult).reason)).toContain('FOREIGN KEY constraint failed');
    expect(rows()).toEqual([]);
    expect(client.inTransaction).toBe(false);
    // And the next write commits normally.
    await commits.run(insert('after'));
    expect(rows()).toEqual(['after']);
  });

  it('nothing is visible, and no promise settles, before the commit', async () => {
    const commits = createGroupCommit(client);
    let settled = false;
    const done = commits.run(insert('later')).then(() => { settled = true; });
    expect(rows()).toEqual([]);
    await Promise.resolve();
    expect(settled).toBe(false);
    await done;
    expect(rows()).toEqual(['later']);
    // Seen by another connection: it was committed, not just written.
    const other = new Database(join(dir, 'test.sqlite'), { readonly: true });
    expect(other.prepare('select count(*) from things').pluck().get()).toBe(1);
    other.close();
  });

  it('a long queue is committed in batches of at most maxBatch, so one commit never holds the loop for long', async () => {
    const commits = createGroupCommit(client, { maxBatch: 3 });
    await Promise.all(Array.from({ length: 7 }, (_, i) => commits.run(insert(`n${i}`))));
    expect(rows()).toHaveLength(7);
    expect(commits.stats()).toEqual({ commits: 3, jobs: 7 });
  });

  it('a piece of work that returns a promise is refused (it would escape its transaction)', async () => {
    const commits = createGroupCommit(client);
    await expect(commits.run(() => Promise.resolve(1))).rejects.toThrow(/promise/i);
  });
});

describe('readings and wins written together over HTTP', () => {
  let ctx: TestContext;
  let plan: Awaited<ReturnType<typeof seedSmallPlan>>;
  let lead: Agent;
  let criterionId: number;
  const count = (table: string) => ctx.db.$client.prepare(`select count(*) from ${table}`).pluck().get() as number;

  beforeEach(async () => {
    if (ctx) return;
    ctx = await createTestApp();
    plan = await seedSmallPlan(ctx);
    lead = await ctx.userAs('lead', [plan.north.id], 'lead.north@example.org');
    criterionId = (await ctx.call('POST', '/api/criteria', {
      code: 'TRAINED', name: 'Managers trained', unit: 'percent', direction: 'higher', target: 80, amberThreshold: 60, scope: 'council', phase: 'readiness',
    })).body.id;
  });
  afterAll(() => closeTestApp(ctx));

  it('ten bulk writes at once: each stored whole under its own audit row, in fewer commits, and the audit chain holds', async () => {
    const before = { readings: count('readings'), audit: count('audit_log'), commits: ctx.app.services.commits.stats().commits };
    const body = (n: number) => ({ readings: Array.from({ length: 10 }, (_, i) => ({ criterionId, councilId: plan.north.id, value: n * 10 + i / 10, readingDate: '2026-11-20' })) });
    const replies = await Promise.all(Array.from({ length: 10 }, (_, n) => ctx.call('POST', '/api/readings/bulk', body(n), { as: lead })));
    expect(replies.map((r) => r.status)).toEqual(Array(10).fill(201));
    expect(replies.map((r) => r.body.stored)).toEqual(Array(10).fill(10));
    expect(count('readings') - before.readings).toBe(100);
    expect(count('audit_log') - before.audit).toBe(10);
    expect(ctx.app.services.commits.stats().commits - before.commits).toBeLessThan(10);
    expect((await ctx.call('GET', '/api/audit/verification')).body).toMatchObject({ ok: true });
  });

  it('a refused write among good ones answers 400 and stores nothing of its own; the others answer 201 and are stored', async () => {
    const before = count('readings');
    const good = { readings: [{ criterionId, councilId: plan.north.id, value: 70, readingDate: '2026-11-21' }] };
    const bad = { readings: [{ criterionId, councilId: plan.north.id, value: 71, readingDate: '2026-11-21' }, { criterionId: 999_999, councilId: plan.north.id, value: 72, readingDate: '2026-11-21' }] };
    const otherCouncil = { readings: [{ criterionId, councilId: plan.west.id, value: 73, readingDate: '2026-11-21' }] };
    const [a, b, c, d] = await Promise.all([
      ctx.call('POST', '/api/readings/bulk', good, { as: lead }),
      ctx.call('POST', '/api/readings/bulk', bad, { as: lead }),
      ctx.call('POST', '/api/readings/bulk', otherCouncil, { as: lead }),
      ctx.call('POST', '/api/wins', { councilId: plan.north.id, title: 'Payslips on phones', story: 'Before: paper. After: phone.', wonOn: '2026-11-20', evidenceNote: 'Counted' }, { as: lead }),
    ]);
    expect([a!.status, b!.status, c!.status, d!.status]).toEqual([201, 400, 403, 201]);
    expect(b!.body.message).toMatch(/^Nothing was saved/);
    expect(count('readings') - before).toBe(1);
    expect(ctx.db.$client.prepare('select count(*) from readings where value in (71, 72, 73)').pluck().get()).toBe(0);
    expect(ctx.db.$client.prepare("select count(*) from early_wins where title = 'Payslips on phones'").pluck().get()).toBe(1);
  });
});
