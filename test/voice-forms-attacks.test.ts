import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeTestApp, createTestApp, seedSmallPlan, type Agent, type TestContext } from './helpers.ts';

/**
 * The changes the staff voice page's forms make (docs/staff-voice.md, "Who sees what"), attacked: signed out, as a
 * sponsor, as the lead of another council (ids in paths and bodies), odd spellings of the paths, non-finite and huge
 * numbers, and odd Unicode. Every refusal is a clear 4xx and changes nothing: a fingerprint of every staff voice
 * table and the audit trail is the same after it as before.
 */
let ctx: TestContext;
let plan: Awaited<ReturnType<typeof seedSmallPlan>>;
let northLead: Agent;
let westLead: Agent;
let sponsor: Agent;
let survey: any;
let link: any;
let idea: any;
let criterion: number;

const VOICE_TABLES = ['pulse_surveys', 'pulse_links', 'pulse_responses', 'pulse_comments', 'pulse_marks', 'pulse_discards', 'pulse_feeds', 'pulse_tallies', 'voice_ideas', 'early_wins', 'readings', 'audit_log'];
const fingerprint = () => VOICE_TABLES.map((t) => JSON.stringify(ctx.db.$client.prepare(`select * from ${t} order by rowid`).all())).join('\n');

async function raw(method: 'POST' | 'PATCH', url: string, payload: string, as: Agent | null, ifMatch?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (as?.cookie) headers.cookie = as.cookie;
  if (as?.csrf) headers['x-csrf-token'] = as.csrf;
  if (ifMatch) headers['if-match'] = ifMatch;
  const res = await ctx.app.inject({ method, url, payload, headers });
  return { status: res.statusCode, body: JSON.parse(res.body) };
}

beforeAll(async () => {
  ctx = await createTestApp({ voiceLimits: { perLink: 10_000, perAddress: 10_000 } });
  plan = await seedSmallPlan(ctx);
  northLead = await ctx.userAs('lead', [plan.north.id]);
  westLead = await ctx.userAs('lead', [plan.west.id]);
  sponsor = await ctx.userAs('sponsor');
  survey = (await ctx.call('POST', '/api/voice/surveys', { councilId: plan.north.id, waveId: plan.w1.id, title: 'North pulse', link: { label: 'Posters', expiresOn: '2026-12-31' } }, { as: northLead })).body;
  link = survey.links[0];
  for (let i = 0; i < 10; i += 1) {
    await ctx.app.inject({ method: 'POST', url: `/api/voice/answer/${link.token}`, payload: { awareness: 4, desire: 3, ideas: i === 0 ? 'Payslips in Welsh too' : undefined }, remoteAddress: `192.0.2.${i}` });
  }
  const comment = (await ctx.call('GET', `/api/voice/comments?surveyId=${survey.id}`)).body[0];
  await ctx.call('PATCH', `/api/voice/comments/${comment.id}`, { status: 'published' });
  idea = (await ctx.call('POST', '/api/voice/ideas', { commentId: comment.id, title: 'Welsh payslips' }, { as: northLead })).body;
  criterion = (await ctx.call('POST', '/api/criteria', {
    code: 'AWARE', name: 'Staff awareness', unit: 'score', direction: 'higher', target: 4, amberThreshold: 3, scope: 'council', phase: 'readiness',
  })).body.id;
});
afterAll(async () => closeTestApp(ctx));

/** Every change a form makes, for a given caller, with its body; ids of North's records in paths and bodies. */
const changes = () => [
  { name: 'open a survey', method: 'POST' as const, url: '/api/voice/surveys', body: { councilId: plan.north.id, waveId: plan.w1.id, link: { expiresOn: '2026-12-31' } } },
  { name: 'make a link', method: 'POST' as const, url: `/api/voice/surveys/${survey.id}/links`, body: { expiresOn: '2026-12-31' } },
  { name: 'close a link', method: 'PATCH' as const, url: `/api/voice/links/${link.id}`, body: { closed: true } },
  { name: 'set a burst aside', method: 'POST' as const, url: `/api/voice/surveys/${survey.id}/discards`, body: { linkId: link.id, day: '2026-11-23', reason: 'Spam' } },
  { name: 'feed a reading', method: 'POST' as const, url: `/api/voice/surveys/${survey.id}/feeds`, body: { stage: 'awareness', criterionId: criterion } },
  { name: 'log an idea', method: 'POST' as const, url: '/api/voice/ideas', body: { councilId: plan.north.id, title: 'Kiosks', youSaid: 'More kiosks' } },
  { name: 'move an idea on', method: 'PATCH' as const, url: `/api/voice/ideas/${idea.id}`, body: { status: 'adopted', weDid: 'Done' } },
  { name: 'publish a comment', method: 'PATCH' as const, url: `/api/voice/comments/${idea.commentId}`, body: { status: 'withheld' } },
];

describe('the staff voice forms refuse, and change nothing', () => {
  it('signed out: 401 for every change', async () => {
    const before = fingerprint();
    for (const c of changes()) {
      const res = await raw(c.method, c.url, JSON.stringify(c.body), null, '"1"');
      expect(res.status, c.name).toBe(401);
    }
    expect(fingerprint()).toBe(before);
  });

  it('a sponsor: 403 for every change', async () => {
    const before = fingerprint();
    for (const c of changes()) {
      const res = await ctx.call(c.method, c.url, c.body, { as: sponsor, ifMatch: '"1"' });
      expect(res.status, c.name).toBe(403);
    }
    expect(fingerprint()).toBe(before);
  });

  it("the lead of another council: 403 for every change to North's records, ids in the path or the body", async () => {
    const before = fingerprint();
    for (const c of changes()) {
      // With a current If-Match, so the refusal is about the council, not the version.
      const res = await ctx.call(c.method, c.url, c.body, { as: westLead, ifMatch: '"1"' });
      expect(res.status, c.name).toBe(403);
      expect(res.body.message, c.name).toMatch(/council\(s\) you lead|programme office/);
    }
    // A link of North's survey, named in the body of a discard on West's own survey.
    const own = (await ctx.call('POST', '/api/voice/surveys', { councilId: plan.west.id, waveId: plan.w1.id }, { as: westLead })).body;
    const after = fingerprint();
    const crossed = await ctx.call('POST', `/api/voice/surveys/${own.id}/discards`, { linkId: link.id, day: '2026-11-23', reason: 'Spam' });
    expect(crossed.status).toBe(400);
    expect(crossed.body.details).toEqual([{ field: 'linkId', message: 'is not a link of this survey' }]);
    expect(fingerprint()).toBe(after);
    expect(before).not.toBe(after); // West's own survey was made
  });

  it('odd spellings of the paths reach the same check', async () => {
    const before = fingerprint();
    const encoded = [...String(link.id)].map((digit) => `%3${digit}`).join('');
    // Encoded digits, a trailing slash, a leading zero and hexadecimal name the same link, and meet the same refusal.
    for (const url of [`/api/voice/links/${encoded}`, `/api/voice/links/${link.id}/`, `/api/voice/links/0${link.id}`, `/api/voice/links/0x${link.id.toString(16)}`]) {
      const res = await ctx.call('PATCH', url, { closed: true }, { as: westLead, ifMatch: `"${link.version}"` });
      expect(res.status, url).toBe(403);
    }
    // A doubled slash is no route at all.
    expect((await ctx.call('PATCH', `/api//voice/links/${link.id}`, { closed: true }, { as: westLead, ifMatch: `"${link.version}"` })).status).toBe(404);
    expect(fingerprint()).toBe(before);
  });

  it('non-finite, huge, fractional and string numbers in paths and bodies: 400, nothing stored', async () => {
    const before = fingerprint();
    const bodies = [
      `{"councilId": 1e309, "waveId": ${plan.w1.id}}`,
      `{"councilId": ${plan.north.id}, "waveId": 9007199254740993}`,
      `{"councilId": ${plan.north.id}.5, "waveId": ${plan.w1.id}}`,
      `{"councilId": "${plan.north.id}", "waveId": ${plan.w1.id}}`,
      `{"councilId": -1, "waveId": ${plan.w1.id}}`,
    ];
    for (const body of bodies) {
      const res = await raw('POST', '/api/voice/surveys', body, ctx.office);
      expect(res.status, body).toBe(400);
    }
    for (const id of ['1e309', '9007199254740993', '1.5', '-1', 'Infinity', 'NaN', '0', '99999999']) {
      const res = await raw('POST', `/api/voice/surveys/${id}/links`, '{"expiresOn": "2026-12-31"}', ctx.office);
      expect([400, 404], id).toContain(res.status);
    }
    const feed = await raw('POST', `/api/voice/surveys/${survey.id}/feeds`, '{"stage": "awareness", "criterionId": 1e400}', ctx.office);
    expect(feed.status).toBe(400);
    expect(fingerprint()).toBe(before);
  });

  it('odd Unicode: bidi overrides, control characters and lone surrogates are refused; other scripts and emoji are kept', async () => {
    const before = fingerprint();
    for (const title of ['Payslips \u202Egnol', 'Tab\u0007bell', 'half \uD800 pair', '   ', '\u200B']) {
      const res = await ctx.call('POST', '/api/voice/ideas', { councilId: plan.north.id, title, youSaid: 'x' }, { as: northLead });
      expect(res.status, JSON.stringify(title)).toBe(400);
      const link2 = await ctx.call('POST', `/api/voice/surveys/${survey.id}/links`, { label: title, expiresOn: '2026-12-31' }, { as: northLead });
      expect(link2.status, JSON.stringify(title)).toBe(400);
    }
    expect(fingerprint()).toBe(before);
    const kept = await ctx.call('POST', '/api/voice/ideas', { councilId: plan.north.id, title: 'Slipiau cyflog yn Gymraeg 👍', youSaid: 'Cymraeg, s’il vous plaît' }, { as: northLead });
    expect(kept.status).toBe(201);
    expect(kept.body).toMatchObject({ title: 'Slipiau cyflog yn Gymraeg 👍', youSaid: 'Cymraeg, s’il vous plaît' });
  });

  it('a stale or missing If-Match on closing a link or moving an idea: 412 or 428, nothing changed', async () => {
    const before = fingerprint();
    expect((await ctx.call('PATCH', `/api/voice/links/${link.id}`, { closed: true }, { as: northLead, ifMatch: null })).status).toBe(428);
    expect((await ctx.call('PATCH', `/api/voice/links/${link.id}`, { closed: true }, { as: northLead, ifMatch: '"99"' })).status).toBe(412);
    expect((await ctx.call('PATCH', `/api/voice/ideas/${idea.id}`, { status: 'considering' }, { as: northLead, ifMatch: '"99"' })).status).toBe(412);
    expect(fingerprint()).toBe(before);
  });
});
