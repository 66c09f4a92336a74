import { useState } from 'preact/hooks';
import type { BaselineComparison } from '../../api/baseline-types.ts';
import { asApiError } from '../../api/client.ts';
import { BaselineDiff } from '../../components/BaselineDiff/BaselineDiff.tsx';
import { ConfirmButton } from '../../components/ConfirmButton/ConfirmButton.tsx';
import { DataTable } from '../../components/DataTable/DataTable.tsx';
import { ErrorSummary } from '../../components/ErrorSummary/ErrorSummary.tsx';
import { useProblem } from '../../components/ErrorSummary/useProblem.ts';
import { Field } from '../../components/Field/Field.tsx';
import { Loaded } from '../../components/Status/Status.tsx';
import { instant } from '../../format.ts';
import { useAppState } from '../../state/app-state.ts';
import { useResource } from '../../state/use-resource.ts';
import { NO_REASON, ReasonFields, reasonLabels } from './ReasonFields.tsx';

const LABELS: Record<string, string> = { 'baseline-name': 'Name', ...reasonLabels('baseline-') };
const NEW_BASELINE = { name: '', note: '', approvedBy: '' };

/** Approve the current plan as a baseline, after a preview of what it would change; the baselines approved so far. */
export function Baselines() {
  const state = useAppState();
  const list = useResource(() => state.api.baselines.list().then((p) => p.data), []);
  const [form, setForm] = useState(NEW_BASELINE);
  const [why, setWhy] = useState(NO_REASON);
  const [saved, setSaved] = useState<string | null>(null);
  /** The preview: what approving now would change against the baseline in force, item by item. */
  const [preview, setPreview] = useState<BaselineComparison | null>(null);
  const [previewProblem, setPreviewProblem] = useState<string | null>(null);
  const { problem, error, errorOf, run } = useProblem('baseline-');
  const set = (key: keyof typeof form) => (e: Event) => setForm({ ...form, [key]: (e.target as HTMLInputElement).value });
  const showPreview = async () => {
    try {
      setPreview(await state.api.baselines.compare());
      setPreviewProblem(null);
    } catch (e) {
      setPreview(null);
      setPreviewProblem(asApiError(e, 'Saving failed.').message);
    }
  };
  const approve = () => run(async () => {
    const baseline = await state.api.baselines.approve(form.name, form.note, form.approvedBy.trim() || undefined, why);
    setWhy(NO_REASON);
    setSaved(`Baseline “${baseline.name}” approved: ${baseline.itemCount} items frozen. Slippage is now measured against it.`);
    setForm({ ...form, name: '', note: '' });
    setPreview(null);
    void list.reload();
  });
  return (
    <section id="baselines" aria-labelledby="baselines-title">
      <h2 id="baselines-title">Baselines</h2>
      <p>Approving a baseline freezes every item's wave and date. Progress and slippage are judged against the latest one, and
        against the original beside it: a re-baseline never hides slippage. A re-baseline needs a named approver and a reason.</p>
      {problem && <ErrorSummary message={problem.message} details={problem.details} label={(f) => LABELS[f] ?? f.replace(/^baseline-/, '')} />}
      {saved && <div class="notice notice--success" role="status"><p>{saved}</p></div>}
      <form onSubmit={(e) => e.preventDefault()} noValidate>
        <Field name="baseline-name" label="Name of the baseline" hint="For example: Plan v2, after the March board" error={error('name')}>
          {(p) => <input {...p} type="text" value={form.name} onInput={set('name')} />}
        </Field>
        <Field name="baseline-note" label="Note (optional)">{(p) => <input {...p} type="text" value={form.note} onInput={set('note')} />}</Field>
        <Field name="baseline-approvedBy" label="Approved by" hint="For example: the programme board; you if left empty">{(p) => <input {...p} type="text" value={form.approvedBy} onInput={set('approvedBy')} />}</Field>
        <ReasonFields prefix="baseline-" value={why} onChange={setWhy} error={errorOf} />
        <div class="button-group">
          <button type="button" class="button button--secondary" onClick={() => void showPreview()}>Preview what would change</button>
          <ConfirmButton label="Approve the current plan as a baseline" question="Freeze the current plan as a new baseline? Slippage will be measured against it from now on."
            confirmLabel="Approve baseline" onConfirm={() => void approve()} />
        </div>
      </form>
      {previewProblem && <p class="hint" role="status">{previewProblem}</p>}
      {preview && (
        <section aria-labelledby="baseline-preview-title" class="baseline-preview">
          <h3 id="baseline-preview-title" tabIndex={-1}>If the current plan were approved now</h3>
          <BaselineDiff diff={preview} laterName="the new baseline" />
        </section>
      )}
      <p><a href="/baselines">Compare any two baselines</a></p>
      <Loaded resource={list} what="the baselines">
        {(rows) => (
          <DataTable caption="Approved baselines, newest first" rows={rows} rowKey={(b) => b.id} columns={[
            { header: 'Name', rowHeader: true, cell: (b) => b.name },
            { header: 'Approved by', cell: (b) => b.approvedBy },
            { header: 'Why', cell: (b) => b.reason || '—' },
            { header: 'When', cell: (b) => instant(b.approvedAt) },
            { header: 'Items', numeric: true, cell: (b) => String(b.itemCount) },
          ]} />
        )}
      </Loaded>
    </section>
  );
}
