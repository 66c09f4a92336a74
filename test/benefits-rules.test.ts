import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHANNELS, type Channel } from '../server/db/schema.ts';
import { columnsOf, volumesOf } from '../server/modules/benefits/store.ts';
import {
  blendedCost, breakEven, figuresFor, forecast, monthSaving, monthsBetween, takeUp, targetAt, toPence, totalOf,
  type Costs, type Series, type Volumes,
} from '../server/domain/benefits.ts';

/** The shipped indicative defaults (migration 0013). */
const DEFAULTS: Costs = {
  paper: { pence: 520, cashable: true }, email: { pence: 303, cashable: false }, phone: { pence: 376, cashable: false },
  face_to_face: { pence: 934, cashable: false }, online: { pence: 27, cashable: false }, assisted: { pence: 244, cashable: false },
};

const series = (over: Partial<Series> = {}): Series => ({
  councilId: 1, featureId: 1, transactionTypeId: 1, baseline: { paper: 100, phone: 300, online: 0 }, expectedFrom: '2026-04',
  costs: DEFAULTS, actuals: new Map(), ...over,
});

describe('blended cost and take-up', () => {
  it('costs each channel at its unit cost and divides by all transactions', () => {
    // 100 paper × 520p + 300 phone × 376p = 164,800p over 400 transactions = 412p
    expect(blendedCost({ paper: 100, phone: 300 }, DEFAULTS)).toBe(412);
    expect(blendedCost({ online: 3 }, DEFAULTS)).toBe(27);
  });

  it('has no blended cost without volume, or with a unit cost missing, rather than 0', () => {
    expect(blendedCost({}, DEFAULTS)).toBeNull();
    expect(blendedCost({ phone: 10 }, { online: DEFAULTS.online! })).toBeNull();
  });

  it('takes up online ÷ all, with assisted digital apart', () => {
    expect(takeUp({ paper: 50, online: 120, assisted: 30 })).toEqual({ online: 0.6, assisted: 0.15 });
    expect(takeUp({})).toEqual({ online: null, assisted: null });
  });
});

describe('the saving of a month', () => {
  it('costs this month\'s transactions in the baseline mix and in the actual mix', () => {
    // Baseline mix: 25% paper, 75% phone (412p each). This month 400 transactions: 40 paper, 160 phone, 200 online.
    const s = monthSaving({ paper: 100, phone: 300 }, { paper: 40, phone: 160, online: 200 }, DEFAULTS)!;
    expect(s.expectedCost).toBe(164_800);
    expect(s.actualCost).toBe(40 * 520 + 160 * 376 + 200 * 27);
    expect(s.saving).toBeCloseTo(164_800 - (20_800 + 60_160 + 5_400), 9);
    // Paper is cashable: (100 − 40) × 520p
    expect(s.cashable).toBeCloseTo(31_200, 9);
    expect(s.cashable + s.nonCashable).toBeCloseTo(s.saving, 9);
  });

  it('is not a saving when demand alone falls: the same mix costs the same per transaction', () => {
    expect(monthSaving({ paper: 100, phone: 300 }, { paper: 50, phone: 150 }, DEFAULTS)!.saving).toBeCloseTo(0, 9);
  });

  it('gives no saving (not £0) without a baseline or a unit cost', () => {
    expect(monthSaving({}, { phone: 10 }, DEFAULTS)).toBeNull();
    expect(monthSaving({ phone: 10 }, { phone: 10, paper: 1 }, { phone: DEFAULTS.phone! })).toBeNull();
  });
});

describe('rounding to the penny, once, at the end', () => {
  it.each([[0.5, 1], [1.5, 2], [-0.5, -1], [2.4999, 2], [2.49999999999, 3], [412.00000000001, 412], [-1.5, -2]])('%d → %d', (amount, pence) => {
    expect(toPence(amount)).toBe(pence);
  });

  it('rounds a third of a penny three times as a penny, not as nothing', () => {
    const s = series({ baseline: { paper: 1, phone: 1, email: 1 }, actuals: new Map([['2026-04', { phone: 1, online: 1 }]]) });
    const perMonth = monthSaving(s.baseline!, s.actuals.get('2026-04')!, DEFAULTS)!.saving;
    expect(perMonth % 1).not.toBe(0);
    const three = figuresFor([s, { ...s, councilId: 2 }, { ...s, councilId: 3 }], { firstMonth: '2026-04', lastMonth: '2026-04', dueBefore: '2026-05' });
    expect(toPence(three.saved!)).toBe(toPence(perMonth * 3));
  });
});

describe('missing data is reported, never counted as zero', () => {
  it('names the series without a baseline and gives them no saving', () => {
    const s = series({ baseline: null, actuals: new Map([['2026-04', { phone: 10, online: 5 }]]) });
    const f = figuresFor([s], { firstMonth: '2026-04', lastMonth: '2026-04', dueBefore: '2026-05' });
    expect(f.saved).toBeNull();
    expect(f.blendedBefore).toBeNull();
    expect(f.seriesWithoutBaseline).toEqual([s]);
    // Its volumes still count for take-up.
    expect(f.months[0]).toMatchObject({ total: 15, reported: 1, saving: null });
    expect(f.months[0]!.takeUp).toBeCloseTo(1 / 3, 12);
  });

  it('reports a month due and not sent as missing, and the month not yet over as not due', () => {
    const s = series({ actuals: new Map([['2026-04', { paper: 50, phone: 250, online: 100 }], ['2026-06', { paper: 40, phone: 200, online: 160 }]]) });
    const f = figuresFor([s], { firstMonth: '2026-04', lastMonth: '2026-07', dueBefore: '2026-07' });
    expect(f.missingMonths.map((m) => m.month)).toEqual(['2026-05']);
    expect(f.months.map((m) => [m.month, m.missing, m.saving === null])).toEqual([
      ['2026-04', 0, false], ['2026-05', 1, true], ['2026-06', 0, false], ['2026-07', 0, true],
    ]);
  });

  it('names channels with volume and no unit cost', () => {
    const s = series({ costs: { paper: DEFAULTS.paper!, phone: DEFAULTS.phone! }, actuals: new Map([['2026-04', { paper: 50, phone: 250, online: 100 }]]) });
    const f = figuresFor([s], { firstMonth: '2026-04', lastMonth: '2026-04', dueBefore: '2026-05' });
    expect(f.seriesWithoutCosts).toEqual([{ series: s, channels: ['online'] }]);
    expect(f.saved).toBeNull();
  });
});

describe('targets, forecast and break-even', () => {
  it('reads a straight-line target month by month, and an explicit profile as steps', () => {
    const line = { target: 1200, startDate: '2026-01-15', targetDate: '2026-12-31', profile: [] };
    expect(targetAt(line, '2025-12')).toBe(0);
    expect(targetAt(line, '2026-01')).toBe(100);
    expect(targetAt(line, '2026-06')).toBe(600);
    expect(targetAt(line, '2027-03')).toBe(1200);
    const steps = { ...line, profile: [{ month: '2026-06', value: 300 }, { month: '2026-03', value: 100 }] };
    expect([targetAt(steps, '2026-02'), targetAt(steps, '2026-03'), targetAt(steps, '2026-05'), targetAt(steps, '2026-09')]).toEqual([0, 100, 100, 300]);
  });

  it('continues a straight trend exactly, with no range when the fit is perfect', () => {
    const monthly = [{ month: '2026-04', saving: 100 }, { month: '2026-05', saving: 200 }, { month: '2026-06', saving: 300 }];
    const f = forecast(monthly, 600, '2026-08')!;
    expect(f.monthly).toEqual([{ month: '2026-07', saving: 400 }, { month: '2026-08', saving: 500 }]);
    expect(f).toMatchObject({ cumulative: 1500, low: 1500, high: 1500, fittedFrom: '2026-04', fittedTo: '2026-06' });
    expect(f.method).toMatch(/Least-squares/);
  });

  it('widens the range with the scatter of the months fitted, and needs three months', () => {
    expect(forecast([{ month: '2026-04', saving: 1 }, { month: '2026-05', saving: 2 }], 3, '2027-01')).toBeNull();
    const f = forecast([{ month: '2026-04', saving: 100 }, { month: '2026-05', saving: 300 }, { month: '2026-06', saving: 200 }, { month: '2026-07', saving: 400 }], 1000, '2026-09')!;
    expect(f.low).toBeLessThan(f.cumulative);
    expect(f.high - f.cumulative).toBeCloseTo(f.cumulative - f.low, 9);
  });

  it('finds the month the saving covers the set-up costs, in the data or in the forecast', () => {
    const reported = [{ month: '2026-04', saving: 100 }, { month: '2026-05', saving: 100 }];
    expect(breakEven(reported, [], [{ month: '2026-03', pence: 150 }])).toEqual({ month: '2026-05', forecast: false });
    expect(breakEven(reported, [{ month: '2026-06', saving: 100 }], [{ month: '2026-03', pence: 250 }])).toEqual({ month: '2026-06', forecast: true });
    expect(breakEven(reported, [], [{ month: '2026-03', pence: 1000 }])).toBeNull();
    expect(breakEven(reported, [], [])).toBeNull();
  });
});

// Properties ----------------------------------------------------------------------------------------------------

const volumesArb = fc.record(Object.fromEntries(CHANNELS.map((c) => [c, fc.integer({ min: 0, max: 50_000 })])) as Record<Channel, fc.Arbitrary<number>>);
/** Unit costs where self-service online is the cheapest channel, as every published benchmark has it. */
const costsArb = fc.integer({ min: 1, max: 100 }).chain((online) => fc.record(Object.fromEntries(CHANNELS.map((c) => [c,
  fc.record({ pence: c === 'online' ? fc.constant(online) : fc.integer({ min: online, max: 5_000 }), cashable: fc.boolean() })])) as Record<Channel, fc.Arbitrary<{ pence: number; cashable: boolean }>>));

const seriesArb = fc.record({
  councilId: fc.integer({ min: 1, max: 4 }),
  transactionTypeId: fc.integer({ min: 1, max: 3 }),
  baseline: fc.option(volumesArb, { nil: null }),
  costs: costsArb,
  actuals: fc.array(fc.tuple(fc.constantFrom(...monthsBetween('2026-01', '2026-08')), volumesArb), { maxLength: 8 }),
}).map((s): Series => ({ ...s, featureId: s.transactionTypeId, expectedFrom: '2026-02', actuals: new Map(s.actuals) }));
const window = { firstMonth: '2026-01', lastMonth: '2026-08', dueBefore: '2026-08' };

describe('properties', () => {
  it('moving volume from any channel to online never raises the blended cost', () => {
    fc.assert(fc.property(volumesArb, costsArb, fc.constantFrom(...CHANNELS), fc.integer({ min: 0, max: 50_000 }), (v, costs, from, amount) => {
      const moved = Math.min(amount, v[from]);
      const after: Volumes = { ...v, [from]: v[from] - moved, online: (from === 'online' ? v.online - moved : v.online) + moved };
      const before = blendedCost(v, costs);
      const now = blendedCost(after, costs);
      if (before === null) return now === null;
      return now! <= before + 1e-9;
    }));
  });

  it('moving volume to online never lowers the saving of the month', () => {
    fc.assert(fc.property(volumesArb, volumesArb, costsArb, fc.constantFrom(...CHANNELS), fc.integer({ min: 1, max: 50_000 }), (base, v, costs, from, amount) => {
      const moved = Math.min(amount, v[from]);
      const after = { ...v, [from]: v[from] - moved, online: (from === 'online' ? v.online - moved : v.online) + moved };
      const a = monthSaving(base, v, costs);
      const b = monthSaving(base, after, costs);
      return a === null ? b === null : b!.saving >= a.saving - 1e-6;
    }));
  });

  it('totals equal the sum of their parts across councils and months', () => {
    fc.assert(fc.property(fc.array(seriesArb, { maxLength: 8 }), (all) => {
      const whole = figuresFor(all, window);
      const councils = [...new Set(all.map((s) => s.councilId))].map((id) => figuresFor(all.filter((s) => s.councilId === id), window));
      const sum = (values: Array<number | null>) => values.reduce<number | null>((acc, v) => (v === null ? acc : (acc ?? 0) + v), null);
      const close = (a: number | null, b: number | null) => (a === null ? b === null : b !== null && Math.abs(a - b) < 1e-6 * Math.max(1, Math.abs(a)));
      // Across councils
      if (!close(whole.saved, sum(councils.map((c) => c.saved)))) return false;
      if (!close(whole.cashable, sum(councils.map((c) => c.cashable)))) return false;
      // Across months
      if (!close(whole.saved, sum(whole.months.map((m) => m.saving)))) return false;
      // Volumes are whole numbers and add up exactly; missing months too.
      return whole.months.every((m, i) => m.total === councils.reduce((t, c) => t + c.months[i]!.total, 0)
        && m.missing === councils.reduce((t, c) => t + c.months[i]!.missing, 0))
        && whole.missingMonths.length === councils.reduce((t, c) => t + c.missingMonths.length, 0);
    }));
  });

  it('rounding is stable: the same rows in any order give the same pence', () => {
    fc.assert(fc.property(fc.array(seriesArb, { minLength: 1, maxLength: 8 }).chain((all) => fc.tuple(fc.constant(all), fc.shuffledSubarray(all, { minLength: all.length }))), ([all, shuffled]) => {
      const a = figuresFor(all, window);
      const b = figuresFor(shuffled, window);
      const pence = (x: number | null) => (x === null ? null : toPence(x));
      return pence(a.saved) === pence(b.saved) && pence(a.cashable) === pence(b.cashable) && pence(a.blendedBefore) === pence(b.blendedBefore)
        && a.months.every((m, i) => pence(m.blendedNow) === pence(b.months[i]!.blendedNow));
    }));
  });

  it('rounds once: the rounded total is within half a penny of the exact sum, however many rows', () => {
    fc.assert(fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { maxLength: 200 }), (parts) => {
      const exact = parts.reduce((a, b) => a + b, 0);
      return Math.abs(toPence(exact) - exact) <= 0.5 + 1e-6;
    }));
  });

  it('a series with no baseline never adds to the saving, whatever its volumes', () => {
    fc.assert(fc.property(seriesArb, (s) => {
      const without = { ...s, baseline: null };
      const f = figuresFor([without], window);
      return f.saved === null && f.seriesWithoutBaseline.length === 1 && f.missingMonths.length === 0
        && f.months.reduce((t, m) => t + m.total, 0) === [...s.actuals.entries()].filter(([m]) => m <= window.lastMonth).reduce((t, [, v]) => t + totalOf(v), 0);
    }));
  });
});

describe('volumes by channel', () => {
  it('are read from the six columns, keyed by channel in the order CHANNELS lists them', () => {
    const row = { paper: 1, email: 2, phone: null, faceToFace: 4, online: 5, assisted: 0 };
    const volumes = volumesOf(row);
    expect(Object.keys(volumes)).toEqual([...CHANNELS]);
    expect(volumes).toEqual({ paper: 1, email: 2, phone: null, face_to_face: 4, online: 5, assisted: 0 });
    expect(columnsOf(volumes)).toEqual(row);
  });
});
