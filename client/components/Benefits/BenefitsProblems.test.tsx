// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { BenefitsSummary } from '../../api/types.ts';
import { BenefitsProblems } from './BenefitsFigures.tsx';

afterEach(cleanup);

const row = (i: number) => ({ councilId: i, councilName: `Council ${i}`, transactionTypeId: 1, transactionTypeName: 'Address change' });
const summary = (problems: Partial<BenefitsSummary['problems']>) => ({
  problems: { noBaseline: [], missingMonths: [], missingCosts: [], totals: { noBaseline: 0, missingMonths: 0, missingCosts: 0 }, ...problems },
}) as unknown as BenefitsSummary;

describe('gaps in the benefits figures', () => {
  it('names the first twelve months not sent and counts the rest from the total, not from the rows sent', () => {
    const missingMonths = Array.from({ length: 100 }, (_, i) => ({ ...row(i + 1), month: '2026-10' }));
    render(<BenefitsProblems summary={summary({ missingMonths, totals: { noBaseline: 0, missingMonths: 2400, missingCosts: 0 } })} />);
    const text = screen.getByText(/Monthly volumes due and not sent/).textContent!;
    expect(text).toContain('Council 1, Address change, October 2026; Council 2');
    expect(text).toContain('Council 12, Address change, October 2026 and 2,388 more.');
    expect(text).not.toContain('Council 13,');
    expect(text).toContain('benefits-by-month export');
  });

  it('says nothing when nothing is missing', () => {
    const { container } = render(<BenefitsProblems summary={summary({})} />);
    expect(container.textContent).toBe('');
  });
});
