import { useState } from 'preact/hooks';
import { BaselineDiff } from '../components/BaselineDiff/BaselineDiff.tsx';
import { usePageTitle } from '../components/Layout/Layout.tsx';
import { Empty, Loaded } from '../components/Status/Status.tsx';
import { day, instant } from '../format.ts';
import { useAppState } from '../state/app-state.ts';
import { useResource } from '../state/use-resource.ts';

const REASON_WORDS: Record<string, string> = {
  supplier_delay: 'Supplier delay', readiness: 'Readiness', business_decision: 'Business decision', dependency: 'Dependency', other: 'Other',
};

/** Any two approved baselines side by side, or a baseline beside the current plan (docs/metrics.md, "Comparing baselines"). */
export function BaselinesPage() {
  usePageTitle('Compare baselines');
  const state = useAppState();
  const list = useResource(() => state.api.baselines.list().then((p) => p.data), []);
  return (
    <>
      <h1>Compare baselines</h1>
      <p class="lede">Every approved baseline is kept. Choose two to see what moved between them, item by item and wave by wave, and the lateness each shows today.</p>
      <Loaded resource={list} what="the baselines">
        {(rows) => (rows.length === 0 ? <Empty>No baseline has been approved yet.</Empty> : <Compare rows={rows} />)}
      </Loaded>
    </>
  );
}

function Compare({ rows }: { rows: Array<{ id: number; name: string; approvedAt: string; approvedBy: string; reasonCategory: string | null; reason: string }> }) {
  const state = useAppState();
  // Newest first: the original is the last; by default the original beside the one in force (or the current plan).
  const original = rows[rows.length - 1]!;
  const [base, setBase] = useState(String(original.id));
  const [against, setAgainst] = useState(rows.length > 1 ? String(rows[0]!.id) : '');
  const diff = useResource(() => state.api.baselines.compare(Number(base), against === '' ? undefined : Number(against)), [base, against]);
  const nameOf = (id: string) => (id === '' ? 'the current plan' : rows.find((b) => String(b.id) === id)?.name ?? '');
  return (
    <>
      <div class="button-group compare-pickers">
        <div class="field">
          <label for="compare-base">Earlier plan</label>
          <select id="compare-base" value={base} onChange={(e) => setBase((e.target as HTMLSelectElement).value)}>
            {rows.map((b) => <option key={b.id} value={String(b.id)}>{b.name}{b.id === original.id ? ' (original)' : ''}</option>)}
          </select>
        </div>
        <div class="field">
          <label for="compare-against">Later plan</label>
          <select id="compare-against" value={against} onChange={(e) => setAgainst((e.target as HTMLSelectElement).value)}>
            <option value="">The current plan (as a baseline approved today would freeze it)</option>
            {rows.map((b) => <option key={b.id} value={String(b.id)}>{b.name}{b.id === original.id ? ' (original)' : ''}</option>)}
          </select>
        </div>
      </div>
      <Loaded resource={diff} what="the comparison">
        {(d) => <BaselineDiff diff={d} laterName={d.against ? d.against.name : 'the current plan'} />}
      </Loaded>
      <h2>Approved baselines</h2>
      <ul class="card-list">
        {rows.map((b) => (
          <li key={b.id}>
            <strong>{b.name}</strong>{b.id === original.id ? ' (original)' : ''}: approved by {b.approvedBy} on {day(b.approvedAt.slice(0, 10))} <span class="muted">({instant(b.approvedAt)})</span>
            {b.reason && <p>Why: {b.reasonCategory ? `${REASON_WORDS[b.reasonCategory] ?? b.reasonCategory}: ` : ''}{b.reason}</p>}
          </li>
        ))}
      </ul>
      <p class="muted">Comparing {nameOf(base)} with {nameOf(against)}.</p>
    </>
  );
}
