/** A summary's gaps carry the first 100 rows of each list and the count of all of them (server/modules/benefits/gaps.ts). */
import { describe, expect, it } from 'vitest';
import type { Series } from '../server/domain/benefits.ts';
import { GAPS_LISTED, gapsOf } from '../server/modules/benefits/gaps.ts';

const series = (councilId: number, transactionTypeId: number) => ({ councilId, transactionTypeId }) as Series;
const named = (s: Series) => ({ councilId: s.councilId, councilName: `Council ${s.councilId}`, transactionTypeId: s.transactionTypeId, transactionTypeName: `Type ${s.transactionTypeId}` });

describe('gaps in the benefits figures', () => {
  it('lists the first 100 of each list in their order and counts them all', () => {
    const missingMonths = Array.from({ length: 250 }, (_, i) => ({ series: series(1 + Math.floor(i / 12), 1), month: `2026-${String((i % 12) + 1).padStart(2, '0')}` }));
    const noBaseline = Array.from({ length: 101 }, (_, i) => named(series(i + 1, 2)));
    const gaps = gapsOf(noBaseline, { missingMonths, seriesWithoutCosts: [{ series: series(3, 1), channels: ['paper', 'phone'] }] }, named);
    expect(GAPS_LISTED).toBe(100);
    expect(gaps.totals).toEqual({ noBaseline: 101, missingMonths: 250, missingCosts: 1 });
    expect(gaps.missingMonths).toHaveLength(100);
    expect(gaps.missingMonths[0]).toEqual({ councilId: 1, councilName: 'Council 1', transactionTypeId: 1, transactionTypeName: 'Type 1', month: '2026-01' });
    expect(gaps.missingMonths[99]).toMatchObject({ councilId: 9, month: '2026-04' });
    expect(gaps.noBaseline.map((n) => n.councilId)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(gaps.missingCosts).toEqual([{ councilId: 3, councilName: 'Council 3', transactionTypeId: 1, transactionTypeName: 'Type 1', channels: ['paper', 'phone'] }]);
  });

  it('keeps short lists whole', () => {
    const gaps = gapsOf([], { missingMonths: [{ series: series(1, 1), month: '2026-10' }], seriesWithoutCosts: [] }, named);
    expect(gaps).toEqual({ noBaseline: [], missingMonths: [{ ...named(series(1, 1)), month: '2026-10' }], missingCosts: [], totals: { noBaseline: 0, missingMonths: 1, missingCosts: 0 } });
  });
});
