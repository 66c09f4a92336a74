import { describe, expect, it } from 'vitest';
import type { CriterionResult } from '../server/domain/readiness.ts';
import { mergeTakeUp, NO_TAKE_UP, takeUpOf } from '../server/domain/take-up.ts';

/** Take-up ("using", docs/metrics.md): the rules, with the corners a hand-picked demo would miss. */
const reading = (over: Partial<CriterionResult>): CriterionResult => ({
  criterionId: 1, code: 'TAKEUP', name: 'Digital take-up', unit: 'people', direction: 'higher', mandatory: false, weight: 2, trackingOnly: false,
  status: 'met', value: 70, rawValue: 700, readingDate: '2026-11-01', stale: false, target: 60, amberThreshold: 40, gap: -10, since: null, reason: '',
  ...over,
});
const item = (over: { live?: boolean; cancelled?: boolean; eligible?: number; takeUp?: Partial<CriterionResult> | null }) => ({
  live: over.live ?? true, cancelled: over.cancelled ?? false, eligible: over.eligible ?? 1000,
  adoption: over.takeUp === null ? [] : [reading({ unit: 'percent', code: 'COMPLETION' }), reading(over.takeUp ?? {})],
});

describe('take-up', () => {
  it('adds people and audiences over measured live items, and counts those at target', () => {
    const t = takeUpOf([item({}), item({ eligible: 3000, takeUp: { value: 50, rawValue: 1500, status: 'at_risk' } })]);
    expect(t).toEqual({ liveItems: 2, measured: 2, users: 2200, switchedOn: 4000, percent: 55, metTarget: 1, lowest: 50, highest: 70, target: 60 });
  });

  it('leaves out items not live or cancelled; a missing or stale reading is not measured and not a zero', () => {
    const t = takeUpOf([
      item({ live: false }), item({ cancelled: true }), item({ takeUp: null }),
      item({ takeUp: { status: 'missing', stale: true, value: 90, rawValue: 900 } }), item({ takeUp: { status: 'missing', value: null, rawValue: null } }),
    ]);
    expect(t).toEqual({ ...NO_TAKE_UP, liveItems: 3 });
    expect(takeUpOf([])).toEqual(NO_TAKE_UP);
  });

  it('gives one target only when every measured item has the same', () => {
    const a = takeUpOf([item({})]);
    const b = takeUpOf([item({ takeUp: { target: 75 } })]);
    expect(mergeTakeUp([a, a]).target).toBe(60);
    expect(mergeTakeUp([a, b]).target).toBeNull();
    // An unmeasured part does not change the target.
    expect(mergeTakeUp([a, takeUpOf([item({ takeUp: null })])]).target).toBe(60);
    // Merging parts gives what one pass over all the items gives.
    expect(mergeTakeUp([a, b])).toEqual(takeUpOf([item({}), item({ takeUp: { target: 75 } })]));
  });
});
