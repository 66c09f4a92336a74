import type { ComponentChildren } from 'preact';
import { useId, useMemo, useState } from 'preact/hooks';
import './data-table.css';

export interface Column<T> {
  header: string;
  cell: (row: T) => ComponentChildren;
  /** Right-align numbers. */
  numeric?: boolean;
  /** This column names the row (a th with scope=row). */
  rowHeader?: boolean;
  /** The value the column sorts by (text, a number, an ISO day); without it the column does not sort. */
  sort?: (row: T) => string | number | null | undefined;
}

/** Tables with more rows than this sort and filter; shorter ones are read at a glance. */
export const SORTABLE_FROM = 13;

type Order = { column: number; direction: 'ascending' | 'descending' } | null;

const compare = (a: string | number | null | undefined, b: string | number | null | undefined): number => {
  // Nothing sorts last either way round; numbers as numbers, text as people read it.
  if (a === null || a === undefined || a === '') return b === null || b === undefined || b === '' ? 0 : 1;
  if (b === null || b === undefined || b === '') return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), 'en-GB', { numeric: true, sensitivity: 'base' });
};

/**
 * A plain, accessible table with a caption; it scrolls sideways on small screens instead of overflowing. With
 * more than a dozen rows, columns that say how they sort get a button in their header (aria-sort on the header,
 * the order announced), and `filter` adds a box that keeps the rows whose text contains what is typed.
 */
export function DataTable<T>({ caption, columns, rows, rowKey, empty = 'Nothing to show.', filter, tableClass, within }: {
  caption: ComponentChildren;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string | number;
  empty?: string;
  /** The words a row is found by, for the filter box (shown with more than a dozen rows). */
  filter?: (row: T) => string;
  /** A class for the table itself (the RAG grid's cell sizes). */
  tableClass?: string;
  /**
   * When the rows are one page of a longer list: which rows they are ("items 1 to 100 of 800"). Sorting and the
   * filter then say, on screen and when announced, that they apply to these rows only.
   */
  within?: string;
}) {
  const [order, setOrder] = useState<Order>(null);
  const [query, setQuery] = useState('');
  const id = useId();
  const sortable = rows.length >= SORTABLE_FROM;
  const shown = useMemo(() => {
    const words = query.trim().toLowerCase();
    let list = filter && sortable && words ? rows.filter((r) => filter(r).toLowerCase().includes(words)) : rows;
    const by = order ? columns[order.column]?.sort : undefined;
    if (order && by) {
      const sign = order.direction === 'ascending' ? 1 : -1;
      list = [...list].sort((a, b) => {
        const va = by(a), vb = by(b);
        const none = (v: unknown) => v === null || v === undefined || v === '';
        // Empty values stay last whichever way the column is sorted.
        if (none(va) || none(vb)) return compare(va, vb);
        return sign * compare(va, vb);
      });
    }
    return list;
  }, [rows, order, query, columns, filter, sortable]);

  const toggle = (index: number) => setOrder((o) => (o && o.column === index
    ? { column: index, direction: o.direction === 'ascending' ? 'descending' : 'ascending' }
    : { column: index, direction: 'ascending' }));
  const sortedBy = order ? columns[order.column] : undefined;
  const status = [
    filter && sortable && query.trim() ? `${shown.length} of ${rows.length} rows match “${query.trim()}”.` : '',
    sortedBy ? `Sorted by ${sortedBy.header.toLowerCase()}, ${order!.direction}${within ? `, within ${within}` : ''}.` : '',
  ].filter(Boolean).join(' ');

  return (
    <>
      {filter && sortable && (
        <div class="table-filter">
          <label for={`${id}-filter`}>Filter {typeof caption === 'string' ? <span class="visually-hidden">{caption}</span> : null}</label>
          <input id={`${id}-filter`} type="search" value={query} autocomplete="off" spellcheck={false}
            onInput={(e) => setQuery((e.target as HTMLInputElement).value)} />
        </div>
      )}
      {sortable && within && <p class="table-within muted">Sorting{filter ? ' and the filter' : ''} apply to {within}.</p>}
      <div class="table-wrap" role="region" aria-label={typeof caption === 'string' ? caption : undefined} tabIndex={0}>
        <table class={tableClass}>
          <caption>{caption}</caption>
          <thead>
            <tr>{columns.map((c, index) => {
              const sorts = sortable && c.sort;
              const direction = order?.column === index ? order.direction : undefined;
              return (
                <th scope="col" class={c.numeric ? 'num' : undefined} aria-sort={sorts ? (direction ?? 'none') : undefined}>
                  {sorts
                    ? <button type="button" class={`sort-button${direction ? ` sort-button--${direction}` : ''}`} onClick={() => toggle(index)}>{c.header}</button>
                    : c.header}
                </th>
              );
            })}</tr>
          </thead>
          <tbody>
            {shown.length === 0
              ? <tr><td colSpan={columns.length}>{rows.length === 0 ? empty : 'No rows match the filter.'}</td></tr>
              : shown.map((row) => (
                <tr key={rowKey(row)}>
                  {columns.map((c) => (c.rowHeader
                    ? <th scope="row">{c.cell(row)}</th>
                    : <td class={c.numeric ? 'num' : undefined}>{c.cell(row)}</td>))}
                </tr>
              ))}
          </tbody>
        </table>
      </div>
      {sortable && <p class="visually-hidden" role="status">{status}</p>}
    </>
  );
}
