import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeTestApp, createTestApp, seedSmallPlan, type Agent, type TestContext } from './helpers.ts';

/** The RAID log, actions with owners and the programme status: every rule, through the API (docs/raid.md). */
let ctx: TestContext;
let plan: Awaited<ReturnType<typeof seedSmallPlan>>;
let lead: Agent & { id: number };
let otherLead: Agent & { id: number };
let sponsor: Agent & { id: number };
let northItem: any;
let westItem: any;

const count = (table: string) => (ctx.db.$client.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
const risk = (overrides: Record<string, unknown> = {}) => ({
  type: 'risk', scope: 'council', councilId: plan.north.id, title: 'Payroll cut-off clashes with the W2 go-live',
  description: 'Cut-off is the 18th; go-live on the 20th leaves no room for a rerun.', ownerName: 'Payroll manager, Northmoor',
  dueDate: '2026-12-15', likelihood: 4, impact: 4, proximity: 'within_month', trend: 'rising', response: 'reduce', ...overrides,
});

beforeAll(async () => {
  ctx = await createTestApp();
  plan = await seedSmallPlan(ctx);
  lead = await ctx.userAs('lead', [plan.north.id]);
  otherLead = await ctx.userAs('lead', [plan.west.id]);
  sponsor = await ctx.userAs('sponsor');
  northItem = (await ctx.call('POST', '/api/items', { councilId: plan.north.id, featureId: plan.payslip.id, waveId: plan.w2.id })).body;
  westItem = (await ctx.call('POST', '/api/items', { councilId: plan.west.id, featureId: plan.payslip.id, waveId: plan.w2.id })).body;
});
afterAll(async () => closeTestApp(ctx));

describe('RAID entries', () => {
  it('records a risk with its score, owner and history', async () => {
    const res = await ctx.call('POST', '/api/raid/entries', risk(), { as: lead });
    expect(res.status).toBe(201);
    expect(res.res.headers.etag).toMatch(/^"1[-"]/);
    expect(res.body).toMatchObject({
      type: 'risk', scope: 'council', councilId: plan.north.id, about: 'Northmoor County Council', score: 16, status: 'open',
      owner: { userId: null, name: 'Payroll manager, Northmoor', external: true }, raisedOn: '2026-11-23', closedOn: null, shareable: false, overdue: false,
    });
    const changed = await ctx.call('PATCH', `/api/raid/entries/${res.body.id}`, { likelihood: 2, trend: 'falling', ownerUserId: lead.id }, { as: lead });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ score: 8, trend: 'falling', owner: { userId: lead.id, external: false }, version: 2 });
    const closed = await ctx.call('PATCH', `/api/raid/entries/${res.body.id}`, { status: 'closed' }, { as: lead });
    expect(closed.body).toMatchObject({ status: 'closed', closedOn: '2026-11-23' });
    const history = (await ctx.call('GET', `/api/raid/entries/${res.body.id}/history`, undefined, { as: sponsor })).body;
    expect(history.page.total).toBe(3);
    expect(history.data.map((h: any) => h.action)).toEqual(['update', 'update', 'create']);
    expect(history.data[1]).toMatchObject({ before: { likelihood: 4, score: 16, trend: 'rising' }, after: { likelihood: 2, score: 8, trend: 'falling' } });
  });

  it('refuses an incomplete entry field by field and records nothing', async () => {
    const before = [count('raid_entries'), count('audit_log')];
    const res = await ctx.call('POST', '/api/raid/entries', {
      type: 'risk', scope: 'item', councilId: plan.north.id, title: 'Half a risk', dueDate: '2026-12-01', likelihood: 3, validateBy: '2026-12-01', ownerName: 'Someone', ownerUserId: lead.id,
    });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([
      { field: 'councilId', message: 'a item entry names no council' },
      { field: 'itemId', message: 'a item entry names its item' },
      { field: 'impact', message: 'a risk needs likelihood and impact (1–5), proximity and response' },
      { field: 'proximity', message: 'a risk needs likelihood and impact (1–5), proximity and response' },
      { field: 'response', message: 'a risk needs likelihood and impact (1–5), proximity and response' },
      { field: 'validateBy', message: 'only assumptions have a validate-by date' },
      { field: 'ownerName', message: 'give either ownerUserId (a user) or ownerName (an external contact), not both' },
    ]);
    const scale = await ctx.call('POST', '/api/raid/entries', risk({ likelihood: 6 }));
    expect(scale.status).toBe(400);
    expect(scale.body.details[0].field).toBe('likelihood');
    const noOwner = await ctx.call('POST', '/api/raid/entries', { type: 'issue', scope: 'programme', title: 'No owner', dueDate: '2026-12-01' });
    expect(noOwner.body.details).toEqual([{ field: 'ownerUserId', message: 'every entry and action has an owner: give ownerUserId (a user) or ownerName (an external contact)' }]);
    const assumption = await ctx.call('POST', '/api/raid/entries', { type: 'assumption', scope: 'programme', title: 'Unions agree', dueDate: '2026-12-01', ownerName: 'HR director' });
    expect(assumption.body.details).toEqual([{ field: 'validateBy', message: 'an assumption names the day by which it is validated' }]);
    expect([count('raid_entries'), count('audit_log')]).toEqual(before);
  });

  it("lets a lead manage their own council's entries only, checking the council in the body and on the record", async () => {
    const other = await ctx.call('POST', '/api/raid/entries', risk({ councilId: plan.west.id }), { as: lead });
    expect(other.status).toBe(403);
    expect(other.body.message).toBe('You can only manage RAID entries of the council(s) you lead; this one belongs to Westvale District Council.');
    const viaItem = await ctx.call('POST', '/api/raid/entries', { type: 'issue', scope: 'item', itemId: westItem.id, title: 'Not mine', dueDate: '2026-12-01', ownerName: 'X' }, { as: lead });
    expect(viaItem.status).toBe(403);
    const programme = await ctx.call('POST', '/api/raid/entries', { type: 'issue', scope: 'programme', title: 'Programme-wide', dueDate: '2026-12-01', ownerName: 'X' }, { as: lead });
    expect(programme.status).toBe(403);
    expect(programme.body.message).toMatch(/Only the programme office keeps programme-, wave- and feature-level entries/);
    const shareable = await ctx.call('POST', '/api/raid/entries', risk({ shareable: true }), { as: lead });
    expect(shareable.status).toBe(403);

    const mine = (await ctx.call('POST', '/api/raid/entries', risk(), { as: lead })).body;
    const byOther = await ctx.call('PATCH', `/api/raid/entries/${mine.id}`, { title: 'Taken over' }, { as: otherLead });
    expect(byOther.status).toBe(403);
    expect((await ctx.call('PATCH', `/api/raid/entries/${mine.id}`, { title: 'Read-only' }, { as: sponsor })).status).toBe(403);
    expect((await ctx.call('PATCH', `/api/raid/entries/${mine.id}`, { shareable: true }, { as: lead })).status).toBe(403);
    expect((await ctx.call('PATCH', `/api/raid/entries/${mine.id}`, { shareable: true })).body.shareable).toBe(true);
    expect((await ctx.call('GET', `/api/raid/entries/${mine.id}`)).body).toMatchObject({ title: mine.title, shareable: true, version: 2 });
    // Sponsors read the log, with its text.
    const read = await ctx.call('GET', `/api/raid/entries?councilId=${plan.north.id}&status=open`, undefined, { as: sponsor });
    expect(read.status).toBe(200);
    expect(read.body.data.map((e: any) => e.description)).toContain(mine.description);
  });

  it('needs If-Match to change an entry and refuses a stale one with the current state', async () => {
    const entry = (await ctx.call('POST', '/api/raid/entries', risk())).body;
    expect((await ctx.call('PATCH', `/api/raid/entries/${entry.id}`, { title: 'New' }, { ifMatch: null })).status).toBe(428);
    await ctx.call('PATCH', `/api/raid/entries/${entry.id}`, { title: 'Newer' });
    const stale = await ctx.call('PATCH', `/api/raid/entries/${entry.id}`, { title: 'Stale' }, { ifMatch: '"1"' });
    expect(stale.status).toBe(412);
    expect(stale.body.current).toMatchObject({ title: 'Newer', version: 2 });
  });
});

describe('owners', () => {
  it('offers the office and leads as owners; a lead sees the office and their own councils\' leads, never sponsors or e-mails', async () => {
    const all = await ctx.call('GET', '/api/raid/owners');
    expect(all.status).toBe(200);
    const ids = all.body.map((o: any) => o.id);
    expect(ids).toEqual(expect.arrayContaining([lead.id, otherLead.id]));
    expect(ids).not.toContain(sponsor.id);
    expect(all.body.find((o: any) => o.id === lead.id)).toEqual({ id: lead.id, name: expect.any(String), role: 'lead', councilIds: [plan.north.id] });
    expect(JSON.stringify(all.body)).not.toContain('@');
    const mine = await ctx.call('GET', '/api/raid/owners', undefined, { as: lead });
    const mineIds = mine.body.map((o: any) => o.id);
    expect(mineIds).toContain(lead.id);
    expect(mineIds).not.toContain(otherLead.id);
    expect(mine.body.some((o: any) => o.role === 'office')).toBe(true);
    expect((await ctx.call('GET', '/api/raid/owners', undefined, { as: sponsor })).status).toBe(403);
  });
});

describe('actions', () => {
  it('links an action to an entry and takes its council and item from it', async () => {
    const issue = (await ctx.call('POST', '/api/raid/entries', { type: 'issue', scope: 'item', itemId: northItem.id, title: 'Severity-1 defect on payslip PDF', dueDate: '2026-12-01', ownerUserId: lead.id }, { as: lead })).body;
    expect(issue).toMatchObject({ councilId: plan.north.id, about: 'Northmoor County Council: View payslip' });
    const res = await ctx.call('POST', '/api/raid/actions', { title: 'Supplier to patch the PDF renderer', raidEntryId: issue.id, ownerName: 'Supplier service desk', dueDate: '2026-11-30' }, { as: lead });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ councilId: plan.north.id, itemId: northItem.id, raidEntryId: issue.id, status: 'open', owner: { name: 'Supplier service desk', external: true } });
    expect((await ctx.call('GET', `/api/raid/entries/${issue.id}`)).body.openActions).toBe(1);
    const done = await ctx.call('PATCH', `/api/raid/actions/${res.body.id}`, { status: 'done' }, { as: lead });
    expect(done.body).toMatchObject({ status: 'done', closedOn: '2026-11-23', version: 2 });
    const reopened = await ctx.call('PATCH', `/api/raid/actions/${res.body.id}`, { status: 'open' }, { as: lead });
    expect(reopened.body).toMatchObject({ status: 'open', closedOn: null });
  });

  it("refuses actions on another council's item, mixed councils and programme-level actions from a lead", async () => {
    const before = count('raid_actions');
    const other = await ctx.call('POST', '/api/raid/actions', { title: 'Not mine', itemId: westItem.id, ownerName: 'X', dueDate: '2026-12-01' }, { as: lead });
    expect(other.status).toBe(403);
    const entry = (await ctx.call('POST', '/api/raid/entries', risk())).body;
    const mixed = await ctx.call('POST', '/api/raid/actions', { title: 'Mixed', itemId: westItem.id, raidEntryId: entry.id, ownerName: 'X', dueDate: '2026-12-01' });
    expect(mixed.status).toBe(400);
    expect(mixed.body.details).toEqual([{ field: 'raidEntryId', message: 'everything an action is linked to belongs to one council' }]);
    const programme = await ctx.call('POST', '/api/raid/actions', { title: 'Programme', ownerName: 'X', dueDate: '2026-12-01' }, { as: lead });
    expect(programme.status).toBe(403);
    const missing = await ctx.call('POST', '/api/raid/actions', { title: 'Nowhere', itemId: 99_999, ownerUserId: 99_998, dueDate: '2026-12-01' });
    expect(missing.status).toBe(400);
    expect(missing.body.details).toEqual([
      { field: 'itemId', message: 'there is no rollout item 99999' },
      { field: 'ownerUserId', message: 'there is no active user 99998' },
    ]);
    expect(count('raid_actions')).toBe(before);
    const action = (await ctx.call('POST', '/api/raid/actions', { title: 'Mine', itemId: northItem.id, ownerName: 'X', dueDate: '2026-12-01' }, { as: lead })).body;
    expect((await ctx.call('PATCH', `/api/raid/actions/${action.id}`, { status: 'done' }, { as: otherLead })).status).toBe(403);
    expect((await ctx.call('PATCH', `/api/raid/actions/${action.id}`, { status: 'done' }, { as: sponsor })).status).toBe(403);
  });

  it('lists overdue actions by owner in the summary', async () => {
    await ctx.call('POST', '/api/raid/actions', { title: 'Chase the supplier', itemId: northItem.id, ownerUserId: lead.id, dueDate: '2026-11-01' }, { as: lead });
    const summary = (await ctx.call('GET', `/api/raid/summary?councilId=${plan.north.id}`, undefined, { as: sponsor })).body;
    const mine = summary.overdueByOwner.find((o: any) => o.userId === lead.id);
    expect(mine).toMatchObject({ owner: expect.stringMatching(/^Test lead/), count: 1, actions: [{ title: 'Chase the supplier', overdue: true, dueDate: '2026-11-01' }] });
    expect(summary.counts.overdueActions).toBeGreaterThanOrEqual(1);
  });
});

describe('flagged until done', () => {
  it('shows open entries and actions on the items API until they are closed and done', async () => {
    const item = (await ctx.call('POST', '/api/items', { councilId: plan.west.id, featureId: plan.approve.id, waveId: plan.w2.id })).body;
    expect(item).toMatchObject({ openRaidEntries: 0, openActions: 0, openConditions: 0, flagged: false });
    const issue = (await ctx.call('POST', '/api/raid/entries', { type: 'issue', scope: 'item', itemId: item.id, title: 'Approvals menu missing for agency managers', dueDate: '2026-12-10', ownerUserId: otherLead.id }, { as: otherLead })).body;
    const action = (await ctx.call('POST', '/api/raid/actions', { raidEntryId: issue.id, title: 'Raise the menu defect with the supplier', dueDate: '2026-12-03', ownerName: 'Supplier service desk' }, { as: otherLead })).body;
    const flagged = await ctx.call('GET', `/api/items/${item.id}`, undefined, { as: sponsor });
    expect(flagged.body).toMatchObject({ openRaidEntries: 1, openActions: 1, openConditions: 0, flagged: true });
    const listed = (await ctx.call('GET', `/api/items?councilId=${plan.west.id}&featureId=${plan.approve.id}`)).body.data;
    expect(listed).toEqual([expect.objectContaining({ id: item.id, flagged: true, openActions: 1 })]);
    // Another council's lead cannot clear the flag: refused, and the item is still flagged.
    expect((await ctx.call('PATCH', `/api/raid/actions/${action.id}`, { status: 'done' }, { as: lead })).status).toBe(403);
    expect((await ctx.call('GET', `/api/items/${item.id}`)).body.flagged).toBe(true);
    await ctx.call('PATCH', `/api/raid/actions/${action.id}`, { status: 'done' }, { as: otherLead });
    expect((await ctx.call('GET', `/api/items/${item.id}`)).body).toMatchObject({ openRaidEntries: 1, openActions: 0, flagged: true });
    await ctx.call('PATCH', `/api/raid/entries/${issue.id}`, { status: 'closed' }, { as: otherLead });
    const clear = await ctx.call('GET', `/api/items/${item.id}`);
    expect(clear.body).toMatchObject({ openRaidEntries: 0, openActions: 0, flagged: false });
    // The counts are derived: the item's own version has not moved, its ETag has.
    expect(clear.body.version).toBe(item.version);
    expect(clear.res.headers.etag).not.toBe(flagged.res.headers.etag);
  });
});

describe('heat map, top risks and share links', () => {
  it('counts open risks in a 5×5 grid and hides internal text from share links', async () => {
    const fresh = await createTestApp();
    try {
      const p = await seedSmallPlan(fresh);
      const make = (body: Record<string, unknown>) => fresh.call('POST', '/api/raid/entries', {
        type: 'risk', scope: 'council', councilId: p.north.id, ownerName: 'Owner', dueDate: '2026-12-31', proximity: 'later', response: 'accept', ...body,
      });
      await make({ title: 'Secret supplier insolvency', likelihood: 5, impact: 5 });
      await make({ title: 'Shareable: payroll cut-off', likelihood: 4, impact: 3, shareable: true });
      await make({ title: 'Low', likelihood: 1, impact: 2 });
      const closed = (await make({ title: 'Closed', likelihood: 5, impact: 5 })).body;
      await fresh.call('PATCH', `/api/raid/entries/${closed.id}`, { status: 'closed' });
      const summary = (await fresh.call('GET', '/api/raid/summary')).body;
      expect(summary.heatMap.total).toBe(3);
      expect(summary.heatMap.cells[4][4]).toBe(1);
      expect(summary.heatMap.cells[3][2]).toBe(1);
      expect(summary.heatMap.cells[0][1]).toBe(1);
      expect(summary.topRisks.map((r: any) => [r.title, r.score])).toEqual([['Secret supplier insolvency', 25], ['Shareable: payroll cut-off', 12], ['Low', 2]]);
      expect(summary.escalations).toEqual([expect.objectContaining({ title: 'Secret supplier insolvency', reason: 'Scores 25 (5 × 5), at or above 15' })]);

      const link = (await fresh.call('POST', '/api/share-links', { label: 'Board' })).body.token;
      const shared = await fresh.call('GET', '/api/raid/summary', undefined, { as: null, headers: { 'x-share-token': link } });
      expect(shared.status).toBe(200);
      expect(shared.body.heatMap).toEqual(summary.heatMap);
      expect(shared.body.topRisks.map((r: any) => r.title)).toEqual(['Risk: Northmoor County Council', 'Shareable: payroll cut-off', 'Risk: Northmoor County Council']);
      expect(shared.res.body).not.toContain('Secret supplier');
      expect((await fresh.call('GET', '/api/raid/entries', undefined, { as: null, headers: { 'x-share-token': link } })).status).toBe(401);
    } finally {
      await closeTestApp(fresh);
    }
  });
});

describe('CSV export', () => {
  it('exports the RAID log with owners, scores and open actions, open first', async () => {
    const res = await ctx.call('GET', '/api/exports/raid-log.csv', undefined, { as: sponsor });
    expect(res.status).toBe(200);
    const lines = String(res.body).replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines[0]).toBe('id,type,scope,about,title,description,owner,owner_is_user,due_date,status,likelihood,impact,score,proximity,trend,response,validate_by,raised_on,closed_on,open_actions,shareable');
    expect(lines.some((l) => l.includes('Payroll cut-off clashes with the W2 go-live') && l.includes(',open,4,4,16,within_month,rising,reduce,'))).toBe(true);
    expect(lines.at(-1)).toContain(',closed,');
  });
});

describe('programme status', () => {
  it('keeps one status per period as history and refuses changes once its board report is issued', async () => {
    const res = await ctx.call('POST', '/api/programme-status', {
      period: '2026-10', status: 'at_risk', commentary: 'Eastbridge slipped leave a wave.', decisionsNeeded: 'Agree the W2 date.',
      councils: [{ councilId: plan.north.id, status: 'on_track', commentary: 'Payslips live.' }, { councilId: plan.west.id, status: 'off_track', commentary: 'Defects.' }],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ period: '2026-10', status: 'at_risk', locked: false, councils: [{ councilName: 'Northmoor County Council', status: 'on_track' }, { councilName: 'Westvale District Council', status: 'off_track' }] });
    expect((await ctx.call('POST', '/api/programme-status', { period: '2026-10', status: 'on_track' })).status).toBe(409);
    const bad = await ctx.call('POST', '/api/programme-status', { period: '2026-09', status: 'on_track', councils: [{ councilId: 4242, status: 'on_track', commentary: '' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([{ field: 'councils/0/councilId', message: 'there is no council 4242' }]);
    expect((await ctx.call('POST', '/api/programme-status', { period: '2026-11', status: 'on_track' }, { as: lead })).status).toBe(403);

    const edited = await ctx.call('PATCH', `/api/programme-status/${res.body.id}`, { commentary: 'Eastbridge slipped leave and sickness a wave.' });
    expect(edited.body).toMatchObject({ version: 2, commentary: 'Eastbridge slipped leave and sickness a wave.' });

    // The October report is issued: October's status is frozen.
    expect((await ctx.call('POST', '/api/reports/board/issued', { from: '2026-09-30', to: '2026-10-31' })).status).toBe(201);
    const refused = await ctx.call('PATCH', `/api/programme-status/${res.body.id}`, { status: 'off_track' });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/cannot change: the board report .* has been issued/);
    expect((await ctx.call('GET', `/api/programme-status/${res.body.id}`)).body).toMatchObject({ status: 'at_risk', locked: true, version: 2 });
    const history = (await ctx.call('GET', '/api/programme-status', undefined, { as: sponsor })).body;
    expect(history.data.map((s: any) => s.period)).toEqual(['2026-10']);
  });
});

describe('gates: go with conditions', () => {
  it('turns each condition of a go on an amber item into an action, and flags the item until they are done', async () => {
    const fresh = await createTestApp();
    try {
      const p = await seedSmallPlan(fresh);
      const item = (await fresh.call('POST', '/api/items', { councilId: p.north.id, featureId: p.payslip.id, waveId: p.w2.id })).body;
      const trained = (await fresh.call('POST', '/api/criteria', { code: 'TRAINED', name: 'Staff trained', unit: 'percent', direction: 'higher', target: 85, amberThreshold: 70, scope: 'feature', phase: 'readiness' })).body;
      const comms = (await fresh.call('POST', '/api/criteria', { code: 'COMMS', name: 'Communications reach', unit: 'percent', direction: 'higher', target: 80, amberThreshold: 65, scope: 'feature', phase: 'readiness' })).body;
      await fresh.call('POST', '/api/readings/bulk', { readings: [
        { criterionId: trained.id, councilId: p.north.id, featureId: p.payslip.id, value: 90, readingDate: '2026-11-20' },
        { criterionId: comms.id, councilId: p.north.id, featureId: p.payslip.id, value: 70, readingDate: '2026-11-20' },
      ] });
      const gate = (await fresh.call('GET', `/api/items/${item.id}/gate`)).body;
      expect(gate.proposal.reasons[0]).toBe('Go with conditions:');
      const conditions = gate.proposal.reasons.slice(1);
      expect(conditions).toEqual([expect.stringMatching(/^Communications reach: 70%/)]);

      const decided = await fresh.call('POST', `/api/items/${item.id}/gate`, { decision: 'go', conditionOwnerName: 'Northmoor HR lead', conditionsDueDate: '2026-12-04' });
      expect(decided.status).toBe(201);
      expect(decided.body.conditionActionIds).toHaveLength(conditions.length);
      const actions = (await fresh.call('GET', `/api/raid/actions?itemId=${item.id}`)).body.data;
      expect(actions.map((a: any) => a.condition)).toEqual(conditions);
      expect(actions[0]).toMatchObject({ gateDecisionId: decided.body.id, councilId: p.north.id, dueDate: '2026-12-04', owner: { name: 'Northmoor HR lead', external: true }, status: 'open' });
      const audit = (await fresh.call('GET', '/api/audit?entity=raid_action')).body;
      expect(audit.page.total).toBe(conditions.length);

      // Stated conditions on an override; none allowed on a no-go, and a refused decision records nothing.
      const before = (await fresh.call('GET', '/api/raid/actions')).body.page.total;
      const noGo = await fresh.call('POST', `/api/items/${item.id}/gate`, { decision: 'no_go', conditions: ['Something'] });
      expect(noGo.status).toBe(400);
      expect(noGo.body.details).toEqual([{ field: 'conditions', message: 'a no-go has no conditions' }]);
      expect((await fresh.call('GET', '/api/raid/actions')).body.page.total).toBe(before);

      // Flagged while any condition is open (amber, and late: W2 was due on 31 March).
      const flagged = (await fresh.call('GET', `/api/raid/summary?councilId=${p.north.id}`)).body.whatWeAreDoing.find((i: any) => i.itemId === item.id);
      expect(flagged).toMatchObject({ late: true, openConditions: conditions.length });
    } finally {
      await closeTestApp(fresh);
    }
  });
});

describe('scenario: what we are doing about a red item, period by period', () => {
  it('shows a red item with its issue and two actions in the board report, and next period shows them done', async () => {
    const s = await createTestApp();
    try {
      s.setToday('2026-09-01');
      const p = await seedSmallPlan(s);
      const northLead = await s.userAs('lead', [p.north.id]);
      const item = (await s.call('POST', '/api/items', { councilId: p.north.id, featureId: p.payslip.id, waveId: p.w2.id })).body;
      const sev1 = (await s.call('POST', '/api/criteria', { code: 'SEV1', name: 'Open severity-1 defects', unit: 'count', direction: 'lower', target: 0, amberThreshold: 0, mandatory: true, scope: 'feature', phase: 'readiness' })).body;
      s.setToday('2026-10-20');
      await s.call('POST', '/api/readings', { criterionId: sev1.id, councilId: p.north.id, featureId: p.payslip.id, value: 2, readingDate: '2026-10-20' }, { as: northLead });

      // Nothing is being done yet, and the overview says so plainly.
      const before = (await s.call('GET', `/api/raid/summary?councilId=${p.north.id}`)).body.whatWeAreDoing.find((i: any) => i.itemId === item.id);
      expect(before).toMatchObject({ rag: 'red', actions: [], summary: 'No action recorded' });

      s.setToday('2026-10-22');
      const issue = (await s.call('POST', '/api/raid/entries', {
        type: 'issue', scope: 'item', itemId: item.id, title: 'Two severity-1 defects in the payslip PDF', dueDate: '2026-11-20', ownerUserId: northLead.id,
      }, { as: northLead })).body;
      const fix = (await s.call('POST', '/api/raid/actions', { title: 'Supplier patch for the PDF renderer', raidEntryId: issue.id, ownerName: 'Supplier service desk', dueDate: '2026-11-10' }, { as: northLead })).body;
      const retest = (await s.call('POST', '/api/raid/actions', { title: 'Retest payslips with the payroll team', itemId: item.id, ownerUserId: northLead.id, dueDate: '2026-11-15' }, { as: northLead })).body;
      await s.call('POST', '/api/programme-status', { period: '2026-10', status: 'at_risk', commentary: 'Northmoor payslips held by defects.', decisionsNeeded: 'None this month.' });

      s.setToday('2026-11-01');
      const october = await s.call('POST', '/api/reports/board/issued', { from: '2026-09-30', to: '2026-10-31' });
      expect(october.status).toBe(201);
      const row = october.body.report.raid.whatWeAreDoing.find((i: any) => i.itemId === item.id);
      expect(row).toMatchObject({ rag: 'red', late: true, summary: `2 open actions: Supplier service desk, ${'Test lead 2'}` });
      expect(row.actions.map((a: any) => [a.title, a.owner, a.status])).toEqual([
        ['Supplier patch for the PDF renderer', 'Supplier service desk', 'open'],
        ['Retest payslips with the payroll team', 'Test lead 2', 'open'],
      ]);
      expect(october.body.report.raid.status).toMatchObject({ period: '2026-10', status: 'at_risk', commentary: 'Northmoor payslips held by defects.' });

      // The actions close during November, and the defects are fixed.
      s.setToday('2026-11-09');
      expect((await s.call('PATCH', `/api/raid/actions/${fix.id}`, { status: 'done' }, { as: northLead })).body.closedOn).toBe('2026-11-09');
      s.setToday('2026-11-16');
      expect((await s.call('PATCH', `/api/raid/actions/${retest.id}`, { status: 'done' }, { as: northLead })).body.closedOn).toBe('2026-11-16');
      await s.call('POST', '/api/readings', { criterionId: sev1.id, councilId: p.north.id, featureId: p.payslip.id, value: 0, readingDate: '2026-11-16' }, { as: northLead });
      await s.call('POST', '/api/programme-status', { period: '2026-11', status: 'on_track', commentary: 'Defects fixed; W2 date to be agreed.', decisionsNeeded: 'Agree the new W2 date.' });

      s.setToday('2026-11-30');
      const november = (await s.call('GET', '/api/reports/board')).body;
      expect(november.period).toMatchObject({ from: '2026-10-31', to: '2026-11-30' });
      expect(november.raid.status).toMatchObject({ period: '2026-11', status: 'on_track', decisionsNeeded: 'Agree the new W2 date.' });
      const now = november.raid.whatWeAreDoing.find((i: any) => i.itemId === item.id);
      // Still late (W2 was due on 31 March), no longer red; nothing open, both done in the period.
      expect(now).toMatchObject({ late: true, actions: [], summary: 'No action recorded' });
      expect(now.doneInPeriod.map((a: any) => [a.title, a.status, a.closedOn])).toEqual([
        ['Supplier patch for the PDF renderer', 'done', '2026-11-09'],
        ['Retest payslips with the payroll team', 'done', '2026-11-16'],
      ]);
      // What the board saw in October is kept as issued; October's status can no longer change.
      const kept = (await s.call('GET', `/api/reports/board/issued/${october.body.id}`)).body.report.raid.whatWeAreDoing.find((i: any) => i.itemId === item.id);
      expect(kept.actions).toHaveLength(2);
      const octStatus = october.body.report.raid.status;
      expect((await s.call('PATCH', `/api/programme-status/${octStatus.id}`, { status: 'on_track' })).status).toBe(409);

      // A share link sees the report without the actions' internal text.
      const link = (await s.call('POST', '/api/share-links', { label: 'Board' })).body.token;
      const shared = await s.call('GET', '/api/reports/board', undefined, { as: null, headers: { 'x-share-token': link } });
      expect(shared.status).toBe(200);
      expect(shared.body.raid.whatWeAreDoing.find((i: any) => i.itemId === item.id).doneInPeriod.map((a: any) => a.title))
        .toEqual(['An action (details for the programme team)', 'An action (details for the programme team)']);
      expect(shared.res.body).not.toContain('PDF renderer');
    } finally {
      await closeTestApp(s);
    }
  });
});

describe('the demo RAID log', () => {
  it('holds the supplier-release dependency, the union-consultation assumption, the payroll cut-off risk, actions and last month\'s status', async () => {
    const { openDatabase } = await import('../server/db/database.ts');
    const { loadDemo } = await import('../server/fixtures/demo.ts');
    const db = openDatabase({ file: ':memory:' });
    try {
      await loadDemo(db);
      const entries = db.$client.prepare('select type, scope, title, status from raid_entries order by id').all() as Array<{ type: string; title: string }>;
      expect(entries.map((e) => [e.type, e.title])).toEqual(expect.arrayContaining([
        ['dependency', 'Supplier release 26.4 (receipts upload for expenses) before W3'],
        ['assumption', 'Unions accept manager approval of leave online without a formal consultation'],
        ['risk', 'Payroll cut-off on the 18th clashes with go-lives late in the month'],
      ]));
      const statuses = db.$client.prepare('select period, status, commentary from programme_statuses order by period').all() as Array<{ period: string; commentary: string }>;
      expect(statuses.map((s) => s.period)).toEqual(['2026-10', '2026-11']);
      expect(statuses.every((s) => s.commentary.length > 40)).toBe(true);
      // Every gate condition of the past was closed; the red and late items carry open actions with owners.
      const open = db.$client.prepare("select count(*) as n from raid_actions where status = 'open' and item_id is not null").get() as { n: number };
      expect(open.n).toBeGreaterThanOrEqual(5);
      expect((db.$client.prepare("select count(*) as n from raid_actions where gate_decision_id is not null and status = 'open'").get() as { n: number }).n).toBe(0);
      // The October report, as issued, is headed by October's status.
      const october = JSON.parse((db.$client.prepare('select content from board_reports').get() as { content: string }).content);
      expect(october.raid.status).toMatchObject({ period: '2026-10', status: 'at_risk' });
    } finally {
      db.$client.close();
    }
  }, 60_000);
});
