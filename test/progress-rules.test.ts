import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eligibleStaff, itemProgress, summarise, type ItemFacts } from '../server/domain/progress.ts';

const item = (over: Partial<ItemFacts> = {}): ItemFacts => ({
  itemId: 1, councilId: 1, featureId: 1, waveId: 1, status: 'planned', plannedGoLive: '2026-03-31', actualGoLive: null,
  audience: 'employees', staffHeadcount: 1000, managerHeadcount: 100, groupHeadcount: null, ...over,
});

describe('slippage against the baseline', () => {
  it.each([
    ['across a month end', '2026-01-31', '2026-02-01', 1],
    ['across February in a leap year', '2028-02-28', '2028-03-01', 2],
    ['across February in a common year', '2027-02-28', '2027-03-01', 1],
    ['across a year end', '2026-12-31', '2027-01-01', 1],
    ['across the spring clock change', '2026-03-28', '2026-03-30', 2],
    ['a whole leap year', '2028-01-01', '2029-01-01', 366],
    ['early delivery is negative', '2026-03-31', '2026-03-20', -11],
  ])('%s: baseline %s, delivered %s → %i days', (_label, baseline, actual, expected) => {
    const progress = itemProgress(item({ status: 'live', actualGoLive: actual, plannedGoLive: baseline }), { plannedGoLive: baseline, status: 'planned' }, '2029-12-31');
    expect(progress.slippageDays).toBe(expected);
    expect(progress.slipState).toBe(expected > 0 ? 'slipped' : expected < 0 ? 'early' : 'on_plan');
  });

  it('judges an item not yet live on its current planned date', () => {
    const p = itemProgress(item({ plannedGoLive: '2026-05-15' }), { plannedGoLive: '2026-04-30', status: 'planned' }, '2026-04-01');
    expect(p).toMatchObject({ live: false, overdue: false, forecastGoLive: '2026-05-15', slippageDays: 15, slipState: 'slipped', plannedLive: false });
  });

  it('keeps counting the days of an overdue item up to asOf', () => {
    const p = itemProgress(item({ plannedGoLive: '2026-03-31' }), { plannedGoLive: '2026-03-31', status: 'planned' }, '2026-04-10');
    expect(p).toMatchObject({ overdue: true, forecastGoLive: '2026-04-10', slippageDays: 10, plannedLive: true, live: false });
  });

  it('does not count a go-live after asOf as live on asOf', () => {
    const p = itemProgress(item({ status: 'live', actualGoLive: '2026-04-02', plannedGoLive: '2026-03-31' }), { plannedGoLive: '2026-03-31', status: 'planned' }, '2026-04-01');
    expect(p).toMatchObject({ live: false, actualGoLive: null, overdue: true, slippageDays: 1 });
  });

  it('marks items new since the baseline, deferred or cancelled without inventing slippage', () => {
    expect(itemProgress(item(), undefined, '2026-01-01')).toMatchObject({ slipState: 'not_in_baseline', slippageDays: null, plannedLive: false });
    expect(itemProgress(item({ status: 'deferred', waveId: null, plannedGoLive: null }), { plannedGoLive: '2026-03-31', status: 'planned' }, '2026-05-01'))
      .toMatchObject({ slipState: 'deferred', slippageDays: null, overdue: false, plannedLive: true });
    expect(itemProgress(item({ status: 'cancelled' }), { plannedGoLive: '2026-03-31', status: 'planned' }, '2026-05-01'))
      .toMatchObject({ slipState: 'cancelled', eligibleStaff: 0, overdue: false });
    expect(itemProgress(item(), { plannedGoLive: '2026-03-31', status: 'cancelled' }, '2026-05-01'))
      .toMatchObject({ slipState: 'not_in_baseline', plannedLive: false });
  });
});

describe('staff reached', () => {
  it('weights by audience and scope', () => {
    expect(eligibleStaff({ audience: 'employees', staffHeadcount: 1000, managerHeadcount: 100, groupHeadcount: null })).toBe(1000);
    expect(eligibleStaff({ audience: 'both', staffHeadcount: 1000, managerHeadcount: 100, groupHeadcount: null })).toBe(1000);
    expect(eligibleStaff({ audience: 'managers', staffHeadcount: 1000, managerHeadcount: 100, groupHeadcount: null })).toBe(100);
    expect(eligibleStaff({ audience: 'employees', staffHeadcount: 1000, managerHeadcount: 100, groupHeadcount: 250 })).toBe(250);
    expect(eligibleStaff({ audience: 'managers', staffHeadcount: 1000, managerHeadcount: 100, groupHeadcount: 250 })).toBe(25);
    expect(eligibleStaff({ audience: 'managers', staffHeadcount: 0, managerHeadcount: 0, groupHeadcount: 0 })).toBe(0);
  });

  it('counts people once per council and adds councils up', () => {
    const asOf = '2026-06-01';
    const rows = [
      item({ itemId: 1, councilId: 1, status: 'live', actualGoLive: '2026-05-01' }),
      item({ itemId: 2, councilId: 1, audience: 'managers', status: 'live', actualGoLive: '2026-05-01' }),
      item({ itemId: 3, councilId: 2, staffHeadcount: 500, managerHeadcount: 40, audience: 'managers', status: 'live', actualGoLive: '2026-05-01' }),
      item({ itemId: 4, councilId: 2, staffHeadcount: 500, managerHeadcount: 40 }),
    ].map((facts) => ({ facts, progress: itemProgress(facts, { plannedGoLive: '2026-05-01', status: 'planned' }, asOf) }));
    const totals = summarise(rows);
    expect(totals).toMatchObject({ items: 4, live: 3, plannedLive: 4, liveOfPlanned: 3, staffReached: 1000 + 40, staffInScope: 1000 + 500, overdue: 1 });
    expect(totals.slipped).toBe(1);
    expect(totals.totalSlippageDays).toBe(31);
  });
});

describe('properties', () => {
  const day = fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));

  it('slippage is antisymmetric and zero exactly on the baseline date', () => {
    fc.assert(fc.property(day, day, (a, b) => {
      const forward = itemProgress(item({ status: 'live', actualGoLive: a }), { plannedGoLive: b, status: 'planned' }, '2031-01-01').slippageDays!;
      const back = itemProgress(item({ status: 'live', actualGoLive: b }), { plannedGoLive: a, status: 'planned' }, '2031-01-01').slippageDays!;
      expect(forward + back).toBe(0);
      expect(forward === 0).toBe(a === b);
    }));
  });

  it('going live never lowers staff reached, and reached never exceeds scope', () => {
    const facts = fc.record({
      councilId: fc.integer({ min: 1, max: 3 }),
      audience: fc.constantFrom('employees', 'managers', 'both') as fc.Arbitrary<ItemFacts['audience']>,
      live: fc.boolean(),
    });
    fc.assert(fc.property(fc.array(facts, { maxLength: 12 }), fc.nat(11), (rows, flip) => {
      const build = (flipOn: boolean) => rows.map((r, i) => {
        const live = r.live || (flipOn && i === flip);
        const f = item({ itemId: i + 1, councilId: r.councilId, audience: r.audience, staffHeadcount: 1000 * r.councilId, managerHeadcount: 90 * r.councilId, status: live ? 'live' : 'planned', actualGoLive: live ? '2026-01-01' : null });
        return { facts: f, progress: itemProgress(f, undefined, '2026-06-01') };
      });
      const before = summarise(build(false));
      const after = summarise(build(true));
      expect(after.staffReached).toBeGreaterThanOrEqual(before.staffReached);
      expect(after.staffReached).toBeLessThanOrEqual(after.staffInScope);
    }));
  });
});

describe('merging council totals', () => {
  it('gives the same totals as summarising everything at once', async () => {
    const { mergeTotals } = await import('../server/domain/progress.ts');
    fc.assert(fc.property(fc.array(fc.record({
      councilId: fc.integer({ min: 1, max: 4 }), live: fc.boolean(), audience: fc.constantFrom('employees', 'managers', 'both') as fc.Arbitrary<ItemFacts['audience']>,
      planned: fc.constantFrom('2026-01-10', '2026-03-01', '2026-07-01'),
    }), { maxLength: 20 }), (rows) => {
      const all = rows.map((r, i) => {
        const f = item({ itemId: i + 1, councilId: r.councilId, audience: r.audience, staffHeadcount: 1000 * r.councilId, managerHeadcount: 80 * r.councilId, plannedGoLive: r.planned, status: r.live ? 'live' : 'planned', actualGoLive: r.live ? '2026-02-01' : null });
        return { facts: f, progress: itemProgress(f, { plannedGoLive: '2026-02-01', status: 'planned' }, '2026-05-01') };
      });
      const byCouncil = [1, 2, 3, 4].map((c) => summarise(all.filter((x) => x.facts.councilId === c)));
      expect(mergeTotals(byCouncil)).toEqual(summarise(all));
    }));
  });
});
