import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceWords } from '../server/auth/device.ts';
import { closeTestApp, createTestApp, PASSWORD, type Agent, type TestContext } from './helpers.ts';

/**
 * Each session names the device it was started from ("Chrome on Android"), from the User-Agent at sign-in, so a
 * person can tell their sessions apart on /account. The header is the client's to write: what is kept is
 * cleaned and short, it is shown only to the session's owner, and nothing is decided by it.
 */
const UA = {
  androidChrome: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
  iphoneSafari: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  ipadSafari: 'Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  windowsEdge: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
  windowsFirefox: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0',
  macSafari: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
  linuxChrome: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
};

describe('the device a session was started from, in words', () => {
  it.each([
    [UA.androidChrome, 'Chrome on Android'],
    [UA.iphoneSafari, 'Safari on iPhone'],
    [UA.ipadSafari, 'Safari on iPad'],
    [UA.windowsEdge, 'Microsoft Edge on Windows'],
    [UA.windowsFirefox, 'Firefox on Windows'],
    [UA.macSafari, 'Safari on macOS'],
    [UA.linuxChrome, 'Chrome on Linux'],
  ])('%s is "%s"', (ua, words) => {
    expect(deviceWords(ua)).toBe(words);
  });

  it('is null for scripts and command-line clients, and for no header at all', () => {
    expect(deviceWords('curl/8.5.0')).toBeNull();
    expect(deviceWords('lightMyRequest')).toBeNull();
    expect(deviceWords('')).toBeNull();
    expect(deviceWords(undefined)).toBeNull();
  });

  it('keeps only letters, digits, spaces, dots and hyphens of a name the client made up, and at most 60 characters', () => {
    // bowser names an unknown browser after the header's first word: the client's own text.
    expect(deviceWords('Contoso\u202E Browser<script>/3.1 (Windows NT 10.0)')).toBe('Contoso Browserscript on Windows');
    expect(deviceWords('Bad\u202Eactor\u0001<b>/2.0 (X11)')).toBe('Badactorb');
    expect(deviceWords(`${'A'.repeat(100)}/1.0 (Windows NT 10.0)`)).toBe(`${'A'.repeat(28)} on Windows`);
    // Only the first 512 characters of the header are read.
    expect(deviceWords(`${'A'.repeat(5_000)}/1.0 (Windows NT 10.0)`)).toBeNull();
    for (const ua of ['\u0007\u0008', '\uD800/1.0', '   ', '/////']) {
      const words = deviceWords(ua);
      expect(words === null || /^[\p{L}\p{N} .-]{1,60}$/u.test(words)).toBe(true);
    }
  });
});

describe('sessions listed with their device', () => {
  let ctx: TestContext;
  let person: Agent & { id: number; email: string };
  beforeAll(async () => {
    ctx = await createTestApp();
    person = await ctx.userAs('sponsor', []);
  });
  afterAll(() => closeTestApp(ctx));

  const signInFrom = async (email: string, userAgent?: string): Promise<Agent> => {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/session', payload: { email, password: PASSWORD }, headers: userAgent === undefined ? {} : { 'user-agent': userAgent } });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'rp_session')!;
    return { cookie: `rp_session=${cookie.value}`, csrf: (JSON.parse(res.body) as { csrfToken: string }).csrfToken };
  };
  const sessionsOf = async (agent: Agent, headers?: Record<string, string>) => {
    const res = await ctx.call('GET', '/api/account/sessions', undefined, { as: agent, headers });
    expect(res.status).toBe(200);
    return res.body as Array<{ id: string; current: boolean; lastSeenAt: string; device: string | null }>;
  };

  it('names each session by the browser and system it signed in from; scripts and hostile headers are shown plainly', async () => {
    const phone = await signInFrom(person.email, UA.androidChrome);
    await signInFrom(person.email, UA.windowsFirefox);
    await signInFrom(person.email, 'Bad\u202Eactor\u0001<b>/2.0 (X11)');
    const listed = await sessionsOf(phone);
    const devices = listed.map((s) => s.device);
    // The helper's own sign-in (no browser named) is listed as null: the page says "Unknown device".
    expect(devices.sort()).toEqual([null, 'Badactorb', 'Chrome on Android', 'Firefox on Windows'].sort());
    expect(listed.find((s) => s.current)!.device).toBe('Chrome on Android');
    // Stored cleaned, as shown.
    const stored = ctx.db.$client.prepare('select device from sessions where user_id = ? order by created_at').all(person.id) as Array<{ device: string | null }>;
    expect(stored.map((s) => s.device).sort()).toEqual(devices.sort());
  });

  it('is never used to decide anything: a session presented by another browser is the same session, its device unchanged', async () => {
    const phone = await signInFrom(person.email, UA.iphoneSafari);
    const before = (await sessionsOf(phone)).find((s) => s.current)!;
    const from = await sessionsOf(phone, { 'user-agent': UA.windowsEdge });
    const after = from.find((s) => s.current)!;
    expect(after).toEqual({ ...before, lastSeenAt: after.lastSeenAt } as typeof after);
    expect(after.device).toBe('Safari on iPhone');
  });

  it('another person never sees these devices, and signed-out callers get 401', async () => {
    const other = await ctx.userAs('sponsor', []);
    await signInFrom(other.email, UA.macSafari);
    const ownDevices = (await sessionsOf(person)).map((s) => s.device);
    expect(ownDevices).not.toContain('Safari on macOS');
    expect((await ctx.call('GET', '/api/account/sessions', undefined, { as: null })).status).toBe(401);
  });

  it('the fresh session after a password change names the device it was changed from', async () => {
    const sponsor = await ctx.userAs('sponsor', []);
    const phone = await signInFrom(sponsor.email, UA.androidChrome);
    const res = await ctx.call('POST', '/api/account/password', { currentPassword: PASSWORD, newPassword: 'harbour lantern seventeen' },
      { as: phone, ifMatch: null, headers: { 'user-agent': UA.androidChrome } });
    expect(res.status).toBe(200);
    const cookie = res.res.cookies.find((c) => c.name === 'rp_session')!;
    const fresh = await sessionsOf({ cookie: `rp_session=${cookie.value}`, csrf: res.body.csrfToken });
    expect(fresh).toEqual([expect.objectContaining({ current: true, device: 'Chrome on Android' })]);
  });
});
