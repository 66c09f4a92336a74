/**
 * The only module that imports Chart.js: loaded lazily, so the first paint never waits for it.
 * Only the parts the dashboard uses are registered.
 */
import {
  BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip,
} from 'chart.js';

Chart.register(LineController, LineElement, PointElement, BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

export interface Series {
  label: string;
  values: Array<number | null>;
  colour: string;
  /** Dash pattern, so series differ by more than colour. */
  dash?: number[];
  kind?: 'line' | 'bar';
}

export function drawChart(canvas: HTMLCanvasElement, labels: string[], series: Series[], options: { yMax?: number; yLabel?: string; stacked?: boolean } = {}): () => void {
  const reduceMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  const chart = new Chart(canvas, {
    type: series[0]?.kind ?? 'line',
    data: {
      labels,
      datasets: series.map((s) => ({
        type: s.kind ?? 'line',
        label: s.label,
        data: s.values,
        borderColor: s.colour,
        backgroundColor: s.colour,
        borderDash: s.dash ?? [],
        pointStyle: s.dash ? 'rectRot' : 'circle',
        pointRadius: 3,
        spanGaps: true,
        stack: options.stacked ? 'all' : undefined,
      })),
    },
    options: {
      animation: reduceMotion ? false : { duration: 300 },
      maintainAspectRatio: false,
      responsive: true,
      scales: {
        x: { stacked: options.stacked ?? false },
        y: { beginAtZero: true, stacked: options.stacked ?? false, ...(options.yMax !== undefined ? { max: options.yMax } : {}), title: { display: Boolean(options.yLabel), text: options.yLabel ?? '' } },
      },
      plugins: { legend: { position: 'bottom' } },
    },
  });
  return () => chart.destroy();
}
