import type Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, type Db } from '../server/db/database.ts';
import { READ_MODEL_SCOPES, councilScope, globalScope, type Scope, type ScopeRule } from '../server/db/read-model-scopes.ts';
import { loadDemo } from '../server/fixtures/demo.ts';
import { scopeSql } from '../server/read-models/scopes.ts';
import { closeTestApp, createTestApp, seedSmallPlan, type Agent, type TestContext } from './helpers.ts';

/**
 * Generated from the declared map of table → read-model scope (server/db/read-model-scopes.ts): every table is
 * listed; every table that feeds a read model has its version triggers; inserting, moving and deleting a row bumps
 * the scopes the map names, including the scope a moved row left.
 */
let db: Db;
let sqlite: Database.Database;

beforeAll(async () => {
  db = openDatabase({ file: ':memory:' });
  await loadDemo(db);
  sqlite = db.$client;
  // The demo sets no per-council target; one override gives that table a row to probe.
  sqlite.prepare('insert into criterion_overrides (criterion_id, council_id, wave_id, target, amber_threshold) select id, (select min(id) from councils), null, target, amber_threshold from criteria limit 1').run();
});
afterAll(() => closeDatabase(db));

const tables = () =>
  sqlite.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%' order by name").pluck().all() as string[];
const triggersOf = (table: string) =>
  sqlite.prepare("select name from sqlite_master where type = 'trigger' and tbl_name = ?").pluck().all(table) as string[];
const versions = () =>
  Object.fromEntries((sqlite.prepare('select scope, version from read_model_versions').all() as Array<{ scope: string; version: number }>).map((r) => [r.scope, r.version]));
const councilOfItem = (itemId: number) => (sqlite.prepare('select council_id from rollout_items where id = ?').pluck().get(itemId) as number);
const councilIds = () => sqlite.prepare('select id from councils order by id').pluck().all() as number[];

/** Runs a raw write with foreign keys off (the point is the triggers, not the references), then undoes it. */
function bumpedBy(write: () => void, setup: () => void = () => undefined): Scope[] {
  sqlite.pragma('foreign_keys = OFF');
  sqlite.exec('savepoint probe');
  let before: Record<string, number>;
  let after: Record<string, number>;
  try {
    setup();
    before = versions();
    write();
    after = versions();
  } finally {
    sqlite.exec('rollback to probe');
    sqlite.exec('release probe');
    sqlite.pragma('foreign_keys = ON');
  }
  return Object.keys(after).filter((scope) => after[scope] !== before[scope]).sort() as Scope[];
}

function scopeOfRow(rule: ScopeRule, row: Record<string, unknown>): Scope {
  if (rule.kind === 'council') return councilScope(row[rule.column] as number);
  if (rule.kind === 'councilOfItem') return councilScope(councilOfItem(row[rule.column] as number));
  return globalScope;
}

/** Inserts a copy of a row under a new key, its names and codes made unique; returns the new key. */
function copyRow(table: string, rowid: number, overrides: Record<string, unknown> = {}): number {
  const cols = (sqlite.pragma(`table_info(${table})`) as Array<{ name: string; pk: number }>).filter((c) => c.pk === 0).map((c) => c.name);
  const row = sqlite.prepare(`select * from ${table} where rowid = ?`).get(rowid) as Record<string, unknown>;
  const values = cols.map((c) => (c in overrides ? overrides[c] : ['code', 'name', 'title', 'email'].includes(c) && typeof row[c] === 'string' ? `${row[c] as string}${Date.now() % 100000}c` : row[c]));
  return Number(sqlite.prepare(`insert into ${table} (${cols.join(', ')}) values (${cols.map(() => '?').join(', ')})`).run(...values).lastInsertRowid);
}

const fed = () => Object.entries(READ_MODEL_SCOPES).filter(([, rule]) => rule.kind !== 'none') as Array<[string, Exclude<ScopeRule, { kind: 'none' }>]>;

describe('the table → scope map', () => {
  it('lists every table of the database, and nothing else', () => {
    expect(Object.keys(READ_MODEL_SCOPES).sort()).toEqual(tables());
  });

  it('every table that feeds a read model has a version trigger for each write it allows, and one for moves', () => {
    const missing: string[] = [];
    for (const [table, rule] of fed()) {
      const names = triggersOf(table);
      for (const write of rule.writes) if (!names.includes(`${table}_version_${write}`)) missing.push(`${table}_version_${write}`);
      if (rule.kind !== 'global' && !(rule.kind === 'council' && rule.column === 'id') && rule.writes.includes('update') && !names.includes(`${table}_version_update_old`)) missing.push(`${table}_version_update_old`);
    }
    expect(missing).toEqual([]);
  });

  it('every version trigger spells its scope as scopeSql does, the one spelling beside councilScope and globalScope', () => {
    const triggers = sqlite.prepare("select name, tbl_name as tableName, sql from sqlite_master where type = 'trigger' and sql like '%read_model_versions%'").all() as Array<{ name: string; tableName: string; sql: string }>;
    const wrong: string[] = [];
    for (const trigger of triggers) {
      const rule = READ_MODEL_SCOPES[trigger.tableName];
      // A table that feeds no read model may keep old triggers (blockers, read-only since migration 0025): a spare bump is harmless.
      if (!rule || rule.kind === 'none') continue;
      // Deletes and the "left" half of a move name the old row; everything else the new one.
      const row = /_version_(delete|update_old)$/.test(trigger.name) ? 'OLD' : 'NEW';
      // A nullable council column (a programme-level entry has none) falls back to the programme's scope.
      const nullable = rule.kind === 'council' && (sqlite.pragma(`table_info(${trigger.tableName})`) as Array<{ name: string; notnull: number }>).some((c) => c.name === rule.column && c.notnull === 0);
      const spelling = scopeSql(rule, row, nullable);
      if (!trigger.sql.includes(`VALUES (${spelling}, 1)`)) wrong.push(`${trigger.name}: does not bump ${spelling}`);
    }
    expect(triggers.length).toBeGreaterThan(30);
    expect(wrong).toEqual([]);
    // The TypeScript spelling is the SQL's, evaluated.
    expect(sqlite.prepare(`select ${scopeSql({ kind: 'council', column: 'id', writes: [] }, 'NEW').replace('NEW.`id`', '42')}`).pluck().get()).toBe(councilScope(42));
  });

  it('the demo holds a row of every table that feeds a read model, so the probes below test something', () => {
    for (const [table] of fed()) expect(sqlite.prepare(`select count(*) from ${table}`).pluck().get(), table).toBeGreaterThan(0);
  });

  for (const [table, rule] of Object.entries(READ_MODEL_SCOPES).filter(([, r]) => r.kind !== 'none') as Array<[string, Exclude<ScopeRule, { kind: 'none' }>]>) {
    describe(table, () => {
      const firstRow = () => sqlite.prepare(`select * from ${table} order by rowid limit 1`).get() as Record<string, unknown>;
      const columns = () => (sqlite.pragma(`table_info(${table})`) as Array<{ name: string; pk: number }>);

      if (rule.writes.includes('insert')) it('an insert bumps its scope', () => {
        const row = firstRow();
        // A copy of an existing row under a new key (unique columns made unique), or the same row put back after a delete.
        const columnsOf = columns().map((c) => c.name);
        const rowid = Number(sqlite.prepare(`select min(rowid) from ${table}`).pluck().get());
        // A deletable row is taken out first and put back exactly; an append-only one is copied under a new key.
        const scopes = rule.writes.includes('delete')
          ? bumpedBy(
            () => sqlite.prepare(`insert into ${table} (${columnsOf.join(', ')}) values (${columnsOf.map(() => '?').join(', ')})`).run(...columnsOf.map((c) => row[c])),
            () => sqlite.prepare(`delete from ${table} where rowid = ?`).run(rowid),
          )
          : bumpedBy(() => copyRow(table, rowid));
        expect(scopes).toContain(scopeOfRow(rule, row));
      });

      if (rule.writes.includes('update')) {
        it('an update bumps its scope; a move to another council bumps both', () => {
          const row = firstRow();
          const key = columns().find((c) => c.pk > 0)!.name;
          if (rule.kind === 'global' && rule.columns) {
            // Only a change of the named columns bumps: the same value written again, or another column, does not.
            for (const column of rule.columns) {
              expect(bumpedBy(() => sqlite.prepare(`update ${table} set ${column} = ${column} || ' (changed)' where ${key} = ?`).run(row[key])), column).toEqual([globalScope]);
              expect(bumpedBy(() => sqlite.prepare(`update ${table} set ${column} = ${column} where ${key} = ?`).run(row[key])), column).toEqual([]);
            }
            // A real change to another column: the row's other text columns each get a new value.
            for (const other of columns().filter((c) => c.pk === 0 && !rule.columns!.includes(c.name) && typeof row[c.name] === 'string').map((c) => c.name)) {
              expect(bumpedBy(() => sqlite.prepare(`update ${table} set ${other} = ${other} || 'x' where ${key} = ?`).run(row[key])), other).toEqual([]);
            }
            return;
          }
          if (rule.kind === 'global') {
            expect(bumpedBy(() => sqlite.prepare(`update ${table} set ${key} = ${key} where rowid = ?`).run(row[key]))).toEqual([globalScope]);
            return;
          }
          if (rule.kind === 'council' && rule.column === key) {
            expect(bumpedBy(() => sqlite.prepare(`update ${table} set ${key} = ${key} where ${key} = ?`).run(row[key]))).toContain(scopeOfRow(rule, row));
            return;
          }
          const from = scopeOfRow(rule, row);
          // The row moves to a new council (or an item of one), so no unique rule stands in the way.
          let target = 0;
          let to = '' as Scope;
          const scopes = bumpedBy(
            () => sqlite.prepare(`update ${table} set ${rule.column} = ? where ${key} = ?`).run(target, row[key]),
            () => {
              const council = copyRow('councils', councilIds()[0]!);
              target = rule.kind === 'council' ? council : copyRow('rollout_items', row[rule.column] as number, { council_id: council });
              to = councilScope(council);
            },
          );
          expect(from).not.toBe(to);
          expect(scopes).toContain(from);
          expect(scopes).toContain(to);
        });
      }

      if (rule.writes.includes('delete')) {
        it('a delete bumps the scope the row was in', () => {
          const row = firstRow();
          const scope = scopeOfRow(rule, row);
          expect(bumpedBy(() => sqlite.prepare(`delete from ${table} where rowid = (select min(rowid) from ${table})`).run())).toContain(scope);
        });
      } else if (!rule.writes.includes('update')) {
        it('is append-only: the database refuses updates and deletes', () => {
          expect(() => sqlite.prepare(`update ${table} set rowid = rowid where rowid = (select min(rowid) from ${table})`).run()).toThrow(/append-only|cannot be/);
          expect(() => sqlite.prepare(`delete from ${table} where rowid = (select min(rowid) from ${table})`).run()).toThrow(/append-only|cannot be/);
        });
      }
    });
  }
});

describe('what callers see after a row moves or goes', () => {
  let ctx: TestContext;
  let plan: Awaited<ReturnType<typeof seedSmallPlan>>;
  let sponsor: Agent;

  beforeAll(async () => {
    ctx = await createTestApp();
    plan = await seedSmallPlan(ctx);
    sponsor = await ctx.userAs('sponsor');
  });
  afterAll(async () => closeTestApp(ctx));

  const winTitles = async (councilId: number, as: Agent) =>
    ((await ctx.call('GET', `/api/councils/${councilId}/summary`, undefined, { as })).body.wins as Array<{ title: string }>).map((w) => w.title);
  const overviewWins = async (as: Agent) => ((await ctx.call('GET', '/api/overview', undefined, { as })).body.wins as Array<{ title: string }>).map((w) => w.title);

  async function publishedWin(title: string) {
    const win = (await ctx.call('POST', '/api/wins', { councilId: plan.north.id, title, story: 'Before: paper. After: phone.', wonOn: '2026-11-20', evidenceNote: 'Counted by payroll' })).body;
    expect(win.id).toBeGreaterThan(0);
    return (await ctx.call('PATCH', `/api/wins/${win.id}`, { published: true })).body;
  }

  it('a published win moved to another council and unpublished in one change leaves no trace for sponsors', async () => {
    const win = await publishedWin('Paper payslips gone');
    expect(await winTitles(plan.north.id, sponsor)).toContain('Paper payslips gone');
    expect(await overviewWins(sponsor)).toContain('Paper payslips gone');
    const moved = await ctx.call('PATCH', `/api/wins/${win.id}`, { councilId: plan.west.id, published: false });
    expect(moved.status).toBe(200);
    expect(await winTitles(plan.north.id, sponsor)).not.toContain('Paper payslips gone');
    expect(await winTitles(plan.west.id, sponsor)).not.toContain('Paper payslips gone');
    expect(await overviewWins(sponsor)).not.toContain('Paper payslips gone');
    expect(await winTitles(plan.west.id, ctx.office)).toContain('Paper payslips gone');
    expect(await winTitles(plan.north.id, ctx.office)).not.toContain('Paper payslips gone');
  });

  it("a renamed owner of an item's issue is named anew on the item's page and the council's summary", async () => {
    const item = (await ctx.call('POST', '/api/items', { councilId: plan.north.id, featureId: plan.approve.id, waveId: plan.w2.id })).body;
    const owner = await ctx.userAs('lead', [plan.north.id], 'owner.rename@example.org');
    const issue = await ctx.call('POST', '/api/raid/entries', { type: 'issue', scope: 'item', itemId: item.id, title: 'Kiosks not installed', ownerUserId: owner.id, dueDate: '2026-12-04' });
    expect(issue.status).toBe(201);
    const owners = async () => {
      const page = (await ctx.call('GET', `/api/items/${item.id}/readiness`, undefined, { as: sponsor })).body;
      const summary = (await ctx.call('GET', `/api/councils/${plan.north.id}/summary`, undefined, { as: sponsor })).body;
      return [...page.blockers, ...summary.blockers].filter((b: { id: number }) => b.id === issue.body.id).map((b: { owner: string }) => b.owner);
    };
    const before = await owners();
    expect(before).toHaveLength(2);
    expect(new Set(before).size).toBe(1);
    const renamed = await ctx.call('PATCH', `/api/users/${owner.id}`, { displayName: 'Morgan Ellis-Price' });
    expect(renamed.status).toBe(200);
    expect(await owners()).toEqual(['Morgan Ellis-Price', 'Morgan Ellis-Price']);
  });

  it('a published win moved, then deleted, disappears from both councils', async () => {
    const win = await publishedWin('Leave online');
    expect(await winTitles(plan.north.id, sponsor)).toContain('Leave online');
    await ctx.call('PATCH', `/api/wins/${win.id}`, { councilId: plan.west.id });
    expect(await winTitles(plan.north.id, sponsor)).not.toContain('Leave online');
    expect(await winTitles(plan.west.id, sponsor)).toContain('Leave online');
    expect((await ctx.call('DELETE', `/api/wins/${win.id}`)).status).toBe(204);
    expect(await winTitles(plan.west.id, sponsor)).not.toContain('Leave online');
    expect(await winTitles(plan.west.id, ctx.office)).not.toContain('Leave online');
  });
});
