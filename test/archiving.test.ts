/**
 * Decisions and history are never deleted with their subject: what has history is archived instead,
 * hidden from the plan's lists and kept everywhere the record is read.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeTestApp, createTestApp, seedSmallPlan, tableCounts, type TestContext } from './helpers.ts';

let ctx: TestContext;
let plan: Awaited<ReturnType<typeof seedSmallPlan>>;
beforeEach(async () => {
  ctx = await createTestApp();
  plan = await seedSmallPlan(ctx);
});
afterEach(async () => closeTestApp(ctx));

const ifMatch = (version: number) => ({ headers: { 'if-match': `"${version}"` } });

describe('an item with gate decisions', () => {
  it('cannot be deleted; archiving hides it from the plan and keeps its decisions, history and exports', async () => {
    const item = (await ctx.call('POST', '/api/items', { councilId: plan.north.id, featureId: plan.payslip.id, waveId: plan.w1.id })).body;
    const decision = (await ctx.call('POST', `/api/items/${item.id}/gate`, { decision: 'no_go', reason: 'Payroll not ready' })).body;
    const before = tableCounts(ctx.db);

    const refused = await ctx.call('DELETE', `/api/items/${item.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.message).toBe(`The rollout item NMC View payslip cannot be deleted: it has 1 gate decision(s), and history is never deleted. Archive it instead (POST /api/items/${item.id}/archive).`);
    expect(refused.body.details).toEqual([{ field: 'id', message: 'has 1 gate decision(s)' }]);
    expect(tableCounts(ctx.db)).toEqual(before);
    // The database refuses too: the decision's item is ON DELETE RESTRICT and decisions cannot be deleted.
    expect(() => ctx.db.$client.prepare('delete from rollout_items where id = ?').run(item.id)).toThrow(/FOREIGN KEY/);
    expect(() => ctx.db.$client.prepare('delete from gate_decisions where id = ?').run(decision.id)).toThrow('cannot be deleted');

    expect((await ctx.call('POST', `/api/items/${item.id}/archive`)).status).toBe(428);
    expect((await ctx.call('POST', `/api/items/${item.id}/archive`, undefined, ifMatch(7))).status).toBe(412);
    const archived = await ctx.call('POST', `/api/items/${item.id}/archive`, undefined, ifMatch(1));
    expect(archived.status).toBe(200);
    expect(archived.body).toMatchObject({ id: item.id, archivedAt: '2026-11-23T10:00:00.000Z', version: 2, status: 'planned' });
    expect(archived.res.headers.etag).toMatch(/^"2-/);

    // Hidden from the plan's list by default; there when asked for.
    expect((await ctx.call('GET', '/api/items')).body.data.map((i: any) => i.id)).not.toContain(item.id);
    expect((await ctx.call('GET', '/api/items?archived=true')).body.data.map((i: any) => i.id)).toEqual([item.id]);
    expect((await ctx.call('GET', '/api/items?archived=all')).body.page.total).toBe(1);
    // Kept: the record, its decision, its history (the archiving is in it), the exports.
    expect((await ctx.call('GET', `/api/items/${item.id}`)).body.archivedAt).toBe('2026-11-23T10:00:00.000Z');
    expect((await ctx.call('GET', `/api/items/${item.id}/gate`)).body.history.map((d: any) => d.reason)).toEqual(['Payroll not ready']);
    const history = (await ctx.call('GET', `/api/items/${item.id}/history`)).body.data;
    expect(history[0]).toMatchObject({ action: 'update', before: { archivedAt: null }, after: { archivedAt: '2026-11-23T10:00:00.000Z' } });
    expect((await ctx.call('GET', '/api/exports/items.csv')).body).toContain('View payslip');

    const back = await ctx.call('POST', `/api/items/${item.id}/unarchive`, undefined, ifMatch(2));
    expect(back.body).toMatchObject({ archivedAt: null, version: 3 });
    expect((await ctx.call('GET', '/api/items')).body.data.map((i: any) => i.id)).toEqual([item.id]);
  });

  it('a lead may neither archive nor unarchive', async () => {
    const item = (await ctx.call('POST', '/api/items', { councilId: plan.north.id, featureId: plan.payslip.id, waveId: plan.w1.id })).body;
    const lead = await ctx.userAs('lead', [plan.north.id]);
    expect((await ctx.call('POST', `/api/items/${item.id}/archive`, undefined, { as: lead, ...ifMatch(1) })).status).toBe(403);
  });
});

describe('councils, features, waves and criteria with history', () => {
  it('are refused deletion, naming what they have, and can be archived and found again', async () => {
    const criterion = (await ctx.call('POST', '/api/criteria', {
      code: 'TRAINED', name: 'Staff trained', unit: 'percent', direction: 'higher', target: 80, amberThreshold: 50, scope: 'feature', phase: 'readiness',
    })).body;
    await ctx.call('PATCH', `/api/criteria/${criterion.id}`, { description: 'Share of staff through the e-learning' });
    const item = (await ctx.call('POST', '/api/items', { councilId: plan.west.id, featureId: plan.approve.id, waveId: plan.w2.id })).body;
    await ctx.call('POST', `/api/items/${item.id}/gate`, { decision: 'no_go' });
    await ctx.call('PATCH', `/api/items/${item.id}`, { waveId: plan.w1.id, reasonCategory: 'other', reason: 'Moved in a test' });
    await ctx.call('POST', '/api/gates/council-wave', { councilId: plan.west.id, waveId: plan.w1.id, decision: 'no_go' });

    const criterionRes = await ctx.call('DELETE', `/api/criteria/${criterion.id}`);
    expect(criterionRes.status).toBe(409);
    expect(criterionRes.body.message).toBe(`The criterion "Staff trained" cannot be deleted: it has 1 recorded change(s) since it was created, and history is never deleted. Archive it instead (POST /api/criteria/${criterion.id}/archive).`);

    await ctx.call('PATCH', `/api/waves/${plan.w2.id}`, { description: 'Managers first' });
    const waveRes = await ctx.call('DELETE', `/api/waves/${plan.w2.id}`);
    expect(waveRes.status).toBe(409);
    expect(waveRes.body.message).toContain('it has 1 recorded change(s) since it was created');

    await ctx.call('POST', '/api/readings', { criterionId: criterion.id, councilId: plan.north.id, featureId: plan.payslip.id, value: 40, readingDate: '2026-11-01' });
    const featureRes = await ctx.call('DELETE', `/api/features/${plan.payslip.id}`);
    expect(featureRes.status).toBe(409);
    expect(featureRes.body.message).toBe(`The feature "View payslip" cannot be deleted: it has 1 reading(s), and history is never deleted. Archive it instead (POST /api/features/${plan.payslip.id}/archive).`);

    for (const [path, id, version] of [['criteria', criterion.id, 2], ['waves', plan.w2.id, 2], ['features', plan.payslip.id, 1], ['councils', plan.west.id, 1]] as const) {
      const res = await ctx.call('POST', `/api/${path}/${id}/archive`, undefined, ifMatch(version));
      expect(res.status).toBe(200);
      expect(res.body.archivedAt).toBe('2026-11-23T10:00:00.000Z');
      expect((await ctx.call('GET', `/api/${path}?limit=100`)).body.data.map((r: any) => r.id)).not.toContain(id);
      expect((await ctx.call('GET', `/api/${path}?archived=true`)).body.data.map((r: any) => r.id)).toEqual([id]);
    }
    // Archiving changes no figure: progress still counts the archived council's item.
    expect((await ctx.call('GET', '/api/progress/items')).body.data.map((i: any) => i.itemId)).toContain(item.id);
  });

  it('a wave with a gate decision taken for it cannot be deleted even after its items moved away', async () => {
    const item = (await ctx.call('POST', '/api/items', { councilId: plan.north.id, featureId: plan.payslip.id, waveId: plan.w2.id })).body;
    await ctx.call('POST', '/api/gates/council-wave', { councilId: plan.north.id, waveId: plan.w2.id, decision: 'no_go' });
    await ctx.call('PATCH', `/api/items/${item.id}`, { waveId: plan.w1.id, reasonCategory: 'other', reason: 'Moved in a test' });
    const res = await ctx.call('DELETE', `/api/waves/${plan.w2.id}`);
    expect(res.status).toBe(409);
    expect(res.body.message).toContain('it has 1 gate decision(s) taken for it');
  });
});
