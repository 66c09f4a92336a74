import ICAL from 'ical.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loggerOptions } from '../server/http/logging.ts';
import { closeTestApp, createTestApp, seedSmallPlan, tableCounts, type TestContext } from './helpers.ts';

let ctx: TestContext;
let plan: Awaited<ReturnType<typeof seedSmallPlan>>;
beforeEach(async () => {
  ctx = await createTestApp();
  plan = await seedSmallPlan(ctx);
});
afterEach(async () => closeTestApp(ctx));

const shareCount = () => (ctx.db.$client.prepare('select count(*) as n from share_links').get() as { n: number }).n;
const createLink = async (body: Record<string, unknown> = { label: 'Board, December' }) => {
  const res = await ctx.call('POST', '/api/share-links', body);
  expect(res.status).toBe(201);
  return res.body;
};
/** A request as the holder of a share link: no cookie, just the token. */
const viaLink = (token: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown) =>
  ctx.call(method, url, body, { as: null, headers: { 'x-share-token': token } });

describe('share links', () => {
  it('shows the token once, keeps only its hash, and records who made the link', async () => {
    const link = await createLink({ label: ' Board, December ', expiresOn: '2026-12-31' });
    expect(link).toMatchObject({
      label: 'Board, December', expiresAt: '2026-12-31T00:00:00.000Z', active: true, revokedAt: null, createdByName: 'Test office 1',
      dashboardPath: `/shared#${link.token}`, calendarPath: `/api/calendar.ics?key=${link.token}`,
    });
    expect(link.token).toMatch(/^rps_[A-Za-z0-9_-]{43}$/);
    expect(link.prefix).toBe(link.token.slice(0, 10));
    const stored = ctx.db.$client.prepare('select token_hash from share_links').get() as { token_hash: string };
    expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(ctx.db.$client.prepare('select * from share_links').all())).not.toContain(link.token);
    const list = await ctx.call('GET', '/api/share-links');
    expect(list.body).toHaveLength(1);
    expect(list.body[0]).not.toHaveProperty('token');
    const audit = await ctx.call('GET', '/api/audit?entity=share_link');
    expect(audit.body.data[0]).toMatchObject({ action: 'create', entity: 'share_link', userName: 'Test office 1' });
  });

  it('defaults to 30 days and refuses expiries in the past, today or beyond 180 days, storing nothing', async () => {
    expect((await createLink()).expiresAt).toBe('2026-12-23T00:00:00.000Z');
    const before = shareCount();
    for (const [expiresOn, message] of [['2026-11-23', 'The link would already have expired.'], ['2026-01-01', 'The link would already have expired.'], ['2027-05-23', 'A share link can last at most 180 days.']]) {
      const res = await ctx.call('POST', '/api/share-links', { label: 'Too long', expiresOn });
      expect(res.status).toBe(400);
      expect(res.body.message).toBe(message);
    }
    expect((await ctx.call('POST', '/api/share-links', { label: '   ' })).status).toBe(400);
    expect((await ctx.call('POST', '/api/share-links', { label: 'x', expiresOn: '2027-02-30' })).status).toBe(400);
    expect(shareCount()).toBe(before);
  });

  it('opens the overview read-only, with published wins only, and says which link it is', async () => {
    const draft = { councilId: plan.north.id, title: 'Draft win', story: 'Not told yet', wonOn: '2026-11-01', evidenceNote: 'n/a' };
    await ctx.call('POST', '/api/wins', draft);
    await ctx.call('POST', '/api/wins', { ...draft, title: 'Told win', published: true });
    const link = await createLink();
    const overview = await viaLink(link.token, 'GET', '/api/overview');
    expect(overview.status).toBe(200);
    expect(overview.body.wins.map((w: { title: string }) => w.title)).toEqual(['Told win']);
    expect(overview.body.councils.map((c: { code: string }) => c.code)).toEqual(['NMC', 'WDC']);
    expect((await viaLink(link.token, 'GET', '/api/share-links/current')).body).toEqual({ label: 'Board, December', expiresAt: '2026-12-23T00:00:00.000Z' });
    expect((await ctx.call('GET', '/api/share-links/current')).status).toBe(404);
  });

  it('never opens any other route, and never writes: every route but the shared few answers 401 to a link', async () => {
    const link = await createLink();
    const before = tableCounts(ctx.db);
    const shared: string[] = [];
    for (const route of ctx.app.routeList.filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs'))) {
      if (route.access === 'public') continue;
      if (route.access === 'shared') {
        shared.push(`${route.method} ${route.url}`);
        continue;
      }
      const url = route.url.replace(/:id\b/g, String(plan.north.id));
      const res = await viaLink(link.token, route.method as 'GET', url, route.method === 'GET' ? undefined : {});
      expect({ route: `${route.method} ${route.url}`, status: res.status }).toEqual({ route: `${route.method} ${route.url}`, status: 401 });
      expect(res.body.message).toBe('A share link opens the overview and the board report only; sign in for the rest.');
    }
    expect(shared.sort()).toEqual([
      'GET /api/benefits/summary', 'GET /api/calendar.ics', 'GET /api/overview', 'GET /api/raid/summary', 'GET /api/reports/board', 'GET /api/reports/board/issued', 'GET /api/reports/board/issued/:id', 'GET /api/reports/board/lists/:list', 'GET /api/share-links/current',
    ]);
    expect(tableCounts(ctx.db)).toEqual(before);
  });

  it('stops working at once when revoked, and on its expiry day', async () => {
    const link = await createLink({ label: 'Revoke me', expiresOn: '2026-12-01' });
    const other = await createLink({ label: 'Let expire', expiresOn: '2026-12-01' });
    expect((await viaLink(link.token, 'GET', '/api/overview')).status).toBe(200);
    expect((await ctx.call('DELETE', `/api/share-links/${link.id}`)).status).toBe(204);
    const refused = await viaLink(link.token, 'GET', '/api/overview');
    expect(refused.status).toBe(401);
    expect(refused.body.message).toBe('This share link is not valid, has expired or was revoked.');
    expect((await ctx.call('GET', '/api/share-links')).body.find((l: { id: number }) => l.id === link.id)).toMatchObject({ active: false, revokedAt: '2026-11-23T10:00:00.000Z' });

    ctx.setNow('2026-11-30T23:59:59.000Z');
    expect((await viaLink(other.token, 'GET', '/api/overview')).status).toBe(200);
    ctx.setNow('2026-12-01T00:00:00.000Z');
    expect((await viaLink(other.token, 'GET', '/api/overview')).status).toBe(401);
    expect((await viaLink('rps_made-up', 'GET', '/api/overview')).status).toBe(401);
  });

  it('is managed by the programme office only', async () => {
    const sponsor = await ctx.userAs('sponsor');
    expect((await ctx.call('POST', '/api/share-links', { label: 'Mine' }, { as: sponsor })).status).toBe(403);
    expect(shareCount()).toBe(0);
  });
});

describe('calendar feed', () => {
  type Event = { uid: string; summary: string; start: string; description: string };
  const eventsOf = (text: string): Event[] => {
    const calendar = new ICAL.Component(ICAL.parse(text));
    return calendar.getAllSubcomponents('vevent').map((v) => {
      const e = new ICAL.Event(v);
      return { uid: e.uid, summary: e.summary, start: e.startDate.toString(), description: e.description };
    });
  };

  beforeEach(async () => {
    await ctx.call('POST', '/api/items/assignments', { reasonCategory: 'other', reason: 'Moved in a test', items: [
      { councilId: plan.north.id, featureId: plan.payslip.id, waveId: plan.w2.id },
      { councilId: plan.west.id, featureId: plan.payslip.id, waveId: plan.w1.id },
    ] });
  });

  it('parses as iCalendar, with wave go-lives, gate reviews five working days before, item go-lives and decisions', async () => {
    const item = (await ctx.call('GET', `/api/items?councilId=${plan.north.id}`)).body.data[0];
    const decided = await ctx.call('POST', `/api/items/${item.id}/gate`, { decision: 'go', reason: 'Payroll sign-off; helpdesk staffed' });
    expect(decided.status).toBe(201);
    const res = await ctx.call('GET', '/api/calendar.ics');
    expect(res.status).toBe(200);
    expect(res.res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const events = eventsOf(res.body);
    const byUid = Object.fromEntries(events.map((e) => [e.uid, e]));
    expect(byUid[`wave-${plan.w2.id}-go-live@rollout-planner`]).toMatchObject({ summary: 'W2: planned go-live', start: '2026-03-31', description: '1 rollout item(s) across 1 council(s): Northmoor County Council.' });
    // 31 March 2026 is a Tuesday: five working days back is Tuesday 24 March.
    expect(byUid[`wave-${plan.w2.id}-gate-review@rollout-planner`]).toMatchObject({ summary: 'W2: go/no-go gate review', start: '2026-03-24' });
    // 31 January 2026 is a Saturday: five working days back is Monday 26 January.
    expect(byUid[`wave-${plan.w1.id}-gate-review@rollout-planner`]!.start).toBe('2026-01-26');
    expect(byUid[`item-${item.id}-go-live@rollout-planner`]).toMatchObject({ summary: 'Northmoor County Council: View payslip goes live (planned)', start: '2026-03-31' });
    expect(events.find((e) => e.uid.startsWith('gate-decision-'))).toMatchObject({ summary: 'Gate: go for Northmoor County Council, View payslip', start: '2026-11-23', description: 'Reason: Payroll sign-off; helpdesk staffed' });
    expect(events).toHaveLength(2 * 2 + 2 + 1);
  });

  it('carries communications activities on their day, following the wave when it moves', async () => {
    const activity = await ctx.call('POST', '/api/engagement/activities', {
      waveId: plan.w2.id, councilIds: [plan.north.id], title: 'Payslips: what changes', channel: 'briefing', audience: 'employees', dateMode: 'relative', offsetDays: -14, owner: 'Comms team',
    });
    expect(activity.status).toBe(201);
    const comms = () => ctx.call('GET', '/api/calendar.ics?include=comms').then((r) => eventsOf(r.body));
    // 31 March 2026 less 14 days is Tuesday 17 March.
    expect(await comms()).toEqual([{ uid: `comms-${activity.body.id}@rollout-planner`, summary: 'Team briefing: Payslips: what changes', start: '2026-03-17', description: expect.stringContaining('Councils: Northmoor County Council') }]);
    await ctx.call('PATCH', `/api/waves/${plan.w2.id}`, { plannedGoLive: '2026-04-30', reasonCategory: 'other', reason: 'Moved in a test' });
    expect((await comms())[0]!.start).toBe('2026-04-16');
    expect(eventsOf((await ctx.call('GET', '/api/calendar.ics?council=WDC')).body).some((e) => e.uid.startsWith('comms-'))).toBe(false);
    expect(eventsOf((await ctx.call('GET', '/api/calendar.ics?include=go-lives')).body).some((e) => e.uid.startsWith('comms-'))).toBe(false);
    expect((await ctx.call('GET', '/api/calendar.ics?include=everything')).status).toBe(400);
    // A code given again is one council: named once in the feed's name and in a refusal.
    expect((await ctx.call('GET', '/api/calendar.ics?council=WDC,wdc,WDC')).body).toContain('X-WR-CALNAME:Rollout go-lives: WDC\r\n');
    const refused = await ctx.call('GET', `/api/calendar.ics?council=${Array.from({ length: 300 }, () => 'NOPE').join(',')}`);
    expect([refused.status, refused.body.message]).toEqual([400, 'No council with the code NOPE.']);
  });

  it('filters by council code, and refuses a code that does not exist', async () => {
    const west = eventsOf((await ctx.call('GET', '/api/calendar.ics?council=wdc')).body);
    expect(west.map((e) => e.summary).sort()).toEqual(['W1: go/no-go gate review', 'W1: planned go-live', 'Westvale District Council: View payslip goes live (planned)']);
    const bad = await ctx.call('GET', '/api/calendar.ics?council=WDC,XYZ');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe('No council with the code XYZ.');
  });

  it('can be subscribed to with a share link key, since calendar apps cannot sign in', async () => {
    expect((await ctx.call('GET', '/api/calendar.ics', undefined, { as: null })).status).toBe(401);
    const link = await createLink();
    const res = await ctx.call('GET', `/api/calendar.ics?key=${link.token}&council=NMC`, undefined, { as: null });
    expect(res.status).toBe(200);
    expect(eventsOf(res.body).some((e) => e.summary.startsWith('Northmoor'))).toBe(true);
    await ctx.call('DELETE', `/api/share-links/${link.id}`);
    expect((await ctx.call('GET', `/api/calendar.ics?key=${link.token}`, undefined, { as: null })).status).toBe(401);
  });
});

describe('request logs', () => {
  it('never hold a share link key, which calendar apps must send in the query string', async () => {
    const lines: string[] = [];
    const logged = await createTestApp({ logger: { ...(loggerOptions('info') as object), stream: { write: (line: string) => lines.push(line) } } as never });
    try {
      const link = (await logged.call('POST', '/api/share-links', { label: 'Calendar' })).body;
      expect((await logged.call('GET', `/api/calendar.ics?key=${link.token}&council=`, undefined, { as: null })).status).toBe(400);
      expect((await logged.call('GET', `/api/calendar.ics?key=${link.token}`, undefined, { as: null })).status).toBe(200);
      const text = lines.join('');
      expect(text).toContain('/api/calendar.ics?key=[redacted]');
      expect(text).not.toContain(link.token);
    } finally {
      await closeTestApp(logged);
    }
  });
});
