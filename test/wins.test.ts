import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeTestApp, createTestApp, seedSmallPlan, tableCounts, type Agent, type TestContext } from './helpers.ts';

let ctx: TestContext;
let plan: Awaited<ReturnType<typeof seedSmallPlan>>;
beforeEach(async () => {
  ctx = await createTestApp();
  plan = await seedSmallPlan(ctx);
});
afterEach(async () => closeTestApp(ctx));

const winCount = () => (ctx.db.$client.prepare('select count(*) as n from early_wins').get() as { n: number }).n;

/** A valid draft for a council; tests override what they are about. */
const draft = (councilId: number, extra: Record<string, unknown> = {}) => ({
  councilId,
  title: 'Payslips on the phone',
  story: 'Before: printed payslips posted to depots. After: staff read them on their phones the day they are paid.',
  wonOn: '2026-11-20',
  evidenceNote: 'Print run stopped in November',
  ...extra,
});

const createWin = async (body: Record<string, unknown>, as?: Agent) => {
  const res = await ctx.call('POST', '/api/wins', body, as ? { as } : {});
  expect(res.status).toBe(201);
  return res.body;
};

describe('recording an early win', () => {
  it('stores the story with its evidence, names the council and feature, and stamps the author', async () => {
    const created = await ctx.call('POST', '/api/wins', draft(plan.north.id, {
      featureId: plan.payslip.id, title: '  Payslips on the phone ', evidenceValue: 120, evidenceUnit: 'hours a month',
      evidenceLink: 'https://intranet.example.org/payslips',
    }));
    expect(created.status).toBe(201);
    expect(created.res.headers.etag).toMatch(/^"1-/);
    expect(created.body).toMatchObject({
      councilId: plan.north.id, councilName: 'Northmoor County Council', featureId: plan.payslip.id, featureName: 'View payslip',
      title: 'Payslips on the phone', wonOn: '2026-11-20', evidenceValue: 120, evidenceUnit: 'hours a month',
      evidenceNote: 'Print run stopped in November', evidenceLink: 'https://intranet.example.org/payslips',
      authorId: (await ctx.call('GET', '/api/session')).body.user.id, authorName: 'Test office 1', published: false, publishedAt: null, version: 1,
      createdAt: '2026-11-23T10:00:00.000Z',
    });

    const read = await ctx.call('GET', `/api/wins/${created.body.id}`);
    expect(read.res.headers.etag).toMatch(/^"1-/);
    expect(read.body).toEqual(created.body);

    const lead = await ctx.userAs('lead', [plan.north.id]);
    const byLead = await createWin(draft(plan.north.id), lead);
    expect(byLead).toMatchObject({ featureId: null, featureName: null, authorId: lead.id, authorName: 'Test lead 2', published: false });
  });

  it('needs at least one piece of evidence, and a link must be http or https', async () => {
    const none = await ctx.call('POST', '/api/wins', draft(plan.north.id, { evidenceNote: '   ' }));
    expect(none.status).toBe(400);
    expect(none.body.details).toEqual([{ field: 'evidence', message: 'give at least one piece of evidence: evidenceValue, evidenceNote or evidenceLink' }]);
    const nulls = await ctx.call('POST', '/api/wins', draft(plan.north.id, { evidenceNote: undefined, evidenceValue: null, evidenceLink: null }));
    expect(nulls.status).toBe(400);
    expect(nulls.body.details.map((d: any) => d.field)).toEqual(['evidence']);

    const script = await ctx.call('POST', '/api/wins', draft(plan.north.id, { evidenceLink: 'javascript:alert(1)' }));
    expect(script.status).toBe(400);
    expect(script.body.details).toEqual([{ field: 'evidenceLink', message: 'must be an http or https link' }]);
    const ftp = await ctx.call('POST', '/api/wins', draft(plan.north.id, { evidenceLink: 'ftp://files.example.org/report.pdf' }));
    expect(ftp.body.details).toEqual([{ field: 'evidenceLink', message: 'must be an http or https link' }]);
    const notALink = await ctx.call('POST', '/api/wins', draft(plan.north.id, { evidenceLink: 'see the report' }));
    expect(notALink.status).toBe(400);
    expect(notALink.body.details).toEqual([{ field: 'evidenceLink', message: 'must be a valid uri' }]);
    expect(winCount()).toBe(0);

    const linkOnly = await createWin(draft(plan.north.id, { evidenceNote: undefined, evidenceLink: 'http://intranet.example.org/survey' }));
    expect(linkOnly).toMatchObject({ evidenceNote: '', evidenceValue: null, evidenceLink: 'http://intranet.example.org/survey' });
    const valueOnly = await createWin(draft(plan.north.id, { evidenceNote: undefined, evidenceValue: 0 }));
    expect(valueOnly.evidenceValue).toBe(0);

    // Taking away the last piece of evidence is refused too.
    const stripped = await ctx.call('PATCH', `/api/wins/${linkOnly.id}`, { evidenceLink: null });
    expect(stripped.status).toBe(400);
    expect(stripped.body.details[0].field).toBe('evidence');
    expect((await ctx.call('GET', `/api/wins/${linkOnly.id}`)).body).toMatchObject({ evidenceLink: 'http://intranet.example.org/survey', version: 1 });
  });

  it('refuses a win dated in the future or on an impossible day', async () => {
    const tomorrow = await ctx.call('POST', '/api/wins', draft(plan.north.id, { wonOn: '2026-11-24' }));
    expect(tomorrow.status).toBe(400);
    expect(tomorrow.body.details).toEqual([{ field: 'wonOn', message: 'cannot be in the future (today is 23 November 2026)' }]);
    const impossible = await ctx.call('POST', '/api/wins', draft(plan.north.id, { wonOn: '2026-02-30' }));
    expect(impossible.status).toBe(400);
    expect(impossible.body.details).toEqual([{ field: 'wonOn', message: 'must be a real calendar date written YYYY-MM-DD' }]);
    expect(winCount()).toBe(0);

    const todays = await createWin(draft(plan.north.id, { wonOn: '2026-11-23' }));
    const moved = await ctx.call('PATCH', `/api/wins/${todays.id}`, { wonOn: '2026-12-01' });
    expect(moved.status).toBe(400);
    expect(moved.body.details[0].field).toBe('wonOn');
  });

  it('answers 400 naming the field for a council or feature that does not exist', async () => {
    const council = await ctx.call('POST', '/api/wins', draft(999));
    expect(council.status).toBe(400);
    expect(council.body.details).toEqual([{ field: 'councilId', message: 'council 999 does not exist' }]);
    const feature = await ctx.call('POST', '/api/wins', draft(plan.north.id, { featureId: 999 }));
    expect(feature.status).toBe(400);
    expect(feature.body.details).toEqual([{ field: 'featureId', message: 'feature 999 does not exist' }]);
    // A lead is told the same, not "not your council".
    const lead = await ctx.userAs('lead', [plan.north.id]);
    expect((await ctx.call('POST', '/api/wins', draft(999), { as: lead })).status).toBe(400);

    const win = await createWin(draft(plan.north.id));
    const badMove = await ctx.call('PATCH', `/api/wins/${win.id}`, { councilId: 999, featureId: 998 });
    expect(badMove.status).toBe(400);
    expect(badMove.body.details.map((d: any) => d.field)).toEqual(['councilId', 'featureId']);
    expect(winCount()).toBe(1);
  });
});

describe('who sees drafts', () => {
  it('shows sponsors published wins only, in the list and one by one', async () => {
    const lead = await ctx.userAs('lead', [plan.north.id]);
    const sponsor = await ctx.userAs('sponsor');
    const officeDraft = await createWin(draft(plan.west.id, { title: 'Office draft' }));
    const published = await createWin(draft(plan.north.id, { title: 'Published', published: true }));
    const leadDraft = await createWin(draft(plan.north.id, { title: 'Lead draft' }), lead);

    const seen = await ctx.call('GET', '/api/wins', undefined, { as: sponsor });
    expect(seen.status).toBe(200);
    expect(seen.body.data.map((w: any) => w.title)).toEqual(['Published']);
    expect(seen.body.page.total).toBe(1);
    // Asking for drafts does not show them either.
    const askedForDrafts = await ctx.call('GET', '/api/wins?published=false', undefined, { as: sponsor });
    expect(askedForDrafts.body.data.map((w: any) => w.title)).toEqual(['Published']);

    for (const hidden of [officeDraft, leadDraft]) {
      const res = await ctx.call('GET', `/api/wins/${hidden.id}`, undefined, { as: sponsor });
      expect(res.status).toBe(404);
      expect(res.body.message).toBe(`Early win ${hidden.id} was not found.`);
      expect(res.res.headers.etag).toBeUndefined();
    }
    const shown = await ctx.call('GET', `/api/wins/${published.id}`, undefined, { as: sponsor });
    expect(shown.body.title).toBe('Published');

    // Leads and the office see drafts, their own council's or not.
    const byLead = await ctx.call('GET', '/api/wins', undefined, { as: lead });
    expect(byLead.body.data.map((w: any) => w.title).sort()).toEqual(['Lead draft', 'Office draft', 'Published']);
    expect((await ctx.call('GET', `/api/wins/${officeDraft.id}`, undefined, { as: lead })).status).toBe(200);
    const drafts = await ctx.call('GET', '/api/wins?published=false');
    expect(drafts.body.data.map((w: any) => w.title).sort()).toEqual(['Lead draft', 'Office draft']);
  });

  it('lists newest first, with council, feature and date filters and paging', async () => {
    await createWin(draft(plan.north.id, { title: 'A', wonOn: '2026-09-01', featureId: plan.payslip.id }));
    await createWin(draft(plan.west.id, { title: 'B', wonOn: '2026-11-01' }));
    await createWin(draft(plan.north.id, { title: 'C', wonOn: '2026-10-15', featureId: plan.approve.id }));
    await createWin(draft(plan.north.id, { title: 'D', wonOn: '2026-11-01' }));

    const all = await ctx.call('GET', '/api/wins');
    expect(all.body.data.map((w: any) => [w.title, w.wonOn])).toEqual([
      ['D', '2026-11-01'], ['B', '2026-11-01'], ['C', '2026-10-15'], ['A', '2026-09-01'],
    ]);
    expect(all.body.data.find((w: any) => w.title === 'B')).toMatchObject({ councilName: 'Westvale District Council', featureName: null });
    expect(all.body.data.find((w: any) => w.title === 'C')).toMatchObject({ councilName: 'Northmoor County Council', featureName: 'Approve leave' });

    const titles = async (query: string) => (await ctx.call('GET', `/api/wins?${query}`)).body.data.map((w: any) => w.title);
    expect(await titles(`councilId=${plan.north.id}`)).toEqual(['D', 'C', 'A']);
    expect(await titles(`featureId=${plan.payslip.id}`)).toEqual(['A']);
    expect(await titles('from=2026-10-01&to=2026-10-31')).toEqual(['C']);
    expect(await titles('from=2026-10-15')).toEqual(['D', 'B', 'C']);
    expect(await titles('to=2026-10-15')).toEqual(['C', 'A']);
    const page = await ctx.call('GET', '/api/wins?limit=2&offset=1');
    expect(page.body.data.map((w: any) => w.title)).toEqual(['B', 'C']);
    expect(page.body.page).toEqual({ total: 4, limit: 2, offset: 1 });

    const backwards = await ctx.call('GET', '/api/wins?from=2026-11-01&to=2026-10-01');
    expect(backwards.status).toBe(400);
    expect(backwards.body.details).toEqual([{ field: 'to', message: 'must be on or after from' }]);
  });
});

describe('what a council lead may do', () => {
  it('records wins only for a council they lead; a refused one leaves nothing behind', async () => {
    const lead = await ctx.userAs('lead', [plan.north.id]);
    const sponsor = await ctx.userAs('sponsor');
    const before = tableCounts(ctx.db);

    const other = await ctx.call('POST', '/api/wins', draft(plan.west.id), { as: lead });
    expect(other.status).toBe(403);
    expect(other.body.message).toBe('You can only record early wins for the council(s) you lead.');
    expect(other.body.details).toEqual([{ field: 'councilId', message: 'is not a council you lead' }]);
    expect((await ctx.call('POST', '/api/wins', draft(plan.north.id), { as: sponsor })).status).toBe(403);

    expect(winCount()).toBe(0);
    expect(tableCounts(ctx.db)).toEqual(before);
  });

  it('cannot publish: only the programme office can, and it stamps when', async () => {
    const lead = await ctx.userAs('lead', [plan.north.id]);
    const refused = await ctx.call('POST', '/api/wins', draft(plan.north.id, { published: true }), { as: lead });
    expect(refused.status).toBe(403);
    expect(refused.body.details).toEqual([{ field: 'published', message: 'only the programme office can publish a win' }]);
    expect(winCount()).toBe(0);

    const win = await createWin(draft(plan.north.id, { published: false }), lead);
    const leadPublish = await ctx.call('PATCH', `/api/wins/${win.id}`, { published: true }, { as: lead });
    expect(leadPublish.status).toBe(403);
    expect(leadPublish.body.details).toEqual([{ field: 'published', message: 'only the programme office can publish a win' }]);
    expect((await ctx.call('GET', `/api/wins/${win.id}`)).body).toMatchObject({ published: false, publishedAt: null, version: 1 });

    ctx.setNow('2026-11-24T08:30:00.000Z');
    const published = await ctx.call('PATCH', `/api/wins/${win.id}`, { published: true });
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ published: true, publishedAt: '2026-11-24T08:30:00.000Z', version: 2, authorName: 'Test lead 2' });
    expect(published.res.headers.etag).toMatch(/^"2-/);

    ctx.setNow('2026-11-25T12:00:00.000Z');
    const edited = await ctx.call('PATCH', `/api/wins/${win.id}`, { title: 'Payslips on every phone' });
    expect(edited.body).toMatchObject({ published: true, publishedAt: '2026-11-24T08:30:00.000Z' });
    const withdrawn = await ctx.call('PATCH', `/api/wins/${win.id}`, { published: false });
    expect(withdrawn.body).toMatchObject({ published: false, publishedAt: null });

    const direct = await createWin(draft(plan.west.id, { published: true }));
    expect(direct).toMatchObject({ published: true, publishedAt: '2026-11-25T12:00:00.000Z' });
  });

  it('changes and deletes only drafts of their own councils, and cannot move a win to another council', async () => {
    const lead = await ctx.userAs('lead', [plan.north.id]);
    const westLead = await ctx.userAs('lead', [plan.west.id]);
    const win = await createWin(draft(plan.north.id), lead);

    const edited = await ctx.call('PATCH', `/api/wins/${win.id}`, { title: 'Payslips, paperless', evidenceValue: 3400, evidenceUnit: 'payslips a month' }, { as: lead });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ title: 'Payslips, paperless', evidenceValue: 3400, version: 2 });

    const moved = await ctx.call('PATCH', `/api/wins/${win.id}`, { councilId: plan.west.id }, { as: lead });
    expect(moved.status).toBe(403);
    expect(moved.body.details).toEqual([{ field: 'councilId', message: 'is not a council you lead' }]);

    const stranger = await ctx.call('PATCH', `/api/wins/${win.id}`, { title: 'Mine now' }, { as: westLead });
    expect(stranger.status).toBe(403);
    expect(stranger.body.message).toContain('Northmoor County Council');
    expect((await ctx.call('DELETE', `/api/wins/${win.id}`, undefined, { as: westLead })).status).toBe(403);

    // Once published, the win is the programme office's to change.
    await ctx.call('PATCH', `/api/wins/${win.id}`, { published: true });
    const late = await ctx.call('PATCH', `/api/wins/${win.id}`, { title: 'Tweak' }, { as: lead });
    expect(late.status).toBe(403);
    expect(late.body.message).toContain('published');
    expect((await ctx.call('DELETE', `/api/wins/${win.id}`, undefined, { as: lead })).status).toBe(403);
    expect((await ctx.call('GET', `/api/wins/${win.id}`)).body).toMatchObject({ title: 'Payslips, paperless', councilId: plan.north.id, version: 3 });

    const second = await createWin(draft(plan.north.id), lead);
    expect((await ctx.call('DELETE', `/api/wins/${second.id}`, undefined, { as: lead })).status).toBe(204);
    expect((await ctx.call('GET', `/api/wins/${second.id}`)).status).toBe(404);

    // The office can move and delete anything.
    const officeMove = await ctx.call('PATCH', `/api/wins/${win.id}`, { councilId: plan.west.id });
    expect(officeMove.body).toMatchObject({ councilId: plan.west.id, councilName: 'Westvale District Council' });
    expect((await ctx.call('DELETE', `/api/wins/${win.id}`)).status).toBe(204);
    expect(winCount()).toBe(0);
  });
});

describe('safe concurrent edits and the audit trail', () => {
  it('needs If-Match to change or delete: 428 without, 412 with the current state when stale', async () => {
    const win = await createWin(draft(plan.north.id));
    const missing = await ctx.call('PATCH', `/api/wins/${win.id}`, { title: 'x' }, { ifMatch: null });
    expect(missing.status).toBe(428);
    expect(missing.body.message).toContain('If-Match');

    expect((await ctx.call('PATCH', `/api/wins/${win.id}`, { title: 'First edit' }, { ifMatch: '"1"' })).status).toBe(200);
    const stale = await ctx.call('PATCH', `/api/wins/${win.id}`, { title: 'Second edit' }, { ifMatch: '"1"' });
    expect(stale.status).toBe(412);
    expect(stale.body.current).toMatchObject({ id: win.id, title: 'First edit', version: 2 });

    expect((await ctx.call('DELETE', `/api/wins/${win.id}`, undefined, { ifMatch: null })).status).toBe(428);
    expect((await ctx.call('DELETE', `/api/wins/${win.id}`, undefined, { ifMatch: '"1"' })).status).toBe(412);
    expect((await ctx.call('GET', `/api/wins/${win.id}`)).body.title).toBe('First edit');
    expect((await ctx.call('DELETE', `/api/wins/${win.id}`, undefined, { ifMatch: '"2"' })).status).toBe(204);
  });

  it('records every change with who, what and before/after, and nothing for a refused one', async () => {
    const lead = await ctx.userAs('lead', [plan.north.id]);
    const win = await createWin(draft(plan.north.id), lead);
    ctx.setNow('2026-11-24T09:00:00.000Z');
    await ctx.call('PATCH', `/api/wins/${win.id}`, { published: true });
    const start = tableCounts(ctx.db).audit_log;
    await ctx.call('PATCH', `/api/wins/${win.id}`, { title: 'x' }, { as: lead }); // refused: published
    await ctx.call('PATCH', `/api/wins/${win.id}`, { title: 'x' }, { ifMatch: '"1"' }); // refused: stale
    expect(tableCounts(ctx.db).audit_log).toBe(start);
    await ctx.call('DELETE', `/api/wins/${win.id}`);

    const trail = (await ctx.call('GET', `/api/audit?entity=win&entityId=${win.id}`)).body;
    expect(trail.data.map((e: any) => `${e.action} ${e.userName}`)).toEqual(['delete Test office 1', 'update Test office 1', 'create Test lead 2']);
    expect(trail.data[2].after).toMatchObject({ title: 'Payslips on the phone', published: false, authorName: 'Test lead 2' });
    expect(trail.data[1]).toMatchObject({
      entity: 'win', at: '2026-11-24T09:00:00.000Z',
      before: { published: false, publishedAt: null }, after: { published: true, publishedAt: '2026-11-24T09:00:00.000Z' },
    });
    expect(trail.data[0]).toMatchObject({ after: null, before: expect.objectContaining({ id: win.id, published: true }) });
  });
});
