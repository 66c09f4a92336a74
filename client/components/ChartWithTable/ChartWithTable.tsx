import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Series } from '../../charts/chart.ts';
import './chart-with-table.css';

/**
 * A chart with its numbers as a table, one keystroke away (a disclosure right under it). The canvas is
 * an image with a summary; the table is the accessible version of the same data.
 */
export function ChartWithTable({ title, summary, labels, series, yMax, yLabel, stacked, table }: {
  title: string;
  summary: string;
  labels: string[];
  series: Series[];
  yMax?: number;
  yLabel?: string;
  stacked?: boolean;
  table: ComponentChildren;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let destroy: (() => void) | undefined;
    let cancelled = false;
    import('../../charts/chart.ts').then(
      ({ drawChart }) => {
        if (!cancelled && canvas.current) destroy = drawChart(canvas.current, labels, series, { yMax, yLabel, stacked });
      },
      () => setFailed(true),
    );
    return () => {
      cancelled = true;
      destroy?.();
    };
    // Redrawn when the labels' and the series' content changes, not for every new array holding the same figures.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [labels.join('|'), JSON.stringify(series), yMax, yLabel, stacked]);

  return (
    <figure class="chart">
      <figcaption><h3>{title}</h3></figcaption>
      {failed
        ? <p class="notice">The chart could not be drawn; the numbers are in the table below.</p>
        : <div class="chart__canvas"><canvas ref={canvas} role="img" aria-label={`${title}. ${summary}`} /></div>}
      <details class="chart__table">
        <summary>Show the numbers behind “{title}” as a table</summary>
        {table}
      </details>
    </figure>
  );
}
