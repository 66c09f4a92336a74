import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeTestApp, createTestApp, seedSmallPlan, tableCounts, type TestContext } from './helpers.ts';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestApp();
});
afterEach(async () => closeTestApp(ctx));

describe('councils', () => {
  it('creates, reads, lists and changes a council with its groups; once changed it is archived, not deleted', async () => {
    const created = await ctx.call('POST', '/api/councils', {
      name: ' Eastbridge Borough Council ', code: 'ebc', staffHeadcount: 3400, managerHeadcount: 360,
      groups: [{ name: 'Waste depot', headcount: 420 }],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Eastbridge Borough Council', code: 'EBC', staffHeadcount: 3400, managerHeadcount: 360, version: 1,
      groups: [{ name: 'Waste depot', headcount: 420 }], createdAt: '2026-11-23T10:00:00.000Z',
    });
    const id = created.body.id;

    expect((await ctx.call('GET', `/api/councils/${id}`)).body.name).toBe('Eastbridge Borough Council');

    const changed = await ctx.call('PATCH', `/api/councils/${id}`, {
      staffHeadcount: 3500, groups: [{ name: 'waste depot', headcount: 400 }, { name: 'Pilot team', headcount: 30 }],
    });
    expect(changed.status).toBe(200);
    expect(changed.body.staffHeadcount).toBe(3500);
    expect(changed.body.version).toBe(2);
    expect(changed.body.groups.map((g: any) => [g.name, g.headcount])).toEqual([['Pilot team', 30], ['waste depot', 400]]);
    // A group matched by name keeps its id, so items scoped to it stay scoped.
    expect(changed.body.groups.find((g: any) => g.name === 'waste depot').id).toBe(created.body.groups[0].id);

    const list = await ctx.call('GET', '/api/councils');
    expect(list.body.page).toEqual({ total: 1, limit: 50, offset: 0 });
    expect(list.body.data[0].groups).toHaveLength(2);

    // It has history now (the change above): deleting it would leave that history without its subject.
    const before = tableCounts(ctx.db);
    const refused = await ctx.call('DELETE', `/api/councils/${id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.message).toBe(`The council "Eastbridge Borough Council" cannot be deleted: it has 1 recorded change(s) since it was created, and history is never deleted. Archive it instead (POST /api/councils/${id}/archive).`);
    expect(tableCounts(ctx.db)).toEqual(before);
    const archived = await ctx.call('POST', `/api/councils/${id}/archive`, undefined, { headers: { 'if-match': '"2"' } });
    expect(archived.body).toMatchObject({ id, archivedAt: '2026-11-23T10:00:00.000Z', version: 3 });
    expect((await ctx.call('GET', '/api/councils')).body.page.total).toBe(0);
    expect((await ctx.call('GET', '/api/councils?archived=true')).body.data.map((c: any) => c.id)).toEqual([id]);
    expect((await ctx.call('GET', `/api/councils/${id}`)).body.groups).toHaveLength(2);

    // A council nobody has changed since it was created has no history: it is deleted, groups and all.
    const spare = (await ctx.call('POST', '/api/councils', { name: 'Spare', code: 'SPR', staffHeadcount: 10, managerHeadcount: 1, groups: [{ name: 'Depot', headcount: 5 }] })).body;
    expect((await ctx.call('DELETE', `/api/councils/${spare.id}`)).status).toBe(204);
    expect((await ctx.call('GET', `/api/councils/${spare.id}`)).status).toBe(404);
    expect(tableCounts(ctx.db).council_groups).toBe(2);
  });

  it('paginates in name order', async () => {
    for (const [name, code] of [['C council', 'C'], ['A council', 'A'], ['B council', 'B']]) {
      await ctx.call('POST', '/api/councils', { name, code, staffHeadcount: 10, managerHeadcount: 1 });
    }
    const page = await ctx.call('GET', '/api/councils?limit=2&offset=1');
    expect(page.body.data.map((c: any) => c.name)).toEqual(['B council', 'C council']);
    expect(page.body.page).toEqual({ total: 3, limit: 2, offset: 1 });
  });

  it('refuses a duplicate name or code whatever the case, and says which field', async () => {
    await ctx.call('POST', '/api/councils', { name: 'Westvale', code: 'WDC', staffHeadcount: 10, managerHeadcount: 1 });
    const sameName = await ctx.call('POST', '/api/councils', { name: 'WESTVALE', code: 'XX', staffHeadcount: 10, managerHeadcount: 1 });
    expect(sameName.status).toBe(409);
    expect(sameName.body).toMatchObject({ statusCode: 409, error: 'Conflict', details: [{ field: 'name', message: 'is already used by another council' }] });
    const sameCode = await ctx.call('POST', '/api/councils', { name: 'Other', code: 'wdc', staffHeadcount: 10, managerHeadcount: 1 });
    expect(sameCode.status).toBe(409);
    expect(sameCode.body.details[0].field).toBe('code');
    expect(tableCounts(ctx.db).councils).toBe(1);
  });

  it('refuses headcounts that cannot be true, listing each problem', async () => {
    const res = await ctx.call('POST', '/api/councils', {
      name: 'Tiny', code: 'T', staffHeadcount: 10, managerHeadcount: 20,
      groups: [{ name: 'Depot', headcount: 50 }, { name: 'depot', headcount: 1 }],
    });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([
      { field: 'managerHeadcount', message: 'cannot be more than the staff headcount (10)' },
      { field: 'groups/0/headcount', message: "cannot be more than the council's staff headcount (10)" },
      { field: 'groups/1/name', message: '"depot" appears twice' },
    ]);
    expect(tableCounts(ctx.db).councils).toBe(0);
  });

  it('answers 409 naming the items when a council with rollout items is deleted', async () => {
    const plan = await seedSmallPlan(ctx);
    await ctx.call('POST', '/api/items', { councilId: plan.west.id, featureId: plan.payslip.id, waveId: plan.w1.id });
    const res = await ctx.call('DELETE', `/api/councils/${plan.west.id}`);
    expect(res.status).toBe(409);
    expect(res.body.message).toBe('The council "Westvale District Council" cannot be deleted: it has 1 rollout item(s) (View payslip). Delete those items first.');
    expect((await ctx.call('GET', `/api/councils/${plan.west.id}`)).status).toBe(200);
  });

  it('will not drop a group that items are scoped to, and leaves the council as it was', async () => {
    const plan = await seedSmallPlan(ctx);
    const group = plan.north.groups[0];
    await ctx.call('POST', '/api/items', { councilId: plan.north.id, featureId: plan.payslip.id, waveId: plan.w1.id, groupId: group.id });
    const res = await ctx.call('PATCH', `/api/councils/${plan.north.id}`, { staffHeadcount: 7000, groups: [] });
    expect(res.status).toBe(409);
    expect(res.body.message).toContain('HR, finance and ICT');
    const after = (await ctx.call('GET', `/api/councils/${plan.north.id}`)).body;
    expect(after.staffHeadcount).toBe(6800);
    expect(after.version).toBe(1);
    expect(after.groups).toHaveLength(1);
  });
});

describe('features and waves', () => {
  it('creates, filters, changes and deletes features', async () => {
    const plan = await seedSmallPlan(ctx);
    const managers = await ctx.call('GET', '/api/features?audience=managers');
    expect(managers.body.data.map((f: any) => f.code)).toEqual(['LEAVE-OK']);
    const changed = await ctx.call('PATCH', `/api/features/${plan.payslip.id}`, { audience: 'both', benefit: 'Your pay, your phone.' });
    expect(changed.body).toMatchObject({ audience: 'both', benefit: 'Your pay, your phone.', code: 'PAYSLIP', version: 2 });
    expect((await ctx.call('DELETE', `/api/features/${plan.approve.id}`)).status).toBe(204);
    expect((await ctx.call('GET', '/api/features')).body.page.total).toBe(1);
  });

  it('answers 409 naming the councils when a feature with items is deleted', async () => {
    const plan = await seedSmallPlan(ctx);
    await ctx.call('POST', '/api/items', { councilId: plan.north.id, featureId: plan.payslip.id, waveId: plan.w1.id });
    await ctx.call('POST', '/api/items', { councilId: plan.west.id, featureId: plan.payslip.id });
    const res = await ctx.call('DELETE', `/api/features/${plan.payslip.id}`);
    expect(res.status).toBe(409);
    expect(res.body.message).toBe('The feature "View payslip" cannot be deleted: 2 council(s) have a rollout item for it (Northmoor County Council, Westvale District Council). Delete those items first.');
  });

  it('lists waves in order, filters by status, and refuses a taken sequence', async () => {
    const plan = await seedSmallPlan(ctx);
    await ctx.call('POST', '/api/waves', { name: 'W0 Pilot', sequence: 0, plannedGoLive: '2025-12-01', status: 'closed' });
    expect((await ctx.call('GET', '/api/waves')).body.data.map((w: any) => w.name)).toEqual(['W0 Pilot', 'W1', 'W2']);
    expect((await ctx.call('GET', '/api/waves?status=closed')).body.data.map((w: any) => w.name)).toEqual(['W0 Pilot']);
    const clash = await ctx.call('POST', '/api/waves', { name: 'W9', sequence: plan.w2.sequence, plannedGoLive: '2026-05-01' });
    expect(clash.status).toBe(409);
    expect(clash.body.details).toEqual([{ field: 'sequence', message: 'is already used by another wave' }]);
  });

  it('refuses to delete a wave that still has items, and says which', async () => {
    const plan = await seedSmallPlan(ctx);
    await ctx.call('POST', '/api/items', { councilId: plan.north.id, featureId: plan.payslip.id, waveId: plan.w1.id });
    const res = await ctx.call('DELETE', `/api/waves/${plan.w1.id}`);
    expect(res.status).toBe(409);
    expect(res.body.message).toContain('NMC View payslip');
    expect((await ctx.call('DELETE', `/api/waves/${plan.w2.id}`)).status).toBe(204);
  });
});

describe('rollout items', () => {
  it('reads the planned date through the wave unless the item has its own', async () => {
    const plan = await seedSmallPlan(ctx);
    const item = (await ctx.call('POST', '/api/items', { councilId: plan.north.id, featureId: plan.payslip.id, waveId: plan.w1.id })).body;
    expect(item).toMatchObject({
      councilCode: 'NMC', featureName: 'View payslip', waveName: 'W1', plannedGoLive: '2026-01-31', plannedDateOverride: null, status: 'planned',
    });
    await ctx.call('PATCH', `/api/waves/${plan.w1.id}`, { plannedGoLive: '2026-02-14', reasonCategory: 'other', reason: 'Moved in a test' });
    expect((await ctx.call('GET', `/api/items/${item.id}`)).body.plannedGoLive).toBe('2026-02-14');
    const own = await ctx.call('PATCH', `/api/items/${item.id}`, { plannedDateOverride: '2026-02-28', reasonCategory: 'other', reason: 'Moved in a test' });
    expect(own.body).toMatchObject({ plannedGoLive: '2026-02-28', plannedDateOverride: '2026-02-28', version: 2 });
  });

  it('moves an item to another wave as an update of the same row', async () => {
    const plan = await seedSmallPlan(ctx);
    const item = (await ctx.call('POST', '/api/items', { councilId: plan.west.id, featureId: plan.payslip.id, waveId: plan.w1.id })).body;
    const moved = await ctx.call('PATCH', `/api/items/${item.id}`, { waveId: plan.w2.id, reasonCategory: 'other', reason: 'Moved in a test' });
    expect(moved.body).toMatchObject({ id: item.id, waveId: plan.w2.id, waveName: 'W2', plannedGoLive: '2026-03-31' });
    expect(tableCounts(ctx.db).rollout_items).toBe(1);
  });

  it('allows exactly one item per council and feature', async () => {
    const plan = await seedSmallPlan(ctx);
    await ctx.call('POST', '/api/items', { councilId: plan.west.id, featureId: plan.payslip.id });
    const again = await ctx.call('POST', '/api/items', { councilId: plan.west.id, featureId: plan.payslip.id, waveId: plan.w2.id });
    expect(again.status).toBe(409);
    expect(again.body.message).toContain('already has a rollout item');
  });

  it('filters by council, wave, feature and status', async () => {
    const plan = await seedSmallPlan(ctx);
    await ctx.call('POST', '/api/items', { councilId: plan.north.id, featureId: plan.payslip.id, waveId: plan.w1.id });
    await ctx.call('POST', '/api/items', { councilId: plan.north.id, featureId: plan.approve.id, waveId: plan.w2.id });
    await ctx.call('POST', '/api/items', { councilId: plan.west.id, featureId: plan.payslip.id });
    const pairs = async (q: string) => (await ctx.call('GET', `/api/items${q}`)).body.data.map((i: any) => `${i.councilCode}:${i.featureCode}`);
    expect(await pairs(`?councilId=${plan.north.id}`)).toEqual(['NMC:PAYSLIP', 'NMC:LEAVE-OK']);
    expect(await pairs(`?waveId=${plan.w2.id}`)).toEqual(['NMC:LEAVE-OK']);
    expect(await pairs(`?featureId=${plan.payslip.id}`)).toEqual(['NMC:PAYSLIP', 'WDC:PAYSLIP']);
    expect(await pairs('?status=not_scheduled')).toEqual(['WDC:PAYSLIP']);
  });

  it('enforces the status rules with one message per broken rule', async () => {
    const plan = await seedSmallPlan(ctx);
    const item = (await ctx.call('POST', '/api/items', { councilId: plan.north.id, featureId: plan.payslip.id, waveId: plan.w1.id })).body;
    const noDate = await ctx.call('PATCH', `/api/items/${item.id}`, { status: 'live' });
    expect(noDate.status).toBe(400);
    expect(noDate.body.details).toEqual([{ field: 'actualGoLive', message: 'is needed to mark an item live' }]);
    const future = await ctx.call('PATCH', `/api/items/${item.id}`, { status: 'live', actualGoLive: '2026-11-24' });
    expect(future.body.details).toEqual([{ field: 'actualGoLive', message: 'cannot be in the future (today is 23 November 2026)' }]);
    const unscheduledLive = await ctx.call('PATCH', `/api/items/${item.id}`, { waveId: null, status: 'planned', reasonCategory: 'other', reason: 'Moved in a test' });
    expect(unscheduledLive.body.details).toEqual([{ field: 'waveId', message: 'is needed for an item that is planned' }]);
    const ungated = await ctx.call('PATCH', `/api/items/${item.id}`, { status: 'live', actualGoLive: '2026-02-02' });
    expect(ungated.status).toBe(409);
    expect(ungated.body.message).toBe('This item needs a go decision at its gate before it can be marked live.');
    expect((await ctx.call('POST', `/api/items/${item.id}/gate`, { decision: 'go' })).status).toBe(201);
    const live = await ctx.call('PATCH', `/api/items/${item.id}`, { status: 'live', actualGoLive: '2026-02-02' });
    expect(live.body).toMatchObject({ status: 'live', actualGoLive: '2026-02-02' });
    const deleteLive = await ctx.call('DELETE', `/api/items/${item.id}`);
    expect(deleteLive.status).toBe(409);
    expect((await ctx.call('GET', `/api/items/${item.id}`)).body.status).toBe('live');
  });

  it('refuses references to things that do not exist or belong to another council', async () => {
    const plan = await seedSmallPlan(ctx);
    const res = await ctx.call('POST', '/api/items', { councilId: plan.west.id, featureId: 999, waveId: 998, groupId: plan.north.groups[0].id });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([
      { field: 'featureId', message: 'feature 999 does not exist' },
      { field: 'waveId', message: 'wave 998 does not exist' },
      { field: 'groupId', message: `group ${plan.north.groups[0].id} belongs to another council` },
    ]);
    expect(tableCounts(ctx.db).rollout_items).toBe(0);
  });

  it('assigns many items in one request, creating and moving', async () => {
    const plan = await seedSmallPlan(ctx);
    const existing = (await ctx.call('POST', '/api/items', { councilId: plan.north.id, featureId: plan.payslip.id })).body;
    const res = await ctx.call('POST', '/api/items/assignments', {
      items: [
        { councilId: plan.north.id, featureId: plan.payslip.id, waveId: plan.w1.id },
        { councilId: plan.north.id, featureId: plan.approve.id, waveId: plan.w2.id, plannedDateOverride: '2026-04-07' },
        { councilId: plan.west.id, featureId: plan.payslip.id, waveId: plan.w2.id },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.created).toBe(2);
    expect(res.body.updated).toBe(1);
    const byPair = Object.fromEntries(res.body.items.map((i: any) => [`${i.councilCode}:${i.featureCode}`, i]));
    expect(byPair['NMC:PAYSLIP']).toMatchObject({ id: existing.id, status: 'planned', plannedGoLive: '2026-01-31' });
    expect(byPair['NMC:LEAVE-OK']).toMatchObject({ plannedGoLive: '2026-04-07' });
    expect(byPair['WDC:PAYSLIP']).toMatchObject({ waveName: 'W2' });
  });

  it('stores nothing when any row of an assignment is bad, and lists every bad row', async () => {
    const plan = await seedSmallPlan(ctx);
    const item = (await ctx.call('POST', '/api/items', { councilId: plan.north.id, featureId: plan.payslip.id, waveId: plan.w1.id })).body;
    const before = tableCounts(ctx.db);
    const res = await ctx.call('POST', '/api/items/assignments', {
      items: [
        { councilId: plan.north.id, featureId: plan.payslip.id, waveId: plan.w2.id },
        { councilId: plan.west.id, featureId: plan.payslip.id, waveId: 404 },
        { councilId: plan.west.id, featureId: plan.approve.id, waveId: null, plannedDateOverride: '2026-05-01' },
        { councilId: plan.west.id, featureId: plan.payslip.id, waveId: plan.w1.id },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('Nothing was saved: 3 problem(s) in the request.');
    expect(res.body.details).toEqual([
      { field: 'items/1/waveId', message: 'wave 404 does not exist' },
      { field: 'items/2/plannedDateOverride', message: 'needs a wave: put the item in a wave first' },
      { field: 'items/3/featureId', message: 'this council and feature appear more than once in the request' },
    ]);
    expect(tableCounts(ctx.db)).toEqual(before);
    expect((await ctx.call('GET', `/api/items/${item.id}`)).body).toMatchObject({ waveId: plan.w1.id, version: 1 });
  });
});

describe('validation and errors', () => {
  it('rejects wrong types, missing and unknown fields with the field and why', async () => {
    const res = await ctx.call('POST', '/api/councils', { name: 'X', code: 'x', staffHeadcount: '12', colour: 'red' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(res.body.details).toEqual(expect.arrayContaining([
      { field: 'managerHeadcount', message: 'is required' },
      { field: 'colour', message: 'is not a known field' },
      { field: 'staffHeadcount', message: 'must be integer' },
    ]));
    expect(res.body.message).toContain('colour is not a known field');
  });

  it.each([
    ['2025-02-29', 'not a leap year'],
    ['2026-04-31', 'April has 30 days'],
    ['2026-13-01', 'no month 13'],
    ['31/01/2026', 'wrong format'],
  ])('rejects the date %s (%s)', async (date) => {
    const res = await ctx.call('POST', '/api/waves', { name: 'W', sequence: 1, plannedGoLive: date });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([{ field: 'plannedGoLive', message: 'must be a real calendar date written YYYY-MM-DD' }]);
  });

  it('accepts 29 February in a leap year', async () => {
    const res = await ctx.call('POST', '/api/waves', { name: 'W', sequence: 1, plannedGoLive: '2028-02-29' });
    expect(res.status).toBe(201);
  });

  it('lists the allowed values of an enumerated field', async () => {
    const res = await ctx.call('POST', '/api/features', { code: 'X', name: 'X', audience: 'everyone' });
    expect(res.body.details).toEqual([{ field: 'audience', message: 'must be one of: employees, managers, both' }]);
  });

  it('answers 404 in the same shape for a missing record and an unknown API path', async () => {
    const missing = await ctx.call('GET', '/api/waves/77');
    expect(missing.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'Wave 77 was not found.' });
    const unknown = await ctx.call('GET', '/api/nothing-here');
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toBe('There is no GET /api/nothing-here.');
  });

  it('answers 400 for malformed JSON and bad path or query values, never 500', async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/councils', headers: { 'content-type': 'application/json' }, payload: '{"name":' });
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect((await ctx.call('GET', '/api/councils/abc')).status).toBe(400);
    expect((await ctx.call('GET', '/api/councils?limit=0')).status).toBe(400);
    expect((await ctx.call('GET', '/api/progress?asOf=2026-02-30')).status).toBe(400);
    expect((await ctx.call('PATCH', '/api/councils/1', {})).status).toBe(400);
  });

  it('reports health with the database answering, and serves the OpenAPI document and docs page', async () => {
    expect((await ctx.call('GET', '/api/health')).body).toEqual({ status: 'ok', database: 'ok' });
    const openapi = (await ctx.call('GET', '/api/openapi.json')).body;
    expect(openapi.openapi).toBe('3.1.0');
    for (const path of ['/api/councils', '/api/councils/{id}', '/api/items/assignments', '/api/baselines', '/api/progress', '/api/progress/items']) {
      expect(Object.keys(openapi.paths)).toContain(path);
    }
    const docs = await ctx.app.inject({ method: 'GET', url: '/api/docs' });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger');
  });

  it('serves the page at / and for client routes', async () => {
    for (const url of ['/', '/councils/1']) {
      const res = await ctx.app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.body).toContain('Rollout Planner');
    }
  });
});
