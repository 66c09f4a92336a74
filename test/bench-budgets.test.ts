import { describe, expect, it } from 'vitest';
import { peakRssBudget, tenTimesBudgets } from '../bench/budgets.ts';

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

describe('the budgets at ten times the data', () => {
  it('judge a run at 4,000 councils, and fail one that failed or did not run', () => {
    const routes = [{ route: 'GET /api/overview', rps: 21_000, p99: 1, ratioToHealth: 0.88 }];
    const measured = tenTimesBudgets([{ councils: 4000, startupMs: 1104, overviewColdMs: 5832, rssMb: 342, peakRssMb: 385.7, routes }]);
    expect(measured.map((b) => [b.value, b.pass])).toEqual([['1104 ms', true], ['385.7 MB', true], ['0.88×', true]]);
    expect(tenTimesBudgets([{ councils: 4000, startupMs: 1104, overviewColdMs: 5832, rssMb: 342, peakRssMb: 411.1, routes }])[1]!.pass).toBe(false);
    expect(tenTimesBudgets([{ councils: 4000, failed: 'the server ran out of memory (JavaScript heap)' }])).toMatchObject([{ value: 'the run failed: the server ran out of memory (JavaScript heap)', pass: false }]);
    expect(tenTimesBudgets([])).toMatchObject([{ pass: false }]);
  });
});
