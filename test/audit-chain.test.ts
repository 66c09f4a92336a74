/**
 * Tamper evidence: the append-only tables refuse every way of changing a row (UPDATE, DELETE, REPLACE,
 * UPSERT), and the audit trail is hash-chained so a change made with the triggers dropped is found by
 * `npm run audit:verify`, which names the first row that does not match.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDatabase, MIGRATIONS_FOLDER, migrateDatabase, openDatabase } from '../server/db/database.ts';
import { verifyAuditChain } from '../server/db/audit-chain.ts';
import { recordAudit } from '../server/db/audit.ts';
import { systemActor } from '../server/auth/actor.ts';
import { closeTestApp, createTestApp, seedSmallPlan, type TestContext } from './helpers.ts';
import { npmRun } from './server-process.ts';

const dirs: string[] = [];
afterAll(() => { for (const dir of dirs) rmSync(dir, { recursive: true, force: true }); });
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'rollout-chain-'));
  dirs.push(dir);
  return dir;
};

describe('append-only tables refuse every kind of change', () => {
  let ctx: TestContext;
  beforeEach(async () => {
    ctx = await createTestApp();
    const plan = await seedSmallPlan(ctx);
    const criterion = (await ctx.call('POST', '/api/criteria', {
      code: 'TRAINED', name: 'Staff trained', unit: 'percent', direction: 'higher', target: 80, amberThreshold: 50, scope: 'council', phase: 'readiness',
    })).body;
    expect((await ctx.call('POST', '/api/readings', { criterionId: criterion.id, councilId: plan.north.id, value: 40, readingDate: '2026-11-01' })).status).toBe(201);
    const item = (await ctx.call('POST', '/api/items', { councilId: plan.north.id, featureId: plan.payslip.id, waveId: plan.w1.id })).body;
    expect((await ctx.call('POST', `/api/items/${item.id}/gate`, { decision: 'no_go' })).status).toBe(201);
    expect((await ctx.call('POST', '/api/reports/board/issued', { title: 'November report', from: '2026-11-01', to: '2026-11-22' })).status).toBe(201);
  });
  afterEach(() => closeTestApp(ctx));

  const sql = (text: string) => () => ctx.db.$client.prepare(text).run();

  it.each([
    ['audit_log', 'append-only'],
    ['readings', 'append-only'],
    ['gate_decisions', 'cannot be edited'],
    ['board_reports', 'cannot be changed'],
    ['plan_history', 'append-only'],
  ])('%s: REPLACE, UPSERT, UPDATE and DELETE are refused', (table, message) => {
    const row = ctx.db.$client.prepare(`select * from ${table} order by id limit 1`).get() as Record<string, unknown>;
    expect(row).toBeDefined();
    const columns = Object.keys(row);
    const values = columns.map(() => '?').join(', ');
    const raw = ctx.db.$client;
    const before = raw.prepare(`select * from ${table} order by id`).all();
    expect(() => raw.prepare(`insert or replace into ${table} (${columns.join(', ')}) values (${values})`).run(...Object.values(row))).toThrow(message);
    expect(() => raw.prepare(`replace into ${table} (${columns.join(', ')}) values (${values})`).run(...Object.values(row))).toThrow(message);
    expect(() => raw.prepare(`insert into ${table} (${columns.join(', ')}) values (${values}) on conflict (id) do update set id = excluded.id`).run(...Object.values(row))).toThrow(message);
    expect(() => raw.prepare(`insert into ${table} (${columns.join(', ')}) values (${values}) on conflict do nothing`).run(...Object.values(row))).toThrow(message);
    expect(sql(`update ${table} set id = id where id = ${row.id}`)).toThrow();
    expect(sql(`delete from ${table} where id = ${row.id}`)).toThrow();
    expect(raw.prepare(`select * from ${table} order by id`).all()).toEqual(before);
  });

  it('readings are in the audit trail: one row per request, listing every reading it stored', async () => {
    const readings = (await ctx.call('GET', '/api/readings')).body.data;
    const trail = await ctx.call('GET', '/api/audit?entity=reading');
    expect(trail.status).toBe(200);
    expect(trail.body.data).toHaveLength(1);
    expect(trail.body.data[0]).toMatchObject({
      action: 'create', entity: 'reading', entityId: readings[0].id, userName: 'Test office 1',
      after: { count: 1, readings: [{ id: readings[0].id, criterionId: readings[0].criterionId, councilId: readings[0].councilId, value: 40, readingDate: '2026-11-01', note: '' }] },
    });
    const csv = await ctx.call('GET', '/api/exports/audit.csv?entity=reading');
    expect(csv.status).toBe(200);
    expect(csv.body).toContain(`reading,${readings[0].id}`);
  });
});

describe('the audit list', () => {
  it("counts the whole trail once and then only what was added, another connection's rows included", async () => {
    const file = join(tempDir(), 'rollout.sqlite');
    const ctx = await createTestApp({ file });
    await seedSmallPlan(ctx);
    const count = () => (ctx.db.$client.prepare('select count(*) as n from audit_log').get() as { n: number }).n;
    const first = await ctx.call('GET', '/api/audit?limit=2');
    expect(first.body.page.total).toBe(count());
    expect(first.body.data).toHaveLength(2);
    // A write through the app, then one by another connection to the same file (a script, another process).
    expect((await ctx.call('POST', '/api/councils', { name: 'Eastbridge Borough Council', code: 'EBC', staffHeadcount: 900, managerHeadcount: 90 })).status).toBe(201);
    const other = openDatabase({ file });
    recordAudit(other, systemActor('A script'), new Date('2026-11-23T10:05:00.000Z'), { action: 'create', entity: 'council', entityId: 999, after: { id: 999 } });
    closeDatabase(other);
    const again = await ctx.call('GET', '/api/audit?limit=2');
    expect(again.body.page.total).toBe(count());
    expect(again.body.page.total).toBeGreaterThan(first.body.page.total + 1);
    await closeTestApp(ctx);
  });

  // The first count of a filter runs in a worker thread when the database is a file, on the serving thread in
  // memory; after that only rows added since are counted, another connection's included.
  it.each([['a file (counted in a worker thread)', true], ['memory', false]])('counts a filter exactly, then what is added to it: %s', async (_, onFile) => {
    const file = join(tempDir(), 'rollout.sqlite');
    const ctx = await createTestApp(onFile ? { file } : {});
    await seedSmallPlan(ctx);
    const countOf = (where: string) => (ctx.db.$client.prepare(`select count(*) as n from audit_log where ${where}`).get() as { n: number }).n;
    const councils = await ctx.call('GET', '/api/audit?entity=council&limit=1');
    expect(councils.status).toBe(200);
    expect(councils.body.page.total).toBe(countOf("entity = 'council'"));
    expect(councils.body.page.total).toBeGreaterThan(1);
    const today = ctx.db.$client.prepare('select substr(max(at), 1, 10) from audit_log').pluck().get() as string;
    expect(countOf(`substr(at, 1, 10) = '${today}'`)).toBeGreaterThan(0);
    const byDay = await ctx.call('GET', `/api/audit?from=${today}&to=${today}`);
    expect(byDay.body.page.total).toBe(countOf(`substr(at, 1, 10) = '${today}'`));
    expect((await ctx.call('GET', '/api/audit?from=2001-01-01&to=2001-01-31')).body.page.total).toBe(0);
    // Many new filters at once (their first counts run one at a time): each still gets its own count.
    const entities = ['wave', 'feature', 'item', 'criterion', 'user'];
    const all = await Promise.all(entities.map((entity) => ctx.call('GET', `/api/audit?entity=${entity}&limit=1`)));
    expect(all.map((r) => r.body.page.total)).toEqual(entities.map((entity) => countOf(`entity = '${entity}'`)));
    // Rows added through the app and by another connection are counted; rows another filter matches are not.
    expect((await ctx.call('POST', '/api/councils', { name: 'Eastbridge Borough Council', code: 'EBC', staffHeadcount: 900, managerHeadcount: 90 })).status).toBe(201);
    if (onFile) {
      const other = openDatabase({ file });
      recordAudit(other, systemActor('A script'), new Date(), { action: 'create', entity: 'council', entityId: 999, after: { id: 999 } });
      recordAudit(other, systemActor('A script'), new Date(), { action: 'create', entity: 'wave', entityId: 998, after: { id: 998 } });
      closeDatabase(other);
    }
    const again = await ctx.call('GET', '/api/audit?entity=council&limit=1');
    expect(again.body.page.total).toBe(countOf("entity = 'council'"));
    expect(again.body.page.total).toBe(councils.body.page.total + (onFile ? 2 : 1));
    expect((await ctx.call('GET', '/api/audit?entity=council&offset=1&limit=1')).body.page.total).toBe(again.body.page.total);
    expect((await ctx.call('GET', `/api/audit?from=${today}&to=${today}`)).body.page.total).toBe(countOf(`substr(at, 1, 10) = '${today}'`));
    await closeTestApp(ctx);
  });
});

describe('the hash-chained audit trail', () => {
  it('is chained as it is written, and audit:verify names the first row edited behind the application\'s back', async () => {
    const dir = tempDir();
    const file = join(dir, 'rollout.sqlite');
    const ctx = await createTestApp({ file });
    await seedSmallPlan(ctx);
    const rows = (ctx.db.$client.prepare('select count(*) as n from audit_log').get() as { n: number }).n;
    expect(rows).toBeGreaterThan(5);
    expect(await verifyAuditChain(ctx.db.$client)).toMatchObject({ ok: true, rows, firstMismatch: null, verifiedUpTo: { id: rows } });
    await closeTestApp(ctx);

    const clean = await npmRun('audit:verify', [], { DATABASE_FILE: file });
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain(`Audit trail verified: all ${rows} rows match, up to row ${rows}, written at 2026-11-23T10:00:00.000Z.`);

    // Someone with the file drops the trigger and edits row 3.
    const db = openDatabase({ file });
    db.$client.exec("drop trigger audit_log_no_update; update audit_log set user_name = 'Somebody else' where id = 3");
    closeDatabase(db);
    const edited = await npmRun('audit:verify', [], { DATABASE_FILE: file });
    expect(edited.code).toBe(1);
    expect(edited.stderr).toContain('Audit trail does NOT verify: row 3 does not match its hash: its content was changed. Verified up to row 2, written at');
  }, 30_000);

  it.each([
    ['in memory, verified in slices on the event loop', false],
    ['on a file, verified by a worker thread on its own read-only connection', true],
  ])('the office sees "verified up to row N at T", and the first row that does not match once one is edited (%s)', async (_, onFile) => {
    const ctx = await createTestApp(onFile ? { file: join(tempDir(), 'rollout.sqlite') } : {});
    await seedSmallPlan(ctx);
    const rows = (ctx.db.$client.prepare('select count(*) as n from audit_log').get() as { n: number }).n;
    const good = await ctx.call('GET', '/api/audit/verification');
    expect(good.status).toBe(200);
    expect(good.body).toEqual({ ok: true, rows, verifiedUpTo: { id: rows, at: '2026-11-23T10:00:00.000Z' }, firstMismatch: null, checkedAt: '2026-11-23T10:00:00.000Z' });
    ctx.db.$client.exec("drop trigger audit_log_no_update; update audit_log set after = '{\"name\":\"Renamed\"}' where id = 2");
    // A check less than a minute old is reused; a minute later the edit is found.
    expect((await ctx.call('GET', '/api/audit/verification')).body.ok).toBe(true);
    ctx.setNow('2026-11-23T10:01:00.000Z');
    const bad = await ctx.call('GET', '/api/audit/verification');
    expect(bad.body).toEqual({
      ok: false, rows: 2, verifiedUpTo: { id: 1, at: '2026-11-23T10:00:00.000Z' },
      firstMismatch: { id: 2, problem: 'does not match its hash: its content was changed' }, checkedAt: '2026-11-23T10:01:00.000Z',
    });
    await closeTestApp(ctx);
  });

  it('finds a row removed from the middle and rows cut off the end', async () => {
    const ctx = await createTestApp();
    await seedSmallPlan(ctx);
    const raw = ctx.db.$client;
    const last = (raw.prepare('select max(id) as id from audit_log').get() as { id: number }).id;
    raw.exec('drop trigger audit_log_no_delete; drop trigger audit_log_no_update');

    raw.exec(`delete from audit_log where id = ${last}`);
    expect(await verifyAuditChain(raw)).toMatchObject({ ok: false, firstMismatch: { id: last, problem: `is missing: rows ${last} to ${last} were written and are gone` } });

    raw.exec('delete from audit_log where id = 4');
    expect(await verifyAuditChain(raw, { sliceRows: 2 })).toMatchObject({ ok: false, verifiedUpTo: { id: 3 }, firstMismatch: { id: 5, problem: expect.stringContaining('does not follow the row before it') } });
    await closeTestApp(ctx);
  });

  it('a database from before the chain has its existing rows chained by the migration', async () => {
    // Migrate a file only up to 0011 (the last migration before the chain), write audit rows the old way,
    // then open it as the server does.
    const dir = tempDir();
    const folder = join(dir, 'migrations');
    cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
    const journalFile = join(folder, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: Array<{ tag: string }> };
    const upTo = journal.entries.findIndex((e) => e.tag.startsWith('0012_data_safety'));
    writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.slice(0, upTo) }));
    const file = join(dir, 'old.sqlite');
    const sqlite = new Database(file);
    migrate(drizzle(sqlite), { migrationsFolder: folder });
    const insert = sqlite.prepare("insert into audit_log (at, user_id, user_name, action, entity, entity_id, before, after) values (?, null, 'Ada Example', 'update', 'item', ?, '{\"note\":\"\"}', ?)");
    for (let i = 1; i <= 12; i += 1) insert.run(`2026-0${1 + (i % 9)}-01T09:00:00.000Z`, i, JSON.stringify({ note: `change ${i}` }));
    sqlite.close();

    const upgraded = openDatabase({ file });
    expect(upgraded.$client.prepare('select count(*) as n from audit_log where hash is null').get()).toEqual({ n: 0 });
    expect(await verifyAuditChain(upgraded.$client)).toMatchObject({ ok: true, rows: 12, verifiedUpTo: { id: 12 } });
    // Sealed once: the only update the trigger allows is giving a row without a hash its hash.
    expect(() => upgraded.$client.prepare("update audit_log set hash = 'x' where id = 1").run()).toThrow('append-only');
    migrateDatabase(upgraded);
    expect(await verifyAuditChain(upgraded.$client)).toMatchObject({ ok: true, rows: 12 });
    closeDatabase(upgraded);
  });
});
