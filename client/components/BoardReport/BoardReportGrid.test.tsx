// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { BoardReport } from '../../api/types.ts';
import { SORTABLE_FROM } from '../DataTable/DataTable.tsx';
import { BoardReportGrid } from './BoardReport.tsx';

afterEach(cleanup);

type Grid = BoardReport['grid'];
const RAGS = ['green', 'amber', 'red'] as const;
const NAMES = ['Westvale', 'Eastbridge', 'Northmoor', 'Southdown', 'Kingsford'];

/** n councils, two features; the first feature's colour cycles green, amber, red; council 2 has no second item. */
function grid(n: number): Grid {
  const councils = Array.from({ length: n }, (_, i) => ({ councilId: i + 1, name: `${NAMES[i % NAMES.length]} ${i + 1}`, code: `C${i + 1}` }));
  const features = [{ featureId: 1, name: 'Online payments' }, { featureId: 2, name: 'Staff rota' }];
  const cells = councils.flatMap((c, i) => [
    { itemId: c.councilId * 10 + 1, councilId: c.councilId, featureId: 1, status: 'planned' as const, rag: RAGS[i % 3]!, live: false },
    ...(c.councilId === 2 ? [] : [{ itemId: c.councilId * 10 + 2, councilId: c.councilId, featureId: 2, status: 'live' as const, rag: 'green' as const, live: true }]),
  ]);
  return { councils, features, cells } as Grid;
}
const councilsShown = () => within(screen.getByRole('table')).getAllByRole('rowheader').map((c) => c.textContent);

describe("the board report's RAG grid", () => {
  it('is a table per council and feature, with the day in words in its caption and a word beside each colour', () => {
    render(<BoardReportGrid grid={grid(3)} on="2026-11-30" />);
    const table = screen.getByRole('table', { name: 'RAG by council and feature: readiness before go-live, adoption after it, on 30 November 2026' });
    expect(table.classList.contains('rag-grid')).toBe(true);
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Council', 'Online payments', 'Staff rota']);
    const row = within(table).getByRole('rowheader', { name: 'Eastbridge 2' }).closest('tr')!;
    expect(row.textContent).toContain('Planned');
    expect(row.textContent).toContain('Not planned');
    // Three councils are read at a glance: no sorting, no filter.
    expect(screen.queryAllByRole('button')).toHaveLength(0);
    expect(screen.queryByRole('searchbox')).toBeNull();
  });

  it('with more than a dozen councils, sorts by a feature red first and by council, and filters by colour, status or council', () => {
    const n = SORTABLE_FROM + 2;
    render(<BoardReportGrid grid={grid(n)} on="2026-11-30" />);
    fireEvent.click(screen.getByRole('button', { name: 'Online payments' }));
    const reds = grid(n).cells.filter((c) => c.featureId === 1 && c.rag === 'red').length;
    const firstColours = within(screen.getByRole('table')).getAllByRole('row').slice(1, reds + 1)
      .map((r) => r.querySelectorAll('td')[0]!.textContent);
    expect(firstColours.every((t) => /red/i.test(t ?? ''))).toBe(true);
    expect(screen.getByRole('status').textContent).toBe('Sorted by online payments, ascending.');

    fireEvent.click(screen.getByRole('button', { name: 'Council' }));
    expect(councilsShown().slice(0, 3)).toEqual(['Eastbridge 2', 'Eastbridge 7', 'Eastbridge 12']);

    const box = screen.getByRole('searchbox', { name: /Filter/ });
    fireEvent.input(box, { target: { value: 'not planned' } });
    expect(councilsShown()).toEqual(['Eastbridge 2']);
    fireEvent.input(box, { target: { value: 'kingsford' } });
    expect(councilsShown()).toEqual(['Kingsford 5', 'Kingsford 10', 'Kingsford 15']);
    expect(screen.getByRole('status').textContent).toContain(`3 of ${n} rows match “kingsford”.`);
  });
});
