import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEXT_PATTERNS } from '../server/http/schemas.ts';
import { closeTestApp, createTestApp, seedSmallPlan, tableCounts, type Agent, type TestContext } from './helpers.ts';

/**
 * Names and titles people type must contain a visible character, and no control or bidi-override characters:
 * one rule (http/schemas.ts, VisibleLine and friends) for every name and title the API takes.
 */
let ctx: TestContext;
let plan: Awaited<ReturnType<typeof seedSmallPlan>>;
let lead: Agent;
let itemId: number;

beforeAll(async () => {
  ctx = await createTestApp();
  plan = await seedSmallPlan(ctx);
  lead = await ctx.userAs('lead', [plan.north.id]);
  itemId = (await ctx.call('POST', '/api/items', { councilId: plan.north.id, featureId: plan.payslip.id, waveId: plan.w1.id })).body.id;
}, 30_000);
afterAll(async () => closeTestApp(ctx));

/** Each kind of name that shows nothing, or shows something other than what is stored. */
const BAD_NAMES: Array<[string, string]> = [
  ['only spaces', '   '],
  ['only zero-width characters', '\u200B\u200C\u200D'],
  ['only a byte-order mark and a soft hyphen', '\uFEFF\u00AD'],
  ['only a Hangul filler', '\u3164'],
  ['only combining marks', '\u0301\u0308'],
  ['a NUL', 'Northmoor\u0000'],
  ['a bell (C0 control)', 'Pay\u0007slips'],
  ['an escape sequence', '\u001B[31mRed'],
  ['a C1 control', 'Next\u0085line'],
  ['DEL', 'Pay\u007F'],
  ['a right-to-left override', 'Payslips \u202Efdp.exe'],
  ['a left-to-right embedding', '\u202AW1'],
  ['a bidi isolate', 'W1 \u2066x\u2069'],
  ['a lone surrogate', 'Pilot \uD800'],
  ['a line break in a one-line name', 'Depot\nteam'],
  ['a tab in a one-line name', 'Depot\tteam'],
];

const GOOD_NAMES = [
  "Zoë O'Brien",
  'Siân Llŷr',
  'Ysgol Gymraeg Aberystwyth',
  'Bryn-y-Môr depot',
  'Équipe RH – paie',
  'D’Arcy-Évans & Søn',
  'Ōtautahi pilot',
  '北区チーム',
  'فريق الموارد البشرية',
  '🎉 Payslips live',
  '👩🏽‍💻 ICT floorwalkers',
  '🏴󠁧󠁢󠁷󠁬󠁳󠁿 Welsh-speaking staff',
];

interface Field {
  /** Where the name goes, as the reply names it. */
  field: string;
  method: 'POST' | 'PATCH';
  url: () => string;
  body: (name: string, n: number) => Record<string, unknown>;
  as?: () => Agent;
  /** Reads the stored value back from the reply. */
  stored: (body: any) => unknown;
}

const FIELDS: Field[] = [
  { field: 'name', method: 'POST', url: () => '/api/councils', body: (name, n) => ({ name, code: `C${n}`, staffHeadcount: 100, managerHeadcount: 10 }), stored: (b) => b.name },
  { field: 'groups/0/name', method: 'POST', url: () => '/api/councils', body: (name, n) => ({ name: `Council ${n}`, code: `G${n}`, staffHeadcount: 100, managerHeadcount: 10, groups: [{ name, headcount: 5 }] }), stored: (b) => b.groups[0].name },
  { field: 'name', method: 'PATCH', url: () => `/api/features/${plan.payslip.id}`, body: (name) => ({ name }), stored: (b) => b.name },
  { field: 'name', method: 'POST', url: () => '/api/waves', body: (name, n) => ({ name, sequence: 100 + n, plannedGoLive: '2027-01-31' }), stored: (b) => b.name },
  { field: 'displayName', method: 'POST', url: () => '/api/users', body: (displayName, n) => ({ email: `person${n}@example.org`, displayName, role: 'sponsor', password: 'a long enough password' }), stored: (b) => b.displayName },
  { field: 'name', method: 'POST', url: () => '/api/criteria', body: (name, n) => ({ code: `K${n}`, name, unit: 'percent', direction: 'higher', scope: 'council', phase: 'readiness', target: 80, amberThreshold: 60 }), stored: (b) => b.name },
  { field: 'title', method: 'POST', url: () => '/api/wins', as: () => lead, body: (title) => ({ councilId: plan.north.id, title, story: 'Before: paper. After: phone.', wonOn: '2026-11-20', evidenceValue: 12 }), stored: (b) => b.title },
  { field: 'ownerName', method: 'POST', url: () => '/api/raid/entries', as: () => lead, body: (ownerName) => ({ type: 'issue', scope: 'item', itemId, title: 'Kiosks not installed', ownerName, dueDate: '2026-12-04' }), stored: (b) => b.owner.name },
  { field: 'title', method: 'POST', url: () => '/api/engagement/activities', as: () => lead, body: (title) => ({ waveId: plan.w1.id, councilIds: [plan.north.id], title, channel: 'briefing', audience: 'both', dateMode: 'relative', offsetDays: -7, owner: 'HR team' }), stored: (b) => b.title },
  { field: 'category', method: 'POST', url: () => '/api/engagement/questions', as: () => lead, body: (category) => ({ councilId: plan.north.id, question: 'Where is my P60?', channel: 'email', category }), stored: (b) => b.category },
  { field: 'label', method: 'POST', url: () => '/api/share-links', body: (label) => ({ label }), stored: (b) => b.label },
  { field: 'title', method: 'POST', url: () => '/api/reports/board/issued', body: (title) => ({ from: '2026-10-01', to: '2026-10-31', title }), stored: (b) => b.title },
];

describe('names and titles', () => {
  it.each(BAD_NAMES)('refuse %s with a 400 naming the field, storing nothing', async (_kind, bad) => {
    const wrong: string[] = [];
    for (const [n, f] of FIELDS.entries()) {
      const before = tableCounts(ctx.db);
      const res = await ctx.call(f.method, f.url(), f.body(bad, n), { as: f.as?.() });
      const detail = res.body?.details?.find((d: { field: string }) => d.field === f.field);
      if (res.status !== 400 || !detail || !/visible character|control|bidi/.test(detail.message)) wrong.push(`${f.method} ${f.url()} ${f.field}: ${res.status} ${JSON.stringify(res.body?.details)}`);
      expect(tableCounts(ctx.db)).toEqual(before);
    }
    expect(wrong).toEqual([]);
  });

  it('the refusal says what is wrong in words, not as a regular expression', async () => {
    const res = await ctx.call('POST', '/api/councils', { name: '\u200B', code: 'ZW', staffHeadcount: 1, managerHeadcount: 0 });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([{ field: 'name', message: 'must contain a visible character, and no control or bidi-override characters' }]);
    expect(res.body.message).toBe('The body is not valid: name must contain a visible character, and no control or bidi-override characters.');
  });

  it('accept ordinary names with accents, apostrophes, Welsh, other scripts and emoji, and store them exactly', async () => {
    let n = 100;
    for (const name of GOOD_NAMES) {
      for (const f of FIELDS) {
        n += 1;
        const res = await ctx.call(f.method, f.url(), f.body(name, n), { as: f.as?.() });
        expect(res.status, `${f.method} ${f.url()} ${f.field} ${name}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
        expect(f.stored(res.body)).toBe(name);
      }
    }
  });

  it('longer text keeps its line breaks and tabs, but not other controls', async () => {
    const story = 'Before: paper payslips.\n\tAfter: on the phone, in Welsh too (Cymraeg).';
    const ok = await ctx.call('POST', '/api/wins', { councilId: plan.north.id, title: 'Payslips on phones', story, wonOn: '2026-11-20', evidenceNote: 'Line one\r\nLine two' }, { as: lead });
    expect(ok.status).toBe(201);
    expect(ok.body.story).toBe(story);
    const refused = await ctx.call('POST', '/api/wins', { councilId: plan.north.id, title: 'Payslips', story: 'Before\u0000after', wonOn: '2026-11-20', evidenceNote: 'x\u202Ey' }, { as: lead });
    expect(refused.status).toBe(400);
    expect(refused.body.details).toEqual([
      { field: 'story', message: 'must contain a visible character, and no control characters (other than tab and new line) or bidi-override characters' },
      { field: 'evidenceNote', message: 'must not contain control characters (other than tab and new line) or bidi-override characters' },
    ]);
  });

  it('notes, descriptions and reasons refuse controls and bidi overrides too, and may still be empty', async () => {
    const note = await ctx.call('PATCH', `/api/items/${itemId}`, { note: 'Kiosks\u0000arriving' });
    expect(note.status).toBe(400);
    expect(note.body.details).toEqual([{ field: 'note', message: 'must not contain control characters (other than tab and new line) or bidi-override characters' }]);
    const benefit = await ctx.call('PATCH', `/api/features/${plan.payslip.id}`, { benefit: 'See your pay \u202Eon your phone' });
    expect(benefit.body.details).toEqual([{ field: 'benefit', message: 'must not contain control or bidi-override characters' }]);
    expect((await ctx.call('PATCH', `/api/items/${itemId}`, { note: '' })).status).toBe(200);
    expect((await ctx.call('PATCH', `/api/items/${itemId}`, { note: 'Kiosks arrive Monday.\nFloorwalkers booked.' })).body.note).toBe('Kiosks arrive Monday.\nFloorwalkers booked.');
  });

  it('the plan import holds names to the same rule', async () => {
    const csv = 'council_code,council_name,staff_headcount,manager_headcount,feature_code,feature_name,audience,wave,note\r\nNMC,\u200B\u200B,6800,720,,,,,\r\n,,,,PAYSLIP,View \u202Epayslip,employees,,\r\n';
    const res = await ctx.app.inject({ method: 'POST', url: '/api/imports/plan?mode=apply', payload: csv, headers: { 'content-type': 'text/csv', cookie: ctx.office.cookie!, 'x-csrf-token': ctx.office.csrf! } });
    expect(res.statusCode).toBe(400);
    expect(res.json().details).toEqual([
      { field: 'line 2/council_name', message: 'must contain a visible character, and no control or bidi-override characters' },
      { field: 'line 3/feature_name', message: 'must contain a visible character, and no control or bidi-override characters' },
    ]);
  });

  it('every name, title and label a request body takes follows the rule (from the OpenAPI document)', async () => {
    const doc = (await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const NAME_FIELDS = new Set(['name', 'title', 'displayName', 'label', 'owner', 'approvedBy', 'category']);
    const found: string[] = [];
    const wrong: string[] = [];
    const visit = (schema: any, at: string) => {
      if (!schema || typeof schema !== 'object') return;
      for (const [key, sub] of Object.entries((schema.properties ?? {}) as Record<string, any>)) {
        if (NAME_FIELDS.has(key) && sub.type === 'string' && !sub.enum && !sub.format) {
          found.push(`${at}/${key}`);
          if (sub.pattern !== TEXT_PATTERNS.visibleLine.pattern && sub.pattern !== TEXT_PATTERNS.plainLine.pattern) wrong.push(`${at}/${key}`);
        }
        visit(sub, `${at}/${key}`);
      }
      if (schema.items) visit(schema.items, `${at}/0`);
      for (const branch of schema.anyOf ?? []) visit(branch, at);
    };
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
      for (const [method, op] of Object.entries(ops)) visit(op.requestBody?.content?.['application/json']?.schema, `${method.toUpperCase()} ${path}`);
    }
    expect(found.length).toBeGreaterThan(20);
    expect(wrong).toEqual([]);
  });
});
