import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { evaluate, judgeCriterion, rampFor, rate, type CriterionRule, type RampPoint } from '../server/domain/readiness.ts';
import { createTestApp, seedSmallPlan, type TestContext } from './helpers.ts';

/** Readiness ramps, programme-wide and tracking-only measures (docs/readiness.md). */
const settings = { scoreRedBelow: 60, staleAfterDays: 30 };
const rule = (over: Partial<CriterionRule> = {}): CriterionRule => ({
  id: 1, code: 'TRAINED', name: 'Staff trained', unit: 'percent', direction: 'higher', target: 85, amberThreshold: 70, weight: 1,
  mandatory: false, scope: 'council', audience: 'all', phase: 'readiness', ...over,
});
const ramp: RampPoint[] = [{ weeksBefore: 8, target: 30, amberThreshold: 20 }, { weeksBefore: 1, target: 90, amberThreshold: 80 }];

describe('ramps towards go-live', () => {
  it('nothing is due before the first step; the step reached applies after; the final target from go-live on', () => {
    expect(rampFor(rule(), ramp, '2027-01-18', '2026-11-01')).toEqual({ target: 85, amberThreshold: 70, expectation: { kind: 'not_due', goLive: '2027-01-18', firstDue: '2026-11-23', firstTarget: 30 } });
    expect(rampFor(rule(), ramp, '2027-01-18', '2026-11-23')).toMatchObject({ target: 30, amberThreshold: 20, expectation: { kind: 'ramp', stepDate: '2026-11-23' } });
    // A step never asks for more than the final target (90 capped at 85).
    expect(rampFor(rule(), ramp, '2027-01-18', '2027-01-12')).toMatchObject({ target: 85, amberThreshold: 70 });
    expect(rampFor(rule(), ramp, '2027-01-18', '2027-01-18')).toEqual({ target: 85, amberThreshold: 70 });
    expect(rampFor(rule(), ramp, null, '2026-11-01')).toEqual({ target: 85, amberThreshold: 70 });
  });

  it('says "on track for go-live" or "behind the ramp", and a criterion not due is neither red nor counted', () => {
    const at = (asOf: string, value: number) => judgeCriterion({ ...rule(), ...rampFor(rule(), ramp, '2027-01-18', asOf) }, [{ readingDate: '2026-11-20', value }], asOf, settings, 100);
    expect(at('2026-11-25', 35).reason).toBe('Staff trained: 35%; on track for go-live: expected at least 30% by now, at least 85% at go-live on 18 January 2027; met since 20 November 2026');
    expect(at('2026-11-25', 12).reason).toBe('Staff trained: 12%; behind the ramp: expected at least 30% by now, 18 percentage points short, at least 85% at go-live on 18 January 2027; not met since 20 November 2026');
    const early = at('2026-11-21', 12);
    expect(early).toMatchObject({ status: 'not_due', dueFrom: '2026-11-23' });
    expect(early.reason).toBe('Staff trained: not due yet; 12% now; the ramp expects at least 30% by 23 November 2026 (go-live 18 January 2027)');
    const whole = rate([early], settings);
    expect(whole).toMatchObject({ rag: 'amber', score: null, nothingDue: true, notDue: 1, reasons: ['Not yet due: nothing is expected before 23 November 2026'] });
  });

  it('property: before the first step the item is never red from a ramped criterion, and at or after go-live the ramp changes nothing', () => {
    fc.assert(fc.property(
      fc.array(fc.record({ weeksBefore: fc.integer({ min: 1, max: 104 }), target: fc.integer({ min: 0, max: 100 }), amberThreshold: fc.integer({ min: 0, max: 100 }) }), { maxLength: 5 }),
      fc.integer({ min: -800, max: 800 }), fc.integer({ min: 0, max: 100 }),
      (raw, offset, value) => {
        const points = raw.map((p) => ({ ...p, amberThreshold: Math.min(p.amberThreshold, p.target) }));
        const goLive = '2027-06-01';
        const asOf = new Date(Date.parse(`${goLive}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
        const ramped = { ...rule(), ...rampFor(rule(), points, goLive, asOf) };
        const result = evaluate([ramped], () => [{ readingDate: asOf, value }], asOf, settings, 100);
        if (asOf >= goLive || points.length === 0) expect(ramped.expectation).toBeUndefined();
        if (ramped.expectation?.kind === 'not_due') expect(result.rag).toBe('amber');
        // A step asks for no more than the final target, so the ramp never turns a criterion met at the final target into a failure.
        if (value >= 85) expect(result.criteria[0]!.status).not.toBe('not_met');
      },
    ));
  });
});

describe('tracking-only measures', () => {
  it('are listed but never change the score, the RAG or the gate', () => {
    const met = judgeCriterion(rule({ id: 1 }), [{ readingDate: '2026-11-20', value: 90 }], '2026-11-23', settings, 100);
    const tracked = judgeCriterion(rule({ id: 2, name: 'Defects', unit: 'count', direction: 'lower', target: 0, amberThreshold: 0, trackingOnly: true }), [{ readingDate: '2026-11-20', value: 5 }], '2026-11-23', settings, 100);
    expect(tracked).toMatchObject({ status: 'not_met', trackingOnly: true });
    const whole = rate([met, tracked], settings);
    expect(whole).toMatchObject({ rag: 'green', score: 100, reasons: [] });
    expect(whole.criteria.map((c) => c.criterionId)).toEqual([1, 2]);
  });
});

describe('the API: programme-wide measures, tracking-only measures and ramps', () => {
  let ctx: TestContext;
  let plan: Awaited<ReturnType<typeof seedSmallPlan>>;
  let lead: Awaited<ReturnType<TestContext['userAs']>>;
  let sev1: number;
  let itemId: number;
  beforeAll(async () => {
    ctx = await createTestApp();
    plan = await seedSmallPlan(ctx);
    itemId = (await ctx.call('POST', '/api/items', { councilId: plan.north.id, featureId: plan.payslip.id, waveId: plan.w1.id })).body.id;
    await ctx.call('POST', '/api/items', { councilId: plan.west.id, featureId: plan.payslip.id, waveId: plan.w1.id });
    lead = await ctx.userAs('lead', [plan.north.id], 'lead.north@example.org');
    const created = await ctx.call('POST', '/api/criteria', {
      code: 'SEV1', name: 'Open severity-1 defects', unit: 'count', direction: 'lower', target: 0, amberThreshold: 0, mandatory: true, scope: 'programme', phase: 'readiness',
    });
    expect(created.status).toBe(201);
    sev1 = created.body.id;
  });
  afterAll(async () => ctx.app.close());

  const counts = () => ctx.app.db.$client.prepare('select (select count(*) from programme_readings) p, (select count(*) from criterion_ramps) r, (select count(*) from readings) c, (select count(*) from audit_log) a').get();

  it('one programme reading colours every council\'s items alike', async () => {
    const stored = await ctx.call('POST', `/api/criteria/${sev1}/programme-readings`, { value: 2, readingDate: '2026-11-20', note: 'Supplier log' });
    expect(stored.status).toBe(201);
    expect(stored.body).toMatchObject({ criterionId: sev1, value: 2, readingDate: '2026-11-20', note: 'Supplier log' });
    const overview = await ctx.call('GET', '/api/overview');
    const reasons = overview.body.red.map((i: { councilName: string; reasons: string[] }) => [i.councilName, i.reasons.find((r) => r.includes('severity-1'))]);
    expect(reasons.length).toBe(2);
    for (const [, reason] of reasons) expect(reason).toMatch(/^Mandatory: Open severity-1 defects: 2 against a target of at most 0, 2 over; not met/);
    const list = await ctx.call('GET', `/api/criteria/${sev1}/programme-readings`, undefined, { as: lead });
    expect(list.body).toMatchObject({ data: [{ value: 2 }], page: { total: 1 } });
  });

  it('refuses council readings of a programme-wide measure, and programme readings from anyone but the office, changing nothing', async () => {
    const before = counts();
    const asLead = await ctx.call('POST', '/api/readings', { criterionId: sev1, councilId: plan.north.id, value: 0, readingDate: '2026-01-12' }, { as: lead });
    expect(asLead.status).toBe(400);
    expect(asLead.body.details[0].message).toContain('measured once for the whole programme');
    expect((await ctx.call('POST', `/api/criteria/${sev1}/programme-readings`, { value: 0, readingDate: '2026-01-12' }, { as: lead })).status).toBe(403);
    expect((await ctx.call('POST', `/api/criteria/${sev1}/programme-readings`, { value: 0, readingDate: '2026-01-12' }, { as: null })).status).toBe(401);
    for (const body of [{ value: 1.5, readingDate: '2026-01-12' }, { value: -1, readingDate: '2026-01-12' }, { value: 0, readingDate: '2099-01-01' }, { value: 0, readingDate: '2026-02-30' }, { value: '1e999', readingDate: '2026-01-12' }, { value: 0, readingDate: '2026-01-12', extra: 1 }]) {
      const refused = await ctx.call('POST', `/api/criteria/${sev1}/programme-readings`, body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
    }
    expect((await ctx.call('POST', '/api/criteria/999999/programme-readings', { value: 0, readingDate: '2026-01-12' })).status).toBe(404);
    const councilWide = (await ctx.call('GET', '/api/criteria')).body.data.find((c: { scope: string }) => c.scope !== 'programme');
    if (councilWide) expect((await ctx.call('POST', `/api/criteria/${councilWide.id}/programme-readings`, { value: 0, readingDate: '2026-01-12' })).status).toBe(409);
    expect(counts()).toEqual(before);
  });

  it('a tracking-only measure shows but never colours', async () => {
    expect((await ctx.call('POST', '/api/criteria', { code: 'T1', name: 'Tracked', unit: 'count', direction: 'lower', target: 0, amberThreshold: 1, scope: 'programme', phase: 'readiness', trackingOnly: true, mandatory: true })).status).toBe(400);
    const tracked = await ctx.call('POST', '/api/criteria', { code: 'SEV2', name: 'Open severity-2 defects', unit: 'count', direction: 'lower', target: 0, amberThreshold: 1, scope: 'programme', phase: 'readiness', trackingOnly: true });
    expect(tracked.body.trackingOnly).toBe(true);
    const before = (await ctx.call('GET', `/api/items/${itemId}/readiness`)).body;
    await ctx.call('POST', `/api/criteria/${tracked.body.id}/programme-readings`, { value: 9, readingDate: '2026-11-21' });
    const after = (await ctx.call('GET', `/api/items/${itemId}/readiness`)).body;
    expect(after.readiness.rag).toBe(before.readiness.rag);
    expect(after.readiness.score).toBe(before.readiness.score);
    expect(after.readiness.reasons).toEqual(before.readiness.reasons);
    expect(after.readiness.criteria.find((c: { code: string }) => c.code === 'SEV2')).toMatchObject({ status: 'not_met', trackingOnly: true, value: 9 });
  });

  it('a ramp is a dated fact: today or later, office only, checked, and past days are judged as they were', async () => {
    const reach = (await ctx.call('POST', '/api/criteria', { code: 'REACH', name: 'Communications reach', unit: 'percent', direction: 'higher', target: 80, amberThreshold: 65, scope: 'council', phase: 'readiness' })).body;
    const before = counts();
    const body = { points: [{ weeksBefore: 8, target: 40, amberThreshold: 30 }], reason: 'Briefings build up' };
    expect((await ctx.call('POST', `/api/criteria/${reach.id}/ramps`, body, { as: lead })).status).toBe(403);
    expect((await ctx.call('POST', `/api/criteria/${reach.id}/ramps`, { ...body, effectiveFrom: '2026-01-01' })).status).toBe(400);
    expect((await ctx.call('POST', `/api/criteria/${reach.id}/ramps`, { ...body, points: [{ weeksBefore: 8, target: 50, amberThreshold: 30 }, { weeksBefore: 2, target: 40, amberThreshold: 30 }] })).status).toBe(400);
    expect((await ctx.call('POST', `/api/criteria/${reach.id}/ramps`, { ...body, points: [{ weeksBefore: 0, target: 50, amberThreshold: 30 }] })).status).toBe(400);
    expect((await ctx.call('POST', `/api/criteria/${reach.id}/ramps`, { ...body, points: [{ weeksBefore: 8, target: 50, amberThreshold: 60 }] })).status).toBe(400);
    expect((await ctx.call('POST', `/api/criteria/${reach.id}/ramps`, { ...body, reason: '\u202e' })).status).toBe(400);
    expect(counts()).toEqual(before);
    const pastDay = '2026-01-15';
    const judgedThen = (await ctx.call('GET', `/api/items/${itemId}/readiness?asOf=${pastDay}`)).body.readiness;
    const set = await ctx.call('POST', `/api/criteria/${reach.id}/ramps`, body);
    expect(set.status).toBe(201);
    expect(set.body).toMatchObject({ effectiveFrom: '2026-11-23', points: body.points, reason: 'Briefings build up' });
    expect((await ctx.call('GET', `/api/criteria/${reach.id}/ramps`, undefined, { as: lead })).body).toMatchObject({ inForce: body.points, history: [{ id: set.body.id }] });
    expect((await ctx.call('GET', `/api/items/${itemId}/readiness?asOf=${pastDay}`)).body.readiness).toEqual(judgedThen);
  });
});
