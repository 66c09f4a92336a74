import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openBlockersFor } from '../server/modules/blockers/store.ts';
import { closeTestApp, createTestApp, seedSmallPlan, tableCounts, type Agent, type TestContext } from './helpers.ts';

let ctx: TestContext;
let plan: Awaited<ReturnType<typeof seedSmallPlan>>;
let northItem: any;
let westItem: any;
beforeEach(async () => {
  ctx = await createTestApp();
  plan = await seedSmallPlan(ctx);
  northItem = (await ctx.call('POST', '/api/items', { councilId: plan.north.id, featureId: plan.payslip.id, waveId: plan.w1.id })).body;
  westItem = (await ctx.call('POST', '/api/items', { councilId: plan.west.id, featureId: plan.payslip.id, waveId: plan.w2.id })).body;
});
afterEach(async () => closeTestApp(ctx));

const blockerCount = () => (ctx.db.$client.prepare('select count(*) as n from blockers').get() as { n: number }).n;

const raise = async (itemId: number, body: Record<string, unknown>, as?: Agent) => {
  const res = await ctx.call('POST', `/api/items/${itemId}/blockers`, { description: 'Depot kiosks not installed', owner: 'ICT', ...body }, as ? { as } : {});
  expect(res.status).toBe(201);
  return res.body;
};

describe('blockers on a rollout item', () => {
  it('raises a blocker dated today, with an ETag', async () => {
    const res = await ctx.call('POST', `/api/items/${northItem.id}/blockers`, { description: '  Payroll interface untested ', owner: 'Sam Patel (Payroll)', dueDate: '2026-12-04' });
    expect(res.status).toBe(201);
    expect(res.res.headers.etag).toMatch(/^"1-/);
    expect(res.body).toEqual({
      id: res.body.id, itemId: northItem.id, councilId: plan.north.id, description: 'Payroll interface untested', owner: 'Sam Patel (Payroll)',
      dueDate: '2026-12-04', status: 'open', raisedOn: '2026-11-23', resolvedOn: null, overdue: false, version: 1,
      createdAt: '2026-11-23T10:00:00.000Z', updatedAt: '2026-11-23T10:00:00.000Z',
    });
    const read = await ctx.call('GET', `/api/blockers/${res.body.id}`);
    expect(read.res.headers.etag).toMatch(/^"1-/);
    expect(read.body).toEqual(res.body);

    // The server sets status and dates; a blank description is refused.
    const setByServer = await ctx.call('POST', `/api/items/${northItem.id}/blockers`, { description: 'x', owner: 'y', raisedOn: '2026-01-01', status: 'resolved' });
    expect(setByServer.status).toBe(400);
    expect(setByServer.body.details.map((d: any) => d.field).sort()).toEqual(['raisedOn', 'status']);
    const blank = await ctx.call('POST', `/api/items/${northItem.id}/blockers`, { description: '   ', owner: 'ICT' });
    expect(blank.status).toBe(400);
    expect(blank.body.details[0].field).toBe('description');
    expect(blockerCount()).toBe(1);
  });

  it('lists open blockers first, soonest due first and undated last, then the resolved ones', async () => {
    const later = await raise(northItem.id, { description: 'Later', dueDate: '2026-12-10' });
    const undated = await raise(northItem.id, { description: 'Undated' });
    const soon = await raise(northItem.id, { description: 'Soon', dueDate: '2026-11-30' });
    const late = await raise(northItem.id, { description: 'Late', dueDate: '2026-11-01' });
    await raise(westItem.id, { description: 'Elsewhere' });
    await ctx.call('PATCH', `/api/blockers/${soon.id}`, { status: 'resolved' }, { ifMatch: '"1"' });

    const list = await ctx.call('GET', `/api/items/${northItem.id}/blockers`);
    expect(list.status).toBe(200);
    expect(list.body.data.map((b: any) => [b.description, b.status, b.overdue])).toEqual([
      ['Late', 'open', true], ['Later', 'open', false], ['Undated', 'open', false], ['Soon', 'resolved', false],
    ]);
    expect(list.body.page).toEqual({ total: 4, limit: 50, offset: 0 });
    expect(list.body.data.map((b: any) => b.id)).toEqual([late.id, later.id, undated.id, soon.id]);

    const open = await ctx.call('GET', `/api/items/${northItem.id}/blockers?status=open&limit=2`);
    expect(open.body.data.map((b: any) => b.description)).toEqual(['Late', 'Later']);
    expect(open.body.page.total).toBe(3);

    const missing = await ctx.call('GET', '/api/items/999/blockers');
    expect(missing.status).toBe(404);
    expect(missing.body.message).toBe('Rollout item 999 was not found.');
    expect((await ctx.call('POST', '/api/items/999/blockers', { description: 'x', owner: 'y' })).status).toBe(404);
  });

  it('records the day a blocker is resolved, keeps it while resolved, and clears it when reopened', async () => {
    const blocker = await raise(northItem.id, { dueDate: '2026-11-20' });
    expect(blocker.overdue).toBe(true);
    ctx.setToday('2026-11-25');
    const resolved = await ctx.call('PATCH', `/api/blockers/${blocker.id}`, { status: 'resolved' });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ status: 'resolved', resolvedOn: '2026-11-25', overdue: false, version: 2, raisedOn: '2026-11-23' });
    expect(resolved.res.headers.etag).toMatch(/^"2-/);

    ctx.setToday('2026-11-27');
    const edited = await ctx.call('PATCH', `/api/blockers/${blocker.id}`, { owner: 'Facilities', status: 'resolved' });
    expect(edited.body).toMatchObject({ owner: 'Facilities', status: 'resolved', resolvedOn: '2026-11-25' });

    const reopened = await ctx.call('PATCH', `/api/blockers/${blocker.id}`, { status: 'open', dueDate: '2026-12-15' });
    expect(reopened.body).toMatchObject({ status: 'open', resolvedOn: null, dueDate: '2026-12-15', overdue: false });
    expect((await ctx.call('GET', `/api/blockers/${blocker.id}`)).body).toMatchObject({ status: 'open', resolvedOn: null, version: 4 });
  });

  it('keeps its item from being deleted: blockers are part of the record, so the item is archived instead', async () => {
    await raise(westItem.id, {});
    const refused = await ctx.call('DELETE', `/api/items/${westItem.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain('cannot be deleted: it has 1 blocker(s)');
    expect(blockerCount()).toBe(1);
  });
});

describe('who may manage blockers', () => {
  it('lets a lead manage blockers only on items of a council they lead', async () => {
    const lead = await ctx.userAs('lead', [plan.north.id]);
    const westLead = await ctx.userAs('lead', [plan.west.id]);
    const sponsor = await ctx.userAs('sponsor');
    const before = tableCounts(ctx.db);

    const refused = await ctx.call('POST', `/api/items/${westItem.id}/blockers`, { description: 'x', owner: 'y' }, { as: lead });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toBe('You can only manage blockers on rollout items of the council(s) you lead; this item belongs to Westvale District Council.');
    expect((await ctx.call('POST', `/api/items/${northItem.id}/blockers`, { description: 'x', owner: 'y' }, { as: sponsor })).status).toBe(403);
    expect(blockerCount()).toBe(0);
    expect(tableCounts(ctx.db)).toEqual(before);

    const own = await raise(northItem.id, { description: 'Mine' }, lead);
    expect((await ctx.call('PATCH', `/api/blockers/${own.id}`, { owner: 'Me' }, { as: westLead })).status).toBe(403);
    expect((await ctx.call('DELETE', `/api/blockers/${own.id}`, undefined, { as: westLead })).status).toBe(403);
    expect((await ctx.call('PATCH', `/api/blockers/${own.id}`, { owner: 'Me' }, { as: sponsor })).status).toBe(403);
    expect((await ctx.call('GET', `/api/blockers/${own.id}`)).body).toMatchObject({ owner: 'ICT', version: 1 });

    // Everyone signed in reads them.
    expect((await ctx.call('GET', `/api/items/${northItem.id}/blockers`, undefined, { as: sponsor })).body.data).toHaveLength(1);
    const changed = await ctx.call('PATCH', `/api/blockers/${own.id}`, { status: 'resolved' }, { as: lead });
    expect(changed.body).toMatchObject({ status: 'resolved', resolvedOn: '2026-11-23' });
    expect((await ctx.call('DELETE', `/api/blockers/${own.id}`, undefined, { as: lead })).status).toBe(204);
    expect(blockerCount()).toBe(0);
  });
});

describe('safe concurrent edits and the audit trail', () => {
  it('needs If-Match: 428 without, 412 with the current state when stale', async () => {
    const blocker = await raise(northItem.id, {});
    const missing = await ctx.call('PATCH', `/api/blockers/${blocker.id}`, { owner: 'x' }, { ifMatch: null });
    expect(missing.status).toBe(428);
    expect((await ctx.call('PATCH', `/api/blockers/${blocker.id}`, { owner: 'Facilities' }, { ifMatch: '"1"' })).status).toBe(200);
    const stale = await ctx.call('PATCH', `/api/blockers/${blocker.id}`, { owner: 'Payroll' }, { ifMatch: '"1"' });
    expect(stale.status).toBe(412);
    expect(stale.body.current).toMatchObject({ id: blocker.id, owner: 'Facilities', version: 2 });
    expect((await ctx.call('DELETE', `/api/blockers/${blocker.id}`, undefined, { ifMatch: null })).status).toBe(428);
    expect((await ctx.call('DELETE', `/api/blockers/${blocker.id}`, undefined, { ifMatch: '"1"' })).status).toBe(412);
    expect(blockerCount()).toBe(1);
  });

  it('records create, update and delete with before/after', async () => {
    const lead = await ctx.userAs('lead', [plan.north.id]);
    const blocker = await raise(northItem.id, { dueDate: '2026-12-01' }, lead);
    await ctx.call('PATCH', `/api/blockers/${blocker.id}`, { status: 'resolved' });
    await ctx.call('DELETE', `/api/blockers/${blocker.id}`);
    const trail = (await ctx.call('GET', `/api/audit?entity=blocker&entityId=${blocker.id}`)).body;
    expect(trail.data.map((e: any) => `${e.action} ${e.userName}`)).toEqual(['delete Test office 1', 'update Test office 1', 'create Test lead 2']);
    expect(trail.data[2].after).toMatchObject({ itemId: northItem.id, description: 'Depot kiosks not installed', status: 'open' });
    expect(trail.data[1]).toMatchObject({ before: { status: 'open', resolvedOn: null }, after: { status: 'resolved', resolvedOn: '2026-11-23' } });
    expect(trail.data[0].before).toMatchObject({ id: blocker.id, status: 'resolved' });
  });
});

describe('openBlockersFor', () => {
  it('returns each item’s open blockers in one query, with overdue judged as of the day given', async () => {
    const third = (await ctx.call('POST', '/api/items', { councilId: plan.north.id, featureId: plan.approve.id, waveId: plan.w2.id })).body;
    const late = await raise(northItem.id, { description: 'Late', dueDate: '2026-11-10' });
    const undated = await raise(northItem.id, { description: 'Undated' });
    const done = await raise(northItem.id, { description: 'Done', dueDate: '2026-11-01' });
    await ctx.call('PATCH', `/api/blockers/${done.id}`, { status: 'resolved' });
    const dueToday = await raise(westItem.id, { description: 'Due today', dueDate: '2026-11-23' });

    const prepare = vi.spyOn(ctx.db.$client, 'prepare');
    const open = openBlockersFor(ctx.db, [northItem.id, westItem.id, third.id, northItem.id], '2026-11-23');
    expect(prepare).toHaveBeenCalledTimes(1);
    prepare.mockRestore();

    expect([...open.keys()].sort()).toEqual([northItem.id, westItem.id, third.id].sort());
    expect(open.get(northItem.id)).toEqual([
      { id: late.id, description: 'Late', owner: 'ICT', dueDate: '2026-11-10', raisedOn: '2026-11-23', overdue: true },
      { id: undated.id, description: 'Undated', owner: 'ICT', dueDate: null, raisedOn: '2026-11-23', overdue: false },
    ]);
    expect(open.get(westItem.id)).toEqual([{ id: dueToday.id, description: 'Due today', owner: 'ICT', dueDate: '2026-11-23', raisedOn: '2026-11-23', overdue: false }]);
    expect(open.get(third.id)).toEqual([]);

    const nextDay = openBlockersFor(ctx.db, [westItem.id], '2026-11-24');
    expect(nextDay.get(westItem.id)?.[0]?.overdue).toBe(true);
    expect(openBlockersFor(ctx.db, [], '2026-11-24').size).toBe(0);
  });
});
