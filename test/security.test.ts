import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeTestApp, createTestApp, PASSWORD, seedSmallPlan, tableCounts, type TestContext } from './helpers.ts';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestApp({ signInThrottle: { max: 3 } });
});
afterEach(async () => closeTestApp(ctx));

describe('sign-in and sessions', () => {
  it('sets an HttpOnly, SameSite=Strict cookie holding a 256-bit random id, and stores only its hash', async () => {
    const { res, body } = await ctx.signIn('office@example.org');
    expect(res.statusCode).toBe(200);
    expect(body.user).toMatchObject({ role: 'office', name: 'Test office 1' });
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const cookie = res.cookies.find((c) => c.name === 'rp_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookie.secure).toBeFalsy(); // plain HTTP here; Secure is set when served over HTTPS
    expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = ctx.db.$client.prepare('select id_hash from sessions').all() as Array<{ id_hash: string }>;
    expect(stored.map((s) => s.id_hash)).not.toContain(cookie.value);
  });

  it('marks the cookie Secure over HTTPS behind a trusted proxy', async () => {
    const behindProxy = await createTestApp({ trustProxy: true });
    const signIn = (headers: Record<string, string>) =>
      behindProxy.app.inject({ method: 'POST', url: '/api/session', payload: { email: 'office@example.org', password: PASSWORD }, headers });
    expect((await signIn({ 'x-forwarded-proto': 'https' })).cookies.find((c) => c.name === 'rp_session')!.secure).toBe(true);
    expect((await signIn({})).cookies.find((c) => c.name === 'rp_session')!.secure).toBeFalsy();
    await closeTestApp(behindProxy);
  });

  it('gives a new session id on every sign-in and ends the one presented', async () => {
    const first = (await ctx.signIn('office@example.org')).agent;
    const res = await ctx.app.inject({ method: 'POST', url: '/api/session', payload: { email: 'office@example.org', password: PASSWORD }, headers: { cookie: first.cookie! } });
    const second = `rp_session=${res.cookies.find((c) => c.name === 'rp_session')!.value}`;
    expect(second).not.toBe(first.cookie);
    expect((await ctx.call('GET', '/api/session', undefined, { as: first })).status).toBe(401);
    expect((await ctx.call('GET', '/api/session', undefined, { as: { cookie: second } })).status).toBe(200);
  });

  it('signs out for real: the session is gone on the server', async () => {
    const agent = (await ctx.signIn('office@example.org')).agent;
    const out = await ctx.call('DELETE', '/api/session', undefined, { as: agent });
    expect(out.status).toBe(204);
    expect(out.res.cookies.find((c) => c.name === 'rp_session')?.value).toBe('');
    expect((await ctx.call('GET', '/api/councils', undefined, { as: agent })).status).toBe(401);
  });

  it('ends a session after 30 idle minutes, and after 12 hours whatever the activity', async () => {
    await closeTestApp(ctx);
    ctx = await createTestApp({ session: { idleMinutes: 30, absoluteHours: 12 } });
    ctx.setNow('2026-11-23T08:00:00.000Z');
    const agent = (await ctx.signIn('office@example.org')).agent;
    for (const t of ['08:29', '08:58', '09:27']) {
      ctx.setNow(`2026-11-23T${t}:00.000Z`);
      expect((await ctx.call('GET', '/api/session', undefined, { as: agent })).status).toBe(200);
    }
    ctx.setNow('2026-11-23T09:57:01.000Z');
    expect((await ctx.call('GET', '/api/session', undefined, { as: agent })).status).toBe(401);

    ctx.setNow('2026-11-23T08:00:00.000Z');
    const busy = (await ctx.signIn('office@example.org')).agent;
    for (let hour = 8; hour < 20; hour += 1) {
      for (const minute of ['00', '25', '50']) {
        ctx.setNow(`2026-11-23T${String(hour).padStart(2, '0')}:${minute}:00.000Z`);
        expect((await ctx.call('GET', '/api/session', undefined, { as: busy })).status).toBe(200);
      }
    }
    ctx.setNow('2026-11-23T20:00:00.000Z');
    expect((await ctx.call('GET', '/api/session', undefined, { as: busy })).status).toBe(401);
  });

  it('ends an idle session on time even while the server answers it from memory', async () => {
    await closeTestApp(ctx);
    ctx = await createTestApp({ session: { idleMinutes: 1, absoluteHours: 12 } });
    ctx.setNow('2026-11-23T08:00:00.000Z');
    const agent = (await ctx.signIn('office@example.org')).agent;
    // Reads within the minute: the idle clock is not written, so nothing is written at all.
    for (const t of ['08:00:10', '08:00:40', '08:00:59']) {
      ctx.setNow(`2026-11-23T${t}.000Z`);
      expect((await ctx.call('GET', '/api/session', undefined, { as: agent })).body.user.role).toBe('office');
    }
    ctx.setNow('2026-11-23T08:01:00.000Z'); // the shortest idle limit, to the millisecond
    expect((await ctx.call('GET', '/api/session', undefined, { as: agent })).status).toBe(401);
  });

  it('sees a session ended or a user disabled by another process on the very next request', async () => {
    await closeTestApp(ctx);
    const dir = mkdtempSync(join(tmpdir(), 'rollout-sessions-'));
    const file = join(dir, 'sessions.sqlite');
    ctx = await createTestApp({ file });
    const { north } = await seedSmallPlan(ctx);
    const sponsor = await ctx.userAs('sponsor');
    const lead = await ctx.userAs('lead', [north.id]);
    for (let i = 0; i < 3; i += 1) {
      expect((await ctx.call('GET', '/api/councils', undefined, { as: sponsor })).status).toBe(200);
      expect((await ctx.call('GET', '/api/councils', undefined, { as: lead })).status).toBe(200);
    }
    // A command-line script, say: its own connection, its own commits.
    const other = new Database(file);
    try {
      other.prepare('update users set disabled_at = ? where id = ?').run('2026-11-23T10:00:00.000Z', sponsor.id);
      expect((await ctx.call('GET', '/api/councils', undefined, { as: sponsor })).status).toBe(401);
      expect((await ctx.call('GET', '/api/councils', undefined, { as: lead })).status).toBe(200);
      other.prepare('delete from sessions where user_id = ?').run(lead.id);
      expect((await ctx.call('GET', '/api/councils', undefined, { as: lead })).status).toBe(401);
    } finally {
      other.close();
      await closeTestApp(ctx);
      ctx = await createTestApp(); // for afterEach
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('serves a change to a lead’s councils from the next request, and ends their sessions on a role change', async () => {
    const { north, west } = await seedSmallPlan(ctx);
    const lead = await ctx.userAs('lead', [north.id]);
    expect((await ctx.call('GET', '/api/session', undefined, { as: lead })).body.user.councilIds).toEqual([north.id]);
    expect((await ctx.call('PATCH', `/api/users/${lead.id}`, { councilIds: [west.id] })).status).toBe(200);
    expect((await ctx.call('GET', '/api/session', undefined, { as: lead })).body.user.councilIds).toEqual([west.id]);
    expect((await ctx.call('PATCH', `/api/users/${lead.id}`, { role: 'sponsor', councilIds: [] })).status).toBe(200);
    expect((await ctx.call('GET', '/api/session', undefined, { as: lead })).status).toBe(401);
  });

  it('answers a wrong password and an unknown user alike', async () => {
    const wrong = await ctx.signIn('office@example.org', 'not the password');
    const unknown = await ctx.signIn('nobody@example.org', 'not the password');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.body.message).toBe('The e-mail address or password is not right.');
  });

  it('throttles repeated sign-in attempts with 429 and Retry-After', async () => {
    const sponsor = await ctx.userAs('sponsor'); // one attempt, which succeeded and so is not counted
    for (let i = 0; i < 3; i += 1) expect((await ctx.signIn(sponsor.email, 'guess')).status).toBe(401);
    const blocked = await ctx.signIn(sponsor.email, PASSWORD);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.res.headers['retry-after'])).toBeGreaterThan(0);
    expect(blocked.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    expect(blocked.body.message).toMatch(/^Too many sign-in attempts\. Try again in \d+ seconds\.$/);
    // Another account from the same address is counted on its own.
    expect((await ctx.signIn('office@example.org')).status).toBe(200);
  });

  it('ends a disabled user’s sessions at once and refuses them sign-in', async () => {
    const sponsor = await ctx.userAs('sponsor');
    expect((await ctx.call('GET', '/api/councils', undefined, { as: sponsor })).status).toBe(200);
    const res = await ctx.call('PATCH', `/api/users/${sponsor.id}`, { disabled: true });
    expect(res.body.disabled).toBe(true);
    expect((await ctx.call('GET', '/api/councils', undefined, { as: sponsor })).status).toBe(401);
    expect((await ctx.signIn(sponsor.email)).status).toBe(401);
  });

  it('ends sessions on a password reset, and the new password works', async () => {
    const lead = await ctx.userAs('sponsor');
    const reset = await ctx.call('POST', `/api/users/${lead.id}/password`, { password: 'a brand new password' });
    expect(reset.status).toBe(200);
    expect((await ctx.call('GET', '/api/session', undefined, { as: lead })).status).toBe(401);
    expect((await ctx.signIn(lead.email)).status).toBe(401);
    expect((await ctx.signIn(lead.email, 'a brand new password')).status).toBe(200);
  });

  it('will not disable or demote the last programme office account', async () => {
    const me = (await ctx.call('GET', '/api/session')).body.user;
    const res = await ctx.call('PATCH', `/api/users/${me.id}`, { role: 'sponsor' });
    expect(res.status).toBe(409);
    expect(res.body.message).toContain('last active programme office account');
  });

  it('never returns password hashes', async () => {
    const users = await ctx.call('GET', '/api/users');
    expect(JSON.stringify(users.body)).not.toMatch(/argon2|passwordHash|password_hash/);
  });
});

describe('cross-site request forgery', () => {
  it('refuses a change made with the session cookie but without the session’s CSRF token', async () => {
    const missing = await ctx.call('POST', '/api/councils', { name: 'X', code: 'X', staffHeadcount: 1, managerHeadcount: 0 }, { csrf: null });
    expect(missing.status).toBe(403);
    expect(missing.body.message).toContain('x-csrf-token');
    const forged = await ctx.call('POST', '/api/councils', { name: 'X', code: 'X', staffHeadcount: 1, managerHeadcount: 0 }, { csrf: 'A'.repeat(43) });
    expect(forged.status).toBe(403);
    expect(tableCounts(ctx.db).councils).toBe(0);
    expect((await ctx.call('GET', '/api/councils', undefined, { csrf: null })).status).toBe(200);
  });
});

describe('personal API tokens', () => {
  it('is shown once, acts with its owner’s role, and stops at once when revoked', async () => {
    const plan = await seedSmallPlan(ctx);
    const lead = await ctx.userAs('lead', [plan.north.id]);
    const created = await ctx.call('POST', '/api/tokens', { name: 'Readings spreadsheet' }, { as: lead });
    expect(created.status).toBe(201);
    const token = created.body.token as string;
    expect(token).toMatch(/^rpt_[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(ctx.db.$client.prepare('select * from api_tokens').all())).not.toContain(token);
    const listed = (await ctx.call('GET', '/api/tokens', undefined, { as: lead })).body;
    expect(listed).toEqual([expect.objectContaining({ name: 'Readings spreadsheet', prefix: token.slice(0, 10), revokedAt: null })]);
    expect(listed[0].token).toBeUndefined();

    const bearer = { token };
    expect((await ctx.call('GET', '/api/councils', undefined, { as: bearer })).status).toBe(200);
    // No CSRF token is needed without a cookie, but the role still applies.
    expect((await ctx.call('POST', '/api/councils', { name: 'By script', code: 'S', staffHeadcount: 1, managerHeadcount: 0 }, { as: bearer })).status).toBe(403);

    expect((await ctx.call('DELETE', `/api/tokens/${created.body.id}`, undefined, { as: lead })).status).toBe(204);
    const after = await ctx.call('GET', '/api/councils', undefined, { as: bearer });
    expect(after.status).toBe(401);
    expect(after.body.message).toBe('The API token is not valid, has expired or was revoked.');
  });

  it('stops working when it expires or its owner is disabled', async () => {
    const sponsor = await ctx.userAs('sponsor');
    const expiring = (await ctx.call('POST', '/api/tokens', { name: 'Short', expiresOn: '2026-11-25' }, { as: sponsor })).body.token;
    const lasting = (await ctx.call('POST', '/api/tokens', { name: 'Long' }, { as: sponsor })).body.token;
    ctx.setToday('2026-11-26');
    expect((await ctx.call('GET', '/api/waves', undefined, { as: { token: expiring } })).status).toBe(401);
    expect((await ctx.call('GET', '/api/waves', undefined, { as: { token: lasting } })).status).toBe(200);
    await ctx.call('PATCH', `/api/users/${sponsor.id}`, { disabled: true });
    expect((await ctx.call('GET', '/api/waves', undefined, { as: { token: lasting } })).status).toBe(401);
  });

  it('refuses a token that has already expired', async () => {
    const res = await ctx.call('POST', '/api/tokens', { name: 'Old', expiresOn: '2026-11-23' });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([{ field: 'expiresOn', message: 'must be after today' }]);
  });
});

describe('safe concurrent edits', () => {
  it('returns an ETag on read and needs If-Match to change: 428 without, 412 with the current state when stale', async () => {
    const plan = await seedSmallPlan(ctx);
    const read = await ctx.call('GET', `/api/waves/${plan.w1.id}`);
    expect(read.res.headers.etag).toMatch(/^"1-/);

    const noHeader = await ctx.call('PATCH', `/api/waves/${plan.w1.id}`, { description: 'x' }, { ifMatch: null });
    expect(noHeader.status).toBe(428);
    expect(noHeader.body.message).toContain('If-Match');

    // Two editors read version 1; the first saves, the second is told what changed.
    const first = await ctx.call('PATCH', `/api/waves/${plan.w1.id}`, { plannedGoLive: '2026-02-14', reasonCategory: 'other', reason: 'Moved in a test' }, { ifMatch: '"1"' });
    expect(first.status).toBe(200);
    expect(first.res.headers.etag).toMatch(/^"2-/);
    const second = await ctx.call('PATCH', `/api/waves/${plan.w1.id}`, { plannedGoLive: '2026-02-21', reasonCategory: 'other', reason: 'Moved in a test' }, { ifMatch: '"1"' });
    expect(second.status).toBe(412);
    expect(second.body.current).toMatchObject({ plannedGoLive: '2026-02-14', version: 2 });
    expect(second.body.message).toContain('changed by someone else');
    expect((await ctx.call('GET', `/api/waves/${plan.w1.id}`)).body.plannedGoLive).toBe('2026-02-14');

    const staleDelete = await ctx.call('DELETE', `/api/waves/${plan.w2.id}`, undefined, { ifMatch: '"7"' });
    expect(staleDelete.status).toBe(412);
    expect((await ctx.call('GET', `/api/waves/${plan.w2.id}`)).status).toBe(200);
  });

  it('applies to items, councils, features and users alike', async () => {
    const plan = await seedSmallPlan(ctx);
    const item = (await ctx.call('POST', '/api/items', { councilId: plan.north.id, featureId: plan.payslip.id, waveId: plan.w1.id })).body;
    for (const url of [`/api/items/${item.id}`, `/api/councils/${plan.north.id}`, `/api/features/${plan.payslip.id}`]) {
      expect((await ctx.call('PATCH', url, { note: 'x', staffHeadcount: 7000, description: 'x' } as never, { ifMatch: '"9"' })).status).toBeGreaterThanOrEqual(400);
    }
    const stale = await ctx.call('PATCH', `/api/items/${item.id}`, { note: 'late' }, { ifMatch: '"9"' });
    expect(stale.status).toBe(412);
    expect(stale.body.current).toMatchObject({ id: item.id, version: 1 });
  });
});

describe('audit trail', () => {
  it('records who, when, what and before/after for every change, and only what changed', async () => {
    const plan = await seedSmallPlan(ctx);
    ctx.setNow('2026-11-24T09:15:00.000Z');
    await ctx.call('PATCH', `/api/waves/${plan.w1.id}`, { plannedGoLive: '2026-02-14', description: 'Payslips', reasonCategory: 'other', reason: 'Moved in a test' });
    const rows = (await ctx.call('GET', `/api/audit?entity=wave&entityId=${plan.w1.id}`)).body;
    expect(rows.page.total).toBe(2);
    expect(rows.data[0]).toMatchObject({
      at: '2026-11-24T09:15:00.000Z', userName: 'Test office 1', action: 'update', entity: 'wave', entityId: plan.w1.id,
      before: { plannedGoLive: '2026-01-31', description: '' }, after: { plannedGoLive: '2026-02-14', description: 'Payslips' },
    });
    expect(rows.data[1]).toMatchObject({ action: 'create', before: null, after: expect.objectContaining({ name: 'W1' }) });
  });

  it('writes one row per change across every kind of record', async () => {
    const plan = await seedSmallPlan(ctx);
    const start = tableCounts(ctx.db).audit_log;
    const item = (await ctx.call('POST', '/api/items', { councilId: plan.north.id, featureId: plan.payslip.id, waveId: plan.w1.id })).body;
    await ctx.call('PATCH', `/api/items/${item.id}`, { note: 'Ready soon' });
    await ctx.call('POST', '/api/items/assignments', { reasonCategory: 'other', reason: 'Moved in a test', items: [{ councilId: plan.west.id, featureId: plan.payslip.id, waveId: plan.w2.id }] });
    await ctx.call('POST', '/api/baselines', { name: 'v1' });
    await ctx.call('PATCH', `/api/councils/${plan.west.id}`, { managerHeadcount: 200 });
    await ctx.call('DELETE', `/api/features/${plan.approve.id}`);
    const token = (await ctx.call('POST', '/api/tokens', { name: 'T' })).body;
    await ctx.call('DELETE', `/api/tokens/${token.id}`);
    await ctx.call('POST', '/api/users', { email: 'new@example.org', displayName: 'New', role: 'sponsor', password: 'long enough password' });
    const entries = (await ctx.call('GET', `/api/audit?limit=20`)).body.data.slice(0, tableCounts(ctx.db).audit_log - start);
    expect(entries.map((e: any) => `${e.action} ${e.entity}`).reverse()).toEqual([
      'create item', 'update item', 'create item', 'create baseline', 'update council', 'delete feature', 'create api_token', 'update api_token', 'create user',
    ]);
  });

  it('records nothing for a refused change', async () => {
    const plan = await seedSmallPlan(ctx);
    const before = tableCounts(ctx.db).audit_log;
    await ctx.call('POST', '/api/items/assignments', { reasonCategory: 'other', reason: 'Moved in a test', items: [{ councilId: plan.west.id, featureId: plan.payslip.id, waveId: 999 }] });
    await ctx.call('PATCH', `/api/waves/${plan.w1.id}`, { description: 'x' }, { ifMatch: '"5"' });
    expect(tableCounts(ctx.db).audit_log).toBe(before);
  });

  it('shows each item its own history, and filters by user and date range', async () => {
    const plan = await seedSmallPlan(ctx);
    const lead = await ctx.userAs('lead', [plan.north.id]);
    const item = (await ctx.call('POST', '/api/items', { councilId: plan.north.id, featureId: plan.payslip.id, waveId: plan.w1.id })).body;
    ctx.setToday('2026-11-25');
    await ctx.call('PATCH', `/api/items/${item.id}`, { status: 'ready' }, { as: lead });
    const history = (await ctx.call('GET', `/api/items/${item.id}/history`, undefined, { as: lead })).body;
    expect(history.data.map((e: any) => [e.action, e.userName])).toEqual([['update', 'Test lead 2'], ['create', 'Test office 1']]);
    expect(history.data[0]).toMatchObject({ before: { status: 'planned' }, after: { status: 'ready' } });

    const byLead = (await ctx.call('GET', `/api/audit?userId=${lead.id}`)).body;
    expect(byLead.data).toHaveLength(1);
    expect((await ctx.call('GET', '/api/audit?from=2026-11-25&to=2026-11-25')).body.page.total).toBe(1);
    expect((await ctx.call('GET', '/api/audit?from=2026-11-20&to=2026-11-23')).body.page.total).toBe(tableCounts(ctx.db).audit_log - 1);
    expect((await ctx.call('GET', '/api/audit?from=2026-11-25&to=2026-11-20')).status).toBe(400);
    expect((await ctx.call('GET', '/api/audit?limit=2&offset=1')).body.data).toHaveLength(2);
  });

  it('is append-only in the database itself', async () => {
    await seedSmallPlan(ctx);
    expect(() => ctx.db.$client.prepare("update audit_log set user_name = 'someone else'").run()).toThrow(/append-only/);
    expect(() => ctx.db.$client.prepare('delete from audit_log').run()).toThrow(/append-only/);
    expect(tableCounts(ctx.db).audit_log).toBeGreaterThan(0);
  });
});

describe('HTTP hardening', () => {
  it('sends security headers with a content security policy without inline scripts', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/' });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    // The same headers on API answers, errors included.
    for (const url of ['/api/health', '/api/overview', '/api/no-such-route']) {
      const api = await ctx.app.inject({ method: 'GET', url });
      expect({ url, csp: api.headers['content-security-policy'], nosniff: api.headers['x-content-type-options'] }).toEqual({ url, csp, nosniff: 'nosniff' });
    }
  });

  it('refuses a request body over the size limit with 413 and stores nothing', async () => {
    const res = await ctx.call('POST', '/api/councils', { name: 'x'.repeat(1_100_000), code: 'BIG', staffHeadcount: 1, managerHeadcount: 0 });
    expect(res.status).toBe(413);
    expect(res.body.statusCode).toBe(413);
    expect(tableCounts(ctx.db).councils).toBe(0);
  });
});
