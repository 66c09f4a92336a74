import type { Trend } from '../../api/types.ts';
import { day, number } from '../../format.ts';
import { ChartWithTable } from '../ChartWithTable/ChartWithTable.tsx';
import { DataTable } from '../DataTable/DataTable.tsx';

/** The weekly mean score and the number of red items, as a chart with its table. */
export function TrendChart({ title, trend }: { title: string; trend: Trend }) {
  if (trend.points.length === 0) return null;
  const first = trend.points[0]!;
  const last = trend.points.at(-1)!;
  return (
    <ChartWithTable
      title={title}
      summary={`Mean score from ${first.score ?? 'none'} to ${last.score ?? 'none'}; ${last.red} items red in the latest week.`}
      labels={trend.points.map((p) => day(p.weekEnding))}
      series={[
        { label: 'Mean score (0–100)', values: trend.points.map((p) => p.score), colour: '#1d70b8' },
        { label: 'Items red', values: trend.points.map((p) => p.red), colour: '#d4351c', dash: [6, 4] },
      ]}
      table={
        <DataTable caption="Weekly score and RAG mix" rows={trend.points} rowKey={(p) => p.weekEnding} columns={[
          { header: 'Week ending', rowHeader: true, cell: (p) => day(p.weekEnding) },
          { header: 'Mean score', numeric: true, cell: (p) => number(p.score, 1) },
          { header: 'Red', numeric: true, cell: (p) => String(p.red) },
          { header: 'Amber', numeric: true, cell: (p) => String(p.amber) },
          { header: 'Green', numeric: true, cell: (p) => String(p.green) },
          { header: 'Live', numeric: true, cell: (p) => String(p.live) },
        ]} />
      }
    />
  );
}
