import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { Overview as OverviewData, Trend } from '../api/types.ts';
import { AsOfPicker } from '../components/AsOfPicker/AsOfPicker.tsx';
import { BaselinePicker } from '../components/BaselinePicker/BaselinePicker.tsx';
import { ChartWithTable } from '../components/ChartWithTable/ChartWithTable.tsx';
import { CouncilPager } from '../components/CouncilPager/CouncilPager.tsx';
import { DataTable, type Column } from '../components/DataTable/DataTable.tsx';
import { EngagementFlags } from '../components/Engagement/EngagementFlags.tsx';
import { ItemTable } from '../components/ItemTable/ItemTable.tsx';
import { FirstScreen } from '../components/FirstScreen/FirstScreen.tsx';
import { RaidOverview } from '../components/Raid/RaidOverview.tsx';
import { LeadHomeLink } from '../components/LeadHomeLink/LeadHomeLink.tsx';
import { usePageTitle } from '../components/Layout/Layout.tsx';
import { RagBadge } from '../components/RagBadge/RagBadge.tsx';
import { TrendChart } from '../components/TrendChart/TrendChart.tsx';
import { Empty, Loaded } from '../components/Status/Status.tsx';
import { day, number, ragRank, statusWord } from '../format.ts';
import { useAppState } from '../state/app-state.ts';
import { useResource } from '../state/use-resource.ts';

/** The sponsor's one page: where we are against the plan, what is red and why, what has been won, what is next. */
export function Overview() {
  usePageTitle('Programme overview');
  const state = useAppState();
  const asOf = state.asOf.value || undefined;
  const [councilOffset, setCouncilOffset] = useState(0);
  const baselineId = state.baselineId.value;
  const overview = useResource(() => state.api.overview(asOf, councilOffset || undefined, baselineId), [asOf, councilOffset, baselineId]);
  const trend = useResource(() => state.api.trend('programme', undefined, undefined, asOf), [asOf]);

  return (
    <>
      <h1>Programme overview</h1>
      <LeadHomeLink />
      <AsOfPicker />
      <Loaded resource={overview} what="the overview">
        {/* The baseline choice comes after the first screen, which must hold the first red item on a phone. */}
        {(data) => <OverviewBody data={data} trend={trend.data} onCouncilPage={setCouncilOffset} controls={<BaselinePicker />} />}
      </Loaded>
      {/* Drawn once the overview is there: drawn first, it was pushed a page down when the overview arrived. */}
      {!asOf && overview.data && <EngagementFlags />}
    </>
  );
}

/**
 * The overview's content. Unlinked on the shared read-only view: a share link opens this page and the board
 * report only, so it offers no way into the rest.
 */
// eslint-disable-next-line max-lines-per-function -- the overview is one page read top to bottom (first screen, grid, waves, benefits, wins, late items, next go-lives), shared as is with the read-only view
export function OverviewBody({ data, trend, onCouncilPage, linked = true, controls }: {
  data: OverviewData; trend?: Trend; onCouncilPage: (offset: number) => void; linked?: boolean;
  /** Shown right after the first screen (the signed-in overview's baseline choice). */
  controls?: ComponentChildren;
}) {
  const link = (href: string, children: ComponentChildren, className?: string) => (linked ? <a href={href} class={className}>{children}</a> : <span class={className}>{children}</span>);
  const page = data.councilPage;
  const byCouncil = new Map<string, OverviewData['grid'][number]>(data.grid.map((c) => [`${c.councilId}:${c.featureId}`, c]));
  return (
    <>
      <p class="lede">
        As of <strong>{day(data.asOf)}</strong>, judged against {data.baseline ? <>the baseline <strong>{data.baseline.name}</strong></> : 'no approved baseline yet'}.
      </p>

      <FirstScreen data={data} linked={linked} />
      {controls}

      <h2>Councils and features</h2>
      <p>Each cell shows the status and the RAG of one rollout item: readiness before go-live, adoption after it.</p>
      {/* More than a dozen councils sort by name or by a feature's colour (red first) and filter by council, colour or status. */}
      <DataTable caption="RAG of every rollout item, by council and feature" tableClass="rag-grid" rows={data.councils} rowKey={(c) => c.councilId}
        within={page.total > page.limit ? `councils ${page.offset + 1} to ${Math.min(page.total, page.offset + page.limit)} of ${page.total}` : undefined}
        filter={(c) => [c.name, ...data.features.flatMap((f) => {
          const cell = byCouncil.get(`${c.councilId}:${f.featureId}`);
          return cell ? [cell.rag, statusWord(cell.status)] : [];
        })].join(' ')}
        columns={[
          { header: 'Council', rowHeader: true, cell: (c) => link(`/councils/${c.councilId}`, c.name), sort: (c) => c.name },
          ...data.features.map((f): Column<OverviewData['councils'][number]> => ({
            header: f.name,
            sort: (c) => {
              const cell = byCouncil.get(`${c.councilId}:${f.featureId}`);
              return cell ? ragRank(cell.rag) : null;
            },
            cell: (c) => {
              const cell = byCouncil.get(`${c.councilId}:${f.featureId}`);
              return cell
                ? link(`/items/${cell.itemId}`, <><RagBadge rag={cell.rag} /><span class="grid-cell__status">{statusWord(cell.status)}</span><span class="visually-hidden">: {f.name} at {c.name}</span></>, linked ? 'grid-cell' : 'grid-cell grid-cell--plain')
                : <span class="muted">Not planned</span>;
            },
          })),
        ]} />
      <CouncilPager page={page} onPage={onCouncilPage} label="Councils in the grid" />

      <h2>Waves: baseline, plan and actual</h2>
      <ChartWithTable
        title="Items planned to be live and live, by wave"
        summary={data.waves.map((w) => `${w.name}: ${w.totals.live} live of ${w.totals.items}`).join('; ')}
        labels={data.waves.map((w) => w.name)}
        series={[
          { label: 'Planned to be live by now (baseline)', values: data.waves.map((w) => w.totals.plannedLive), colour: '#505a5f', kind: 'bar' },
          { label: 'Live', values: data.waves.map((w) => w.totals.live), colour: '#00703c', kind: 'bar' },
        ]}
        yLabel="Items"
        table={
          <DataTable caption="Waves against the baseline" rows={data.waves} rowKey={(w) => w.waveId} columns={[
            { header: 'Wave', rowHeader: true, cell: (w) => link(`/waves/${w.waveId}`, w.name) },
            { header: 'Baseline go-live', cell: (w) => day(w.baselineGoLive) },
            { header: 'Planned now', cell: (w) => day(w.plannedGoLive) },
            { header: 'Last item expected', cell: (w) => day(w.lastForecastGoLive) },
            { header: 'First live', cell: (w) => day(w.firstActualGoLive) },
            { header: 'Status', cell: (w) => statusWord(w.status) },
            { header: 'Planned live', numeric: true, cell: (w) => String(w.totals.plannedLive) },
            { header: 'Live', numeric: true, cell: (w) => `${w.totals.live} of ${w.totals.items}` },
            { header: 'Late items', numeric: true, cell: (w) => String(w.totals.slipped) },
          ]} />
        }
      />

      {data.benefits && (
        <section aria-labelledby="benefits-title" class="benefits-headline">
          <h2 id="benefits-title">Benefits</h2>
          <p class="headline"><span class="headline__value">{data.benefits.text}</span>{link('/benefits', 'Benefits figures, month by month')}</p>
        </section>
      )}

      {trend && <TrendChart title="Readiness and adoption score over time" trend={trend} />}

      <div class="two-col">
        <section aria-labelledby="wins-title">
          <h2 id="wins-title">Early wins</h2>
          {data.wins.length === 0 ? <Empty>No wins published yet.</Empty> : (
            <ul class="card-list">
              {data.wins.map((w) => (
                <li key={w.id}>
                  <strong>{w.title}</strong> <span class="muted">— {w.councilName}{w.featureName ? `, ${w.featureName}` : ''}, {day(w.wonOn)}</span>
                  <p>{w.story}</p>
                  {w.evidenceValue !== null && <p><strong>{number(w.evidenceValue)}</strong> {w.evidenceUnit}</p>}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

      <RaidOverview asOf={data.asOf} linked={linked} />

      <h2>Late against the baseline</h2>
      <ItemTable linked={linked} caption="Items later than the baseline, latest first" items={data.slipped} show={['council', 'feature', 'wave', 'dates', 'slippage', 'note']} empty="Nothing has slipped." />
      {data.original && (data.slippedAgainstOriginal ?? []).length > 0 && (
        <ItemTable linked={linked} caption={`Items later than the original baseline (${data.original.baseline.name}), latest first`} items={data.slippedAgainstOriginal ?? []} show={['council', 'feature', 'wave', 'dates', 'slippage', 'note']} />
      )}

      <h2>Next go-lives</h2>
      <ItemTable linked={linked} caption="The next items planned to go live" items={data.nextGoLives} show={['council', 'feature', 'wave', 'dates', 'rag']} empty="No go-lives are planned." />
      <p class="muted">Slippage is counted in calendar days from the baseline date; an overdue item keeps slipping until it goes live.</p>
    </>
  );
}
