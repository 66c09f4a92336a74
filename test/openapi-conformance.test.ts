import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../server/app.ts';
import { openDatabase, type Db } from '../server/db/database.ts';
import { loadDemo } from '../server/fixtures/demo.ts';

/**
 * The document tells the truth: every operation of /api/openapi.json, called by every kind of caller on the demo
 * programme, answers with a status the document lists for it, in a media type it lists, with a body that
 * validates against the listed schema (ajv) and every header the document promises. And every route the server
 * serves is in the document.
 */
type Who = 'anonymous' | 'sponsor' | 'lead' | 'otherLead' | 'office';
const CALLERS: Who[] = ['anonymous', 'sponsor', 'lead', 'otherLead', 'office'];
const ACCOUNTS: Record<Exclude<Who, 'anonymous'>, [string, string]> = {
  sponsor: ['sponsor@example.org', 'sponsor-demo-2026'],
  lead: ['lead.northmoor@example.org', 'lead-demo-2026'],
  otherLead: ['lead.eastbridge@example.org', 'lead-demo-2026'],
  office: ['office@example.org', 'office-demo-2026'],
};
type Json = Record<string, any>;

let db: Db;
let app: FastifyInstance;
let doc: Json;
const agents: Partial<Record<Who, { cookie: string; csrf: string }>> = {};
const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
addFormats(ajv);
const compiled = new Map<unknown, ReturnType<typeof ajv.compile>>();

/** Replaces every `#/components/schemas/...` reference with the schema it names. */
function deref(node: unknown, seen = new Set<string>()): unknown {
  if (Array.isArray(node)) return node.map((n) => deref(n, seen));
  if (!node || typeof node !== 'object') return node;
  const ref = (node as Json).$ref;
  if (typeof ref === 'string' && ref.startsWith('#/components/schemas/') && !seen.has(ref)) {
    return deref(doc.components.schemas[ref.slice('#/components/schemas/'.length)], new Set([...seen, ref]));
  }
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, deref(v, seen)]));
}

function validatorOf(schema: unknown) {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(deref(schema) as object);
    compiled.set(schema, validate);
  }
  return validate;
}

/** Request bodies that succeed for the callers allowed to send them; other writes are sent `{}` (a 400, or a refusal). */
let n = 0;
const unique = () => ++n;
const BODIES: Record<string, () => unknown> = {
  createCouncil: () => ({ name: `Southfield ${unique()} Council`, code: `SF${n}`, staffHeadcount: 1200, managerHeadcount: 120 }),
  createFeature: () => ({ code: `F${unique()}`, name: `Feature ${n}`, audience: 'employees' }),
  createWave: () => ({ name: `W9.${unique()}`, sequence: 900 + n, plannedGoLive: '2027-09-30' }),
  updateCouncil: () => ({ managerHeadcount: 700 + unique() }),
  createToken: () => ({ name: `Readings script ${unique()}` }),
  createShareLink: () => ({ label: `Board pack ${unique()}` }),
  createEngagementQuestion: () => ({ question: `Can I see my P60 on my phone ${unique()}?`, channel: 'helpline', category: 'Access' }),
};

/** Ids to put in paths: a record of the lead's own council where the list says whose a row is. */
const ids = new Map<string, number>();
async function idFor(collection: string, northmoorId: number): Promise<number> {
  const known = ids.get(collection);
  if (known !== undefined) return known;
  const res = await app.inject({ method: 'GET', url: `${collection}?limit=500`, headers: { cookie: agents.office!.cookie } });
  let id = 1;
  if (res.statusCode === 200) {
    const body = JSON.parse(res.body);
    const rows: Json[] = Array.isArray(body) ? body : Array.isArray(body?.data) ? body.data : [];
    const own = rows.find((r) => r.councilId === northmoorId || (Array.isArray(r.councilIds) && r.councilIds.includes(northmoorId)));
    id = Number((own ?? rows[0])?.id ?? 1);
  }
  ids.set(collection, id);
  return id;
}

beforeAll(async () => {
  db = openDatabase({ file: ':memory:' });
  await loadDemo(db);
  app = await buildApp({ db, clock: () => new Date('2026-11-23T09:00:00Z') });
  await app.ready();
  for (const [who, [email, password]] of Object.entries(ACCOUNTS)) {
    const res = await app.inject({ method: 'POST', url: '/api/session', payload: { email, password } });
    expect(res.statusCode, who).toBe(200);
    agents[who as Who] = { cookie: `rp_session=${res.cookies.find((c) => c.name === 'rp_session')!.value}`, csrf: JSON.parse(res.body).csrfToken };
  }
  doc = JSON.parse((await app.inject({ method: 'GET', url: '/api/openapi.json' })).body);
}, 120_000);
afterAll(async () => {
  await app.close();
  db.$client.close();
});

const ORDER: Record<string, number> = { get: 0, post: 1, put: 1, patch: 2, delete: 3 };

describe('The OpenAPI document against the server', () => {
  it('documents every route the server serves', () => {
    const undocumented = app.routeList
      .filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs') && r.url !== '/api/openapi.json')
      .filter((r) => !doc.paths[r.url.replace(/:(\w+)/g, '{$1}')]?.[r.method.toLowerCase()])
      .map((r) => `${r.method} ${r.url}`);
    expect(undocumented).toEqual([]);
  });

  it('answers every operation, for every caller, as the document says', async () => {
    const northmoorId = Number((JSON.parse((await app.inject({ method: 'GET', url: '/api/councils', headers: { cookie: agents.office!.cookie } })).body).data as Json[]).find((c) => c.code === 'NMC')!.id);
    const operations = Object.entries<Json>(doc.paths)
      .flatMap(([path, methods]) => Object.entries<Json>(methods).map(([method, op]) => ({ path, method, op })))
      // Reads first, then writes, deletes last, signing out at the very end.
      .sort((a, b) => (ORDER[a.method]! - ORDER[b.method]!) || Number(a.op.operationId === 'signOut') - Number(b.op.operationId === 'signOut'));
    const failures: string[] = [];
    const statuses = new Map<string, number>();
    let calls = 0;
    for (const { path, method, op } of operations) {
      for (const who of CALLERS) {
        const agent = agents[who];
        let url = path;
        for (const [, name] of path.matchAll(/\{(\w+)\}/g)) {
          const collection = path.slice(0, path.indexOf(`{${name}}`) - 1);
          url = url.replace(`{${name}}`, String(await idFor(collection, northmoorId)));
        }
        const headers: Record<string, string> = {};
        if (agent) headers.cookie = agent.cookie;
        if (agent && method !== 'get') headers['x-csrf-token'] = agent.csrf;
        const takesIfMatch = (op.parameters ?? []).some((p: Json) => p.in === 'header' && p.name === 'if-match');
        if (takesIfMatch) {
          const read = await app.inject({ method: 'GET', url: url.replace(/\/(archive|unarchive|password)$/, ''), headers: { cookie: agents.office!.cookie } });
          if (read.headers.etag) headers['if-match'] = String(read.headers.etag);
        }
        const body = method === 'get' ? undefined : op.requestBody ? (BODIES[op.operationId]?.() ?? {}) : undefined;
        const res = await app.inject({ method: method.toUpperCase() as 'GET', url, headers, ...(body !== undefined ? { payload: body as object } : {}) });
        calls += 1;
        statuses.set(`${who} ${res.statusCode}`, (statuses.get(`${who} ${res.statusCode}`) ?? 0) + 1);
        const where = `${method.toUpperCase()} ${url} (${op.operationId}) as ${who} → ${res.statusCode}`;
        const documented = op.responses?.[String(res.statusCode)] as Json | undefined;
        if (!documented) {
          failures.push(`${where}: status not documented (${res.body.slice(0, 160)})`);
          continue;
        }
        for (const name of Object.keys(documented.headers ?? {})) {
          if (res.headers[name.toLowerCase()] === undefined) failures.push(`${where}: no ${name} header`);
        }
        if (res.statusCode === 204 || res.statusCode === 304) {
          if (res.body !== '') failures.push(`${where}: a body with ${res.statusCode}`);
          continue;
        }
        const type = String(res.headers['content-type'] ?? '').split(';')[0]!.trim();
        const media = documented.content?.[type] as Json | undefined;
        if (!media) {
          failures.push(`${where}: media type ${type} not documented (${Object.keys(documented.content ?? {}).join(', ')})`);
          continue;
        }
        const value = type === 'application/json' ? JSON.parse(res.body) : res.body;
        const validate = validatorOf(media.schema ?? {});
        if (!validate(value)) failures.push(`${where}: body does not match the schema: ${ajv.errorsText(validate.errors)}`);
      }
    }
    expect(failures).toEqual([]);
    // The calls reached the handlers, not only the refusals: most reads succeed for every signed-in caller.
    for (const who of ['sponsor', 'lead', 'otherLead', 'office'] as const) expect(statuses.get(`${who} 200`) ?? 0, who).toBeGreaterThan(60);
    expect((statuses.get('office 201') ?? 0) + (statuses.get('office 204') ?? 0)).toBeGreaterThan(5);
    expect(calls).toBe(operations.length * CALLERS.length);
  }, 300_000);
});
