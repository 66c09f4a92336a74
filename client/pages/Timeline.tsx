import { useMemo, useRef, useState } from 'preact/hooks';
import type { TimelineData } from '../api/types.ts';
import { DataTable } from '../components/DataTable/DataTable.tsx';
import { DependencyLines, DependencyTable, OverBookedWeeks } from '../components/Timeline/TimelineFacts.tsx';
import { usePageTitle } from '../components/Layout/Layout.tsx';
import { DependencyForms } from '../components/Timeline/DependencyForms.tsx';
import { ItemMove, WaveMove } from '../components/Timeline/PlanMove.tsx';
import { SupportSettings } from '../components/Timeline/SupportSettings.tsx';
import { Loaded } from '../components/Status/Status.tsx';
import { day, monthOnAxis } from '../format.ts';
import { useAppState } from '../state/app-state.ts';
import { useResource } from '../state/use-resource.ts';
import './timeline.css';

type Item = TimelineData['councils'][number]['items'][number] & { councilName: string };
const ROW = 30;
const TOP = 34;
const LEFT = 170;
const SCALES = { months: { perDay: 3, label: 'Months' }, quarters: { perDay: 1, label: 'Quarters' } } as const;
type Scale = keyof typeof SCALES;
/** Councils per page: a reply of a few tens of kilobytes at 400 councils (docs/timeline.md). */
const COUNCILS_PER_PAGE = 50;

const ms = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const daysBetween = (a: string, b: string) => Math.round((ms(b) - ms(a)) / 86_400_000);
const addMonthsIso = (iso: string, n: number) => { const d = new Date(ms(iso)); d.setUTCMonth(d.getUTCMonth() + n, 1); return d.toISOString().slice(0, 10); };

/** Each bar in words: what it is, its dates, how it stands against the baseline, and what it clashes with. */
export function describeItem(i: Item): string {
  const parts = [`${i.featureName} at ${i.councilName}`];
  parts.push(i.plannedGoLive ? `planned ${day(i.plannedGoLive)}` : 'not scheduled');
  if (i.baselineGoLive) parts.push(`baseline ${day(i.baselineGoLive)}`);
  parts.push(i.actualGoLive ? `live since ${day(i.actualGoLive)}` : 'not live');
  if (i.slippageDays !== null) parts.push(i.slippageDays > 0 ? `${i.slippageDays} days late` : i.slippageDays < 0 ? `${-i.slippageDays} days early` : 'on plan');
  if (i.clashes.length > 0) parts.push(`lands on ${i.clashes.join(' and ')}`);
  if (i.brokenDependencies > 0) parts.push(`${i.brokenDependencies} dependency broken`);
  return parts.join(', ');
}

/** The plan in time: councils as rows, items as bars, waves as bands, today as a line, constraints shaded; and the same as a table. */
export function TimelinePage() {
  usePageTitle('Timeline');
  const state = useAppState();
  const [scale, setScale] = useState<Scale>('months');
  const [asTable, setAsTable] = useState(false);
  const [councilOffset, setCouncilOffset] = useState(0);
  const timeline = useResource(() => state.api.timeline.get(councilOffset, COUNCILS_PER_PAGE), [councilOffset]);
  const office = state.user.value?.role === 'office';
  return (
    <>
      <h1>Timeline</h1>
      <p class="lede">Councils against time: each item from its planned go-live, the baseline as a hollow mark, actual go-lives filled, waves as bands, today as a red line; bank holidays and blackouts shaded.</p>
      <div class="timeline-controls">
        <fieldset class="button-group">
          <legend>Scale</legend>
          {(Object.keys(SCALES) as Scale[]).map((s) => (
            <label key={s} class="radio"><input type="radio" name="timeline-scale" checked={scale === s} onChange={() => setScale(s)} /> {SCALES[s].label}</label>
          ))}
        </fieldset>
        <button type="button" class="button secondary" aria-pressed={asTable} onClick={() => setAsTable(!asTable)} aria-keyshortcuts="t">
          {/* One span: the button lays out its children as flex items, which dropped the space before the key. */}
          <span>{asTable ? 'Show the chart' : 'Show as a table'} (key: <kbd>t</kbd>)</span>
        </button>
      </div>
      <Loaded resource={timeline} what="the timeline">
        {(data) => (
          <>
            <CouncilPages page={data.councilPage} onPage={setCouncilOffset} />
            {asTable ? <TimelineTable data={data} /> : <TimelineChart key={data.councilPage.offset} data={data} scale={scale} onTable={() => setAsTable(true)} />}
            <Constraints data={data} />
            {office && <OfficeForms data={data} onChanged={timeline.reload} />}
          </>
        )}
      </Loaded>
    </>
  );
}

/**
 * Where this page of councils sits, and buttons to the previous and next pages. A button at the end of the list
 * stays in place (aria-disabled), so the keyboard focus is not lost when the last page is reached.
 */
function CouncilPages({ page, onPage }: { page: TimelineData['councilPage']; onPage: (offset: number) => void }) {
  if (page.total <= page.limit && page.offset === 0) return null;
  const first = Math.min(page.total, page.offset + 1);
  const last = Math.min(page.total, page.offset + page.limit);
  const hasPrevious = page.offset > 0;
  const hasNext = page.offset + page.limit < page.total;
  return (
    <nav aria-label="Pages of councils" class="button-group timeline-pages">
      <p aria-live="polite">Councils {first} to {last} of {page.total}</p>
      <button type="button" class="button button--secondary" aria-disabled={!hasPrevious} onClick={() => hasPrevious && onPage(Math.max(0, page.offset - page.limit))}>
        Previous {page.limit} councils
      </button>
      <button type="button" class="button button--secondary" aria-disabled={!hasNext} onClick={() => hasNext && onPage(page.offset + page.limit)}>
        Next {page.limit} councils
      </button>
    </nav>
  );
}

function flatItems(data: TimelineData): Item[] {
  return data.councils.flatMap((c) => c.items.map((i) => ({ ...i, councilName: c.name })));
}

function TimelineTable({ data }: { data: TimelineData }) {
  return (
    <DataTable caption="Rollout items in time" rows={flatItems(data)} rowKey={(i) => i.itemId} columns={[
      { header: 'Item', rowHeader: true, cell: (i) => <a href={`/items/${i.itemId}`}>{i.featureName} at {i.councilName}</a> },
      { header: 'Planned', cell: (i) => day(i.plannedGoLive) },
      { header: 'Baseline', cell: (i) => day(i.baselineGoLive) },
      { header: 'Actual', cell: (i) => day(i.actualGoLive) },
      { header: 'Days late', numeric: true, cell: (i) => (i.slippageDays === null ? '—' : String(i.slippageDays)) },
      { header: 'Lands on', cell: (i) => i.clashes.join('; ') || '—' },
      { header: 'Broken dependencies', numeric: true, cell: (i) => String(i.brokenDependencies) },
    ]} />
  );
}

function TimelineChart({ data, scale, onTable }: { data: TimelineData; scale: Scale; onTable: () => void }) {
  const perDay = SCALES[scale].perDay;
  const x = (iso: string) => LEFT + daysBetween(data.from, iso) * perDay;
  const width = x(data.to) + 20;
  const height = TOP + data.councils.length * ROW + 10;
  const rows = data.councils.map((c) => c.items.filter((i) => i.plannedGoLive || i.actualGoLive).map((i) => ({ ...i, councilName: c.name })));
  const [at, setAt] = useState<[number, number]>(() => { const r = rows.findIndex((row) => row.length > 0); return [Math.max(0, r), 0]; });
  const refs = useRef(new Map<string, SVGAElement>());
  const ticks = useMemo(() => {
    const out: string[] = [];
    for (let m = data.from.slice(0, 8) + '01'; m <= data.to; m = addMonthsIso(m, scale === 'months' ? 1 : 3)) if (m >= data.from) out.push(m);
    return out;
  }, [data.from, data.to, scale]);

  const move = (r: number, c: number) => {
    setAt([r, c]);
    const el = refs.current.get(`${r}:${c}`);
    el?.focus();
    el?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
  };
  const onKey = (e: KeyboardEvent) => {
    const [r, c] = at;
    const nextRow = (dir: 1 | -1) => { for (let n = r + dir; n >= 0 && n < rows.length; n += dir) if (rows[n]!.length > 0) return n; return r; };
    const toRow = (n: number) => move(n, Math.min(c, rows[n]!.length - 1));
    if (e.key === 'ArrowRight') move(r, Math.min(c + 1, rows[r]!.length - 1));
    else if (e.key === 'ArrowLeft') move(r, Math.max(c - 1, 0));
    else if (e.key === 'ArrowDown') toRow(nextRow(1));
    else if (e.key === 'ArrowUp') toRow(nextRow(-1));
    else if (e.key === 'Home') move(r, 0);
    else if (e.key === 'End') move(r, rows[r]!.length - 1);
    else if (e.key === 't') onTable();
    else return;
    e.preventDefault();
  };

  // Where each bar starts, for the dependency lines.
  const positions = new Map(rows.flatMap((row, r) => row.map((i) => [i.itemId, { x: x(i.actualGoLive ?? i.plannedGoLive!), y: TOP + r * ROW + 15 }] as const)));

  return (
    <div class="timeline-scroll" role="region" aria-label="Timeline chart: scrolls sideways" tabIndex={-1}>
      <p id="timeline-help" class="hint">Tab to the chart, then use the arrow keys to move between items (left and right in a council, up and down between councils), Enter to open one, and t for the table.</p>
      <svg width={width} height={height} class="timeline" aria-describedby="timeline-help" onKeyDown={onKey}>
        <title>Rollout timeline from {day(data.from)} to {day(data.to)}</title>
        {data.periods.filter((p) => p.councilId === null).map((p) => (
          <rect class={`period period--${p.kind}`} x={x(p.from)} y={TOP} width={Math.max(perDay, (daysBetween(p.from, p.to) + 1) * perDay)} height={height - TOP} aria-hidden="true" />
        ))}
        {ticks.map((t) => (
          <g aria-hidden="true"><line class="tick" x1={x(t)} x2={x(t)} y1={TOP - 8} y2={height} /><text class="tick-label" x={x(t) + 3} y={TOP - 12}>{monthOnAxis(t)}</text></g>
        ))}
        {data.waves.map((w) => (
          <g aria-hidden="true"><rect class="wave-band" x={x(w.plannedGoLive) - 2} y={TOP} width={4} height={height - TOP} /><text class="wave-label" x={x(w.plannedGoLive) + 4} y={12}>{w.name}</text></g>
        ))}
        {data.councils.map((c, r) => (
          <g>
            <text class="council-label" x={4} y={TOP + r * ROW + 19}>{c.name}</text>
            {data.periods.filter((p) => p.councilId === c.id).map((p) => (
              <rect class="period period--blackout" x={x(p.from)} y={TOP + r * ROW + 2} width={(daysBetween(p.from, p.to) + 1) * perDay} height={ROW - 4} aria-hidden="true" />
            ))}
          </g>
        ))}
        {rows.map((row, r) => row.map((i, c) => {
          const start = i.actualGoLive ?? i.plannedGoLive!;
          const y = TOP + r * ROW + 7;
          const late = (i.slippageDays ?? 0) > 0;
          return (
            <a key={i.itemId} href={`/items/${i.itemId}`} tabIndex={at[0] === r && at[1] === c ? 0 : -1} aria-label={describeItem(i)}
              ref={(el) => { if (el) refs.current.set(`${r}:${c}`, el as unknown as SVGAElement); }} onFocus={() => setAt([r, c])} class="bar-link">
              {i.baselineGoLive && <rect class="baseline-ghost" x={x(i.baselineGoLive) - 4} y={y - 3} width={8} height={22} />}
              <rect class={`bar${late ? ' bar--late' : ''}${i.clashes.length ? ' bar--clash' : ''}`} x={x(start)} y={y} width={Math.max(10, 14 * perDay)} height={16} rx={3} />
              {i.actualGoLive && <circle class="actual" cx={x(i.actualGoLive)} cy={y + 8} r={5} />}
              {late && <text class="bar-mark" x={x(start) + Math.max(10, 14 * perDay) + 2} y={y + 12}>late</text>}
            </a>
          );
        }))}
        <DependencyLines data={data} at={(id) => positions.get(id)} />
        {data.today >= data.from && data.today <= data.to && (
          <g aria-hidden="true"><line class="today" x1={x(data.today)} x2={x(data.today)} y1={TOP - 10} y2={height} /><text class="today-label" x={x(data.today) + 3} y={TOP - 24}>Today</text></g>
        )}
      </svg>
    </div>
  );
}

function Constraints({ data }: { data: TimelineData }) {
  const broken = data.dependencies.filter((d) => d.broken);
  return (
    <>
      <h2>Broken dependencies</h2>
      {broken.length === 0 ? <p>Every dependency is kept.</p> : <ul>{broken.map((d) => <li key={`${d.dependencyId}-${d.afterItemId}`}>{d.description}</li>)}</ul>}
      {data.dependencies.length > 0 && <DependencyTable data={data} />}
      <OverBookedWeeks weeks={data.overBooked} />
      <DataTable caption="Bank holidays and blackouts in view" rows={data.periods} rowKey={(p) => `${p.kind}-${p.name}-${p.from}-${p.councilId}`} columns={[
        { header: 'Period', rowHeader: true, cell: (p) => p.name },
        { header: 'Kind', cell: (p) => (p.kind === 'holiday' ? 'Bank holiday' : 'Blackout') },
        { header: 'From', cell: (p) => day(p.from) },
        { header: 'To', cell: (p) => day(p.to) },
        { header: 'Council', cell: (p) => (p.councilId === null ? 'All' : data.councils.find((c) => c.id === p.councilId)?.name ?? '—') },
      ]} />
    </>
  );
}

/**
 * The office's plan forms (the API refuses everyone else): move a wave or an item with a preview first, the
 * dependencies, and the support capacity settings. Each change reloads the timeline above.
 */
function OfficeForms({ data, onChanged }: { data: TimelineData; onChanged: () => void }) {
  const { api } = useAppState();
  const owners = useResource(async () => {
    const [councils, features] = await Promise.all([api.councils.list(), api.features.list()]);
    return { councils: councils.data.map((c) => ({ id: c.id, name: c.name })), features: features.data.map((f) => ({ id: f.id, name: f.name })) };
  }, []);
  return (
    <div class="plan-forms">
      <WaveMove data={data} onApplied={onChanged} />
      <ItemMove key={data.councilPage.offset} data={data} onApplied={onChanged} />
      <Loaded resource={owners} what="the councils and features">
        {(o) => (
          <>
            <DependencyForms data={data} features={o.features} onChanged={onChanged} />
            <SupportSettings councils={o.councils} features={o.features} onChanged={onChanged} />
          </>
        )}
      </Loaded>
    </div>
  );
}
