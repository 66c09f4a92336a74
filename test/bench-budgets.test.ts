import { describe, expect, it } from 'vitest';
import { peakRssBudget } from '../bench/budgets.ts';

/** The benchmark's memory budget over every phase: a phase whose run failed is named so, and fails it. */
describe("the benchmark's peak memory budget", () => {
  it('passes only when every phase was measured under 300 MB', () => {
    expect(peakRssBudget([{ phase: 'main', mb: 242.3 }, { phase: 'scale 100', mb: 180 }])).toMatchObject({ value: 'main 242.3 MB, scale 100 180 MB', pass: true });
    expect(peakRssBudget([{ phase: 'main', mb: 300.1 }]).pass).toBe(false);
    expect(peakRssBudget([])).toMatchObject({ value: 'not measured', pass: false });
  });

  it('names a failed run as not measured rather than an infinite figure, and fails', () => {
    const budget = peakRssBudget([{ phase: 'main', mb: 242.3 }, { phase: 'scale 100', mb: null }]);
    expect(budget).toMatchObject({ value: 'main 242.3 MB, scale 100 not measured (the run failed)', pass: false });
    expect(budget.value).not.toMatch(/Infinity/);
  });
});
