/**
 * Blockers became RAID issues (docs/adr/0015-blockers-become-raid-issues.md): migration 0025 on a database holding
 * blockers made before it (every blocker an issue, counts and history equal), the retired blockers API (410 Gone
 * with where to go, to anyone it answered before, changing nothing), and the screens' read models that listed
 * blockers now listing the items' open issues.
 */
import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { systemActor } from '../server/auth/actor.ts';
import { recordAudit } from '../server/db/audit.ts';
import { MIGRATIONS_FOLDER, type Db } from '../server/db/database.ts';
import * as schema from '../server/db/schema.ts';
import { closeTestApp, createTestApp, seedSmallPlan, tableCounts, type Agent, type TestContext } from './helpers.ts';

// ---- Migration 0025 on a database from the migration before -------------------------------------------------
describe('migration 0025: every blocker becomes an issue on its item, with its history', () => {
  let dir: string;
  let ctx: TestContext;
  let before: { blockers: Array<Record<string, any>>; audit: Array<Record<string, any>>; actions: Array<Record<string, any>> };
  const at = (day: string) => new Date(`${day}T09:00:00.000Z`);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rp-0025-'));
    // The migrations up to 0024 only: the database as it stood before blockers moved.
    const upTo = join(dir, 'migrations');
    cpSync(MIGRATIONS_FOLDER, upTo, { recursive: true });
    const journalFile = join(upTo, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalFile, 'utf8'));
    journal.entries = journal.entries.filter((e: { idx: number }) => e.idx < 25);
    writeFileSync(journalFile, JSON.stringify(journal));
    const file = join(dir, 'before.sqlite');
    const sqlite = new Database(file);
    const old = drizzle(sqlite, { schema }) as unknown as Db;
    migrate(old, { migrationsFolder: upTo });
    expect(sqlite.prepare("select count(*) from pragma_table_info('raid_entries') where name = 'legacy_blocker_id'").pluck().get()).toBe(0);

    const stamp = '2026-03-01T09:00:00.000Z';
    const run = (text: string, ...args: unknown[]) => Number(sqlite.prepare(text).run(...args).lastInsertRowid);
    const user = (email: string, name: string, role: string) =>
      run('insert into users (email, display_name, role, created_at, updated_at) values (?, ?, ?, ?, ?)', email, name, role, stamp, stamp);
    const north = run('insert into councils (name, code, staff_headcount, manager_headcount, created_at, updated_at) values (?, ?, 100, 10, ?, ?)', 'Northmoor County Council', 'NMC', stamp, stamp);
    const west = run('insert into councils (name, code, staff_headcount, manager_headcount, created_at, updated_at) values (?, ?, 100, 10, ?, ?)', 'Westvale District Council', 'WDC', stamp, stamp);
    const priya = user('lead.north@example.org', 'Priya Shah', 'lead');
    run('insert into user_councils (user_id, council_id) values (?, ?)', priya, north);
    user('office.team@example.org', 'Office Team', 'office');
    // Two people share a name: a blocker owned by that name stays a named contact.
    user('alex.one@example.org', 'Alex Morgan', 'lead');
    user('alex.two@example.org', 'Alex Morgan', 'office');
    const payslip = run("insert into features (code, name, audience, created_at, updated_at) values ('PAYSLIP', 'View payslip', 'employees', ?, ?)", stamp, stamp);
    const wave = run("insert into waves (name, sequence, planned_go_live, created_at, updated_at) values ('W1', 1, '2026-06-30', ?, ?)", stamp, stamp);
    const item = (council: number) => run("insert into rollout_items (council_id, feature_id, wave_id, status, created_at, updated_at) values (?, ?, ?, 'planned', ?, ?)", council, payslip, wave, stamp, stamp);
    const northItem = item(north);
    const westItem = item(west);
    const long = `Depot kiosks are not installed at ${'the Harbour Road, Mill Lane and Station Yard depots, '.repeat(4)}so staff there cannot see payslips.\nSecond line with detail.`;
    const blocker = (itemId: number, description: string, owner: string, due: string | null, status: string, resolvedOn: string | null, raised: string) =>
      run('insert into blockers (item_id, description, owner, due_date, status, raised_on, resolved_on, version, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, 2, ?, ?)',
        itemId, description, owner, due, status, raised, resolvedOn, `${raised}T09:00:00.000Z`, `${raised}T10:00:00.000Z`);
    const b1 = blocker(northItem, 'Payroll interface not tested', 'priya shah', '2026-04-10', 'open', null, '2026-03-02');
    const b2 = blocker(northItem, 'Pay scales for the pilot group incomplete', 'NMC payroll team', '2026-03-20', 'resolved', '2026-03-18', '2026-03-03');
    const b3 = blocker(westItem, 'Mileage rates for 2027 not approved', 'Alex Morgan', null, 'open', null, '2026-03-04');
    const b4 = blocker(westItem, long, 'WDC ICT', '2026-05-01', 'open', null, '2026-03-05');
    // History, as the blockers service wrote it: a create and an update for each, in the hash-chained trail.
    const lead = { id: priya, name: 'Priya Shah', role: 'lead' as const, councilIds: [north] };
    for (const id of [b1, b2, b3, b4]) {
      recordAudit(old, lead, at('2026-03-05'), { action: 'create', entity: 'blocker', entityId: id, after: { id, status: 'open' } });
      recordAudit(old, lead, at('2026-03-06'), { action: 'update', entity: 'blocker', entityId: id, before: { owner: 'x' }, after: { owner: 'y' } });
    }
    recordAudit(old, systemActor('Test'), at('2026-03-07'), { action: 'update', entity: 'blocker', entityId: b2, before: { status: 'open' }, after: { status: 'resolved' } });
    // An action raised against a blocker.
    run("insert into raid_actions (title, owner_name, due_date, status, raised_on, council_id, item_id, blocker_id, created_at, updated_at) values ('Book the interface test', 'ICT', '2026-04-01', 'open', '2026-03-02', ?, ?, ?, ?, ?)",
      north, northItem, b1, stamp, stamp);
    before = {
      blockers: sqlite.prepare('select * from blockers order by id').all() as Array<Record<string, any>>,
      audit: sqlite.prepare('select id, entity, entity_id, hash from audit_log order by id').all() as Array<Record<string, any>>,
      actions: sqlite.prepare('select * from raid_actions order by id').all() as Array<Record<string, any>>,
    };
    sqlite.close();
    // Migrate a copy, so the database from before stays as it was.
    copyFileSync(file, join(dir, 'after.sqlite'));
    ctx = await createTestApp({ file: join(dir, 'after.sqlite') });
  }, 60_000);
  afterAll(async () => {
    await closeTestApp(ctx);
    rmSync(dir, { recursive: true, force: true });
  });

  const issues = () => ctx.db.$client.prepare('select * from raid_entries where legacy_blocker_id is not null order by legacy_blocker_id').all() as Array<Record<string, any>>;

  it('copies every blocker into one issue on its item, in its council, with its owner, dates and status', () => {
    const rows = issues();
    expect(rows).toHaveLength(before.blockers.length);
    expect(ctx.db.$client.prepare('select count(*) from blockers').pluck().get()).toBe(before.blockers.length);
    const [b1, b2, b3, b4] = before.blockers as [any, any, any, any];
    const priya = ctx.db.$client.prepare("select id from users where email = 'lead.north@example.org'").pluck().get();
    const councilOf = (itemId: number) => ctx.db.$client.prepare('select council_id from rollout_items where id = ?').pluck().get(itemId);
    expect(rows.map((r) => ({ type: r.type, scope: r.scope, item: r.item_id, council: r.council_id, legacy: r.legacy_blocker_id }))).toEqual(
      [b1, b2, b3, b4].map((b) => ({ type: 'issue', scope: 'item', item: b.item_id, council: councilOf(b.item_id), legacy: b.id })));
    // The owner's name matched exactly one active account (case aside): that user owns it.
    expect(rows[0]).toMatchObject({ title: 'Payroll interface not tested', description: '', owner_user_id: priya, owner_name: '', due_date: '2026-04-10', status: 'open', raised_on: '2026-03-02', closed_on: null });
    // Resolved becomes closed on the day it was resolved; stamps kept.
    expect(rows[1]).toMatchObject({ owner_user_id: null, owner_name: 'NMC payroll team', status: 'closed', closed_on: '2026-03-18', created_at: b2.created_at, updated_at: b2.updated_at });
    // A name two accounts share stays a named contact; an undated blocker is due the day it was raised (so it shows as overdue).
    expect(rows[2]).toMatchObject({ owner_user_id: null, owner_name: 'Alex Morgan', due_date: '2026-03-04', status: 'open' });
    // A long, two-line text: a one-line title of at most 200 characters, the whole text kept as the description.
    expect(rows[3]!.title.length).toBeLessThanOrEqual(200);
    expect(rows[3]!.title).not.toContain('\n');
    expect(rows[3]!.title.endsWith('…')).toBe(true);
    expect(rows[3]!.description).toBe(b4.description);
  });

  it('keeps the history: the audit trail is untouched and the issue shows its blocker history', async () => {
    const after = ctx.db.$client.prepare('select id, entity, entity_id, hash from audit_log where id <= ? order by id').all(before.audit.at(-1)!.id);
    expect(after).toEqual(before.audit);
    const verified = await ctx.call('GET', '/api/audit/verification');
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ ok: true });
    for (const [index, issue] of issues().entries()) {
      const blockerId = before.blockers[index]!.id;
      const history = await ctx.call('GET', `/api/raid/entries/${issue.id}/history`);
      expect(history.status).toBe(200);
      const expected = before.audit.filter((a) => a.entity === 'blocker' && a.entity_id === blockerId).map((a) => a.id).reverse();
      expect(history.body.data.map((h: any) => h.id)).toEqual(expected);
      expect(history.body.data.every((h: any) => h.entity === 'blocker' && h.entityId === blockerId)).toBe(true);
      const entry = await ctx.call('GET', `/api/raid/entries/${issue.id}`);
      expect(entry.body.legacyBlockerId).toBe(blockerId);
    }
  });

  it('a change to the issue joins its history, newest first, above the blocker rows', async () => {
    const issue = issues()[0]!;
    const changed = await ctx.call('PATCH', `/api/raid/entries/${issue.id}`, { dueDate: '2026-12-18' });
    expect(changed.status).toBe(200);
    const history = (await ctx.call('GET', `/api/raid/entries/${issue.id}/history`)).body;
    expect(history.data.map((h: any) => h.entity)).toEqual(['raid_entry', 'blocker', 'blocker']);
    expect(history.page.total).toBe(3);
  });

  it('actions raised against a blocker belong to its issue', () => {
    const action = ctx.db.$client.prepare('select * from raid_actions where id = ?').get(before.actions[0]!.id) as any;
    expect(action.blocker_id).toBe(before.blockers[0]!.id);
    expect(action.raid_entry_id).toBe(issues()[0]!.id);
  });

  it('blockers are read-only from then on', () => {
    expect(() => ctx.db.$client.prepare("update blockers set owner = 'x' where id = ?").run(before.blockers[0]!.id)).toThrow(/RAID issues since migration 0025/);
    expect(() => ctx.db.$client.prepare("insert into blockers (item_id, description, owner, raised_on, created_at, updated_at) values (?, 'x', 'y', '2026-01-01', 'x', 'x')").run(before.blockers[0]!.item_id))
      .toThrow(/RAID issues since migration 0025/);
  });
});

// ---- The retired blockers API ---------------------------------------------------------------------------------
describe('the blockers API is retired: 410 Gone, pointing at the RAID log', () => {
  let ctx: TestContext;
  let plan: Awaited<ReturnType<typeof seedSmallPlan>>;
  let northItem: any;
  let lead: Agent;
  let otherLead: Agent;
  let sponsor: Agent;
  beforeEach(async () => {
    ctx = await createTestApp();
    plan = await seedSmallPlan(ctx);
    northItem = (await ctx.call('POST', '/api/items', { councilId: plan.north.id, featureId: plan.payslip.id, waveId: plan.w1.id })).body;
    lead = await ctx.userAs('lead', [plan.north.id]);
    otherLead = await ctx.userAs('lead', [plan.west.id]);
    sponsor = await ctx.userAs('sponsor');
  });
  afterEach(async () => closeTestApp(ctx));

  it('each route answers 410 with where to go instead, in the body and a Link header, and records nothing', async () => {
    const counts = tableCounts(ctx.db);
    const list = await ctx.call('GET', `/api/items/${northItem.id}/blockers`, undefined, { as: lead });
    expect(list.status).toBe(410);
    expect(list.body).toMatchObject({ statusCode: 410, error: 'Gone', current: { href: `/api/raid/entries?type=issue&itemId=${northItem.id}`, raidEntryId: null } });
    expect(list.body.message).toMatch(/^Blockers are issues in the RAID log since migration 0025/);
    expect(list.res.headers.link).toBe(`</api/raid/entries?type=issue&itemId=${northItem.id}>; rel="successor-version"`);
    const raise = await ctx.call('POST', `/api/items/${northItem.id}/blockers`, { description: 'Kiosks', owner: 'ICT' }, { as: lead });
    expect(raise.status).toBe(410);
    expect(raise.body.message).toContain(`POST /api/raid/entries (type issue, scope item, itemId ${northItem.id}); nothing was recorded`);
    for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
      const res = await ctx.call(method, '/api/blockers/7', method === 'PATCH' ? { owner: 'x' } : undefined, { as: ctx.office, ifMatch: '"1"' });
      expect(res.status, method).toBe(410);
      expect(res.body.current).toEqual({ href: '/api/raid/entries?type=issue', raidEntryId: null });
    }
    expect(tableCounts(ctx.db)).toEqual(counts);
  });

  it('an old blocker id is sent to the issue it became', async () => {
    const issue = (await ctx.call('POST', '/api/raid/entries', { type: 'issue', scope: 'item', itemId: northItem.id, title: 'Kiosks not installed', ownerName: 'ICT', dueDate: '2026-12-04' })).body;
    ctx.db.$client.prepare('update raid_entries set legacy_blocker_id = 41 where id = ?').run(issue.id);
    const read = await ctx.call('GET', '/api/blockers/41', undefined, { as: sponsor });
    expect(read.status).toBe(410);
    expect(read.body.message).toContain(`Blocker 41 is now RAID issue ${issue.id}.`);
    expect(read.body.current).toEqual({ href: `/api/raid/entries/${issue.id}`, raidEntryId: issue.id });
    expect(read.res.headers.link).toBe(`</api/raid/entries/${issue.id}>; rel="successor-version"`);
  });

  it('who may call each route is unchanged: signed out 401, a sponsor may not write (403)', async () => {
    const counts = tableCounts(ctx.db);
    expect((await ctx.call('GET', `/api/items/${northItem.id}/blockers`, undefined, { as: null })).status).toBe(401);
    expect((await ctx.call('GET', '/api/blockers/1', undefined, { as: null })).status).toBe(401);
    expect((await ctx.call('POST', `/api/items/${northItem.id}/blockers`, { description: 'x', owner: 'y' }, { as: sponsor })).status).toBe(403);
    expect((await ctx.call('PATCH', '/api/blockers/1', { owner: 'x' }, { as: sponsor, ifMatch: '"1"' })).status).toBe(403);
    expect((await ctx.call('DELETE', '/api/blockers/1', undefined, { as: sponsor, ifMatch: '"1"' })).status).toBe(403);
    // Another council's lead learns only that the route is gone.
    expect((await ctx.call('POST', `/api/items/${northItem.id}/blockers`, { description: 'x', owner: 'y' }, { as: otherLead })).status).toBe(410);
    expect(tableCounts(ctx.db)).toEqual(counts);
  });

  it('odd ids and spellings get a clear 400 or the same 410, never a 500', async () => {
    for (const id of ['0', '-1', '1.5', '1e400', '99999999999999999999', 'Infinity', 'NaN', '%E2%80%AE1']) {
      const res = await ctx.call('GET', `/api/blockers/${id}`);
      expect(res.status, id).toBe(400);
    }
    for (const path of [`/api/Blockers/${northItem.id}`, `/api/blockers/${northItem.id}/`, `/api//items/${northItem.id}/blockers`, `/api/items/${northItem.id}/BLOCKERS`]) {
      const res = await ctx.call('GET', path);
      expect(res.status, path).toBeOneOf([404, 410]);
      expect(res.body.statusCode, path).toBe(res.status);
    }
  });
});

// ---- The screens that listed blockers now list the items' open issues ---------------------------------------
describe('what blocks an item is its open RAID issues, on every screen that showed blockers', () => {
  let ctx: TestContext;
  let plan: Awaited<ReturnType<typeof seedSmallPlan>>;
  beforeAll(async () => {
    ctx = await createTestApp();
    plan = await seedSmallPlan(ctx);
  });
  afterAll(async () => closeTestApp(ctx));

  it('the item, council and board report read models list open issues on items, closed ones not; the export too', async () => {
    const item = (await ctx.call('POST', '/api/items', { councilId: plan.north.id, featureId: plan.payslip.id, waveId: plan.w2.id })).body;
    const lead = await ctx.userAs('lead', [plan.north.id]);
    const leadUser = ctx.db.$client.prepare('select id, display_name as name from users where id = (select max(id) from users)').get() as { id: number; name: string };
    const raise = (title: string, extra: Record<string, unknown>) =>
      ctx.call('POST', '/api/raid/entries', { type: 'issue', scope: 'item', itemId: item.id, title, dueDate: '2026-11-20', ...extra }, { as: lead });
    const open = (await raise('Payroll interface not tested', { ownerUserId: leadUser.id })).body;
    const closed = (await raise('Pay scales incomplete', { ownerName: 'NMC payroll team', dueDate: '2026-12-20' })).body;
    expect((await ctx.call('PATCH', `/api/raid/entries/${closed.id}`, { status: 'closed' }, { as: lead })).status).toBe(200);
    // A risk on the same item is not an issue: it does not show as blocking.
    await ctx.call('POST', '/api/raid/entries', { type: 'risk', scope: 'item', itemId: item.id, title: 'Union may object', ownerName: 'HR', dueDate: '2026-12-01', likelihood: 2, impact: 3, proximity: 'later', response: 'reduce' });

    const readiness = (await ctx.call('GET', `/api/items/${item.id}/readiness`)).body;
    expect(readiness.blockers).toEqual([{ id: open.id, description: 'Payroll interface not tested', owner: leadUser.name, dueDate: '2026-11-20', raisedOn: '2026-11-23', overdue: true }]);
    const council = (await ctx.call('GET', `/api/councils/${plan.north.id}/summary`)).body;
    expect(council.blockers.map((b: any) => [b.id, b.featureName])).toEqual([[open.id, 'View payslip']]);
    expect(council.items.find((i: any) => i.itemId === item.id).openBlockers).toBe(1);
    const reply = await ctx.call('GET', '/api/reports/board?from=2026-11-01&to=2026-11-23');
    expect(reply.status, JSON.stringify(reply.body).slice(0, 300)).toBe(200);
    const report = reply.body;
    expect(report.blockers).toEqual([expect.objectContaining({ itemId: item.id, description: 'Payroll interface not tested', owner: leadUser.name, dueDate: '2026-11-20', overdue: true })]);
    const csv = ((await ctx.call('GET', '/api/exports/blockers.csv')).body as string).replace(/^\ufeff/, '');
    expect(csv.split(/\r?\n/)[0]).toBe('council,feature,description,owner,status,raised_on,due_date,resolved_on');
    expect(csv).toContain(`Northmoor County Council,View payslip,Payroll interface not tested,${leadUser.name},open,2026-11-23,2026-11-20,`);
    expect(csv).toContain('Northmoor County Council,View payslip,Pay scales incomplete,NMC payroll team,resolved,2026-11-23,2026-12-20,2026-11-23');
    expect(csv).not.toContain('Union may object');

    // Closing the issue takes it off the item at once (the cached read models are told by the version triggers).
    expect((await ctx.call('PATCH', `/api/raid/entries/${open.id}`, { status: 'closed' }, { as: lead })).status).toBe(200);
    expect((await ctx.call('GET', `/api/items/${item.id}/readiness`)).body.blockers).toEqual([]);
    expect((await ctx.call('GET', `/api/councils/${plan.north.id}/summary`)).body.blockers).toEqual([]);
  });
});
