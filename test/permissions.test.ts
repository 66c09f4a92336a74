import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeTestApp, createTestApp, seedSmallPlan, tableCounts, type Agent, type TestContext } from './helpers.ts';
import { unsubscribeSignature } from '../server/modules/notifications/render.ts';
import { insertNotification } from '../server/modules/notifications/store.ts';

/**
 * One table of every API route × every kind of caller, with the status each must get.
 * Callers: signed out, sponsor, the lead of the council the target belongs to, the lead of
 * another council, and the programme office. Adding a route without a row here fails the last test.
 */
type Who = 'anonymous' | 'sponsor' | 'lead' | 'otherLead' | 'office';
const CALLERS: Who[] = ['anonymous', 'sponsor', 'lead', 'otherLead', 'office'];
type Expected = [number, number, number, number, number];

const PUBLIC: Expected = [200, 200, 200, 200, 200];
const READ: Expected = [401, 200, 200, 200, 200];
const OFFICE_READ: Expected = [401, 403, 403, 403, 200];
const OFFICE_CREATE: Expected = [401, 403, 403, 403, 201];
const OFFICE_CHANGE: Expected = [401, 403, 403, 403, 200];
const OFFICE_DELETE: Expected = [401, 403, 403, 403, 204];

interface Request {
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Send as this agent instead of the caller's usual one (sign-out needs a session of its own). */
  agent?: Agent | null;
}

let ctx: TestContext;
let plan: Awaited<ReturnType<typeof seedSmallPlan>>;
let agents: Record<Who, Agent | null>;
let emails: Record<string, string>;
let itemA: any;
let baselineId: number;
let criterionId: number;
let publishedWinId: number;
let issuedReportId: number;
let templateId: number;
let publishedQuestionId: number;
const CONTRIBUTOR_CREATE: Expected = [401, 403, 201, 403, 201];
const CONTRIBUTOR_CHANGE: Expected = [401, 403, 200, 403, 200];
const CONTRIBUTOR_DELETE: Expected = [401, 403, 204, 403, 204];
const winDraft = () => ({ councilId: plan.north.id, title: `Win ${unique()}`, story: 'Before: paper. After: phone.', wonOn: '2026-11-20', evidenceNote: 'Counted' });
const createDraftWin = async () => (await ctx.call('POST', '/api/wins', winDraft())).body;
const raidDraft = () => ({ type: 'issue', scope: 'item', itemId: itemA.id, title: `Issue ${unique()}`, dueDate: '2026-12-01', ownerName: 'HR lead' });
const createRaidEntry = async () => (await ctx.call('POST', '/api/raid/entries', raidDraft(), { as: office() })).body;
const actionDraft = () => ({ title: `Action ${unique()}`, itemId: itemA.id, dueDate: '2026-12-01', ownerName: 'HR lead' });
const createAction = async () => (await ctx.call('POST', '/api/raid/actions', actionDraft(), { as: office() })).body;
let periods = 0;
/** A reporting period no other row has used: months from January 2101 on. */
const nextPeriod = () => { periods += 1; return `${2101 + Math.floor(periods / 12)}-${String((periods % 12) + 1).padStart(2, '0')}`; };
const createStatus = async () => (await ctx.call('POST', '/api/programme-status', { period: nextPeriod(), status: 'on_track' }, { as: office() })).body;
const readingOf = () => ({ criterionId, councilId: plan.north.id, value: 50 + (unique() % 40), readingDate: '2026-11-20' });
let n = 0;
const unique = () => ++n;
const activityDraft = () => ({ waveId: plan.w2.id, councilIds: [plan.north.id], title: `Briefing ${unique()}`, channel: 'briefing', audience: 'employees', dateMode: 'relative', offsetDays: -7, owner: 'Comms' });
const createActivity = async () => (await ctx.call('POST', '/api/engagement/activities', activityDraft())).body;
const questionDraft = () => ({ councilId: plan.north.id, question: `Question ${unique()}?`, channel: 'helpline', category: 'Access' });
const createQuestion = async () => (await ctx.call('POST', '/api/engagement/questions', questionDraft())).body;
const templateDraft = () => ({ title: `Template ${unique()}`, channel: 'poster', audience: 'both', offsetDays: -21 });
const createTemplate = async () => (await ctx.call('POST', '/api/engagement/templates', templateDraft())).body;
let txTypeId: number;
/** Staff voice: a survey of the lead's council with ten answers, its link and a score criterion to feed. */
let voice: { surveyId: number; linkId: number; token: string; criterionId: number };
/** A fresh unreviewed comment of the lead's council. */
const voiceComment = async () => {
  await ctx.call('POST', `/api/voice/answer/${voice.token}`, { going_wrong: `Comment ${unique()}` }, { as: null });
  return (ctx.db.$client.prepare('select max(id) as id from pulse_comments').get() as { id: number }).id;
};
const adoptedIdea = async () => {
  const idea = (await ctx.call('POST', '/api/voice/ideas', { councilId: plan.north.id, title: `Idea ${unique()}`, youSaid: 'A help card' })).body;
  return (await ctx.call('PATCH', `/api/voice/ideas/${idea.id}`, { status: 'adopted', weDid: 'Help cards at every depot' })).body;
};
const createTxType = async () => (await ctx.call('POST', '/api/benefits/transaction-types', { featureId: plan.payslip.id, code: `TT${unique()}`, name: `Transaction ${n}`, channels: ['phone', 'online'] }, { as: office() })).body;
const unitCostDraft = async () => ({ councilId: plan.north.id, transactionTypeId: (await createTxType()).id, channel: 'phone', costPence: 350, source: 'Costing', sourceDate: '2026-01-01' });
const createUnitCost = async () => (await ctx.call('POST', '/api/benefits/unit-costs', await unitCostDraft(), { as: office() })).body;
const benefitBaselineDraft = async () => ({ councilId: plan.north.id, transactionTypeId: (await createTxType()).id, volumes: { phone: 100, online: 0 }, periodFrom: '2025-04-01', periodTo: '2026-03-31' });
const createBenefitBaseline = async () => (await ctx.call('POST', '/api/benefits/baselines', await benefitBaselineDraft(), { as: office() })).body;
const benefitDraft = () => ({ title: `Benefit ${unique()}`, owner: 'HR director', measure: 'saving', targetValue: 100_000, startDate: '2026-04-01', targetDate: '2027-03-31' });
const createBenefit = async () => (await ctx.call('POST', '/api/benefits/register', benefitDraft(), { as: office() })).body;
const setupCostDraft = () => ({ description: `Set-up ${unique()}`, amountPence: 5_000, incurredOn: '2026-03-01' });
const createSetupCost = async () => (await ctx.call('POST', '/api/benefits/setup-costs', setupCostDraft(), { as: office() })).body;
const volumeDraft = () => ({ councilId: plan.north.id, transactionTypeId: txTypeId, month: '2026-10', volumes: { phone: 100 + unique(), online: 50 } });
/** The five standard routes of a benefits resource the programme office keeps. */
const officeResource = (path: string, draft: () => unknown, create: () => Promise<{ id: number }>, change: () => unknown) => ({
  [`GET /api/benefits/${path}`]: { expected: READ, request: () => ({ url: `/api/benefits/${path}` }) },
  [`GET /api/benefits/${path}/:id`]: { expected: READ, request: async () => ({ url: `/api/benefits/${path}/${(await create()).id}` }) },
  [`POST /api/benefits/${path}`]: { expected: OFFICE_CREATE, request: async () => ({ url: `/api/benefits/${path}`, body: await draft() }) },
  [`PATCH /api/benefits/${path}/:id`]: { expected: OFFICE_CHANGE, request: async () => ({ url: `/api/benefits/${path}/${(await create()).id}`, body: change() }) },
  [`DELETE /api/benefits/${path}/:id`]: { expected: OFFICE_DELETE, request: async () => ({ url: `/api/benefits/${path}/${(await create()).id}` }) },
});

/** The five standard routes of a timeline resource the programme office keeps. */
const timelineResource = (path: string, draft: () => unknown, change: () => unknown) => {
  const create = async () => (await ctx.call('POST', `/api/${path}`, draft(), { as: ctx.office })).body as { id: number };
  return {
    [`GET /api/${path}`]: { expected: READ, request: () => ({ url: `/api/${path}` }) },
    [`GET /api/${path}/:id`]: { expected: READ, request: async () => ({ url: `/api/${path}/${(await create()).id}` }) },
    [`POST /api/${path}`]: { expected: OFFICE_CREATE, request: () => ({ url: `/api/${path}`, body: draft() }) },
    [`PATCH /api/${path}/:id`]: { expected: OFFICE_CHANGE, request: async () => ({ url: `/api/${path}/${(await create()).id}`, body: change() }) },
    [`DELETE /api/${path}/:id`]: { expected: OFFICE_DELETE, request: async () => ({ url: `/api/${path}/${(await create()).id}` }) },
  };
};

/** The same for a resource whose draft needs a fresh council or feature (capacities and support needs: one each). */
const capacityResource = (path: string, draft: () => Promise<unknown>, change: () => unknown) => {
  const create = async () => (await ctx.call('POST', `/api/${path}`, await draft(), { as: ctx.office })).body as { id: number };
  return {
    [`GET /api/${path}`]: { expected: READ, request: () => ({ url: `/api/${path}` }) },
    [`GET /api/${path}/:id`]: { expected: READ, request: async () => ({ url: `/api/${path}/${(await create()).id}` }) },
    [`POST /api/${path}`]: { expected: OFFICE_CREATE, request: async () => ({ url: `/api/${path}`, body: await draft() }) },
    [`PATCH /api/${path}/:id`]: { expected: OFFICE_CHANGE, request: async () => ({ url: `/api/${path}/${(await create()).id}`, body: change() }) },
    [`DELETE /api/${path}/:id`]: { expected: OFFICE_DELETE, request: async () => ({ url: `/api/${path}/${(await create()).id}` }) },
  };
};

const office = () => ctx.office;
/** An e-mail in the outbox, to the sponsor, in the given state. */
const email = (state: 'pending' | 'failed') => {
  const id = insertNotification(ctx.db, '2026-11-23T10:00:00.000Z', {
    userId: agentIds.sponsor!, kind: 'report_issued', dedupeKey: `permissions:${unique()}`, title: 'Board report issued', link: '/reports', shown: true, emailTo: 'sponsor@example.org',
  })!;
  ctx.db.$client.prepare('update notifications set email_state = ? where id = ?').run(state, id);
  return id;
};
const unsubscribeLink = () => `/api/notifications/unsubscribe?u=${agentIds.sponsor}&k=go_live&s=${unsubscribeSignature(ctx.app.notifications.secret, agentIds.sponsor!, 'go_live')}`;
const createCouncil = async () => (await ctx.call('POST', '/api/councils', { name: `Temp ${unique()}`, code: `T${n}`, staffHeadcount: 10, managerHeadcount: 1 })).body;
const createFeature = async () => (await ctx.call('POST', '/api/features', { name: `Temp ${unique()}`, code: `F${n}`, audience: 'employees' })).body;
const createWave = async () => (await ctx.call('POST', '/api/waves', { name: `Temp ${unique()}`, sequence: 100 + n, plannedGoLive: '2027-06-01' })).body;
const createItem = async () => {
  const feature = await createFeature();
  return (await ctx.call('POST', '/api/items', { councilId: plan.north.id, featureId: feature.id, waveId: plan.w2.id }, { as: office() })).body;
};

/** A programme-wide criterion (one shared system), made once. */
let programmeCriterionId: number | undefined;
const programmeCriterion = async (): Promise<number> => (programmeCriterionId ??= (await ctx.call('POST', '/api/criteria', {
  code: 'SEV1', name: 'Open severity-1 defects', unit: 'count', direction: 'lower', target: 0, amberThreshold: 0, mandatory: true, scope: 'programme', phase: 'readiness',
})).body.id);
const createCriterion = async () => (await ctx.call('POST', '/api/criteria', { code: `A${unique()}`, name: `Archivable ${n}`, unit: 'count', direction: 'lower', target: 0, amberThreshold: 1, scope: 'feature', phase: 'readiness' })).body;
/** Archive (a fresh record, at version 1) and unarchive (one the office archived, now at version 2). */
const archiveRoutes = (path: string, create: () => Promise<{ id: number }>) => ({
  [`POST /api${path}/:id/archive`]: { expected: OFFICE_CHANGE, request: async () => ({ url: `/api${path}/${(await create()).id}/archive`, headers: { 'if-match': '"1"' } }) },
  [`POST /api${path}/:id/unarchive`]: {
    expected: OFFICE_CHANGE,
    request: async () => {
      const { id } = await create();
      await ctx.call('POST', `/api${path}/${id}/archive`, undefined, { as: office(), headers: { 'if-match': '"1"' } });
      return { url: `/api${path}/${id}/unarchive`, headers: { 'if-match': '"2"' } };
    },
  },
});

const ROUTES: Record<string, { expected: Expected; request: (who: Who) => Promise<Request> | Request }> = {
  ...archiveRoutes('/councils', createCouncil),
  ...archiveRoutes('/features', createFeature),
  ...archiveRoutes('/waves', createWave),
  ...archiveRoutes('/items', createItem),
  ...archiveRoutes('/criteria', createCriterion),

  'GET /api/health': { expected: PUBLIC, request: () => ({ url: '/api/health' }) },
  'GET /api/openapi.json': { expected: PUBLIC, request: () => ({ url: '/api/openapi.json' }) },
  'POST /api/session': {
    expected: PUBLIC,
    request: (who) => ({ url: '/api/session', body: { email: emails[who === 'anonymous' ? 'office' : who], password: 'correct horse battery' }, agent: null }),
  },
  'GET /api/session': { expected: READ, request: () => ({ url: '/api/session' }) },
  'DELETE /api/session': {
    expected: [401, 204, 204, 204, 204],
    request: async (who) => ({ url: '/api/session', agent: who === 'anonymous' ? null : (await ctx.signIn(emails[who]!)).agent }),
  },

  'GET /api/councils': { expected: READ, request: () => ({ url: '/api/councils' }) },
  'GET /api/councils/:id': { expected: READ, request: () => ({ url: `/api/councils/${plan.north.id}` }) },
  'POST /api/councils': { expected: OFFICE_CREATE, request: () => ({ url: '/api/councils', body: { name: `New ${unique()}`, code: `N${n}`, staffHeadcount: 10, managerHeadcount: 1 } }) },
  'PATCH /api/councils/:id': { expected: OFFICE_CHANGE, request: () => ({ url: `/api/councils/${plan.north.id}`, body: { staffHeadcount: 6800 + unique() } }) },
  'DELETE /api/councils/:id': { expected: OFFICE_DELETE, request: async () => ({ url: `/api/councils/${(await createCouncil()).id}` }) },

  'GET /api/features': { expected: READ, request: () => ({ url: '/api/features' }) },
  'GET /api/features/:id': { expected: READ, request: () => ({ url: `/api/features/${plan.payslip.id}` }) },
  'POST /api/features': { expected: OFFICE_CREATE, request: () => ({ url: '/api/features', body: { name: `New ${unique()}`, code: `NF${n}`, audience: 'both' } }) },
  'PATCH /api/features/:id': { expected: OFFICE_CHANGE, request: () => ({ url: `/api/features/${plan.payslip.id}`, body: { description: `Edit ${unique()}` } }) },
  'DELETE /api/features/:id': { expected: OFFICE_DELETE, request: async () => ({ url: `/api/features/${(await createFeature()).id}` }) },

  'GET /api/waves': { expected: READ, request: () => ({ url: '/api/waves' }) },
  'GET /api/waves/:id': { expected: READ, request: () => ({ url: `/api/waves/${plan.w1.id}` }) },
  'POST /api/waves': { expected: OFFICE_CREATE, request: () => ({ url: '/api/waves', body: { name: `New ${unique()}`, sequence: 500 + n, plannedGoLive: '2027-01-01' } }) },
  'PATCH /api/waves/:id': { expected: OFFICE_CHANGE, request: () => ({ url: `/api/waves/${plan.w2.id}`, body: { description: `Edit ${unique()}` } }) },
  'DELETE /api/waves/:id': { expected: OFFICE_DELETE, request: async () => ({ url: `/api/waves/${(await createWave()).id}` }) },

  'GET /api/items': { expected: READ, request: () => ({ url: '/api/items' }) },
  'GET /api/items/:id': { expected: READ, request: () => ({ url: `/api/items/${itemA.id}` }) },
  'GET /api/items/:id/history': { expected: READ, request: () => ({ url: `/api/items/${itemA.id}/history` }) },
  'POST /api/items': { expected: OFFICE_CREATE, request: async () => ({ url: '/api/items', body: { councilId: plan.north.id, featureId: (await createFeature()).id } }) },
  'PATCH /api/items/:id': { expected: [401, 403, 200, 403, 200], request: () => ({ url: `/api/items/${itemA.id}`, body: { note: `Note ${unique()}` } }) },
  'DELETE /api/items/:id': { expected: OFFICE_DELETE, request: async () => ({ url: `/api/items/${(await createItem()).id}` }) },
  'POST /api/items/assignments': {
    expected: OFFICE_CHANGE,
    request: () => ({ url: '/api/items/assignments', body: { items: [{ councilId: plan.north.id, featureId: plan.approve.id, waveId: plan.w2.id }] } }),
  },

  'GET /api/baselines': { expected: READ, request: () => ({ url: '/api/baselines' }) },
  'GET /api/baselines/:id': { expected: READ, request: () => ({ url: `/api/baselines/${baselineId}` }) },
  // Comparing two plans, or the preview of a re-baseline, reads the plan: every signed-in role (docs/metrics.md).
  'GET /api/baselines/compare': { expected: READ, request: () => ({ url: '/api/baselines/compare' }) },
  // A baseline after the first is a re-baseline: it needs a reason (docs/metrics.md).
  'POST /api/baselines': { expected: OFFICE_CREATE, request: () => ({ url: '/api/baselines', body: { name: `Baseline ${unique()}`, reasonCategory: 'business_decision', reason: 'Board agreed the revised plan' } }) },
  'GET /api/progress': { expected: READ, request: () => ({ url: '/api/progress' }) },
  'GET /api/progress/items': { expected: READ, request: () => ({ url: '/api/progress/items' }) },

  'GET /api/users': { expected: OFFICE_CHANGE, request: () => ({ url: '/api/users' }) },
  'GET /api/users/:id': { expected: OFFICE_CHANGE, request: () => ({ url: `/api/users/${agentIds.lead}` }) },
  'POST /api/users': {
    expected: OFFICE_CREATE,
    request: () => ({ url: '/api/users', body: { email: `new${unique()}@example.org`, displayName: 'New person', role: 'sponsor', password: 'a long enough password' } }),
  },
  'PATCH /api/users/:id': { expected: OFFICE_CHANGE, request: () => ({ url: `/api/users/${agentIds.sponsor}`, body: { displayName: `Sponsor ${unique()}` } }) },
  'POST /api/users/:id/password': {
    expected: OFFICE_CHANGE,
    request: async () => {
      const user = (await ctx.call('POST', '/api/users', { email: `reset${unique()}@example.org`, displayName: 'Reset me', role: 'sponsor', password: 'a long enough password' })).body;
      return { url: `/api/users/${user.id}/password`, body: { password: 'another long password' } };
    },
  },

  'GET /api/tokens': { expected: READ, request: () => ({ url: '/api/tokens' }) },
  'POST /api/tokens': { expected: [401, 201, 201, 201, 201], request: () => ({ url: '/api/tokens', body: { name: `Script ${unique()}` } }) },
  'DELETE /api/tokens/:id': {
    // A token of the lead's: the lead and the office may revoke it; to anyone else it does not exist.
    expected: [401, 404, 204, 404, 204],
    request: async () => {
      const token = (await ctx.call('POST', '/api/tokens', { name: `Lead script ${unique()}` }, { as: agents.lead })).body;
      return { url: `/api/tokens/${token.id}` };
    },
  },

  // Your own account: each caller reaches only their own sessions and password (test/account.test.ts).
  'GET /api/account/sessions': { expected: READ, request: () => ({ url: '/api/account/sessions' }) },
  'DELETE /api/account/sessions/:ref': {
    // Another session of the caller's own, opened for the row.
    expected: [401, 204, 204, 204, 204],
    request: async (who) => {
      if (who === 'anonymous') return { url: '/api/account/sessions/0123456789abcdef' };
      const refs = async () => ((await ctx.call('GET', '/api/account/sessions', undefined, { as: agents[who] })).body as Array<{ id: string }>).map((s) => s.id);
      const before = await refs();
      await ctx.signIn(emails[who]!);
      const opened = (await refs()).find((id) => !before.includes(id));
      return { url: `/api/account/sessions/${opened}` };
    },
  },
  'POST /api/account/password': {
    // A fresh account of the caller's role, so the others keep their password.
    expected: [401, 200, 200, 200, 200],
    request: async (who) => {
      const body = { currentPassword: 'correct horse battery', newPassword: `a new passphrase ${unique()}` };
      if (who === 'anonymous') return { url: '/api/account/password', body };
      const role = who === 'otherLead' || who === 'lead' ? 'lead' : who;
      const agent = await ctx.userAs(role, role === 'lead' ? [who === 'lead' ? plan.north.id : plan.west.id] : []);
      return { url: '/api/account/password', body, agent };
    },
  },

  'GET /api/audit': { expected: OFFICE_CHANGE, request: () => ({ url: '/api/audit' }) },
  'GET /api/audit/verification': { expected: OFFICE_CHANGE, request: () => ({ url: '/api/audit/verification' }) },

  'GET /api/criteria': { expected: READ, request: () => ({ url: '/api/criteria' }) },
  'GET /api/criteria/:id': { expected: READ, request: () => ({ url: `/api/criteria/${criterionId}` }) },
  'POST /api/criteria': {
    expected: OFFICE_CREATE,
    request: () => ({ url: '/api/criteria', body: { code: `C${unique()}`, name: `Criterion ${n}`, unit: 'percent', direction: 'higher', target: 80, amberThreshold: 60, scope: 'council', phase: 'readiness' } }),
  },
  'PATCH /api/criteria/:id': { expected: OFFICE_CHANGE, request: () => ({ url: `/api/criteria/${criterionId}`, body: { description: `Edit ${unique()}` } }) },
  'DELETE /api/criteria/:id': {
    expected: OFFICE_DELETE,
    request: async () => ({ url: `/api/criteria/${(await ctx.call('POST', '/api/criteria', { code: `D${unique()}`, name: `Doomed ${n}`, unit: 'count', direction: 'lower', target: 0, amberThreshold: 1, scope: 'feature', phase: 'readiness' })).body.id}` }),
  },
  'GET /api/criteria/:id/ramps': { expected: READ, request: () => ({ url: `/api/criteria/${criterionId}/ramps` }) },
  'POST /api/criteria/:id/ramps': {
    expected: OFFICE_CREATE,
    request: () => ({ url: `/api/criteria/${criterionId}/ramps`, body: { points: [{ weeksBefore: 8, target: 40, amberThreshold: 30 }], reason: `Briefings build up ${unique()}` } }),
  },
  'GET /api/criteria/:id/programme-readings': { expected: READ, request: async () => ({ url: `/api/criteria/${await programmeCriterion()}/programme-readings` }) },
  'POST /api/criteria/:id/programme-readings': {
    expected: OFFICE_CREATE,
    request: async () => ({ url: `/api/criteria/${await programmeCriterion()}/programme-readings`, body: { value: unique() % 3, readingDate: '2026-01-05' } }),
  },
  'GET /api/settings': { expected: READ, request: () => ({ url: '/api/settings' }) },
  'PATCH /api/settings': { expected: OFFICE_CHANGE, request: () => ({ url: '/api/settings', body: { staleAfterDays: 30 + (unique() % 5) } }) },

  'GET /api/readings': { expected: READ, request: () => ({ url: '/api/readings' }) },
  'POST /api/readings': { expected: CONTRIBUTOR_CREATE, request: () => ({ url: '/api/readings', body: readingOf() }) },
  'POST /api/readings/bulk': { expected: CONTRIBUTOR_CREATE, request: () => ({ url: '/api/readings/bulk', body: { readings: [readingOf(), readingOf()] } }) },
  'POST /api/readings/csv': {
    expected: CONTRIBUTOR_CREATE,
    request: () => ({ url: '/api/readings/csv', body: `criterion,council,feature,date,value,note\nREACH,NMC,,2026-11-20,${50 + (unique() % 40)},csv\n`, headers: { 'content-type': 'text/csv' } }),
  },

  'GET /api/items/:id/gate': { expected: READ, request: () => ({ url: `/api/items/${itemA.id}/gate` }) },
  'POST /api/items/:id/gate': { expected: OFFICE_CREATE, request: () => ({ url: `/api/items/${itemA.id}/gate`, body: { decision: 'no_go' } }) },
  'POST /api/gates/council-wave': { expected: OFFICE_CREATE, request: () => ({ url: '/api/gates/council-wave', body: { councilId: plan.north.id, waveId: plan.w1.id, decision: 'no_go' } }) },

  'GET /api/overview': { expected: READ, request: () => ({ url: '/api/overview' }) },
  'GET /api/items/:id/readiness': { expected: READ, request: () => ({ url: `/api/items/${itemA.id}/readiness` }) },
  'GET /api/councils/:id/summary': { expected: READ, request: () => ({ url: `/api/councils/${plan.north.id}/summary` }) },
  'GET /api/waves/:id/summary': { expected: READ, request: () => ({ url: `/api/waves/${plan.w1.id}/summary` }) },
  'GET /api/trends': { expected: READ, request: () => ({ url: '/api/trends?scope=council&id=1&from=2026-10-01' }) },

  'GET /api/wins': { expected: READ, request: () => ({ url: '/api/wins' }) },
  'GET /api/wins/:id': { expected: READ, request: () => ({ url: `/api/wins/${publishedWinId}` }) },
  'POST /api/wins': { expected: CONTRIBUTOR_CREATE, request: () => ({ url: '/api/wins', body: winDraft() }) },
  'PATCH /api/wins/:id': { expected: CONTRIBUTOR_CHANGE, request: async () => ({ url: `/api/wins/${(await createDraftWin()).id}`, body: { title: `Better ${unique()}` } }) },
  'DELETE /api/wins/:id': { expected: CONTRIBUTOR_DELETE, request: async () => ({ url: `/api/wins/${(await createDraftWin()).id}` }) },

  // Retired when blockers became RAID issues (docs/adr/0015): 410 Gone to whoever could call them before.
  'GET /api/items/:id/blockers': { expected: [401, 410, 410, 410, 410], request: () => ({ url: `/api/items/${itemA.id}/blockers` }) },
  'POST /api/items/:id/blockers': { expected: [401, 403, 410, 410, 410], request: () => ({ url: `/api/items/${itemA.id}/blockers`, body: { description: `Blocker ${unique()}`, owner: 'HR lead' } }) },
  'GET /api/blockers/:id': { expected: [401, 410, 410, 410, 410], request: () => ({ url: '/api/blockers/1' }) },
  'PATCH /api/blockers/:id': { expected: [401, 403, 410, 410, 410], request: () => ({ url: '/api/blockers/1', body: { owner: `Owner ${unique()}` } }) },
  'DELETE /api/blockers/:id': { expected: [401, 403, 410, 410, 410], request: () => ({ url: '/api/blockers/1' }) },
  'GET /api/raid/entries': { expected: READ, request: () => ({ url: '/api/raid/entries' }) },
  'POST /api/raid/entries': { expected: CONTRIBUTOR_CREATE, request: () => ({ url: '/api/raid/entries', body: raidDraft() }) },
  'GET /api/raid/entries/:id': { expected: READ, request: async () => ({ url: `/api/raid/entries/${(await createRaidEntry()).id}` }) },
  'PATCH /api/raid/entries/:id': { expected: CONTRIBUTOR_CHANGE, request: async () => ({ url: `/api/raid/entries/${(await createRaidEntry()).id}`, body: { title: `Risk ${unique()}` } }) },
  'GET /api/raid/entries/:id/history': { expected: READ, request: async () => ({ url: `/api/raid/entries/${(await createRaidEntry()).id}/history` }) },
  'GET /api/raid/actions': { expected: READ, request: () => ({ url: '/api/raid/actions' }) },
  'POST /api/raid/actions': { expected: CONTRIBUTOR_CREATE, request: () => ({ url: '/api/raid/actions', body: actionDraft() }) },
  'GET /api/raid/actions/:id': { expected: READ, request: async () => ({ url: `/api/raid/actions/${(await createAction()).id}` }) },
  'PATCH /api/raid/actions/:id': { expected: CONTRIBUTOR_CHANGE, request: async () => ({ url: `/api/raid/actions/${(await createAction()).id}`, body: { status: 'done' } }) },
  'GET /api/raid/summary': { expected: READ, request: () => ({ url: '/api/raid/summary' }) },
  'GET /api/raid/owners': { expected: [401, 403, 200, 200, 200], request: () => ({ url: '/api/raid/owners' }) },
  'GET /api/programme-status': { expected: READ, request: () => ({ url: '/api/programme-status' }) },
  'POST /api/programme-status': { expected: OFFICE_CREATE, request: () => ({ url: '/api/programme-status', body: { period: nextPeriod(), status: 'on_track' } }) },
  'GET /api/programme-status/:id': { expected: READ, request: async () => ({ url: `/api/programme-status/${(await createStatus()).id}` }) },
  'PATCH /api/programme-status/:id': { expected: OFFICE_CHANGE, request: async () => ({ url: `/api/programme-status/${(await createStatus()).id}`, body: { status: 'at_risk' } }) },
  'GET /api/exports': { expected: READ, request: () => ({ url: '/api/exports' }) },
  ...Object.fromEntries(['plan', 'councils', 'features', 'waves', 'items', 'readings', 'wins', 'blockers', 'raid-log', 'gate-decisions', 'comms-activities', 'questions', 'benefit-volumes', 'benefits-monthly', 'voice-results'].map((name) => [
    `GET /api/exports/${name}.csv`, { expected: READ, request: () => ({ url: `/api/exports/${name}.csv` }) },
  ])),
  'GET /api/exports/audit.csv': { expected: OFFICE_READ, request: () => ({ url: '/api/exports/audit.csv' }) },
  'GET /api/exports/users.csv': { expected: OFFICE_READ, request: () => ({ url: '/api/exports/users.csv' }) },
  'POST /api/imports/plan': {
    expected: OFFICE_READ,
    request: () => ({ url: '/api/imports/plan?mode=preview', body: 'council_code,feature_code,wave\nNMC,PAYSLIP,W1', headers: { 'content-type': 'text/csv' } }),
  },
  'POST /api/imports/raid': {
    expected: OFFICE_READ,
    request: () => ({ url: '/api/imports/raid?mode=preview', body: 'type,scope,about,title,owner,due_date\nissue,programme,,Supplier late,Supplier desk,2026-12-01', headers: { 'content-type': 'text/csv' } }),
  },
  'GET /api/share-links': { expected: OFFICE_READ, request: () => ({ url: '/api/share-links' }) },
  'POST /api/share-links': { expected: OFFICE_CREATE, request: () => ({ url: '/api/share-links', body: { label: `Board ${unique()}` } }) },
  'DELETE /api/share-links/:id': { expected: OFFICE_DELETE, request: async () => ({ url: `/api/share-links/${(await ctx.call('POST', '/api/share-links', { label: `Revoke ${unique()}` })).body.id}` }) },
  // Signed-in users did not come through a link: nothing to describe.
  'GET /api/share-links/current': { expected: [401, 404, 404, 404, 404], request: () => ({ url: '/api/share-links/current' }) },
  'GET /api/calendar.ics': { expected: READ, request: () => ({ url: '/api/calendar.ics' }) },
  'GET /api/reports/board': { expected: READ, request: () => ({ url: '/api/reports/board' }) },
  'GET /api/reports/board/lists/:list': { expected: READ, request: () => ({ url: '/api/reports/board/lists/slipped' }) },
  'GET /api/reports/board/issued': { expected: READ, request: () => ({ url: '/api/reports/board/issued' }) },
  'GET /api/reports/board/issued/:id': { expected: READ, request: () => ({ url: `/api/reports/board/issued/${issuedReportId}` }) },
  'POST /api/reports/board/issued': { expected: OFFICE_CREATE, request: () => ({ url: '/api/reports/board/issued', body: { title: `Report ${unique()}` } }) },

  'GET /api/engagement/activities': { expected: READ, request: () => ({ url: '/api/engagement/activities' }) },
  'GET /api/engagement/activities/:id': { expected: READ, request: async () => ({ url: `/api/engagement/activities/${(await createActivity()).id}` }) },
  'POST /api/engagement/activities': { expected: CONTRIBUTOR_CREATE, request: () => ({ url: '/api/engagement/activities', body: activityDraft() }) },
  'PATCH /api/engagement/activities/:id': { expected: CONTRIBUTOR_CHANGE, request: async () => ({ url: `/api/engagement/activities/${(await createActivity()).id}`, body: { note: `Note ${unique()}` } }) },
  'DELETE /api/engagement/activities/:id': { expected: CONTRIBUTOR_DELETE, request: async () => ({ url: `/api/engagement/activities/${(await createActivity()).id}` }) },
  'GET /api/engagement/templates': { expected: READ, request: () => ({ url: '/api/engagement/templates' }) },
  'GET /api/engagement/templates/:id': { expected: READ, request: () => ({ url: `/api/engagement/templates/${templateId}` }) },
  'POST /api/engagement/templates': { expected: OFFICE_CREATE, request: () => ({ url: '/api/engagement/templates', body: templateDraft() }) },
  'PATCH /api/engagement/templates/:id': { expected: OFFICE_CHANGE, request: () => ({ url: `/api/engagement/templates/${templateId}`, body: { offsetDays: -(unique() % 30) } }) },
  'DELETE /api/engagement/templates/:id': { expected: OFFICE_DELETE, request: async () => ({ url: `/api/engagement/templates/${(await createTemplate()).id}` }) },
  'POST /api/engagement/templates/apply': { expected: CONTRIBUTOR_CREATE, request: () => ({ url: '/api/engagement/templates/apply', body: { councilId: plan.north.id, waveId: plan.w2.id } }) },
  'GET /api/engagement/questions': { expected: READ, request: () => ({ url: '/api/engagement/questions' }) },
  'GET /api/engagement/questions/:id': { expected: READ, request: () => ({ url: `/api/engagement/questions/${publishedQuestionId}` }) },
  'POST /api/engagement/questions': { expected: CONTRIBUTOR_CREATE, request: () => ({ url: '/api/engagement/questions', body: questionDraft() }) },
  'PATCH /api/engagement/questions/:id': { expected: CONTRIBUTOR_CHANGE, request: async () => ({ url: `/api/engagement/questions/${(await createQuestion()).id}`, body: { answer: `Answer ${unique()}` } }) },
  'DELETE /api/engagement/questions/:id': { expected: CONTRIBUTOR_DELETE, request: async () => ({ url: `/api/engagement/questions/${(await createQuestion()).id}` }) },
  'GET /api/engagement/faq': { expected: READ, request: () => ({ url: '/api/engagement/faq' }) },
  'GET /api/engagement/summary': { expected: READ, request: () => ({ url: '/api/engagement/summary' }) },
  'GET /api/engagement/councils/:id': { expected: READ, request: () => ({ url: `/api/engagement/councils/${plan.north.id}` }) },

  'GET /api/notifications': { expected: READ, request: () => ({ url: '/api/notifications' }) },
  'GET /api/notifications/unread-count': { expected: READ, request: () => ({ url: '/api/notifications/unread-count' }) },
  'POST /api/notifications/read': { expected: [401, 200, 200, 200, 200], request: () => ({ url: '/api/notifications/read', body: { all: true } }) },
  'GET /api/notifications/preferences': { expected: READ, request: () => ({ url: '/api/notifications/preferences' }) },
  'PUT /api/notifications/preferences': {
    expected: [401, 200, 200, 200, 200],
    request: (who) => ({ url: '/api/notifications/preferences', body: { preferences: [{ kind: who === 'sponsor' ? 'go_live' : who === 'office' ? 'items_red' : 'plan_moved', inApp: true, email: unique() % 2 === 0 }] } }),
  },
  'GET /api/notifications/outbox': { expected: OFFICE_READ, request: () => ({ url: '/api/notifications/outbox' }) },
  'GET /api/notifications/outbox/summary': { expected: OFFICE_READ, request: () => ({ url: '/api/notifications/outbox/summary' }) },
  'GET /api/notifications/outbox/:id': { expected: OFFICE_READ, request: () => ({ url: `/api/notifications/outbox/${email('pending')}` }) },
  'POST /api/notifications/outbox/:id/resend': { expected: OFFICE_CHANGE, request: () => ({ url: `/api/notifications/outbox/${email('failed')}/resend` }) },
  'GET /api/notifications/digest-preview': { expected: OFFICE_READ, request: () => ({ url: `/api/notifications/digest-preview?userId=${agentIds.lead}` }) },
  // The unsubscribe link needs no account: its signature is the permission, for that person and kind only.
  'GET /api/notifications/unsubscribe': { expected: PUBLIC, request: () => ({ url: unsubscribeLink() }) },
  'POST /api/notifications/unsubscribe': { expected: PUBLIC, request: () => ({ url: unsubscribeLink() }) },

  ...officeResource('transaction-types', () => ({ featureId: plan.payslip.id, code: `TN${unique()}`, name: `New transaction ${n}`, channels: ['email', 'online'] }), createTxType, () => ({ name: `Renamed ${unique()}` })),
  ...officeResource('unit-costs', unitCostDraft, createUnitCost, () => ({ costPence: 300 + unique() })),
  ...officeResource('baselines', benefitBaselineDraft, createBenefitBaseline, () => ({ volumes: { phone: 200 + unique() } })),
  ...officeResource('register', benefitDraft, createBenefit, () => ({ status: 'on_track', evidence: `Evidence ${unique()}` })),
  ...officeResource('setup-costs', setupCostDraft, createSetupCost, () => ({ amountPence: 6_000 + unique() })),
  'GET /api/benefits/volumes': { expected: READ, request: () => ({ url: '/api/benefits/volumes' }) },
  'POST /api/benefits/volumes': { expected: CONTRIBUTOR_CREATE, request: () => ({ url: '/api/benefits/volumes', body: volumeDraft() }) },
  'POST /api/benefits/volumes/bulk': { expected: CONTRIBUTOR_CREATE, request: () => ({ url: '/api/benefits/volumes/bulk', body: { entries: [volumeDraft(), { ...volumeDraft(), month: '2026-09' }] } }) },
  'POST /api/benefits/volumes/csv': {
    expected: CONTRIBUTOR_CREATE,
    request: () => ({ url: '/api/benefits/volumes/csv', body: `council,transaction_type,month,phone,online\nNMC,TXP,2026-10,${100 + unique()},60\n`, headers: { 'content-type': 'text/csv' } }),
  },
  'GET /api/benefits/summary': { expected: READ, request: () => ({ url: `/api/benefits/summary?councilId=${plan.north.id}` }) },
  'GET /api/voice/answer/:token': { expected: PUBLIC, request: () => ({ url: `/api/voice/answer/${voice.token}` }) },
  'POST /api/voice/answer/:token': { expected: [201, 201, 201, 201, 201], request: () => ({ url: `/api/voice/answer/${voice.token}`, body: { awareness: 1 + (unique() % 5) } }) },
  'GET /api/voice/said-did/:code': { expected: PUBLIC, request: () => ({ url: '/api/voice/said-did/NMC' }) },
  'GET /api/voice/surveys': { expected: READ, request: () => ({ url: '/api/voice/surveys' }) },
  'GET /api/voice/surveys/:id': { expected: READ, request: () => ({ url: `/api/voice/surveys/${voice.surveyId}` }) },
  'POST /api/voice/surveys': { expected: CONTRIBUTOR_CREATE, request: () => ({ url: '/api/voice/surveys', body: { councilId: plan.north.id, waveId: plan.w1.id } }) },
  'POST /api/voice/surveys/:id/links': { expected: CONTRIBUTOR_CREATE, request: () => ({ url: `/api/voice/surveys/${voice.surveyId}/links`, body: { expiresOn: '2026-12-31' } }) },
  'GET /api/voice/links/:id': { expected: [401, 403, 200, 403, 200], request: () => ({ url: `/api/voice/links/${voice.linkId}` }) },
  'PATCH /api/voice/links/:id': {
    expected: CONTRIBUTOR_CHANGE,
    request: async () => ({ url: `/api/voice/links/${(await ctx.call('POST', `/api/voice/surveys/${voice.surveyId}/links`, { expiresOn: '2026-12-31' })).body.id}`, body: { closed: true }, headers: { 'if-match': '"1"' } }),
  },
  'POST /api/voice/surveys/:id/discards': {
    expected: OFFICE_CREATE,
    request: async () => {
      const link = (await ctx.call('POST', `/api/voice/surveys/${voice.surveyId}/links`, { expiresOn: '2026-12-31' })).body;
      await ctx.call('POST', `/api/voice/answer/${link.token}`, { awareness: 1 }, { as: null });
      return { url: `/api/voice/surveys/${voice.surveyId}/discards`, body: { linkId: link.id, day: '2026-11-23', reason: 'A burst' } };
    },
  },
  'POST /api/voice/surveys/:id/feeds': {
    expected: CONTRIBUTOR_CREATE,
    request: () => ({ url: `/api/voice/surveys/${voice.surveyId}/feeds`, body: { stage: ['awareness', 'desire', 'knowledge', 'ability', 'reinforcement'][unique() % 5], criterionId: voice.criterionId } }),
  },
  'GET /api/voice/results': { expected: READ, request: () => ({ url: '/api/voice/results' }) },
  'GET /api/voice/comments': { expected: [401, 403, 200, 200, 200], request: () => ({ url: '/api/voice/comments' }) },
  'GET /api/voice/comments/:id': { expected: [401, 403, 200, 403, 200], request: async () => ({ url: `/api/voice/comments/${await voiceComment()}` }) },
  'PATCH /api/voice/comments/:id': { expected: CONTRIBUTOR_CHANGE, request: async () => ({ url: `/api/voice/comments/${await voiceComment()}`, body: { status: 'published' }, headers: { 'if-match': '"1"' } }) },
  'GET /api/voice/ideas': { expected: READ, request: () => ({ url: '/api/voice/ideas' }) },
  'GET /api/voice/ideas/:id': { expected: [401, 200, 200, 403, 200], request: async () => ({ url: `/api/voice/ideas/${(await adoptedIdea()).id}` }) },
  'POST /api/voice/ideas': { expected: CONTRIBUTOR_CREATE, request: () => ({ url: '/api/voice/ideas', body: { councilId: plan.north.id, title: `Idea ${unique()}`, youSaid: 'Evening drop-ins' } }) },
  'PATCH /api/voice/ideas/:id': { expected: CONTRIBUTOR_CHANGE, request: async () => ({ url: `/api/voice/ideas/${(await adoptedIdea()).id}`, body: { title: `Idea ${unique()}` }, headers: { 'if-match': '"2"' } }) },
  'POST /api/voice/ideas/:id/win': { expected: CONTRIBUTOR_CREATE, request: async () => ({ url: `/api/voice/ideas/${(await adoptedIdea()).id}/win`, body: {} }) },
  // Timeline: the plan in time, calendar constraints, dependencies and the what-if of a change.
  'GET /api/timeline': { expected: READ, request: () => ({ url: '/api/timeline' }) },
  ...timelineResource('blackouts', () => ({ name: `Freeze ${unique()}`, kind: 'freeze', startsOn: '2027-03-01', endsOn: '2027-03-05' }), () => ({ note: `Note ${unique()}` })),
  ...timelineResource('milestones', () => ({ name: `Release ${unique()}`, kind: 'hr_release', onDay: '2027-03-01' }), () => ({ note: `Note ${unique()}` })),
  ...timelineResource('dependencies', () => ({ kind: 'feature', beforeFeatureId: plan.approve.id, afterFeatureId: plan.payslip.id }), () => ({ lagWorkingDays: unique() % 100 })),
  // Capacity: one row per council and per feature, so each request makes its own council or feature.
  ...capacityResource('capacities', async () => ({ councilId: (await createCouncil()).id, trainerSessionsPerWeek: 4, floorwalkerShiftsPerWeek: 6 }), () => ({ note: `Note ${unique()}` })),
  ...capacityResource('support-needs', async () => ({ featureId: (await createFeature()).id, trainerSessions: 2, floorwalkerShifts: 3 }), () => ({ note: `Note ${unique()}` })),
  'POST /api/plan-changes/waves/:id': {
    expected: OFFICE_CHANGE,
    request: async () => ({ url: `/api/plan-changes/waves/${(await createWave()).id}?preview=true`, body: { description: `Moved ${unique()}` }, headers: { 'if-match': '"1"' } }),
  },
  'POST /api/plan-changes/items/:id': {
    expected: CONTRIBUTOR_CHANGE,
    request: async () => ({
      url: `/api/plan-changes/items/${itemA.id}?preview=true`, body: { note: `Note ${unique()}` },
      headers: { 'if-match': (await ctx.call('GET', `/api/items/${itemA.id}`)).res.headers.etag as string },
    }),
  },
  'POST /api/plan-changes/dependencies': {
    expected: OFFICE_CHANGE,
    request: () => ({ url: '/api/plan-changes/dependencies?preview=true', body: { kind: 'feature', beforeFeatureId: plan.approve.id, afterFeatureId: plan.payslip.id, lagWorkingDays: unique() % 100 } }),
  },
  'POST /api/plan-changes/dependencies/:id': {
    expected: OFFICE_CHANGE,
    request: async () => {
      const dep = (await ctx.call('POST', '/api/dependencies', { kind: 'feature', beforeFeatureId: plan.approve.id, afterFeatureId: plan.payslip.id }, { as: ctx.office })).body as { id: number };
      return { url: `/api/plan-changes/dependencies/${dep.id}?preview=true`, body: { lagWorkingDays: unique() % 100 }, headers: { 'if-match': '"1"' } };
    },
  },
  'POST /api/plan-changes/assignments': {
    expected: OFFICE_CHANGE,
    request: () => ({ url: '/api/plan-changes/assignments?preview=true', body: { items: [{ councilId: plan.north.id, featureId: plan.approve.id, waveId: plan.w2.id }] } }),
  },
};

const agentIds: Record<string, number> = {};

beforeAll(async () => {
  ctx = await createTestApp();
  plan = await seedSmallPlan(ctx);
  itemA = (await ctx.call('POST', '/api/items', { councilId: plan.north.id, featureId: plan.payslip.id, waveId: plan.w1.id })).body;
  await ctx.call('POST', '/api/items', { councilId: plan.west.id, featureId: plan.payslip.id, waveId: plan.w1.id });
  baselineId = (await ctx.call('POST', '/api/baselines', { name: 'v1' })).body.id;
  criterionId = (await ctx.call('POST', '/api/criteria', {
    code: 'REACH', name: 'Communications reach', unit: 'percent', direction: 'higher', target: 80, amberThreshold: 65, scope: 'council', phase: 'readiness',
  })).body.id;
  const sponsor = await ctx.userAs('sponsor', [], 'sponsor@example.org');
  const lead = await ctx.userAs('lead', [plan.north.id], 'lead@example.org');
  const otherLead = await ctx.userAs('lead', [plan.west.id], 'otherlead@example.org');
  agentIds.sponsor = sponsor.id;
  agentIds.lead = lead.id;
  agents = { anonymous: null, sponsor, lead, otherLead, office: ctx.office };
  publishedWinId = (await ctx.call('POST', '/api/wins', { ...winDraft(), published: true })).body.id;
  issuedReportId = (await ctx.call('POST', '/api/reports/board/issued', {})).body.id;
  templateId = (await createTemplate()).id;
  publishedQuestionId = (await ctx.call('POST', '/api/engagement/questions', { ...questionDraft(), answer: 'Yes.' })).body.id;
  await ctx.call('PATCH', `/api/engagement/questions/${publishedQuestionId}`, { published: true });
  txTypeId = (await ctx.call('POST', '/api/benefits/transaction-types', { featureId: plan.payslip.id, code: 'TXP', name: 'Payslip query', channels: ['phone', 'online'] })).body.id;
  const survey = (await ctx.call('POST', '/api/voice/surveys', { councilId: plan.north.id, waveId: plan.w1.id, link: { expiresOn: '2026-12-31' } })).body;
  voice = { surveyId: survey.id, linkId: survey.links[0].id, token: survey.links[0].token, criterionId: 0 };
  for (let i = 0; i < 10; i += 1) await ctx.call('POST', `/api/voice/answer/${voice.token}`, { awareness: 4, desire: 3, knowledge: 4, ability: 2, reinforcement: 5 }, { as: null });
  voice.criterionId = (await ctx.call('POST', '/api/criteria', {
    code: 'AWARE', name: 'Staff awareness', unit: 'score', direction: 'higher', target: 4, amberThreshold: 3, scope: 'council', phase: 'readiness',
  })).body.id;
  emails = { office: 'office@example.org', sponsor: sponsor.email, lead: lead.email, otherLead: otherLead.email };
});
afterAll(async () => closeTestApp(ctx));

describe('permissions: every route × every caller', () => {
  for (const [route, { expected, request }] of Object.entries(ROUTES)) {
    const [method, path] = route.split(' ') as ['GET' | 'POST' | 'PATCH' | 'DELETE', string];
    CALLERS.forEach((who, index) => {
      it(`${route} as ${who} → ${expected[index]}`, async () => {
        const req = await request(who);
        const as = req.agent !== undefined ? req.agent : agents[who];
        const res = await ctx.call(method, req.url, req.body, { as, ...(req.headers ? { headers: req.headers } : {}) });
        expect({ route: path, who, status: res.status, message: res.status >= 400 ? res.body?.message : undefined })
          .toMatchObject({ status: expected[index] });
      });
    });
  }

  it('lists every API route the app serves, and no other', () => {
    const served = ctx.app.routeList
      .filter((r) => r.url.startsWith('/api') && !r.url.startsWith('/api/docs'))
      .map((r) => `${r.method} ${r.url}`);
    expect(new Set(served)).toEqual(new Set(Object.keys(ROUTES)));
  });
});

describe("a lead's reach", () => {
  it("refuses a lead's write to another council's item and changes nothing", async () => {
    const westItem = (await ctx.call('GET', `/api/items?councilId=${plan.west.id}`)).body.data[0];
    const before = tableCounts(ctx.db);
    const res = await ctx.call('PATCH', `/api/items/${westItem.id}`, { note: 'Not mine' }, { as: agents.lead });
    expect(res.status).toBe(403);
    expect(res.body.message).toBe('You can only change items of the council(s) you lead; this item belongs to Westvale District Council.');
    expect((await ctx.call('GET', `/api/items/${westItem.id}`)).body).toMatchObject({ note: '', version: westItem.version });
    expect(tableCounts(ctx.db)).toEqual(before);
  });

  it('refuses, field by field, what only the programme office may change', async () => {
    const res = await ctx.call('PATCH', `/api/items/${itemA.id}`, { waveId: plan.w2.id, plannedDateOverride: '2026-04-04', status: 'live', actualGoLive: '2026-01-31' }, { as: agents.lead });
    expect(res.status).toBe(403);
    expect(res.body.details).toEqual([
      { field: 'waveId', message: 'only the programme office can change this' },
      { field: 'plannedDateOverride', message: 'only the programme office can change this' },
      { field: 'actualGoLive', message: 'only the programme office can change this' },
      { field: 'status', message: 'a council lead can set planned or ready; live is for the programme office' },
    ]);
  });

  it('lets a lead mark their own item ready, and not undo a status only the office sets', async () => {
    const ready = await ctx.call('PATCH', `/api/items/${itemA.id}`, { status: 'ready', note: 'Training done' }, { as: agents.lead });
    expect(ready.body).toMatchObject({ status: 'ready', note: 'Training done' });
    const deferred = await ctx.call('PATCH', `/api/items/${itemA.id}`, { status: 'deferred', waveId: null, reasonCategory: 'business_decision', reason: 'Deferred to next year' });
    expect(deferred.body).toMatchObject({ status: 'deferred', waveId: null });
    const back = await ctx.call('PATCH', `/api/items/${itemA.id}`, { status: 'planned' }, { as: agents.lead });
    expect(back.status).toBe(403);
    expect(back.body.details).toEqual([{ field: 'status', message: 'the item is deferred; only the programme office can change that' }]);
  });

  it('checks who you are before what you sent', async () => {
    const res = await ctx.call('POST', '/api/councils', { nonsense: true }, { as: agents.sponsor });
    expect(res.status).toBe(403);
    expect((await ctx.call('POST', '/api/councils', { nonsense: true }, { as: null })).status).toBe(401);
  });
});
