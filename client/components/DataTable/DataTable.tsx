import type { ComponentChildren } from 'preact';

export interface Column<T> {
  header: string;
  cell: (row: T) => ComponentChildren;
  /** Right-align numbers. */
  numeric?: boolean;
  /** This column names the row (a th with scope=row). */
  rowHeader?: boolean;
}

/** A plain, accessible table with a caption; it scrolls sideways on small screens instead of overflowing. */
export function DataTable<T>({ caption, columns, rows, rowKey, empty = 'Nothing to show.' }: {
  caption: ComponentChildren;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string | number;
  empty?: string;
}) {
  return (
    <div class="table-wrap" role="region" aria-label={typeof caption === 'string' ? caption : undefined} tabIndex={0}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>{columns.map((c) => <th scope="col" class={c.numeric ? 'num' : undefined}>{c.header}</th>)}</tr>
        </thead>
        <tbody>
          {rows.length === 0
            ? <tr><td colSpan={columns.length}>{empty}</td></tr>
            : rows.map((row) => (
              <tr key={rowKey(row)}>
                {columns.map((c) => (c.rowHeader
                  ? <th scope="row">{c.cell(row)}</th>
                  : <td class={c.numeric ? 'num' : undefined}>{c.cell(row)}</td>))}
              </tr>
            ))}
        </tbody>
      </table>
    </div>
  );
}
