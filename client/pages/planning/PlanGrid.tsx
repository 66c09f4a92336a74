import { useState } from 'preact/hooks';
import type { Council, Feature, RolloutItem, Wave } from '../../api/types.ts';
import { ErrorSummary } from '../../components/ErrorSummary/ErrorSummary.tsx';
import { useProblem } from '../../components/ErrorSummary/useProblem.ts';
import { Loaded } from '../../components/Status/Status.tsx';
import { useAppState } from '../../state/app-state.ts';
import { useResource } from '../../state/use-resource.ts';
import { NO_REASON, ReasonFields, reasonLabels } from './ReasonFields.tsx';

interface Plan { councils: Council[]; features: Feature[]; waves: Wave[]; items: RolloutItem[] }
/** Wave choices not yet saved, by "councilId:featureId"; '' is "not scheduled". */
type Changes = Record<string, string>;

/** A council × feature grid of wave choices; every change is saved together, or none. */
export function PlanGrid() {
  const state = useAppState();
  const data = useResource(async (): Promise<Plan> => {
    const [councils, features, waves, items] = await Promise.all([state.api.councils.list(), state.api.features.list(), state.api.waves.list(), state.api.items.list()]);
    return { councils: councils.data, features: features.data, waves: waves.data, items: items.data };
  }, []);
  const [changes, setChanges] = useState<Changes>({});
  const [saved, setSaved] = useState<string | null>(null);
  const [why, setWhy] = useState(NO_REASON);
  const { problem, errorOf, onSubmit, show } = useProblem('plan-');

  const submit = onSubmit(async () => {
    const result = await state.api.items.assign(Object.entries(changes).map(([key, wave]) => {
      const [councilId, featureId] = key.split(':').map(Number) as [number, number];
      return { councilId, featureId, waveId: wave ? Number(wave) : null };
    }), why);
    setChanges({});
    setWhy(NO_REASON);
    setSaved(`Saved: ${result.updated} item(s) moved, ${result.created} added.`);
    state.announce('Plan saved');
    void data.reload();
  });
  const save = (event: Event) => {
    if (Object.keys(changes).length > 0) return submit(event);
    event.preventDefault();
    show('Nothing has changed.');
  };
  const count = Object.keys(changes).length;

  return (
    <section id="plan-grid" aria-labelledby="plan-grid-title">
      <h2 id="plan-grid-title">Plan: which wave each council takes each feature in</h2>
      <Loaded resource={data} what="the plan">
        {(plan) => (
          <form onSubmit={save} noValidate>
            {problem && <ErrorSummary message={problem.message} details={problem.details} label={(f) => reasonLabels('plan-')[f] ?? ''} />}
            {saved && <div class="notice notice--success" role="status"><p>{saved}</p></div>}
            <PlanTable plan={plan} changes={changes} onChange={setChanges} />
            <p>Moving an item that already has a wave needs a reason: it is kept with the move and shown wherever the slippage is.</p>
            <ReasonFields prefix="plan-" value={why} onChange={setWhy} error={errorOf} />
            <div class="button-group">
              <button type="submit" class="button">Save plan changes{count ? ` (${count})` : ''}</button>
              {count > 0 && <button type="button" class="button button--secondary" onClick={() => setChanges({})}>Undo changes</button>}
            </div>
          </form>
        )}
      </Loaded>
    </section>
  );
}

/** The grid itself: a labelled wave choice per council and feature; a live item's wave cannot change here. */
function PlanTable({ plan: { councils, features, waves, items }, changes, onChange }: { plan: Plan; changes: Changes; onChange: (next: Changes) => void }) {
  const itemOf = new Map(items.map((i) => [`${i.councilId}:${i.featureId}`, i]));
  return (
    <div class="table-wrap" role="region" aria-label="Plan grid" tabIndex={0}>
      <table>
        <caption>Wave of each council and feature</caption>
        <thead><tr><th scope="col">Feature</th>{councils.map((c) => <th scope="col" key={c.id}>{c.code}<span class="visually-hidden"> {c.name}</span></th>)}</tr></thead>
        <tbody>
          {features.map((f) => (
            <tr key={f.id}>
              <th scope="row">{f.name}</th>
              {councils.map((c) => {
                const key = `${c.id}:${f.id}`;
                const item = itemOf.get(key);
                const value = changes[key] ?? (item?.waveId ? String(item.waveId) : '');
                const live = item?.status === 'live';
                return (
                  <td key={c.id}>
                    <label class="visually-hidden" for={`wave-${key}`}>Wave for {f.name} at {c.name}</label>
                    <select id={`wave-${key}`} value={value} disabled={live} onChange={(e) => onChange({ ...changes, [key]: (e.target as HTMLSelectElement).value })}>
                      <option value="">Not scheduled</option>
                      {waves.map((w) => <option key={w.id} value={String(w.id)}>{w.name}</option>)}
                    </select>
                    {live && <span class="tag">Live</span>}
                    {changes[key] !== undefined && <span class="tag">Changed</span>}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
