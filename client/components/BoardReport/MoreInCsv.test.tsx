// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { BoardReport } from '../../api/types.ts';
import { MoreInCsv } from './MoreInCsv.tsx';

afterEach(cleanup);

const LENGTHS = { wentLive: 0, slipped: 332, colourChanged: 0, gateDecisions: 0, planMoves: 0, blockers: 20, goLives: 0, whatWeAreDoing: 0 };
const report = (lists?: BoardReport['lists']) => ({
  period: { from: '2026-10-31', to: '2026-11-30', days: 30 }, baseline: { id: 4, name: 'Plan v2', approvedAt: '2026-06-01T09:00:00.000Z' }, ...(lists ? { lists } : {}),
}) as unknown as BoardReport;

describe('a list the report cut to its first rows', () => {
  it('says how many more there are and links the whole list as CSV for the period and baseline', () => {
    render(<MoreInCsv report={report({ shown: 20, lengths: LENGTHS })} list="slipped" rows={20} />);
    expect(screen.getByText(/and 312 more/).textContent).toBe('and 312 more — full list in the CSV');
    const link = screen.getByRole('link', { name: 'full list in the CSV' });
    expect(link.getAttribute('href')).toBe('/api/reports/board/lists/slipped?from=2026-10-31&to=2026-11-30&baselineId=4');
    expect(link.hasAttribute('download')).toBe(true);
  });

  it('passes a share link\'s token, which a download cannot send as a header', () => {
    render(<MoreInCsv report={report({ shown: 20, lengths: LENGTHS })} list="slipped" rows={20} shareToken="rps_abc" />);
    expect(screen.getByRole('link').getAttribute('href')).toContain('&key=rps_abc');
  });

  it('says nothing when the list is whole, or the report was issued before lists were cut', () => {
    const { container } = render(<>
      <MoreInCsv report={report({ shown: 20, lengths: LENGTHS })} list="blockers" rows={20} />
      <MoreInCsv report={report()} list="slipped" rows={332} />
    </>);
    expect(container.textContent).toBe('');
  });
});
