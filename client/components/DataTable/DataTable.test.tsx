// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { DataTable, SORTABLE_FROM, type Column } from './DataTable.tsx';

afterEach(cleanup);

interface Row { id: number; council: string; late: number | null; on: string }
const COUNCILS = ['Westvale', 'Eastbridge', 'Northmoor'];
const rows = (n: number): Row[] => Array.from({ length: n }, (_, i) => ({
  id: i + 1, council: `${COUNCILS[i % 3]} ${i + 1}`, late: i === 4 ? null : (i * 7) % 11, on: `2026-${String((i % 12) + 1).padStart(2, '0')}-01`,
}));
const columns: Column<Row>[] = [
  { header: 'Council', rowHeader: true, cell: (r) => r.council, sort: (r) => r.council },
  { header: 'Days late', numeric: true, cell: (r) => String(r.late ?? '—'), sort: (r) => r.late },
  { header: 'Note', cell: () => 'x' },
];
const table = (n: number) => render(<DataTable caption="Items" columns={columns} rows={rows(n)} rowKey={(r) => r.id} filter={(r) => r.council} />);
const firstColumn = () => within(screen.getByRole('table')).getAllByRole('rowheader').map((c) => c.textContent);
const lateColumn = () => within(screen.getByRole('table')).getAllByRole('row').slice(1).map((r) => r.querySelectorAll('td')[0]!.textContent);

describe('tables with more than a dozen rows sort and filter', () => {
  it('a short table has no sort buttons, no aria-sort and no filter', () => {
    table(SORTABLE_FROM - 1);
    expect(screen.queryAllByRole('button')).toHaveLength(0);
    expect(screen.getByRole('table').querySelectorAll('[aria-sort]')).toHaveLength(0);
    expect(screen.queryByRole('searchbox')).toBeNull();
  });

  it('sorts by a column from a button in its header, ascending then descending, aria-sort on the header, empty values last', () => {
    table(15);
    const headers = screen.getAllByRole('columnheader');
    expect(headers.map((h) => h.getAttribute('aria-sort'))).toEqual(['none', 'none', null]);
    // The header reads the same as before: the order is drawn by CSS, not written into it.
    expect(headers[0]!.textContent).toBe('Council');
    fireEvent.click(screen.getByRole('button', { name: 'Days late' }));
    expect(headers.map((h) => h.getAttribute('aria-sort'))).toEqual(['none', 'ascending', null]);
    const up = lateColumn();
    expect(up.at(-1)).toBe('—');
    expect(up.slice(0, -1).map(Number)).toEqual([...up.slice(0, -1).map(Number)].sort((a, b) => a - b));
    expect(screen.getByRole('status').textContent).toBe('Sorted by days late, ascending.');
    fireEvent.click(screen.getByRole('button', { name: 'Days late' }));
    expect(headers[1]!.getAttribute('aria-sort')).toBe('descending');
    const down = lateColumn();
    expect(down.at(-1)).toBe('—');
    expect(down.slice(0, -1).map(Number)).toEqual([...down.slice(0, -1).map(Number)].sort((a, b) => b - a));
    // Text sorts as people read it: "Eastbridge 2" before "Eastbridge 11".
    fireEvent.click(screen.getByRole('button', { name: 'Council' }));
    expect(firstColumn().slice(0, 3)).toEqual(['Eastbridge 2', 'Eastbridge 5', 'Eastbridge 8']);
    expect(headers[1]!.getAttribute('aria-sort')).toBe('none');
  });

  it('filters by the words of a row, says how many match, and says so when none do', () => {
    table(15);
    const box = screen.getByRole('searchbox', { name: /Filter/ });
    fireEvent.input(box, { target: { value: 'north' } });
    expect(firstColumn()).toEqual(['Northmoor 3', 'Northmoor 6', 'Northmoor 9', 'Northmoor 12', 'Northmoor 15']);
    expect(screen.getByRole('status').textContent).toBe('5 of 15 rows match “north”.');
    fireEvent.input(box, { target: { value: 'Southdown' } });
    expect(screen.getByRole('table').textContent).toContain('No rows match the filter.');
  });

  it('on one page of a longer list, says on screen and when announced that sorting and the filter apply to that page', () => {
    render(<DataTable caption="Items" columns={columns} rows={rows(15)} rowKey={(r) => r.id} filter={(r) => r.council}
      within="items 1 to 15 of 40" tableClass="rag-grid" />);
    expect(screen.getByRole('table').classList.contains('rag-grid')).toBe(true);
    expect(screen.getByText('Sorting and the filter apply to items 1 to 15 of 40.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Council' }));
    expect(screen.getByRole('status').textContent).toBe('Sorted by council, ascending, within items 1 to 15 of 40.');
  });
});
