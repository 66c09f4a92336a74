/**
 * A RAID dependency linked to the plan's own dependency (docs/raid.md, "Dependencies on the plan"): the entry shows
 * the plan dependency and whether the plan keeps it, the timeline's dependency shows the entry; the reference must
 * exist and concern what the entry is about; refusals change nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeTestApp, createTestApp, seedSmallPlan, tableCounts, type Agent, type TestContext } from './helpers.ts';

let ctx: TestContext;
let plan: Awaited<ReturnType<typeof seedSmallPlan>>;
let lead: Agent;
let otherLead: Agent;
let sponsor: Agent;
let northPay: { id: number };
let northApprove: { id: number };
let westPay: { id: number };
let dependency: { id: number };

beforeAll(async () => {
  ctx = await createTestApp();
  plan = await seedSmallPlan(ctx);
  lead = await ctx.userAs('lead', [plan.north.id]);
  otherLead = await ctx.userAs('lead', [plan.west.id]);
  sponsor = await ctx.userAs('sponsor');
  const item = async (councilId: number, featureId: number, waveId: number) => (await ctx.call('POST', '/api/items', { councilId, featureId, waveId })).body;
  northPay = await item(plan.north.id, plan.payslip.id, plan.w1.id);
  northApprove = await item(plan.north.id, plan.approve.id, plan.w2.id);
  westPay = await item(plan.west.id, plan.payslip.id, plan.w2.id);
  const made = await ctx.call('POST', '/api/dependencies', { kind: 'item', beforeItemId: northPay.id, afterItemId: northApprove.id, lagWorkingDays: 5, note: 'Payslips first' });
  expect(made.status).toBe(201);
  dependency = made.body;
});
afterAll(async () => closeTestApp(ctx));

const draft = (extra: Record<string, unknown>) => ({
  type: 'dependency', scope: 'item', itemId: northApprove.id, title: 'Payslips live before approvals', ownerName: 'Payroll supplier', dueDate: '2026-03-01', ...extra,
});

describe('a RAID dependency names the plan dependency it is about', () => {
  it('shows the plan dependency and its state; the timeline dependency shows the entry', async () => {
    const made = await ctx.call('POST', '/api/raid/entries', draft({ planDependencyId: dependency.id }), { as: lead });
    expect(made.status).toBe(201);
    expect(made.body.planDependency).toEqual({
      id: dependency.id, label: 'Approve leave at Northmoor County Council no earlier than View payslip at Northmoor County Council, 5 working days after',
      state: 'kept', broken: [],
    });
    const timeline = (await ctx.call('GET', `/api/dependencies/${dependency.id}`, undefined, { as: sponsor })).body;
    expect(timeline.raidEntries).toEqual([{ id: made.body.id, title: 'Payslips live before approvals', status: 'open', councilId: plan.north.id }]);

    // The plan moves the approvals before payslips: the entry says the plan breaks it, in words.
    expect((await ctx.call('PATCH', `/api/items/${northApprove.id}`, { plannedDateOverride: '2026-01-20', note: 'Brought forward', reasonCategory: 'other', reason: 'Test' })).status).toBe(200);
    const read = (await ctx.call('GET', `/api/raid/entries/${made.body.id}`, undefined, { as: lead })).body;
    expect(read.planDependency.state).toBe('broken');
    expect(read.planDependency.broken[0]).toMatch(/^Approve leave at Northmoor County Council \(20 January 2026\) must not go live before View payslip at Northmoor County Council \(31 January 2026\) plus 5 working days: earliest allowed/);

    // Unlinked with null; linked again.
    const unlinked = await ctx.call('PATCH', `/api/raid/entries/${made.body.id}`, { planDependencyId: null }, { as: lead });
    expect(unlinked.body.planDependency).toBeNull();
    expect((await ctx.call('GET', `/api/dependencies/${dependency.id}`)).body.raidEntries).toEqual([]);
    expect((await ctx.call('PATCH', `/api/raid/entries/${made.body.id}`, { planDependencyId: dependency.id }, { as: lead })).body.planDependency.id).toBe(dependency.id);
  });

  it('refuses a reference that does not exist, a non-dependency, or one about something else; changes nothing', async () => {
    const counts = tableCounts(ctx.db);
    const refused = async (body: Record<string, unknown>, as: Agent, status: number, detail?: { field: string; message: string }) => {
      const res = await ctx.call('POST', '/api/raid/entries', body, { as });
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      if (detail) expect(res.body.details).toContainEqual(detail);
    };
    await refused(draft({ planDependencyId: 999_999 }), lead, 400, { field: 'planDependencyId', message: 'there is no plan dependency 999999' });
    await refused({ ...draft({ planDependencyId: dependency.id }), type: 'issue' }, lead, 400, { field: 'planDependencyId', message: 'only a dependency entry links to a plan dependency' });
    // Westvale's payslip item has nothing to do with this Northmoor dependency, even for the office.
    await refused(draft({ itemId: westPay.id, planDependencyId: dependency.id }), ctx.office, 400,
      { field: 'planDependencyId', message: `plan dependency ${dependency.id} does not concern what this entry is about (item)` });
    await refused({ type: 'dependency', scope: 'council', councilId: plan.west.id, title: 'x', ownerName: 'y', dueDate: '2026-03-01', planDependencyId: dependency.id }, ctx.office, 400);
    // Another council's lead cannot write a Northmoor entry at all; a sponsor writes nothing; signed out 401.
    await refused(draft({ planDependencyId: dependency.id }), otherLead, 403);
    await refused(draft({ planDependencyId: dependency.id }), sponsor, 403);
    expect((await ctx.call('POST', '/api/raid/entries', draft({ planDependencyId: dependency.id }), { as: null })).status).toBe(401);
    // Numbers that are no id.
    for (const id of [0, -1, 1.5, 1e20, '1', 'Infinity']) await refused(draft({ planDependencyId: id }), ctx.office, 400);
    const raw = await ctx.app.inject({ method: 'POST', url: '/api/raid/entries', headers: { cookie: ctx.office.cookie!, 'x-csrf-token': ctx.office.csrf!, 'content-type': 'application/json' },
      payload: JSON.stringify(draft({})).replace('}', ', "planDependencyId": 1e999}') });
    expect(raw.statusCode).toBe(400);
    expect(tableCounts(ctx.db)).toEqual(counts);
  });

  it('a council entry may name a dependency that ties an item of its council; deleting the plan dependency clears the link', async () => {
    const made = await ctx.call('POST', '/api/raid/entries', { type: 'dependency', scope: 'council', councilId: plan.north.id, title: 'Supplier release before approvals', ownerName: 'Supplier', dueDate: '2026-03-01', planDependencyId: dependency.id }, { as: lead });
    expect(made.status).toBe(201);
    const other = await ctx.call('POST', '/api/dependencies', { kind: 'item', beforeItemId: westPay.id, afterItemId: northPay.id });
    expect(other.status).toBe(201);
    const relinked = await ctx.call('PATCH', `/api/raid/entries/${made.body.id}`, { planDependencyId: other.body.id }, { as: lead });
    expect(relinked.status).toBe(200);
    expect((await ctx.call('DELETE', `/api/dependencies/${other.body.id}`)).status).toBe(204);
    expect((await ctx.call('GET', `/api/raid/entries/${made.body.id}`)).body.planDependency).toBeNull();
  });
});
