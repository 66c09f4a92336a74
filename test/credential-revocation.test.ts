import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeTestApp, createTestApp, seedSmallPlan, type Agent, type TestContext } from './helpers.ts';

/** A password reset or a disable ends every credential of the user: sessions and API tokens, for good. */
let ctx: TestContext;
let plan: Awaited<ReturnType<typeof seedSmallPlan>>;
beforeEach(async () => {
  ctx = await createTestApp();
  plan = await seedSmallPlan(ctx);
});
afterEach(async () => closeTestApp(ctx));

const NEW_PASSWORD = 'a brand new passphrase';

async function tokenFor(agent: Agent, name: string): Promise<{ id: number; token: string }> {
  const res = await ctx.call('POST', '/api/tokens', { name }, { as: agent });
  expect(res.status).toBe(201);
  return res.body;
}
const readAs = (agent: Agent) => ctx.call('GET', '/api/councils', undefined, { as: agent });
/** Asked twice: the second answer comes from the sessions kept in memory between writes (ADR 0008). */
async function warm(agent: Agent) {
  for (let i = 0; i < 2; i += 1) expect((await readAs(agent)).status).toBe(200);
}
const tokenRows = (userId: number) =>
  ctx.db.$client.prepare('select id, revoked_at as revokedAt from api_tokens where user_id = ? order by id').all(userId) as Array<{ id: number; revokedAt: string | null }>;

describe('a password reset', () => {
  it("revokes every API token of the user and ends their sessions, even one answered from memory; others' stay", async () => {
    const lead = await ctx.userAs('lead', [plan.north.id]);
    const phone = await tokenFor(lead, 'Phone script');
    const laptop = await tokenFor(lead, 'Laptop script');
    const other = await ctx.userAs('lead', [plan.west.id]);
    const othersToken = await tokenFor(other, 'Westvale script');
    await warm(lead);
    await warm({ token: phone.token });

    const user = (await ctx.call('GET', `/api/users/${lead.id}`)).body;
    const reset = await ctx.call('POST', `/api/users/${lead.id}/password`, { password: NEW_PASSWORD }, { ifMatch: `"${user.version}"` });
    expect(reset.status).toBe(200);

    for (const credential of [lead, { token: phone.token }, { token: laptop.token }]) {
      const res = await readAs(credential);
      expect(res.status).toBe(401);
    }
    expect((await readAs({ token: phone.token })).body.message).toBe('The API token is not valid, has expired or was revoked.');
    expect(tokenRows(lead.id).map((t) => t.revokedAt)).toEqual(['2026-11-23T10:00:00.000Z', '2026-11-23T10:00:00.000Z']);
    // Another user's session and token are untouched.
    expect((await readAs(other)).status).toBe(200);
    expect((await readAs({ token: othersToken.token })).status).toBe(200);
    expect(tokenRows(other.id)[0]!.revokedAt).toBeNull();

    // Each revocation is in the audit trail, made by the office.
    const audit = (await ctx.call('GET', '/api/audit?entity=api_token')).body.data;
    const revoked = audit.filter((a: any) => a.action === 'update');
    expect(revoked.map((a: any) => a.entityId).sort()).toEqual([phone.id, laptop.id].sort());
    expect(revoked[0]).toMatchObject({ userName: 'Test office 1', after: { revokedAt: '2026-11-23T10:00:00.000Z' } });

    // The new password works; the tokens the user lists are revoked, and a new one works.
    const again = await ctx.signIn(lead.email, NEW_PASSWORD);
    expect(again.status).toBe(200);
    const listed = (await ctx.call('GET', '/api/tokens', undefined, { as: again.agent })).body;
    expect(listed.map((t: any) => [t.name, t.revokedAt])).toEqual([['Laptop script', '2026-11-23T10:00:00.000Z'], ['Phone script', '2026-11-23T10:00:00.000Z']]);
    const fresh = await tokenFor(again.agent, 'After the reset');
    expect((await readAs({ token: fresh.token })).status).toBe(200);
  });

  it("ends the office's own tokens when it resets its own password", async () => {
    const own = await tokenFor(ctx.office, 'Office report script');
    const me = (await ctx.call('GET', '/api/session')).body.user;
    const user = (await ctx.call('GET', `/api/users/${me.id}`)).body;
    expect((await ctx.call('POST', `/api/users/${me.id}/password`, { password: NEW_PASSWORD }, { ifMatch: `"${user.version}"` })).status).toBe(200);
    expect((await readAs({ token: own.token })).status).toBe(401);
    expect((await readAs(ctx.office)).status).toBe(401);
  });
});

describe('disabling a user', () => {
  it('revokes their tokens for good: re-enabling the account brings back neither tokens nor sessions', async () => {
    const sponsor = await ctx.userAs('sponsor');
    const script = await tokenFor(sponsor, 'Board pack script');
    await warm(sponsor);
    await warm({ token: script.token });

    const disabled = await ctx.call('PATCH', `/api/users/${sponsor.id}`, { disabled: true });
    expect(disabled.body.disabled).toBe(true);
    expect((await readAs(sponsor)).status).toBe(401);
    expect((await readAs({ token: script.token })).status).toBe(401);
    expect(tokenRows(sponsor.id)[0]!.revokedAt).toBe('2026-11-23T10:00:00.000Z');

    const enabled = await ctx.call('PATCH', `/api/users/${sponsor.id}`, { disabled: false });
    expect(enabled.body.disabled).toBe(false);
    expect((await readAs(sponsor)).status).toBe(401);
    expect((await readAs({ token: script.token })).status).toBe(401);
    // Signing in again works, and so does a token made after that.
    const again = await ctx.signIn(sponsor.email);
    expect(again.status).toBe(200);
    expect((await readAs({ token: (await tokenFor(again.agent, 'New script')).token })).status).toBe(200);
  });

  it('leaves tokens alone on other changes to the user', async () => {
    const lead = await ctx.userAs('lead', [plan.north.id]);
    const script = await tokenFor(lead, 'Readings upload');
    expect((await ctx.call('PATCH', `/api/users/${lead.id}`, { displayName: 'Robin Hale', councilIds: [plan.north.id, plan.west.id] })).status).toBe(200);
    expect((await readAs({ token: script.token })).status).toBe(200);
    expect(tokenRows(lead.id)[0]!.revokedAt).toBeNull();
  });

  it('changes nothing when the disable is refused', async () => {
    const me = (await ctx.call('GET', '/api/session')).body.user;
    const own = await tokenFor(ctx.office, 'Office script');
    // The last active programme office account cannot be disabled: its tokens stay.
    const refused = await ctx.call('PATCH', `/api/users/${me.id}`, { disabled: true });
    expect(refused.status).toBe(409);
    expect((await readAs({ token: own.token })).status).toBe(200);
  });
});
