import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeTestApp, createTestApp, seedSmallPlan, type TestContext } from './helpers.ts';

let ctx: TestContext;
let plan: Awaited<ReturnType<typeof seedSmallPlan>>;
let item: any;

beforeAll(async () => {
  ctx = await createTestApp();
  plan = await seedSmallPlan(ctx);
  item = (await ctx.call('POST', '/api/items', { councilId: plan.north.id, featureId: plan.payslip.id, waveId: plan.w1.id })).body;
});
afterAll(async () => closeTestApp(ctx));

const get = (url: string, headers: Record<string, string> = {}) => ctx.app.inject({ method: 'GET', url, headers: { cookie: ctx.office.cookie!, ...headers } });

describe('ETag and If-None-Match', () => {
  it('answers 304 with no body when the tag matches, on versioned resources, lists, read models and the calendar', async () => {
    for (const url of [`/api/items/${item.id}`, '/api/councils', '/api/overview', '/api/reports/board', '/api/calendar.ics']) {
      const first = await get(url);
      expect(first.statusCode, url).toBe(200);
      expect(first.headers.etag, url).toBeDefined();
      const tag = first.headers.etag as string;
      expect(tag, url).toMatch(/^(W\/)?"[^"]+"$/);
      expect(first.headers['cache-control'], url).toBe('private, no-cache');
      const again = await get(url, { 'if-none-match': `"other", ${tag}` });
      expect(again.statusCode, url).toBe(304);
      expect(again.body, url).toBe('');
      expect(again.headers.etag, url).toBe(tag);
      expect(again.headers['cache-control'], url).toBe('private, no-cache');
      expect((await get(url, { 'if-none-match': '"other"' })).statusCode, url).toBe(200);
    }
  });

  it('sends no tag with a streamed CSV export, which stays no-store', async () => {
    const csv = await get('/api/exports/councils.csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.body.split('\r\n')[0]).toMatch(/^\uFEFF?"?[a-z]/i);
    expect(csv.headers.etag).toBeUndefined();
    expect(csv.headers['cache-control']).toBe('no-store');
  });

  it('gives the same weak tag to a read model in every encoding', async () => {
    const tags = await Promise.all(['identity', 'gzip', 'br'].map(async (encoding) => (await get('/api/overview', { 'accept-encoding': encoding })).headers.etag));
    expect(new Set(tags).size).toBe(1);
    expect(tags[0]).toMatch(/^W\//);
    expect((await get('/api/overview', { 'accept-encoding': 'br', 'if-none-match': tags[0]! })).statusCode).toBe(304);
  });

  it("changes an item's tag when its wave moves and its planned go-live with it, though the item's version did not", async () => {
    const before = await get(`/api/items/${item.id}`);
    const wave = await ctx.call('PATCH', `/api/waves/${plan.w1.id}`, { plannedGoLive: '2026-02-27', reasonCategory: 'other', reason: 'Moved in a test' });
    expect(wave.status).toBe(200);
    const after = await get(`/api/items/${item.id}`);
    expect(JSON.parse(after.body).version).toBe(JSON.parse(before.body).version);
    expect(JSON.parse(after.body).plannedGoLive).toBe('2026-02-27');
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect((await get(`/api/items/${item.id}`, { 'if-none-match': before.headers.etag as string })).statusCode).toBe(200);
    // The old tag no longer matches for a change: 412 with the current representation.
    const stale = await ctx.call('PATCH', `/api/items/${item.id}`, { note: 'Pilot group first' }, { ifMatch: before.headers.etag as string });
    expect(stale.status).toBe(412);
    expect(stale.body.current.plannedGoLive).toBe('2026-02-27');
    const fresh = await ctx.call('PATCH', `/api/items/${item.id}`, { note: 'Pilot group first' }, { ifMatch: after.headers.etag as string });
    expect(fresh.status).toBe(200);
    expect(fresh.body.note).toBe('Pilot group first');
    expect(fresh.res.headers.etag).toBe((await get(`/api/items/${item.id}`)).headers.etag);
  });
});

describe('If-Match', () => {
  it('takes * as any current representation, and a list when any member matches', async () => {
    const star = await ctx.call('PATCH', `/api/councils/${plan.west.id}`, { staffHeadcount: 1950 }, { ifMatch: '*' });
    expect(star.status).toBe(200);
    expect(star.body.staffHeadcount).toBe(1950);
    const current = (await get(`/api/councils/${plan.west.id}`)).headers.etag as string;
    const list = await ctx.call('PATCH', `/api/councils/${plan.west.id}`, { staffHeadcount: 1960 }, { ifMatch: `"0-old", ${current}` });
    expect(list.status).toBe(200);
    expect(list.body.staffHeadcount).toBe(1960);
    const none = await ctx.call('PATCH', `/api/councils/${plan.west.id}`, { staffHeadcount: 1970 }, { ifMatch: `"0-old", ${current}` });
    expect(none.status).toBe(412);
    expect(none.body.current.staffHeadcount).toBe(1960);
    expect((await ctx.call('PATCH', `/api/councils/${plan.west.id}`, { staffHeadcount: 1970 }, { ifMatch: null })).status).toBe(428);
    expect((await ctx.call('PATCH', '/api/councils/99999', { staffHeadcount: 1970 }, { ifMatch: '*' })).status).toBe(404);
  });

  it('still takes the bare version earlier clients send', async () => {
    const council = (await get(`/api/councils/${plan.north.id}`));
    const version = JSON.parse(council.body).version;
    expect((await ctx.call('PATCH', `/api/councils/${plan.north.id}`, { managerHeadcount: 730 }, { ifMatch: `"${version}"` })).status).toBe(200);
    expect((await ctx.call('PATCH', `/api/councils/${plan.north.id}`, { managerHeadcount: 740 }, { ifMatch: `"${version}"` })).status).toBe(412);
  });
});

describe('Location and history', () => {
  it('gives every 201 the address of what was created, which reads it back', async () => {
    const created = await ctx.call('POST', '/api/features', { code: 'EXPENSES', name: 'Claim expenses', audience: 'employees' });
    expect(created.status).toBe(201);
    expect(created.res.headers.location).toBe(`/api/features/${created.body.id}`);
    const read = await get(created.res.headers.location as string);
    expect(JSON.parse(read.body).name).toBe('Claim expenses');
    const issue = await ctx.call('POST', '/api/raid/entries', { type: 'issue', scope: 'item', itemId: item.id, title: 'Payroll interface not signed off', ownerName: 'HR lead', dueDate: '2026-12-04' });
    expect(issue.status).toBe(201);
    expect(issue.res.headers.location).toBe(`/api/raid/entries/${issue.body.id}`);
    const token = await ctx.call('POST', '/api/tokens', { name: 'Readings upload' });
    expect(token.res.headers.location).toBe(`/api/tokens/${token.body.id}`);
  });

  it('answers 404 for the history of an item that does not exist, and the changes of one that does', async () => {
    const unknown = await ctx.call('GET', '/api/items/99999/history');
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toBe('Rollout item 99999 was not found.');
    const known = await ctx.call('GET', `/api/items/${item.id}/history`);
    expect(known.status).toBe(200);
    expect(known.body.page.total).toBeGreaterThan(0);
  });
});

describe('The calendar feed (RFC 5545)', () => {
  it('ends with CRLF and escapes the commas of its name, and a strict parser reads the name back', async () => {
    const res = await get('/api/calendar.ics?council=NMC,WDC');
    expect(res.statusCode).toBe(200);
    expect(res.body.endsWith('END:VCALENDAR\r\n')).toBe(true);
    const unfolded = res.body.replace(/\r\n[ \t]/g, '');
    expect(unfolded).toContain('X-WR-CALNAME:Rollout go-lives: NMC\\, WDC\r\n');
    expect(unfolded).toContain('NAME:Rollout go-lives: NMC\\, WDC\r\n');
    expect(unfolded).toMatch(/X-WR-CALDESC:Planned and actual go-live dates of the HR self-service rollout\\, with gate reviews\\, gate decisions and communications activities\.\r\n/);
    for (const line of res.body.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(res.body.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const calendar = new ICAL.Component(ICAL.parse(res.body));
    // ical.js keeps properties it has no type for as written; read them as RFC 5545 TEXT.
    const text = (name: string) => ICAL.design.icalendar.value.text!.fromICAL!(String(calendar.getFirstPropertyValue(name)));
    expect(text('name')).toBe('Rollout go-lives: NMC, WDC');
    expect(text('x-wr-calname')).toBe('Rollout go-lives: NMC, WDC');
    expect(text('x-wr-caldesc')).toBe('Planned and actual go-live dates of the HR self-service rollout, with gate reviews, gate decisions and communications activities.');
    expect(calendar.getAllSubcomponents('vevent').length).toBeGreaterThan(0);
  });
});
