import type { TimelineData } from '../../api/types.ts';
import { day } from '../../format.ts';
import { DataTable } from '../DataTable/DataTable.tsx';

type Check = TimelineData['dependencies'][number];
type OverBooked = TimelineData['overBooked'][number];

const itemNames = (data: TimelineData) => new Map(data.councils.flatMap((c) => c.items.map((i) => [i.itemId, `${i.featureName} at ${c.name}`] as const)));

/**
 * Dependency lines for the chart: from the bar an item waits for to the bar of the item that waits, broken ones
 * drawn in red and dashed. Decoration only (aria-hidden): the same facts are in DependencyTable.
 */
export function DependencyLines({ data, at }: { data: TimelineData; at: (itemId: number) => { x: number; y: number } | undefined }) {
  return (
    <g aria-hidden="true" class="dependency-lines">
      {data.dependencies.filter((d) => d.beforeItemId !== null).map((d) => {
        const from = at(d.beforeItemId!);
        const to = at(d.afterItemId);
        if (!from || !to) return null;
        return <path key={`${d.dependencyId}-${d.afterItemId}`} class={`dependency-line${d.broken ? ' dependency-line--broken' : ''}`}
          d={`M ${from.x} ${from.y} C ${from.x + 24} ${from.y}, ${to.x - 24} ${to.y}, ${to.x} ${to.y}`} />;
      })}
    </g>
  );
}

/** Every dependency check as a table: what waits for what, the days, and whether it is kept. */
export function DependencyTable({ data }: { data: TimelineData }) {
  const names = itemNames(data);
  const milestones = new Map(data.milestones.map((m) => [m.id, m.name]));
  const waitsFor = (d: Check) => (d.beforeItemId !== null ? names.get(d.beforeItemId) ?? `item ${d.beforeItemId}` : `milestone "${milestones.get(d.milestoneId!) ?? d.milestoneId}"`);
  return (
    <DataTable caption="Dependencies: what waits for what" rows={data.dependencies} rowKey={(d) => `${d.dependencyId}-${d.afterItemId}-${d.beforeItemId ?? 'm'}`} columns={[
      { header: 'Item', rowHeader: true, cell: (d) => <a href={`/items/${d.afterItemId}`}>{names.get(d.afterItemId) ?? `item ${d.afterItemId}`}</a> },
      { header: 'Goes live', cell: (d) => day(d.afterDay) },
      { header: 'Waits for', cell: (d) => waitsFor(d) },
      { header: 'On', cell: (d) => day(d.beforeDay) },
      { header: 'Earliest allowed', cell: (d) => day(d.earliestAllowed) },
      { header: 'Kept?', cell: (d) => (d.broken ? `Broken: ${d.shortBy} working day${d.shortBy === 1 ? '' : 's'} short` : 'Kept') },
    ]} />
  );
}

/** Weeks where a council's trainers or floorwalkers are over-booked (only where capacities are set). */
export function OverBookedWeeks({ weeks }: { weeks: OverBooked[] }) {
  return (
    <>
      <h2>Support capacity</h2>
      {weeks.length === 0
        ? <p>No week over-books a council’s trainers or floorwalkers (where capacities are set).</p>
        : (
          <DataTable caption="Over-booked weeks" rows={weeks} rowKey={(w) => `${w.councilId}-${w.week}-${w.kind}`} columns={[
            { header: 'Council', rowHeader: true, cell: (w) => w.councilName },
            { header: 'Week of', cell: (w) => day(w.week) },
            { header: 'Who', cell: (w) => (w.kind === 'trainers' ? 'Trainers' : 'Floorwalkers') },
            { header: 'Needed', numeric: true, cell: (w) => String(w.needed) },
            { header: 'Available', numeric: true, cell: (w) => String(w.capacity) },
            { header: 'Go-lives', numeric: true, cell: (w) => String(w.itemIds.length) },
          ]} />
        )}
    </>
  );
}

/** The preview's over-booked weeks, as an item of its list. */
export function OverBookedInPreview({ weeks }: { weeks: OverBooked[] }) {
  return (
    <li>{weeks.length} week{weeks.length === 1 ? '' : 's'} over-booked{weeks.length > 0 && ':'}
      {weeks.length > 0 && <ul>{weeks.map((w) => <li key={`${w.councilId}-${w.week}-${w.kind}`}>{w.description}</li>)}</ul>}</li>
  );
}
