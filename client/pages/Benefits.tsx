import { useState } from 'preact/hooks';
import { AsOfPicker } from '../components/AsOfPicker/AsOfPicker.tsx';
import { BenefitsCharts, BenefitsHeadlines, BenefitsProblems, money } from '../components/Benefits/BenefitsFigures.tsx';
import { CouncilPager } from '../components/CouncilPager/CouncilPager.tsx';
import { DataTable } from '../components/DataTable/DataTable.tsx';
import { Field } from '../components/Field/Field.tsx';
import { usePageTitle } from '../components/Layout/Layout.tsx';
import { Loaded } from '../components/Status/Status.tsx';
import { useAppState } from '../state/app-state.ts';
import { useResource } from '../state/use-resource.ts';
import type { BenefitsSummary } from '../api/types.ts';

type Part = BenefitsSummary['councils'][number];

const STATUS_WORDS: Record<Part['status'], string> = { ok: 'Measured', no_baseline: 'No baseline', no_data: 'No volumes yet' };
const pct = (v: number | null) => (v === null ? '—' : `${v.toLocaleString('en-GB', { minimumFractionDigits: 1 })}%`);

/** A breakdown (councils, features, transaction types) as a table: "no baseline" is said, never £0. */
function PartsTable({ caption, parts }: { caption: string; parts: Part[] }) {
  return (
    <DataTable
      caption={caption}
      rowKey={(p) => p.id}
      rows={parts}
      columns={[
        { header: 'Name', cell: (p) => p.name, rowHeader: true },
        { header: 'Status', cell: (p) => STATUS_WORDS[p.status] },
        { header: 'Saved to date', cell: (p) => (p.savedPence === null ? STATUS_WORDS[p.status] : money(p.savedPence)), numeric: true },
        { header: 'Online', cell: (p) => pct(p.takeUpPercent), numeric: true },
        { header: 'Assisted digital', cell: (p) => pct(p.assistedPercent), numeric: true },
        { header: 'Cost before', cell: (p) => money(p.costBeforePence, true), numeric: true },
        { header: 'Cost now', cell: (p) => money(p.costNowPence, true), numeric: true },
        { header: 'Months missing', cell: (p) => String(p.missingMonths), numeric: true },
      ]}
    />
  );
}

/** Benefits and channel shift: how much is saved, and how many transactions moved online (docs/benefits.md). */
export function BenefitsPage() {
  usePageTitle('Benefits');
  const state = useAppState();
  const asOf = state.asOf.value || undefined;
  const [councilId, setCouncilId] = useState('');
  const [featureId, setFeatureId] = useState('');
  // Which page of the breakdown by council (the API sends twenty councils at a time); a new filter starts again.
  const [councilOffset, setCouncilOffset] = useState(0);
  const filterBy = (set: (v: string) => void) => (v: string) => {
    set(v);
    setCouncilOffset(0);
  };
  const councils = useResource(() => state.api.councils.list().then((p) => p.data), []);
  const features = useResource(() => state.api.features.list().then((p) => p.data), []);
  const summary = useResource(
    () => state.api.benefits.summary({ asOf, councilId: councilId || undefined, featureId: featureId || undefined, councilOffset: councilOffset || undefined }),
    [asOf, councilId, featureId, councilOffset],
  );
  const select = (name: string, label: string, value: string, set: (v: string) => void, options: Array<{ id: number; name: string }> | undefined, all: string) => (
    <Field name={name} label={label}>
      {(p) => (
        <select {...p} value={value} onChange={(e) => set((e.target as HTMLSelectElement).value)}>
          <option value="">{all}</option>
          {(options ?? []).map((o) => <option key={o.id} value={String(o.id)}>{o.name}</option>)}
        </select>
      )}
    </Field>
  );
  return (
    <>
      <h1>Benefits</h1>
      <p class="lede">What moving HR transactions online saves: volumes by channel, the cost of a transaction before and now, and the saving against the business case.</p>
      <AsOfPicker />
      <form class="filters" onSubmit={(e) => e.preventDefault()} aria-label="Choose what the figures cover">
        {select('benefits-council', 'Council', councilId, filterBy(setCouncilId), councils.data, 'All councils')}
        {select('benefits-feature', 'Feature', featureId, filterBy(setFeatureId), features.data, 'All features')}
      </form>
      <Loaded resource={summary} what="the benefits figures">
        {(data) => (
          <>
            <h2>{data.scope.name}</h2>
            <p class="benefits-note"><strong>{data.headline.text}.</strong></p>
            <BenefitsHeadlines summary={data} />
            <BenefitsCharts summary={data} scopeName={data.scope.name} />
            <section aria-labelledby="benefits-forecast">
              <h2 id="benefits-forecast">Forecast and break-even</h2>
              {data.forecast
                ? <p>By {data.forecast.toMonth}: {money(data.forecast.cumulativePence)} saved (range {money(data.forecast.lowPence)} to {money(data.forecast.highPence)}). {data.forecastNote}</p>
                : <p>{data.forecastNote}</p>}
              <p class="muted">{data.forecast?.method}</p>
              <p>
                Set-up costs {money(data.setUp.costsPence)}; {data.setUp.breakEven
                  ? `break-even ${data.setUp.breakEven.forecast ? 'forecast for' : 'reached in'} ${data.setUp.breakEven.month}`
                  : 'break-even not reached in the figures or the forecast'}.
              </p>
            </section>
            <BenefitsProblems summary={data} />
            {data.indicativeCosts > 0 && (
              <p class="notice">{data.indicativeCosts} of the unit costs used are indicative assumptions (published benchmarks), to be replaced with the programme's own figures.</p>
            )}
            <h2>By council</h2>
            <PartsTable caption="Benefits by council" parts={data.councils} />
            <CouncilPager page={data.councilPage} onPage={setCouncilOffset} label="Councils in the table" />
            <h2>By feature</h2>
            <PartsTable caption="Benefits by feature" parts={data.features} />
            <h2>By transaction type</h2>
            <PartsTable caption="Benefits by transaction type" parts={data.transactionTypes} />
          </>
        )}
      </Loaded>
    </>
  );
}
