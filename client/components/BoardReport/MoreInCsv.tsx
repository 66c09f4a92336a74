import type { BoardReport as Report } from '../../api/types.ts';
import { number } from '../../format.ts';

type ListName = keyof NonNullable<Report['lists']>['lengths'];

/** How many rows a list of the report has in all: its full length where the report cut it, else the rows it holds. */
export function listLength(report: Report, list: ListName, rows: number): number {
  return report.lists?.lengths[list] ?? rows;
}

/** Where the whole list is, as CSV, for the report's period, baseline and reader (a share link's token as ?key=). */
export function listCsvUrl(report: Report, list: ListName, shareToken?: string | null): string {
  const query = new URLSearchParams({ from: report.period.from, to: report.period.to });
  if (report.baseline) query.set('baselineId', String(report.baseline.id));
  if (shareToken) query.set('key', shareToken);
  return `/api/reports/board/lists/${list}?${query.toString()}`;
}

/**
 * Under a list the report cut to its first rows: how many more there are and where the whole list is. Printed,
 * the sentence stays and says the full list is in the CSV (reports issued before lists were cut hold them whole).
 */
export function MoreInCsv({ report, list, rows, shareToken }: { report: Report; list: ListName; rows: number; shareToken?: string | null | undefined }) {
  const more = listLength(report, list, rows) - rows;
  if (more <= 0) return null;
  return (
    <p class="board-report__more">
      and {number(more)} more — <a href={listCsvUrl(report, list, shareToken)} download>full list in the CSV</a>
    </p>
  );
}
