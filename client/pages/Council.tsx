import { formatISO } from 'date-fns';
import { useRoute } from 'preact-iso';
import { useMemo } from 'preact/hooks';
import type { CouncilSummary, Criterion, Trend } from '../api/types.ts';
import { AsOfPicker } from '../components/AsOfPicker/AsOfPicker.tsx';
import { BaselinePicker } from '../components/BaselinePicker/BaselinePicker.tsx';
import { IssueForm } from '../components/Raid/IssueForm.tsx';
import { CsvUpload } from '../components/CsvUpload/CsvUpload.tsx';
import { CouncilBenefits } from '../components/Benefits/CouncilBenefits.tsx';
import { CouncilEngagement } from '../components/Engagement/CouncilEngagement.tsx';
import { ItemTable } from '../components/ItemTable/ItemTable.tsx';
import { RaidOverview } from '../components/Raid/RaidOverview.tsx';
import { usePageTitle } from '../components/Layout/Layout.tsx';
import { ReadingsForm, readingRows } from '../components/ReadingsForm/ReadingsForm.tsx';
import { Empty, Loaded } from '../components/Status/Status.tsx';
import { TrendChart } from '../components/TrendChart/TrendChart.tsx';
import { WinForm } from '../components/WinForm/WinForm.tsx';
import { day, number } from '../format.ts';
import { originalWords, switchedOnWords, takeUpWords } from '../metric-words.ts';
import { useAppState } from '../state/app-state.ts';
import { useResource } from '../state/use-resource.ts';

/** A council: its items and what blocks them, its trend, open issues and wins; for its lead, the forms to report. */
export function CouncilPage() {
  const state = useAppState();
  const id = Number(useRoute().params.id);
  const asOf = state.asOf.value || undefined;
  const baselineId = state.baselineId.value;
  const summary = useResource(() => state.api.councilSummary(id, asOf, baselineId), [id, asOf, baselineId]);
  const trend = useResource(() => state.api.trend('council', id, undefined, asOf), [id, asOf]);
  const mayReport = state.leads(id) && !asOf;
  const criteria = useResource(() => (mayReport ? state.api.criteria.list().then((p) => p.data) : Promise.resolve([] as Criterion[])), [mayReport]);
  usePageTitle(summary.data?.council.name ?? 'Council');

  const reload = () => {
    summary.reload();
    trend.reload();
  };

  return (
    <Loaded resource={summary} what="the council">
      {(data) => (
        <>
          <h1>{data.council.name}</h1>
          <AsOfPicker />
          <BaselinePicker />
          <CouncilBody data={data} trend={trend.data} />
          <RaidOverview councilId={id} asOf={asOf} />
          {!asOf && <CouncilEngagement councilId={id} />}
          <CouncilBenefits councilId={id} councilName={data.council.name} asOf={asOf} mayEnter={mayReport} />
          {mayReport && criteria.data && <Report data={data} criteria={criteria.data} onSaved={reload} />}
        </>
      )}
    </Loaded>
  );
}

function CouncilBody({ data, trend }: { data: CouncilSummary; trend?: Trend }) {
  const t = data.totals;
  return (
    <>
      <ul class="headlines">
        <li class="headline"><span class="headline__value">{t.live} of {t.items}</span><span class="headline__label">features live</span></li>
        <li class="headline"><span class="headline__value">{switchedOnWords(t, data.council.staffHeadcount).value}</span><span class="headline__label">{switchedOnWords(t, data.council.staffHeadcount).label}</span></li>
        <li class="headline"><span class="headline__value">{takeUpWords(data.takeUp).value}</span><span class="headline__label">{takeUpWords(data.takeUp).label}</span></li>
        <li class="headline"><span class="headline__value">{t.slipped}</span><span class="headline__label">{t.slipped === 1 ? 'item' : 'items'} late against the baseline in force, {number(t.totalSlippageDays)} days in all</span></li>
        <li class="headline"><span class="headline__value">{data.readiness.red} red, {data.readiness.amber} amber, {data.readiness.green} green</span><span class="headline__label">readiness of items still to go live</span></li>
      </ul>
      {data.original && <p class="against-original">{originalWords(data.original)}</p>}
      <h2>Items</h2>
      <ItemTable caption={`Rollout items of ${data.council.name}`} items={data.items} show={['feature', 'wave', 'status', 'rag', 'dates', 'slippage', 'blockers', 'reasons']} />

      {trend && <TrendChart title={`Score over time, ${data.council.name}`} trend={trend} />}

      <div class="two-col">
        <section aria-labelledby="blockers-title">
          <h2 id="blockers-title">Open issues</h2>
          {data.blockers.length === 0 ? <Empty>No open issues on its items.</Empty> : (
            <ul class="card-list">
              {data.blockers.map((b) => (
                <li key={b.id}>
                  <strong>{b.featureName}:</strong> {b.description}
                  <br /><span class="muted">Owner {b.owner}; due {day(b.dueDate)}</span> {b.overdue && <span class="tag">Overdue</span>}
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="wins-title">
          <h2 id="wins-title">Early wins</h2>
          {data.wins.length === 0 ? <Empty>No wins yet.</Empty> : (
            <ul class="card-list">
              {data.wins.map((w) => (
                <li key={w.id}>
                  <strong>{w.title}</strong> {!w.published && <span class="tag">Draft</span>}
                  <br /><span class="muted">{day(w.wonOn)}{w.featureName ? `, ${w.featureName}` : ''}</span>
                  <p>{w.story}</p>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </>
  );
}

function Report({ data, criteria, onSaved }: { data: CouncilSummary; criteria: Criterion[]; onSaved: () => void }) {
  const today = formatISO(new Date(), { representation: 'date' });
  const rows = useMemo(() => readingRows(criteria, data.items), [criteria, data.items]);
  const open = data.items.filter((i) => i.status !== 'cancelled');
  return (
    <section aria-labelledby="report-title" class="report">
      <h2 id="report-title">Report for {data.council.name}</h2>
      <h3>Enter readings</h3>
      <ReadingsForm councilId={data.council.councilId} rows={rows} today={today} onSaved={onSaved} />
      <h3>Or upload a spreadsheet</h3>
      <p>
        Start from <a href={`/api/exports/readings.csv?councilId=${data.council.councilId}`} download>this council's readings as CSV</a>: its first
        six columns are the upload format.
      </p>
      <CsvUpload onSaved={onSaved} />
      <h3>Raise an issue</h3>
      <IssueForm items={open} onSaved={onSaved} />
      <h3>Record an early win</h3>
      <WinForm councilId={data.council.councilId} items={open} today={today} onSaved={onSaved} />
    </section>
  );
}
