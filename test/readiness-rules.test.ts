import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  appliesTo, evaluate, judge, judgeCriterion, proposeGate, rate, worst, type CriterionRule, type CriterionResult, type ReadingPoint,
} from '../server/domain/readiness.ts';
import { thresholdsFor } from '../server/modules/readiness/engine.ts';

const settings = { scoreRedBelow: 60, staleAfterDays: 30 };
const rule = (over: Partial<CriterionRule> = {}): CriterionRule => ({
  id: 1, code: 'TRAINED', name: 'Staff trained', unit: 'percent', direction: 'higher', target: 85, amberThreshold: 70,
  weight: 1, mandatory: false, scope: 'council', audience: 'all', phase: 'readiness', ...over,
});
const reading = (readingDate: string, value: number): ReadingPoint => ({ readingDate, value });

describe('judging a value', () => {
  it.each([
    ['higher', 90, 'met'], ['higher', 85, 'met'], ['higher', 84.9, 'at_risk'], ['higher', 70, 'at_risk'], ['higher', 69.9, 'not_met'],
  ] as const)('higher is better: %s %d is %s', (direction, value, expected) => {
    expect(judge(value, 85, 70, direction)).toBe(expected);
  });

  it.each([[0, 'met'], [1, 'at_risk'], [2, 'at_risk'], [3, 'not_met']] as const)('lower is better (target 0, amber 2): %d is %s', (value, expected) => {
    expect(judge(value, 0, 2, 'lower')).toBe(expected);
  });

  it('treats a target equal to its amber threshold as met-or-not-met', () => {
    expect(judge(0, 0, 0, 'lower')).toBe('met');
    expect(judge(1, 0, 0, 'lower')).toBe('not_met');
  });
});

describe('judging a criterion from its history', () => {
  it('is missing with no reading, and says so', () => {
    const r = judgeCriterion(rule(), [], '2026-06-01', settings, 100);
    expect(r).toMatchObject({ status: 'missing', value: null, since: null, reason: 'Staff trained: no reading yet' });
  });

  it('ignores readings after asOf', () => {
    const r = judgeCriterion(rule(), [reading('2026-05-20', 50), reading('2026-06-05', 95)], '2026-06-01', settings, 100);
    expect(r).toMatchObject({ status: 'not_met', value: 50, readingDate: '2026-05-20' });
  });

  it('counts a reading older than the staleness limit as missing, from the day it went stale', () => {
    const fresh = judgeCriterion(rule(), [reading('2026-05-02', 90)], '2026-06-01', settings, 100);
    expect(fresh.status).toBe('met');
    const stale = judgeCriterion(rule(), [reading('2026-05-01', 90)], '2026-06-01', settings, 100);
    expect(stale).toMatchObject({ status: 'missing', stale: true, since: '2026-06-01', readingDate: '2026-05-01' });
    expect(stale.reason).toBe('Staff trained: the last reading (1 May 2026) is more than 30 days old');
  });

  it('says by how much and since when the current status has held', () => {
    const history = [reading('2026-03-01', 90), reading('2026-04-01', 72), reading('2026-04-15', 74), reading('2026-05-01', 73)];
    const r = judgeCriterion(rule(), history, '2026-05-10', settings, 100);
    expect(r).toMatchObject({ status: 'at_risk', gap: 12, since: '2026-04-01' });
    expect(r.reason).toBe('Staff trained: 73% against a target of at least 85%, 12 percentage points short; at risk since 1 April 2026');
  });

  it('judges "people" readings as a share of the eligible audience', () => {
    const r = judgeCriterion(rule({ unit: 'people', target: 60, amberThreshold: 40, name: 'Take-up' }), [reading('2026-05-01', 450)], '2026-05-10', settings, 1000);
    expect(r).toMatchObject({ status: 'at_risk', value: 45, rawValue: 450 });
  });

  it('describes lower-is-better shortfalls as "over"', () => {
    const r = judgeCriterion(rule({ name: 'Open defects', unit: 'count', direction: 'lower', target: 0, amberThreshold: 0, mandatory: true }), [reading('2026-05-01', 2)], '2026-05-10', settings, 1);
    expect(r.reason).toBe('Open defects: 2 against a target of at most 0, 2 over; not met since 1 May 2026');
  });
});

const result = (status: CriterionResult['status'], over: Partial<CriterionResult> = {}): CriterionResult => ({
  criterionId: 1, code: 'X', name: 'X', unit: 'percent', direction: 'higher', mandatory: false, weight: 1, trackingOnly: false, status, value: null, rawValue: null,
  readingDate: null, stale: false, target: 85, amberThreshold: 70, gap: null, since: null, reason: `X is ${status}`, ...over,
});

describe('score and RAG', () => {
  it('is green when every criterion is met', () => {
    expect(rate([result('met'), result('met')], settings)).toMatchObject({ score: 100, rag: 'green', reasons: [] });
  });

  it('is amber when a criterion is at risk, missing, or not met but not mandatory', () => {
    expect(rate([result('met', { weight: 9 }), result('not_met')], settings)).toMatchObject({ score: 90, rag: 'amber', reasons: ['X is not_met'] });
    expect(rate([result('met', { weight: 3 }), result('at_risk')], settings)).toMatchObject({ score: 87.5, rag: 'amber', reasons: ['X is at_risk'] });
    expect(rate([result('met', { weight: 9 }), result('missing')], settings)).toMatchObject({ score: 90, rag: 'amber' });
  });

  it('is red when a mandatory criterion is not met, whatever the score', () => {
    const e = rate([result('met', { weight: 99 }), result('not_met', { mandatory: true, reason: 'Defects: 1' })], settings);
    expect(e).toMatchObject({ score: 99, rag: 'red', reasons: ['Mandatory: Defects: 1'] });
  });

  it('is red when the score is under the threshold, which lives in settings', () => {
    const results = [result('met'), result('not_met'), result('not_met')];
    expect(rate(results, settings)).toMatchObject({ score: 33.3, rag: 'red' });
    expect(rate(results, settings).reasons[0]).toBe('Readiness score 33.3 is under 60');
    expect(rate(results, { ...settings, scoreRedBelow: 30 }).rag).toBe('amber');
  });

  it('is amber with a reason when no criterion applies', () => {
    expect(rate([], settings)).toEqual({ score: null, rag: 'amber', criteria: [], reasons: ['No criteria apply yet'], notDue: 0, nothingDue: false });
  });

  it('gives the same score whatever the weights add up to', () => {
    const a = rate([result('met', { weight: 1 }), result('at_risk', { weight: 3 })], settings).score;
    const b = rate([result('met', { weight: 10 }), result('at_risk', { weight: 30 })], settings).score;
    const c = rate([result('met', { weight: 0.25 }), result('at_risk', { weight: 0.75 })], settings).score;
    expect(a).toBe(62.5);
    expect(b).toBe(a);
    expect(c).toBe(a);
  });

  it('lists the worst first: not met, then missing, then at risk', () => {
    const e = rate([result('at_risk', { reason: 'A' }), result('missing', { reason: 'B' }), result('not_met', { reason: 'C' }), result('met', { reason: 'D' })], { ...settings, scoreRedBelow: 0 });
    expect(e.reasons).toEqual(['C', 'B', 'A']);
  });

  it('takes the worst RAG of many', () => {
    expect(worst(['green', 'amber', 'green'])).toBe('amber');
    expect(worst(['amber', 'red'])).toBe('red');
    expect(worst([])).toBe('green');
  });
});

describe('which criteria apply, and which targets', () => {
  it('applies audience criteria to features of that audience, and to "both"', () => {
    expect(appliesTo({ audience: 'managers' }, 'managers')).toBe(true);
    expect(appliesTo({ audience: 'managers' }, 'employees')).toBe(false);
    expect(appliesTo({ audience: 'managers' }, 'both')).toBe(true);
    expect(appliesTo({ audience: 'all' }, 'employees')).toBe(true);
  });

  it('prefers council-and-wave overrides, then council, then wave, then the default', () => {
    const criterion = { id: 7, target: 85, amberThreshold: 70 } as never;
    const o = (id: number, councilId: number | null, waveId: number | null, target: number) => ({ id, criterionId: 7, councilId, waveId, target, amberThreshold: target - 10 });
    const overrides = [o(1, null, 2, 80), o(2, 5, null, 75), o(3, 5, 2, 70), o(4, 6, null, 60)];
    expect(thresholdsFor(criterion, overrides, 5, 2)).toEqual({ target: 70, amberThreshold: 60 });
    expect(thresholdsFor(criterion, overrides, 5, 3)).toEqual({ target: 75, amberThreshold: 65 });
    expect(thresholdsFor(criterion, overrides, 9, 2)).toEqual({ target: 80, amberThreshold: 70 });
    expect(thresholdsFor(criterion, overrides, 9, 3)).toEqual({ target: 85, amberThreshold: 70 });
    expect(thresholdsFor({ id: 8, target: 1, amberThreshold: 0 } as never, overrides, 5, 2)).toEqual({ target: 1, amberThreshold: 0 });
  });
});

describe('gate proposals', () => {
  it('proposes no-go when red or when a mandatory criterion is missing, with the reasons', () => {
    expect(proposeGate(rate([result('not_met', { mandatory: true, reason: 'D' })], settings)))
      .toEqual({ proposed: 'no_go', reasons: ['Mandatory: D', 'Readiness score 0 is under 60'] });
    expect(proposeGate(rate([result('met', { weight: 9 }), result('missing', { mandatory: true, reason: 'M' })], settings)).proposed).toBe('no_go');
  });

  it('proposes go with its conditions when amber, and plainly when green', () => {
    expect(proposeGate(rate([result('met', { weight: 9 }), result('at_risk', { reason: 'R' })], settings))).toEqual({ proposed: 'go', reasons: ['Go with conditions:', 'R'] });
    expect(proposeGate(rate([result('met')], settings))).toEqual({ proposed: 'go', reasons: ['Every criterion is met'] });
  });
});

describe('properties', () => {
  const statusArb = fc.constantFrom('met', 'at_risk', 'not_met', 'missing') as fc.Arbitrary<CriterionResult['status']>;
  const resultsArb = fc.array(fc.record({ status: statusArb, weight: fc.double({ min: 0.01, max: 100, noNaN: true }), mandatory: fc.boolean() }), { minLength: 1, maxLength: 12 })
    .map((rows) => rows.map((r, i) => result(r.status, { criterionId: i + 1, weight: r.weight, mandatory: r.mandatory })));

  it('adding a met criterion never lowers the score', () => {
    fc.assert(fc.property(resultsArb, fc.double({ min: 0.01, max: 100, noNaN: true }), (results, weight) => {
      const before = rate(results, settings).score!;
      const after = rate([...results, result('met', { criterionId: 99, weight })], settings).score!;
      expect(after).toBeGreaterThanOrEqual(before - 0.05); // rounding to one decimal
    }));
  });

  it('a new met reading for a missing or failing criterion never lowers the score or worsens the RAG', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 100 }), { maxLength: 6 }), fc.integer({ min: 0, max: 5 }), (values, which) => {
      const rules = values.map((_, i) => rule({ id: i + 1, weight: i + 1 }));
      if (rules.length === 0) return;
      const index = which % rules.length;
      const history = (extra: boolean) => (r: CriterionRule) => {
        const points = [reading('2026-05-01', values[r.id - 1]!)];
        if (extra && r.id === index + 1) points.push(reading('2026-05-05', 100));
        return points;
      };
      const before = evaluate(rules, history(false), '2026-05-10', settings, 100);
      const after = evaluate(rules, history(true), '2026-05-10', settings, 100);
      expect(after.score!).toBeGreaterThanOrEqual(before.score!);
      const order = { red: 0, amber: 1, green: 2 };
      expect(order[after.rag]).toBeGreaterThanOrEqual(order[before.rag]);
    }));
  });

  it('the score stays within 0 to 100, and green means every criterion met', () => {
    fc.assert(fc.property(resultsArb, (results) => {
      const e = rate(results, settings);
      expect(e.score!).toBeGreaterThanOrEqual(0);
      expect(e.score!).toBeLessThanOrEqual(100);
      if (e.rag === 'green') expect(results.every((r) => r.status === 'met')).toBe(true);
      if (results.some((r) => r.mandatory && r.status === 'not_met')) expect(e.rag).toBe('red');
    }));
  });
});
