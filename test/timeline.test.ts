import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemActor } from '../server/auth/actor.ts';
import { createItemService } from '../server/modules/items/service.ts';
import { createTimelineReadModel } from '../server/modules/timeline/read-model.ts';
import { createWaveService } from '../server/modules/waves/service.ts';
import { closeTestApp, createTestApp, tableCounts, type TestContext } from './helpers.ts';

/** Today is 2026-11-23 (test/helpers.ts). W3 goes live on Monday 11 January 2027, W4 on Monday 8 February. */
let ctx: TestContext;
let p: Record<string, { id: number }>;
const REASON = { reasonCategory: 'readiness', reason: 'Managers need another fortnight of training.' };

beforeEach(async () => {
  ctx = await createTestApp();
  const post = async (url: string, body: unknown) => {
    const res = await ctx.call('POST', url, body);
    if (res.status !== 201) throw new Error(`${url}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const north = await post('/api/councils', { name: 'Northmoor County Council', code: 'NMC', staffHeadcount: 6800, managerHeadcount: 720 });
  const glen = await post('/api/councils', { name: 'Glenbrae Council', code: 'GBC', staffHeadcount: 2400, managerHeadcount: 210, region: 'scotland' });
  const book = await post('/api/features', { code: 'LEAVE', name: 'Book annual leave', audience: 'employees' });
  const approve = await post('/api/features', { code: 'LEAVE-OK', name: 'Approve leave', audience: 'managers' });
  const w3 = await post('/api/waves', { name: 'W3', sequence: 3, plannedGoLive: '2027-01-11' });
  const w4 = await post('/api/waves', { name: 'W4', sequence: 4, plannedGoLive: '2027-02-08' });
  const item = (council: { id: number }, feature: { id: number }, wave: { id: number }) =>
    post('/api/items', { councilId: council.id, featureId: feature.id, waveId: wave.id, status: 'planned' });
  p = {
    north, glen, book, approve, w3, w4,
    northApprove: await item(north, approve, w3), northBook: await item(north, book, w3),
    glenApprove: await item(glen, approve, w4), glenBook: await item(glen, book, w4),
  };
});
afterEach(async () => closeTestApp(ctx));

const timeline = async () => (await ctx.call('GET', '/api/timeline')).body;
const planned = async (itemId: number) => (await ctx.call('GET', `/api/items/${itemId}`)).body.plannedGoLive as string;

describe('councils keep their nation’s bank holidays', () => {
  it('a council has a region, England and Wales unless told', async () => {
    expect((await ctx.call('GET', `/api/councils/${p.north!.id}`)).body.region).toBe('england-wales');
    expect((await ctx.call('GET', `/api/councils/${p.glen!.id}`)).body.region).toBe('scotland');
    const bad = await ctx.call('PATCH', `/api/councils/${p.glen!.id}`, { region: 'wales' });
    expect(bad.status).toBe(400);
  });

  it('a staff question’s answer target skips its council’s bank holidays (St Andrew’s Day in Scotland only)', async () => {
    const ask = async (councilId: number) => (await ctx.call('POST', '/api/engagement/questions', {
      councilId, question: 'Can I book half days?', channel: 'briefing', category: 'Leave', raisedOn: '2025-11-28',
    })).body;
    // Friday 28 November 2025, two working days: Tuesday in England; Wednesday in Scotland, whose St Andrew's Day moved to Monday 1 December.
    expect((await ask(p.north!.id)).dueOn).toBe('2025-12-02');
    expect((await ask(p.glen!.id)).dueOn).toBe('2025-12-03');
  });

  it('the timeline shades the bank holidays of the regions in use and flags a go-live that lands on one', async () => {
    await ctx.call('PATCH', `/api/items/${p.glenBook!.id}`, { plannedDateOverride: '2026-11-30', ...REASON });
    const t = await timeline();
    expect(t.periods).toContainEqual({ kind: 'holiday', name: 'St Andrew’s Day (Scotland)', from: '2026-11-30', to: '2026-11-30', councilId: null, region: 'scotland' });
    expect(t.periods).toContainEqual({ kind: 'holiday', name: 'Boxing Day (substitute day) (England and Wales)', from: '2026-12-28', to: '2026-12-28', councilId: null, region: 'england-wales' });
    const glen = t.councils.find((c: { id: number }) => c.id === p.glen!.id);
    expect(glen.items.find((i: { itemId: number }) => i.itemId === p.glenBook!.id).clashes).toEqual(['bank holiday: St Andrew’s Day']);
  });
});

describe('blackouts', () => {
  it('a monthly payroll cut-off repeats on the same days each month, and a go-live in it is flagged', async () => {
    const cutoff = await ctx.call('POST', '/api/blackouts', { name: 'Payroll cut-off', kind: 'payroll_cutoff', startsOn: '2026-11-20', endsOn: '2026-11-25', repeatsMonthly: true });
    expect(cutoff.status).toBe(201);
    const freeze = await ctx.call('POST', '/api/blackouts', { name: 'Northmoor election freeze', kind: 'election', councilId: p.north!.id, startsOn: '2027-02-01', endsOn: '2027-02-12' });
    expect(freeze.status).toBe(201);
    await ctx.call('PATCH', `/api/items/${p.glenBook!.id}`, { plannedDateOverride: '2027-01-22', ...REASON });
    const t = await timeline();
    expect(t.periods.filter((x: { name: string }) => x.name === 'Payroll cut-off').slice(0, 3).map((x: { from: string; to: string }) => `${x.from}..${x.to}`))
      .toEqual(['2026-11-20..2026-11-25', '2026-12-20..2026-12-25', '2027-01-20..2027-01-25']);
    const items = t.councils.flatMap((c: { items: unknown[] }) => c.items);
    expect(items.find((i: { itemId: number }) => i.itemId === p.glenBook!.id).clashes).toEqual(['blackout: Payroll cut-off']);
    // The council's own freeze is its own: Glenbrae's W4 go-live on 8 February is clear of it, Northmoor's would not be.
    expect(items.find((i: { itemId: number }) => i.itemId === p.glenApprove!.id).clashes).toEqual([]);
  });

  it('refuses a blackout that ends before it starts, or repeats monthly across a month end, and stores nothing', async () => {
    const before = tableCounts(ctx.db);
    const res = await ctx.call('POST', '/api/blackouts', { name: 'Year end', kind: 'year_end', startsOn: '2027-03-25', endsOn: '2027-04-05', repeatsMonthly: true });
    expect(res.status).toBe(400);
    expect(res.body.details).toContainEqual({ field: 'endsOn', message: 'a monthly blackout starts and ends in the same month' });
    expect((await ctx.call('POST', '/api/blackouts', { name: 'Backwards', kind: 'other', startsOn: '2027-03-25', endsOn: '2027-03-01' })).status).toBe(400);
    expect(tableCounts(ctx.db)).toEqual(before);
  });
});

describe('dependencies', () => {
  it('a feature prerequisite holds in every council: "Approve leave" no later than "Book annual leave"', async () => {
    const dep = await ctx.call('POST', '/api/dependencies', { kind: 'feature', beforeFeatureId: p.approve!.id, afterFeatureId: p.book!.id });
    expect(dep.status).toBe(201);
    expect(dep.body.label).toBe('"Book annual leave" no earlier than "Approve leave" in each council');
    expect(dep.body.broken).toEqual([]);
    // Book leave a wave earlier than approving it at Northmoor: broken there only.
    await ctx.call('PATCH', `/api/items/${p.northApprove!.id}`, { waveId: p.w4!.id, ...REASON });
    const now = (await ctx.call('GET', `/api/dependencies/${dep.body.id}`)).body;
    expect(now.broken).toHaveLength(1);
    expect(now.broken[0]).toMatchObject({ afterItemId: p.northBook!.id, beforeItemId: p.northApprove!.id, afterDay: '2027-01-11', earliestAllowed: '2027-02-08', broken: true, shortBy: 20 });
    expect(now.broken[0].description).toBe('Book annual leave at Northmoor County Council (11 January 2027) must not go live before Approve leave at Northmoor County Council (8 February 2027): earliest allowed 8 February 2027.');
  });

  it('an item link across councils waits a lag in working days over the bank holidays', async () => {
    await ctx.call('PATCH', `/api/items/${p.northApprove!.id}`, { plannedDateOverride: '2026-12-24', ...REASON });
    const dep = (await ctx.call('POST', '/api/dependencies', { kind: 'item', beforeItemId: p.northApprove!.id, afterItemId: p.glenApprove!.id, lagWorkingDays: 2 })).body;
    // Christmas Day, the weekend and the Boxing Day substitute: two working days after the 24th is the 30th.
    await ctx.call('PATCH', `/api/items/${p.glenApprove!.id}`, { plannedDateOverride: '2026-12-29', ...REASON });
    let got = (await ctx.call('GET', `/api/dependencies/${dep.id}`)).body;
    expect(got.broken.map((c: { earliestAllowed: string; shortBy: number }) => [c.earliestAllowed, c.shortBy])).toEqual([['2026-12-30', 1]]);
    await ctx.call('PATCH', `/api/items/${p.glenApprove!.id}`, { plannedDateOverride: '2026-12-30', ...REASON });
    got = (await ctx.call('GET', `/api/dependencies/${dep.id}`)).body;
    expect(got.broken).toEqual([]);
  });

  it('an external milestone holds every item of a feature back, with its lag', async () => {
    const release = (await ctx.call('POST', '/api/milestones', { name: 'HR system release 27.1', kind: 'hr_release', onDay: '2027-01-08' })).body;
    const dep = (await ctx.call('POST', '/api/dependencies', { kind: 'milestone', milestoneId: release.id, afterFeatureId: p.book!.id, lagWorkingDays: 2 })).body;
    expect(dep.label).toBe('"Book annual leave" in every council no earlier than the milestone "HR system release 27.1" (8 January 2027), 2 working days after');
    expect(dep.broken.map((c: { afterItemId: number; earliestAllowed: string }) => [c.afterItemId, c.earliestAllowed])).toEqual([[p.northBook!.id, '2027-01-12']]);
    expect((await ctx.call('DELETE', `/api/milestones/${release.id}`)).status).toBe(409);
  });

  it('refuses a malformed dependency, naming the fields', async () => {
    const res = await ctx.call('POST', '/api/dependencies', { kind: 'feature', beforeFeatureId: p.book!.id, afterItemId: p.northBook!.id });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual(expect.arrayContaining([
      { field: 'afterFeatureId', message: 'is needed for a feature dependency' },
      { field: 'afterItemId', message: 'is not part of a feature dependency' },
    ]));
    expect((await ctx.call('POST', '/api/dependencies', { kind: 'item', beforeItemId: p.northBook!.id, afterItemId: 999 })).body.details)
      .toEqual([{ field: 'afterItemId', message: 'no item 999' }]);
  });

  it('under the "refuse" rule a change that breaks a dependency is refused with 409 naming it, and nothing changes; under "warn" it is made', async () => {
    await ctx.call('POST', '/api/dependencies', { kind: 'feature', beforeFeatureId: p.approve!.id, afterFeatureId: p.book!.id });
    expect((await ctx.call('PATCH', '/api/settings', { dependencyRule: 'refuse' })).body.dependencyRule).toBe('refuse');
    const refused = await ctx.call('PATCH', `/api/items/${p.northApprove!.id}`, { waveId: p.w4!.id, ...REASON });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain('Book annual leave at Northmoor County Council (11 January 2027) must not go live before Approve leave at Northmoor County Council (8 February 2027)');
    expect(await planned(p.northApprove!.id)).toBe('2027-01-11');
    // Moving the wave both are in keeps them together: allowed.
    expect((await ctx.call('PATCH', `/api/waves/${p.w3!.id}`, { plannedGoLive: '2027-01-18', ...REASON })).status).toBe(200);
    await ctx.call('PATCH', '/api/settings', { dependencyRule: 'warn' });
    expect((await ctx.call('PATCH', `/api/items/${p.northApprove!.id}`, { waveId: p.w4!.id, ...REASON })).status).toBe(200);
    expect(await planned(p.northApprove!.id)).toBe('2027-02-08');
  });
});

describe('the cached timeline', () => {
  const itemsOf = (t: { councils: Array<{ id: number; items: Array<{ itemId: number; plannedGoLive: string | null }> }> }, councilId: number) =>
    t.councils.find((c) => c.id === councilId)?.items ?? [];

  it('is reused across writes that cannot change it, and made again after a write that does', async () => {
    const model = createTimelineReadModel(ctx.db, ctx.app.clock);
    const first = model.response({});
    // A sign-in and a notification preference: written, but feeding no read model.
    await ctx.userAs('sponsor', [], 'board.member@example.org');
    expect(model.response({})).toBe(first);
    await ctx.call('PATCH', `/api/items/${p.glenBook!.id}`, { plannedDateOverride: '2027-02-10', ...REASON });
    const after = model.response({});
    expect(after).not.toBe(first);
    expect(itemsOf(JSON.parse(after.json.toString()), p.glen!.id).find((i) => i.itemId === p.glenBook!.id)!.plannedGoLive).toBe('2027-02-10');
  });

  it('follows a row that moves from one council to another, and a dependency and a blackout that are deleted', async () => {
    const expenses = (await ctx.call('POST', '/api/features', { code: 'EXP', name: 'Claim expenses', audience: 'employees' })).body;
    const claim = (await ctx.call('POST', '/api/items', { councilId: p.glen!.id, featureId: expenses.id, waveId: p.w4!.id, status: 'planned' })).body;
    const dep = (await ctx.call('POST', '/api/dependencies', { kind: 'item', beforeItemId: p.northBook!.id, afterItemId: claim.id })).body;
    const freeze = (await ctx.call('POST', '/api/blackouts', { name: 'Glenbrae freeze', kind: 'freeze', councilId: p.glen!.id, startsOn: '2027-02-01', endsOn: '2027-02-12' })).body;
    let t = await timeline();
    expect(itemsOf(t, p.glen!.id).map((i) => i.itemId)).toContain(claim.id);
    expect(t.dependencies.map((c: { dependencyId: number }) => c.dependencyId)).toEqual([dep.id]);
    expect(t.periods.map((x: { name: string }) => x.name)).toContain('Glenbrae freeze');
    // Moved by a script straight in the database: the triggers bump both councils' versions.
    ctx.db.$client.prepare('update rollout_items set council_id = ? where id = ?').run(p.north!.id, claim.id);
    t = await timeline();
    expect(itemsOf(t, p.glen!.id).map((i) => i.itemId)).not.toContain(claim.id);
    expect(itemsOf(t, p.north!.id).map((i) => i.itemId)).toContain(claim.id);
    expect((await ctx.call('DELETE', `/api/dependencies/${dep.id}`)).status).toBe(204);
    expect((await ctx.call('DELETE', `/api/blackouts/${freeze.id}`)).status).toBe(204);
    t = await timeline();
    expect(t.dependencies).toEqual([]);
    expect(t.periods.map((x: { name: string }) => x.name)).not.toContain('Glenbrae freeze');
  });

  it('is made in slices that hand the event loop back, equal to the build made straight through; requests meanwhile share one build', async () => {
    // Many councils, so the build takes more than one slice.
    for (let n = 0; n < 60; n++) {
      const council = (await ctx.call('POST', '/api/councils', { name: `Council ${String(n).padStart(2, '0')}`, code: `C${n}`, staffHeadcount: 100, managerHeadcount: 10 })).body;
      await ctx.call('POST', '/api/items', { councilId: council.id, featureId: p.approve!.id, waveId: p.w3!.id, status: 'planned' });
      await ctx.call('POST', '/api/items', { councilId: council.id, featureId: p.book!.id, waveId: p.w4!.id, status: 'planned' });
    }
    await ctx.call('POST', '/api/dependencies', { kind: 'feature', beforeFeatureId: p.approve!.id, afterFeatureId: p.book!.id, lagWorkingDays: 2 });
    const all = { councilLimit: 100 };
    const straight = createTimelineReadModel(ctx.db, ctx.app.clock).timeline(all);
    // Slices of no time at all: a pause at every step.
    const sliced = createTimelineReadModel(ctx.db, ctx.app.clock, { sliceMs: 0 });
    let otherWork = 0;
    const [a, b] = await Promise.all([sliced.responseAsync(all), sliced.responseAsync(all), (async () => { for (let n = 0; n < 5; n++) { await new Promise(setImmediate); otherWork += 1; } })()]);
    expect(b).toBe(a);
    expect(otherWork).toBe(5);
    expect(JSON.parse(a.json.toString())).toEqual(straight);
    expect(straight.councils).toHaveLength(62);
    expect(straight.dependencies).toHaveLength(62);
  });

  it('a write that lands while the timeline is being built is in the timeline sent (the build is made again)', async () => {
    const model = createTimelineReadModel(ctx.db, ctx.app.clock, { sliceMs: 0 });
    const building = model.responseAsync({});
    // Lands between two slices of the build, after its items were read: the build sees the versions move and is made again.
    ctx.db.$client.prepare('update waves set planned_go_live = ? where id = ?').run('2027-03-01', p.w4!.id);
    const sent = JSON.parse((await building).json.toString());
    expect(sent.waves.find((w: { id: number }) => w.id === p.w4!.id).plannedGoLive).toBe('2027-03-01');
    expect(itemsOf(sent, p.glen!.id).map((i) => i.plannedGoLive)).toEqual(['2027-03-01', '2027-03-01']);
  });

  it('is sent compressed with an ETag, and 304 when unchanged', async () => {
    const first = await ctx.app.inject({ method: 'GET', url: '/api/timeline', headers: { cookie: ctx.office.cookie!, 'accept-encoding': 'gzip' } });
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(first.rawPayload).toString()).councils.map((c: { name: string }) => c.name)).toEqual(['Glenbrae Council', 'Northmoor County Council']);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^W\/"/);
    expect((await ctx.call('GET', '/api/timeline', undefined, { headers: { 'if-none-match': etag } })).status).toBe(304);
    await ctx.call('PATCH', `/api/waves/${p.w4!.id}`, { plannedGoLive: '2027-02-15', ...REASON });
    const moved = await ctx.call('GET', '/api/timeline', undefined, { headers: { 'if-none-match': etag } });
    expect(moved.status).toBe(200);
    expect(moved.body.waves.find((w: { id: number }) => w.id === p.w4!.id).plannedGoLive).toBe('2027-02-15');
  });

  it('comes in pages of councils by name, each with the dependency checks, blackouts and bank holidays that concern it', async () => {
    for (let n = 0; n < 3; n++) {
      const council = (await ctx.call('POST', '/api/councils', { name: `Aldwick ${n} Council`, code: `ALD${n}`, staffHeadcount: 100, managerHeadcount: 10, region: 'northern-ireland' })).body;
      await ctx.call('POST', '/api/items', { councilId: council.id, featureId: p.approve!.id, waveId: p.w3!.id, status: 'planned' });
    }
    await ctx.call('POST', '/api/dependencies', { kind: 'item', beforeItemId: p.northBook!.id, afterItemId: p.glenBook!.id });
    await ctx.call('POST', '/api/blackouts', { name: 'Glenbrae freeze', kind: 'freeze', councilId: p.glen!.id, startsOn: '2027-02-01', endsOn: '2027-02-12' });
    await ctx.call('POST', '/api/blackouts', { name: 'Year end', kind: 'year_end', councilId: null, startsOn: '2027-03-29', endsOn: '2027-04-09' });
    const page = async (query: string) => {
      const res = await ctx.call('GET', `/api/timeline?${query}`);
      expect(res.status).toBe(200);
      return res.body as {
        councilPage: unknown; councils: Array<{ name: string }>; dependencies: Array<{ afterItemId: number }>;
        periods: Array<{ name: string; region: string | null }>; from: string; to: string; waves: unknown[];
      };
    };
    const whole = await page('councilLimit=10');
    expect(whole.councils.map((c) => c.name)).toEqual(['Aldwick 0 Council', 'Aldwick 1 Council', 'Aldwick 2 Council', 'Glenbrae Council', 'Northmoor County Council']);
    expect(whole.councilPage).toEqual({ total: 5, limit: 10, offset: 0 });

    // Councils 1–2 of 5: only Northern Ireland's bank holidays, no Glenbrae freeze, no dependency of theirs.
    const first = await page('councilLimit=2');
    expect(first.councilPage).toEqual({ total: 5, limit: 2, offset: 0 });
    expect(first.councils.map((c) => c.name)).toEqual(['Aldwick 0 Council', 'Aldwick 1 Council']);
    expect(first.dependencies).toEqual([]);
    expect(new Set(first.periods.filter((x) => x.region !== null).map((x) => x.region))).toEqual(new Set(['northern-ireland']));
    expect(first.periods.map((x) => x.name)).toContain('Year end');
    expect(first.periods.map((x) => x.name)).not.toContain('Glenbrae freeze');
    // Councils 4–5: Glenbrae and Northmoor, the dependency between them, the freeze; the same axis and waves as every page.
    const last = await page('councilLimit=2&councilOffset=3');
    expect(last.councilPage).toEqual({ total: 5, limit: 2, offset: 3 });
    expect(last.councils.map((c) => c.name)).toEqual(['Glenbrae Council', 'Northmoor County Council']);
    expect(last.dependencies.map((d) => d.afterItemId)).toEqual([p.glenBook!.id]);
    expect(last.periods.map((x) => x.name)).toContain('Glenbrae freeze');
    expect(last.periods.map((x) => x.name)).not.toContain('St Patrick’s Day (Northern Ireland)');
    expect([last.from, last.to, last.waves]).toEqual([whole.from, whole.to, whole.waves]);
    // Past the end: an empty page that still says how many there are.
    const beyond = await page('councilOffset=40');
    expect(beyond.councils).toEqual([]);
    expect(beyond.councilPage).toEqual({ total: 5, limit: 50, offset: 40 });
    // A page of no councils or of too many is refused, naming the parameter.
    for (const bad of ['councilLimit=0', 'councilLimit=501', 'councilOffset=-1', 'councilLimit=ten']) {
      const res = await ctx.call('GET', `/api/timeline?${bad}`);
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toContain(bad.split('=')[0]);
    }
  });

  it('cuts its pages from one build of the whole plan, and builds again after a write', async () => {
    const model = createTimelineReadModel(ctx.db, ctx.app.clock);
    const first = model.timeline({ councilLimit: 1 });
    const second = model.timeline({ councilLimit: 1, councilOffset: 1 });
    expect([...first.councils, ...second.councils]).toEqual(model.timeline({}).councils);
    await ctx.call('PATCH', `/api/items/${p.northBook!.id}`, { plannedDateOverride: '2027-02-10', ...REASON });
    const moved = model.timeline({ councilLimit: 1, councilOffset: 1 });
    expect(moved.councils[0]!.items.find((i) => i.itemId === p.northBook!.id)!.plannedGoLive).toBe('2027-02-10');
  });

  it('is compressed by sendCached, once for each encoding a client asks for and not before', async () => {
    const entry = await ctx.app.services.timeline.responseAsync({});
    expect(entry.br).toBeUndefined();
    expect(entry.gzip).toBeUndefined();
    const br = await ctx.app.inject({ method: 'GET', url: '/api/timeline', headers: { cookie: ctx.office.cookie!, 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.rawPayload).equals(entry.json)).toBe(true);
    // The same entry, now holding the brotli form it was sent in, and no gzip form until a client asks for one.
    expect((await ctx.app.services.timeline.responseAsync({})).br?.equals(br.rawPayload)).toBe(true);
    expect(entry.gzip).toBeUndefined();
  });
});

describe('support capacity', () => {
  const setCapacity = async (trainers: number) => {
    expect((await ctx.call('POST', '/api/capacities', { councilId: p.north!.id, trainerSessionsPerWeek: trainers, floorwalkerShiftsPerWeek: 6 })).status).toBe(201);
    expect((await ctx.call('POST', '/api/support-needs', { featureId: p.book!.id, trainerSessions: 3, floorwalkerShifts: 4 })).status).toBe(201);
    expect((await ctx.call('POST', '/api/support-needs', { featureId: p.approve!.id, trainerSessions: 2, floorwalkerShifts: 2 })).status).toBe(201);
  };

  it('the timeline names the weeks a council’s trainers are over-booked: training the week before each go-live', async () => {
    expect((await timeline()).overBooked).toEqual([]);
    await setCapacity(4);
    // Both of Northmoor's go-lives on Monday 11 January need training the week before: 3 + 2 sessions, 4 available.
    // Floorwalkers in the go-live week: 4 + 2 shifts, 6 available, so not over-booked. Glenbrae has no capacity set.
    expect((await timeline()).overBooked).toEqual([{
      councilId: p.north!.id, councilName: 'Northmoor County Council', week: '2027-01-04', kind: 'trainers', needed: 5, capacity: 4,
      itemIds: [p.northApprove!.id, p.northBook!.id].sort((a, b) => a - b),
      description: 'Northmoor County Council, week of 2027-01-04: 5 training sessions needed for 2 go-lives, 4 available.',
    }]);
  });

  it('the what-if shows a move that over-books a week, and one that relieves it shows none', async () => {
    await setCapacity(3);
    await ctx.call('PATCH', `/api/items/${p.northApprove!.id}`, { waveId: p.w4!.id, ...REASON });
    expect((await timeline()).overBooked).toEqual([]);
    const back = await ctx.call('POST', `/api/plan-changes/items/${p.northApprove!.id}?preview=true`, { waveId: p.w3!.id, ...REASON });
    expect(back.status).toBe(200);
    expect(back.body.overBooked.map((o: { week: string; kind: string; needed: number; capacity: number }) => [o.week, o.kind, o.needed, o.capacity])).toEqual([['2027-01-04', 'trainers', 5, 3]]);
    const later = await ctx.call('POST', `/api/plan-changes/items/${p.northApprove!.id}?preview=true`, { plannedDateOverride: '2027-03-01', ...REASON });
    expect(later.body.overBooked).toEqual([]);
    // The wave move reads every item of the councils concerned: the same answer as over the whole plan.
    const moveW4 = await ctx.call('POST', `/api/plan-changes/waves/${p.w4!.id}?preview=true`, { plannedGoLive: '2027-01-11', ...REASON });
    expect(moveW4.body.overBooked.map((o: { week: string; needed: number }) => [o.week, o.needed])).toEqual([['2027-01-04', 5]]);
  });

  it('refuses odd numbers, an unknown or doubled council, and a sponsor; nothing is stored', async () => {
    const sponsor = await ctx.userAs('sponsor');
    const lead = await ctx.userAs('lead', [p.north!.id]);
    const before = tableCounts(ctx.db);
    for (const body of [
      { councilId: p.north!.id, trainerSessionsPerWeek: -1, floorwalkerShiftsPerWeek: 1 },
      { councilId: p.north!.id, trainerSessionsPerWeek: 1e308, floorwalkerShiftsPerWeek: 1 },
      { councilId: p.north!.id, trainerSessionsPerWeek: 1.5, floorwalkerShiftsPerWeek: 1 },
      { councilId: p.north!.id, trainerSessionsPerWeek: '4', floorwalkerShiftsPerWeek: 1 },
      { councilId: p.north!.id, trainerSessionsPerWeek: 1 },
      { councilId: 99999, trainerSessionsPerWeek: 1, floorwalkerShiftsPerWeek: 1 },
      { councilId: p.north!.id, trainerSessionsPerWeek: 1, floorwalkerShiftsPerWeek: 1, extra: true },
    ]) {
      const res = await ctx.call('POST', '/api/capacities', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    expect((await ctx.call('POST', '/api/capacities', { councilId: p.north!.id, trainerSessionsPerWeek: 1, floorwalkerShiftsPerWeek: 1 }, { as: sponsor })).status).toBe(403);
    expect((await ctx.call('POST', '/api/capacities', { councilId: p.north!.id, trainerSessionsPerWeek: 1, floorwalkerShiftsPerWeek: 1 }, { as: lead })).status).toBe(403);
    expect((await ctx.call('POST', '/api/support-needs', { featureId: p.book!.id, trainerSessions: Number.NaN, floorwalkerShifts: 1 })).status).toBe(400);
    expect(tableCounts(ctx.db)).toEqual(before);
    expect((await ctx.call('POST', '/api/capacities', { councilId: p.north!.id, trainerSessionsPerWeek: 1, floorwalkerShiftsPerWeek: 1 })).status).toBe(201);
    const twice = await ctx.call('POST', '/api/capacities', { councilId: p.north!.id, trainerSessionsPerWeek: 2, floorwalkerShiftsPerWeek: 2 });
    expect(twice.status).toBe(409);
    expect(twice.body.details).toEqual([{ field: 'councilId', message: 'already has a capacity' }]);
  });
});

describe('dependency cycles', () => {
  it('refuses a feature prerequisite back the other way with 400 naming the cycle, and stores nothing', async () => {
    expect((await ctx.call('POST', '/api/dependencies', { kind: 'feature', beforeFeatureId: p.approve!.id, afterFeatureId: p.book!.id })).status).toBe(201);
    const before = tableCounts(ctx.db);
    const res = await ctx.call('POST', '/api/dependencies', { kind: 'feature', beforeFeatureId: p.book!.id, afterFeatureId: p.approve!.id, lagWorkingDays: 1 });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('The dependency would close a cycle: "Approve leave" would wait for "Book annual leave", which waits for "Approve leave".');
    expect(res.body.details).toEqual([{ field: 'afterFeatureId', message: 'closes a cycle: "Approve leave" would wait for "Book annual leave", which waits for "Approve leave"' }]);
    expect(tableCounts(ctx.db)).toEqual(before);
    expect((await ctx.call('GET', '/api/dependencies')).body.page.total).toBe(1);
  });

  it('finds a cycle that mixes a feature prerequisite in one council with item links across councils', async () => {
    await ctx.call('POST', '/api/dependencies', { kind: 'feature', beforeFeatureId: p.approve!.id, afterFeatureId: p.book!.id });
    expect((await ctx.call('POST', '/api/dependencies', { kind: 'item', beforeItemId: p.northBook!.id, afterItemId: p.glenApprove!.id })).status).toBe(201);
    const before = tableCounts(ctx.db);
    const res = await ctx.call('POST', '/api/dependencies', { kind: 'item', beforeItemId: p.glenApprove!.id, afterItemId: p.northApprove!.id, lagWorkingDays: 0 });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('The dependency would close a cycle: Approve leave at Northmoor County Council would wait for Approve leave at Glenbrae Council, '
      + 'which waits for Book annual leave at Northmoor County Council, which waits for Approve leave at Northmoor County Council.');
    expect(res.body.details[0].field).toBe('afterItemId');
    expect(tableCounts(ctx.db)).toEqual(before);
    // The same link the other way round closes nothing; a second path to the same item (a diamond) is no cycle either.
    expect((await ctx.call('POST', '/api/dependencies', { kind: 'item', beforeItemId: p.northApprove!.id, afterItemId: p.glenApprove!.id })).status).toBe(201);
    expect((await ctx.call('POST', '/api/dependencies', { kind: 'item', beforeItemId: p.northApprove!.id, afterItemId: p.glenBook!.id })).status).toBe(201);
    expect((await ctx.call('POST', '/api/dependencies', { kind: 'item', beforeItemId: p.glenApprove!.id, afterItemId: p.glenBook!.id })).status).toBe(201);
  });

  it('a feature prerequisite that an item link already contradicts in one council is refused, naming that council’s items', async () => {
    await ctx.call('POST', '/api/dependencies', { kind: 'item', beforeItemId: p.glenBook!.id, afterItemId: p.glenApprove!.id });
    const res = await ctx.call('POST', '/api/dependencies', { kind: 'feature', beforeFeatureId: p.approve!.id, afterFeatureId: p.book!.id });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('The dependency would close a cycle: Book annual leave at Glenbrae Council would wait for Approve leave at Glenbrae Council, which waits for Book annual leave at Glenbrae Council.');
    // A milestone waits for nothing: it closes no cycle.
    const release = (await ctx.call('POST', '/api/milestones', { name: 'HR system release 27.1', kind: 'hr_release', onDay: '2027-01-08' })).body;
    expect((await ctx.call('POST', '/api/dependencies', { kind: 'milestone', milestoneId: release.id, afterItemId: p.glenBook!.id })).status).toBe(201);
  });
});

describe('what-if before a plan change', () => {
  beforeEach(async () => {
    expect((await ctx.call('POST', '/api/baselines', { name: 'Plan v1', approvedBy: 'Programme board' })).status).toBe(201);
    await ctx.call('POST', '/api/engagement/activities', {
      waveId: p.w3!.id, councilIds: [p.north!.id], title: 'Leave factsheet', channel: 'factsheet', audience: 'employees', dateMode: 'relative', offsetDays: -14, owner: 'Comms team',
    });
    await ctx.call('POST', '/api/blackouts', { name: 'Payroll cut-off', kind: 'payroll_cutoff', startsOn: '2026-11-20', endsOn: '2026-11-25', repeatsMonthly: true });
    await ctx.call('POST', '/api/dependencies', { kind: 'item', beforeItemId: p.northBook!.id, afterItemId: p.glenBook!.id });
  });

  const moveW3 = async (preview: boolean, plannedGoLive = '2027-02-01') => {
    const etag = (await ctx.call('GET', `/api/waves/${p.w3!.id}`)).res.headers.etag as string;
    return ctx.call('POST', `/api/plan-changes/waves/${p.w3!.id}?preview=${preview}`, { plannedGoLive, ...REASON }, { headers: { 'if-match': etag } });
  };

  it('moving W3 three weeks: late items and by how much, the broken dependency, the clash, the activity and gate review that move; nothing stored', async () => {
    const before = tableCounts(ctx.db);
    const res = await moveW3(true);
    expect(res.status).toBe(200);
    const impact = res.body;
    expect(impact).toMatchObject({ applied: false, today: '2026-11-23', itemsMoved: 2, refused: null });
    expect(impact.lateItems.map((i: { label: string; baselineGoLive: string; after: string; lateByDays: number; wasLateByDays: number }) => [i.label, i.baselineGoLive, i.after, i.lateByDays, i.wasLateByDays])).toEqual([
      ['Approve leave at Northmoor County Council', '2027-01-11', '2027-02-01', 21, 0],
      ['Book annual leave at Northmoor County Council', '2027-01-11', '2027-02-01', 21, 0],
    ]);
    // Glenbrae's leave booking (8 February) still follows Northmoor's (now 1 February).
    expect(impact.dependenciesBroken).toEqual([]);
    expect(impact.activitiesMoved).toEqual([{ id: expect.any(Number), label: 'Leave factsheet (W3)', before: '2026-12-24', after: '2027-01-18', holiday: null, inPast: false }]);
    expect(impact.gateReviewsMoved).toEqual([{ id: p.w3!.id, label: 'W3 gate review', before: '2027-01-04', after: '2027-01-25', holiday: null, inPast: false }]);
    expect(impact.clashes).toEqual([{ what: 'gate_review', id: p.w3!.id, label: 'W3 gate review', day: '2027-01-25', reason: 'blackout: Payroll cut-off' }]);
    expect(tableCounts(ctx.db)).toEqual(before);
    expect((await ctx.call('GET', `/api/waves/${p.w3!.id}`)).body.plannedGoLive).toBe('2027-01-11');
  });

  it('reports a dependency the move breaks, and what the "refuse" rule would say', async () => {
    await ctx.call('PATCH', '/api/settings', { dependencyRule: 'refuse' });
    const impact = (await moveW3(true, '2027-02-15')).body;
    expect(impact.dependenciesBroken).toHaveLength(1);
    expect(impact.dependenciesBroken[0]).toMatchObject({ afterItemId: p.glenBook!.id, beforeItemId: p.northBook!.id, earliestAllowed: '2027-02-15', shortBy: 5 });
    expect(impact.refused).toMatch(/^The change breaks 1 dependency and the programme refuses such changes: Book annual leave at Glenbrae Council \(8 February 2027\)/);
    const applied = await moveW3(false, '2027-02-15');
    expect(applied.status).toBe(409);
    expect((await ctx.call('GET', `/api/waves/${p.w3!.id}`)).body.plannedGoLive).toBe('2027-01-11');
  });

  it('applying after the preview gives exactly the previewed result', async () => {
    const preview = (await moveW3(true)).body;
    const applied = await moveW3(false);
    expect(applied.status).toBe(200);
    expect(applied.body).toEqual({ ...preview, applied: true });
    // And the plan now reads as the preview said it would.
    for (const late of preview.lateItems) expect(await planned(late.itemId)).toBe(late.after);
    const activities = (await ctx.call('GET', `/api/engagement/activities?waveId=${p.w3!.id}`)).body.data;
    expect(activities.map((a: { date: string }) => a.date)).toEqual(preview.activitiesMoved.map((a: { after: string }) => a.after));
    const t = await timeline();
    expect(t.waves.find((w: { id: number }) => w.id === p.w3!.id).gateReview).toBe(preview.gateReviewsMoved[0].after);
    // The move went through the wave service: audited with its reason, like a PATCH.
    const audit = (await ctx.call('GET', `/api/audit?entity=wave&entityId=${p.w3!.id}&limit=1`)).body.data[0];
    expect(audit).toMatchObject({ action: 'update', after: { plannedGoLive: '2027-02-01' } });
  });

  it('a preview read over the moved wave’s items and their neighbours reports exactly what one over the whole plan does', async () => {
    await ctx.call('POST', '/api/dependencies', { kind: 'feature', beforeFeatureId: p.approve!.id, afterFeatureId: p.book!.id });
    await ctx.call('PATCH', `/api/items/${p.northApprove!.id}`, { waveId: p.w4!.id, ...REASON });
    const waves = createWaveService(ctx.db, ctx.app.clock);
    const actor = systemActor('Test');
    for (const [wave, day] of [[p.w3!, '2027-02-15'], [p.w4!, '2027-01-04'], [p.w3!, '2026-12-25']] as const) {
      const move = () => waves.update(wave.id, { plannedGoLive: day, ...REASON } as never, { actor });
      const scoped = ctx.app.services.planChangeImpact(move, true, (state) => ({ itemIds: state.itemIdsOfWaves([wave.id]), waveIds: [wave.id] })).impact;
      const whole = ctx.app.services.planChangeImpact(move, true).impact;
      expect(scoped).toEqual(whole);
      expect(scoped.itemsMoved + scoped.dependenciesBroken.length + scoped.dependenciesMended.length).toBeGreaterThan(0);
    }
  });

  it('a change that touches the plan outside the scope it was expected to keep to is reported over the whole plan', async () => {
    const items = createItemService(ctx.db, ctx.app.clock);
    const actor = systemActor('Test');
    // Told to expect only Glenbrae's leave booking, the change moves Northmoor's: the report still names it.
    const impact = ctx.app.services.planChangeImpact(() => items.update(p.northBook!.id, { plannedDateOverride: '2027-03-01', ...REASON } as never, { actor }), true,
      () => ({ itemIds: [p.glenBook!.id], waveIds: [] })).impact;
    expect(impact.itemsMoved).toBe(1);
    expect(impact.lateItems.map((i) => i.itemId)).toEqual([p.northBook!.id]);
    expect(impact.dependenciesBroken.map((c) => c.afterItemId)).toEqual([p.glenBook!.id]);
    expect(await planned(p.northBook!.id)).toBe('2027-01-11');
  });

  it('previews a new dependency and a changed lag: what they break, nothing stored; applying gives the preview', async () => {
    await ctx.call('PATCH', '/api/settings', { dependencyRule: 'refuse' });
    const before = tableCounts(ctx.db);
    // Northmoor's leave booking (11 January) made to wait for Glenbrae's (8 February): broken from the start.
    const body = { kind: 'item', beforeItemId: p.glenBook!.id, afterItemId: p.northApprove!.id, lagWorkingDays: 1 };
    const preview = await ctx.call('POST', '/api/plan-changes/dependencies?preview=true', body);
    expect(preview.status).toBe(200);
    expect(preview.body.dependenciesBroken.map((c: { afterItemId: number; earliestAllowed: string }) => [c.afterItemId, c.earliestAllowed])).toEqual([[p.northApprove!.id, '2027-02-09']]);
    // Recording a dependency is not a plan move: the refuse rule does not stop it.
    expect(preview.body.refused).toBeNull();
    expect(tableCounts(ctx.db)).toEqual(before);
    const applied = await ctx.call('POST', '/api/plan-changes/dependencies?preview=false', body);
    expect(applied.body).toEqual({ ...preview.body, applied: true });
    expect((await ctx.call('GET', '/api/dependencies')).body.page.total).toBe(2);
    // A cycle is refused by the preview as by the change: Glenbrae's booking waits for Northmoor's booking, which waits for its approval.
    const cycle = await ctx.call('POST', '/api/plan-changes/dependencies?preview=true', { kind: 'item', beforeItemId: p.northApprove!.id, afterItemId: p.northBook!.id });
    expect(cycle.status).toBe(400);
    expect(cycle.body.message).toMatch(/^The dependency would close a cycle: Book annual leave at Northmoor County Council would wait for Approve leave at Northmoor County Council/);

    // The link from beforeEach (Glenbrae's booking after Northmoor's) given a lag of 25 working days: broken by it.
    const link = (await ctx.call('GET', '/api/dependencies')).body.data.find((d: { beforeItemId: number | null }) => d.beforeItemId === p.northBook!.id);
    const lag = await ctx.app.inject({ method: 'POST', url: `/api/plan-changes/dependencies/${link.id}?preview=true`, payload: { lagWorkingDays: 25 }, headers: { cookie: ctx.office.cookie!, 'x-csrf-token': ctx.office.csrf! } });
    expect(lag.statusCode).toBe(200);
    expect(JSON.parse(lag.body).dependenciesBroken.map((c: { afterItemId: number; shortBy: number }) => [c.afterItemId, c.shortBy])).toEqual([[p.glenBook!.id, 5]]);
    const noVersion = await ctx.app.inject({ method: 'POST', url: `/api/plan-changes/dependencies/${link.id}?preview=false`, payload: { lagWorkingDays: 25 }, headers: { cookie: ctx.office.cookie!, 'x-csrf-token': ctx.office.csrf! } });
    expect(noVersion.statusCode).toBe(428);
    expect((await ctx.call('POST', `/api/plan-changes/dependencies/${link.id}?preview=false`, { lagWorkingDays: 25 }, { headers: { 'if-match': '"7"' } })).status).toBe(412);
    expect((await ctx.call('GET', `/api/dependencies/${link.id}`)).body.lagWorkingDays).toBe(0);
    const sponsor = await ctx.userAs('sponsor');
    expect((await ctx.call('POST', '/api/plan-changes/dependencies?preview=true', body, { as: sponsor })).status).toBe(403);
  });

  it('previews an item move, refuses a stale version, and keeps a lead to their own council', async () => {
    const lead = await ctx.userAs('lead', [p.glen!.id]);
    const etag = (await ctx.call('GET', `/api/items/${p.glenBook!.id}`)).res.headers.etag as string;
    const url = `/api/plan-changes/items/${p.glenBook!.id}?preview=true`;
    const ok = await ctx.call('POST', url, { plannedDateOverride: '2027-01-05', ...REASON }, { headers: { 'if-match': etag } });
    expect(ok.status).toBe(200);
    expect(ok.body.dependenciesBroken).toHaveLength(1);
    expect(ok.body.dependenciesBroken[0].description).toBe('Book annual leave at Glenbrae Council (5 January 2027) must not go live before Book annual leave at Northmoor County Council (11 January 2027): earliest allowed 11 January 2027.');
    expect(ok.body.lateItems).toEqual([]);
    expect(await planned(p.glenBook!.id)).toBe('2027-02-08');
    const stale = await ctx.call('POST', url, { plannedDateOverride: '2027-01-05', ...REASON }, { headers: { 'if-match': '"999"' } });
    expect(stale.status).toBe(412);
    const other = await ctx.call('POST', `/api/plan-changes/items/${p.northBook!.id}?preview=true`, { plannedDateOverride: '2027-01-05', ...REASON },
      { as: lead, headers: { 'if-match': (await ctx.call('GET', `/api/items/${p.northBook!.id}`)).res.headers.etag as string } });
    expect(other.status).toBe(403);
  });
});
