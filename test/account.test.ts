import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeTestApp, createTestApp, PASSWORD, seedSmallPlan, tableCounts, type Agent, type TestContext } from './helpers.ts';

/**
 * A person's own account (docs/account.md): the sessions they have open, ending one of them, and changing their
 * password with the current one. Each caller reaches only their own; a refusal changes nothing.
 */
let ctx: TestContext;
let plan: Awaited<ReturnType<typeof seedSmallPlan>>;
beforeAll(async () => {
  ctx = await createTestApp({ signInThrottle: { max: 4, perAccount: 100, perAddress: 100, windowMs: 60_000 } });
  plan = await seedSmallPlan(ctx);
});
afterAll(async () => closeTestApp(ctx));

const NEW_PASSWORD = 'a brand new passphrase';
const whoAmI = (agent: Agent) => ctx.call('GET', '/api/session', undefined, { as: agent });
const sessionsOf = async (agent: Agent) => {
  const res = await ctx.call('GET', '/api/account/sessions', undefined, { as: agent });
  expect(res.status).toBe(200);
  return res.body as Array<{ id: string; current: boolean; createdAt: string; lastSeenAt: string; endsAt: string }>;
};
const auditOf = (userId: number) => ctx.db.$client.prepare("select user_name as userName, before, after from audit_log where entity = 'user' and entity_id = ? order by id").all(userId) as Array<{ userName: string; before: string; after: string }>;
const storedHash = (userId: number) => (ctx.db.$client.prepare('select password_hash as h from users where id = ?').get(userId) as { h: string }).h;

describe('your sessions', () => {
  it('lists your live sessions only, newest use first, the one in use marked, with when each ends', async () => {
    const lead = await ctx.userAs('lead', [plan.north.id]);
    ctx.setNow('2026-11-23T10:05:00.000Z');
    const phone = (await ctx.signIn(lead.email)).agent;
    await ctx.userAs('lead', [plan.west.id]); // someone else's session is never listed
    const mine = await sessionsOf(phone);
    expect(mine).toHaveLength(2);
    expect(mine[0]).toMatchObject({ current: true, createdAt: '2026-11-23T10:05:00.000Z' });
    expect(mine[1]).toMatchObject({ current: false, createdAt: '2026-11-23T10:00:00.000Z' });
    expect(mine.every((s) => /^[0-9a-f]{16}$/.test(s.id))).toBe(true);
    // The reference is neither the cookie's value nor the stored hash.
    const stored = ctx.db.$client.prepare('select id_hash as h from sessions where user_id = ?').all(lead.id) as Array<{ h: string }>;
    for (const s of mine) {
      expect(stored.some((r) => r.h.startsWith(s.id))).toBe(false);
      expect(phone.cookie!.includes(s.id)).toBe(false);
    }
    expect((await sessionsOf(lead)).find((s) => s.current)!.id).toBe(mine[1]!.id);
    ctx.setToday('2026-11-23');
  });

  it('ends another session of yours at once (even one answered from memory), audited; yours goes on', async () => {
    const sponsor = await ctx.userAs('sponsor');
    const laptop = (await ctx.signIn(sponsor.email)).agent;
    for (let i = 0; i < 2; i += 1) expect((await whoAmI(laptop)).status).toBe(200);
    const other = (await sessionsOf(sponsor)).find((s) => !s.current)!;
    const res = await ctx.call('DELETE', `/api/account/sessions/${other.id}`, undefined, { as: sponsor, ifMatch: null });
    expect(res.status).toBe(204);
    expect((await whoAmI(laptop)).status).toBe(401);
    expect((await whoAmI(sponsor)).status).toBe(200);
    expect((await sessionsOf(sponsor)).map((s) => s.current)).toEqual([true]);
    const entry = auditOf(sponsor.id).at(-1)!;
    expect(entry.userName).toBe(`Test sponsor ${sponsor.email.match(/\d+/)![0]}`);
    expect(JSON.parse(entry.after)).toEqual({ endedSession: other.id, sessionStartedAt: other.createdAt });
    // Ending it again: it is gone.
    expect((await ctx.call('DELETE', `/api/account/sessions/${other.id}`, undefined, { as: sponsor, ifMatch: null })).status).toBe(404);
  });

  it("refuses, changing nothing: the session in use, another person's session, a made-up or odd reference, no CSRF token, signed out", async () => {
    const lead = await ctx.userAs('lead', [plan.north.id]);
    const otherLead = await ctx.userAs('lead', [plan.west.id]);
    const mine = (await sessionsOf(lead))[0]!;
    const theirs = (await sessionsOf(otherLead))[0]!;
    const before = tableCounts(ctx.db);
    const auditBefore = auditOf(lead.id).length;
    const tries: Array<[Agent | null, string, number, string | null | undefined]> = [
      [lead, mine.id, 409, undefined],
      [lead, theirs.id, 404, undefined],
      [ctx.office, theirs.id, 404, undefined], // the office ends others' sessions by disabling or resetting, not here
      [lead, '0123456789abcdef', 404, undefined],
      [lead, mine.id.toUpperCase(), 400, undefined],
      [lead, `${mine.id}0`, 400, undefined],
      [lead, '%2e%2e', 404, undefined], // the path itself resolves elsewhere: no route
      [lead, theirs.id, 403, null],
      [null, theirs.id, 401, undefined],
    ];
    for (const [as, id, status, csrf] of tries) {
      const res = await ctx.call('DELETE', `/api/account/sessions/${id}`, undefined, { as, ifMatch: null, csrf });
      expect({ id, status: res.status, shape: typeof res.body?.message }).toEqual({ id, status, shape: 'string' });
    }
    expect(tableCounts(ctx.db)).toEqual(before);
    expect(auditOf(lead.id)).toHaveLength(auditBefore);
    expect((await whoAmI(lead)).status).toBe(200);
    expect((await whoAmI(otherLead)).status).toBe(200);
    expect((await ctx.call('DELETE', `/api/account/sessions/${mine.id}`, undefined, { as: lead, ifMatch: null })).body.message)
      .toBe('This is the session you are using: sign out to end it.');
    expect((await ctx.call('GET', '/api/account/sessions', undefined, { as: null })).status).toBe(401);
  });

  it('with an API token: lists the sessions, none of them in use', async () => {
    const office = await ctx.userAs('office');
    const token = (await ctx.call('POST', '/api/tokens', { name: 'Script' }, { as: office })).body.token;
    const listed = await sessionsOf({ token });
    expect(listed).toHaveLength(1);
    expect(listed[0]!.current).toBe(false);
  });
});

describe('changing your password', () => {
  const change = (as: Agent | null, body: unknown, csrf?: string | null) => ctx.call('POST', '/api/account/password', body, { as, ifMatch: null, csrf });

  it('needs the current password; sets the new one, ends your other sessions, replaces this one, keeps your API tokens', async () => {
    const lead = await ctx.userAs('lead', [plan.north.id]);
    const phone = (await ctx.signIn(lead.email)).agent;
    const script = (await ctx.call('POST', '/api/tokens', { name: 'Nightly upload' }, { as: lead })).body.token;
    const res = await change(lead, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body.endedSessions).toBe(1);
    expect(res.body.csrfToken).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    // The phone's session ended; so did the cookie this change was made with, replaced by a fresh one.
    expect((await whoAmI(phone)).status).toBe(401);
    expect((await whoAmI(lead)).status).toBe(401);
    const cookie = res.res.cookies.find((c) => c.name === 'rp_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    const fresh = { cookie: `rp_session=${cookie.value}`, csrf: res.body.csrfToken };
    expect((await whoAmI(fresh)).body).toMatchObject({ user: { id: lead.id }, csrfToken: res.body.csrfToken });
    expect((await sessionsOf(fresh)).map((s) => s.current)).toEqual([true]);
    // Old password refused, the new one works; the token still works.
    expect((await ctx.signIn(lead.email)).status).toBe(401);
    expect((await ctx.signIn(lead.email, NEW_PASSWORD)).status).toBe(200);
    expect((await whoAmI({ token: script })).status).toBe(200);
    // Audited without any hash.
    const entry = auditOf(lead.id).at(-1)!;
    expect(JSON.parse(entry.after)).toEqual({ password: 'changed by its owner', otherSessionsEnded: 1 });
    expect(`${entry.before}${entry.after}`).not.toMatch(/argon/);
  });

  it('refuses, changing nothing: a wrong current password, the same password, a short one, unknown fields, no CSRF token, signed out', async () => {
    const sponsor = await ctx.userAs('sponsor');
    const laptop = (await ctx.signIn(sponsor.email)).agent;
    const hash = storedHash(sponsor.id);
    const before = tableCounts(ctx.db);
    const cases: Array<[Agent | null, unknown, number, string | undefined, string | null | undefined]> = [
      [sponsor, { currentPassword: 'not my password', newPassword: NEW_PASSWORD }, 400, 'currentPassword', undefined],
      [sponsor, { currentPassword: PASSWORD, newPassword: PASSWORD }, 400, 'newPassword', undefined],
      [sponsor, { currentPassword: PASSWORD, newPassword: 'too short' }, 400, 'newPassword', undefined],
      [sponsor, { currentPassword: PASSWORD, newPassword: 'x'.repeat(201) }, 400, 'newPassword', undefined],
      [sponsor, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD, role: 'office' }, 400, undefined, undefined],
      [sponsor, { currentPassword: '', newPassword: NEW_PASSWORD }, 400, 'currentPassword', undefined],
      [sponsor, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD }, 403, undefined, null],
      [null, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD }, 401, undefined, undefined],
    ];
    for (const [as, body, status, field, csrf] of cases) {
      const res = await change(as, body, csrf);
      expect({ body, status: res.status }).toEqual({ body, status });
      if (field) expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    expect(storedHash(sponsor.id)).toBe(hash);
    expect(tableCounts(ctx.db)).toEqual(before);
    expect((await whoAmI(laptop)).status).toBe(200);
    expect((await ctx.signIn(sponsor.email)).status).toBe(200);
  });

  it('counts wrong current passwords against the sign-in throttle of the account', async () => {
    const office = await ctx.userAs('office');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await change(office, { currentPassword: `guess ${i}`, newPassword: NEW_PASSWORD })).status);
    expect(statuses).toEqual([400, 400, 400, 400, 429]);
    const refused = await change(office, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
    expect(refused.status).toBe(429);
    expect(Number(refused.res.headers['retry-after'])).toBeGreaterThan(0);
    // Signing in from the same address is held back too: the guesses were guesses at the same password.
    expect((await ctx.signIn(office.email)).status).toBe(429);
  });

  it('with an API token: every session ends, no new one starts', async () => {
    const lead = await ctx.userAs('lead', [plan.west.id]);
    const token = (await ctx.call('POST', '/api/tokens', { name: 'Script' }, { as: lead })).body.token;
    const res = await change({ token }, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ endedSessions: 1, csrfToken: null });
    expect(res.res.cookies).toEqual([]);
    expect((await whoAmI(lead)).status).toBe(401);
  });
});
