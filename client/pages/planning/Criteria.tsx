import { useState } from 'preact/hooks';
import { etagOf } from '../../api/client.ts';
import type { Criterion } from '../../api/types.ts';
import { DataTable } from '../../components/DataTable/DataTable.tsx';
import { ErrorSummary } from '../../components/ErrorSummary/ErrorSummary.tsx';
import { useProblem } from '../../components/ErrorSummary/useProblem.ts';
import { Loaded } from '../../components/Status/Status.tsx';
import { useAppState } from '../../state/app-state.ts';
import { useResource } from '../../state/use-resource.ts';
import { CriterionMeasures } from './CriterionMeasures.tsx';

type Edits = Record<number, { target?: string; amberThreshold?: string }>;

/** How a criterion is measured, in the table's words. */
export const measuredAs = (c: Pick<Criterion, 'scope'>): string => ({ feature: 'per feature', council: 'per council', programme: 'programme-wide' })[c.scope];

/** The criteria catalogue, with each criterion's target and amber threshold editable in place; below it, ramps and programme-wide readings. */
export function CriteriaTable() {
  const state = useAppState();
  const criteria = useResource(() => state.api.criteria.list().then((p) => p.data), []);
  const [edits, setEdits] = useState<Edits>({});
  const { problem, run } = useProblem();
  const edit = (id: number, key: 'target' | 'amberThreshold') => (e: Event) => setEdits({ ...edits, [id]: { ...edits[id], [key]: (e.target as HTMLInputElement).value } });
  const save = (c: Criterion) => run(async () => {
    const change = edits[c.id] ?? {};
    const number = (text: string | undefined, fallback: number) => (text === undefined || text.trim() === '' ? fallback : Number(text));
    await state.api.criteria.update(c.id, { target: number(change.target, c.target), amberThreshold: number(change.amberThreshold, c.amberThreshold) }, etagOf(c.version));
    // The typed value stays in the field until the saved one has been read back, never the old one in between.
    await criteria.reload();
    setEdits(({ [c.id]: _saved, ...rest }) => rest);
    state.announce(`${c.name} saved`);
  }, `criterion-${c.id}-`);
  return (
    <section id="criteria" aria-labelledby="criteria-title">
      <h2 id="criteria-title">Criteria</h2>
      <p>Targets apply to every council unless overridden; changing one re-colours every item at once. The rules are in the readiness document.</p>
      {problem && <ErrorSummary message={problem.message} details={problem.details} label={() => ''} />}
      <Loaded resource={criteria} what="the criteria">
        {(rows) => (
          <>
            <DataTable caption="Readiness and adoption criteria" rows={rows} rowKey={(c) => c.id} columns={[
              { header: 'Criterion', rowHeader: true, cell: (c) => <>{c.name}{c.mandatory && <span class="tag">Mandatory</span>}{c.trackingOnly && <span class="tag">Tracking only</span>}</> },
              { header: 'Phase', cell: (c) => c.phase },
              { header: 'Measured', cell: measuredAs },
              { header: 'Unit', cell: (c) => `${c.unit}, ${c.direction} is better` },
              { header: 'Target', cell: (c) => <ThresholdInput criterion={c} field="target" label="Target" value={edits[c.id]?.target} onInput={edit(c.id, 'target')} /> },
              { header: 'Amber', cell: (c) => <ThresholdInput criterion={c} field="amberThreshold" label="Amber threshold" value={edits[c.id]?.amberThreshold} onInput={edit(c.id, 'amberThreshold')} /> },
              { header: 'Weight', numeric: true, cell: (c) => String(c.weight) },
              { header: 'Save', cell: (c) => <button type="button" class="button button--secondary" disabled={!edits[c.id]} onClick={() => void save(c)}>Save {c.code}</button> },
            ]} />
            <CriterionMeasures criteria={rows} />
          </>
        )}
      </Loaded>
    </section>
  );
}

/** A target or amber threshold typed in the table's row, labelled with the criterion's name for screen readers. */
function ThresholdInput({ criterion: c, field, label, value, onInput }: {
  criterion: Criterion; field: 'target' | 'amberThreshold'; label: string; value: string | undefined; onInput: (e: Event) => void;
}) {
  return (
    <>
      <label class="visually-hidden" for={`field-criterion-${c.id}-${field}`}>{label} for {c.name}</label>
      <input id={`field-criterion-${c.id}-${field}`} type="text" inputMode="decimal" class="narrow-input" value={value ?? String(c[field])} onInput={onInput} />
    </>
  );
}
