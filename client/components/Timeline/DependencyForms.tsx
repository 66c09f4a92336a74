import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { etagOf } from '../../api/client.ts';
import type { NewDependency } from '../../api/timeline-types.ts';
import type { Impact, TimelineData } from '../../api/types.ts';
import { useAppState } from '../../state/app-state.ts';
import { useResource } from '../../state/use-resource.ts';
import { ConfirmButton } from '../ConfirmButton/ConfirmButton.tsx';
import { DataTable } from '../DataTable/DataTable.tsx';
import { ErrorSummary } from '../ErrorSummary/ErrorSummary.tsx';
import { useProblem } from '../ErrorSummary/useProblem.ts';
import { Field } from '../Field/Field.tsx';
import { Loaded } from '../Status/Status.tsx';
import { ImpactList } from './ImpactList.tsx';

const PREFIX = 'dependency';
const KINDS = {
  feature: 'A feature waits for another feature, in every council',
  item: 'One rollout item waits for another (any councils)',
  milestone: 'A feature or an item waits for an external milestone',
} as const;
type Kind = keyof typeof KINDS;
const LABELS: Record<string, string> = {
  kind: 'Kind', beforeFeatureId: 'Feature waited for', afterFeatureId: 'Feature that waits', beforeItemId: 'Item waited for', afterItemId: 'Item that waits',
  milestoneId: 'Milestone', lagWorkingDays: 'Lag in working days', note: 'Note',
};

/** The items of the plan grouped by council, for a select. */
function ItemOptions({ data }: { data: TimelineData }) {
  return (
    <>
      <option value="">Choose an item</option>
      {data.councils.map((c) => (
        <optgroup key={c.id} label={c.name}>{c.items.map((i) => <option key={i.itemId} value={i.itemId}>{i.featureName} at {c.name}</option>)}</optgroup>
      ))}
    </>
  );
}

/**
 * The office's dependencies (docs/timeline.md, "Dependencies"): the list with a remove button each, and a form to
 * add one that previews what it would break in the plan as it stands before it is added (after a confirmation).
 * A dependency that would close a cycle is refused, naming the cycle.
 */
// eslint-disable-next-line max-lines-per-function -- the list, the preview and the confirmed apply share one preview and the version it was made against; apart, that state would be threaded through each piece
export function DependencyForms({ data, features, onChanged }: { data: TimelineData; features: Array<{ id: number; name: string }>; onChanged: () => void }) {
  const { api } = useAppState();
  const list = useResource(async () => (await api.timeline.dependencies()).data, []);
  const [kind, setKind] = useState<Kind>('feature');
  const [before, setBefore] = useState('');
  const [after, setAfter] = useState('');
  const [afterItem, setAfterItem] = useState('');
  const [lag, setLag] = useState('0');
  const [note, setNote] = useState('');
  const [impact, setImpact] = useState<Impact | null>(null);
  const { problem, error, fail, clear } = useProblem(`${PREFIX}-`, 'The dependency could not be saved.');
  const [done, setDone] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useLayoutEffect(() => { if (impact) heading.current?.focus(); }, [impact]);
  const edited = (f: () => void) => { f(); setImpact(null); };
  const id = (v: string) => (v === '' ? undefined : Number(v));
  const lagValue = /^\s*\d+\s*$/.test(lag) ? Number(lag) : (lag as unknown as number);
  const body = (): NewDependency => {
    const common = { lagWorkingDays: lagValue, ...(note.trim() ? { note } : {}) };
    if (kind === 'feature') return { kind, beforeFeatureId: id(before), afterFeatureId: id(after), ...common };
    if (kind === 'item') return { kind, beforeItemId: id(before), afterItemId: id(afterItem), ...common };
    return { kind, milestoneId: id(before), ...(afterItem !== '' ? { afterItemId: id(afterItem) } : { afterFeatureId: id(after) }), ...common };
  };
  const send = async (preview: boolean) => {
    clear();
    setDone(null);
    try {
      const result = await api.timeline.addDependency(body(), preview);
      if (preview) { setImpact(result); return; }
      setImpact(null);
      setBefore(''); setAfter(''); setAfterItem(''); setLag('0'); setNote('');
      setDone('The dependency is added.');
      list.reload();
      onChanged();
    } catch (e) { fail(e); }
  };
  const remove = async (d: { id: number; label: string; version: number }) => {
    clear();
    setDone(null);
    try {
      await api.timeline.removeDependency(d.id, etagOf(d.version));
      setDone(`Removed: ${d.label}.`);
      onChanged();
    } catch (e) { fail(e); }
    list.reload();
  };
  const select = (field: string, label: string, value: string, set: (v: string) => void, options: preact.ComponentChildren, hint?: string) => (
    <Field name={`${PREFIX}-${field}`} label={label} hint={hint} error={error(field)}>
      {(p) => <select {...p} value={value} onChange={(e) => edited(() => set((e.target as HTMLSelectElement).value))}>{options}</select>}
    </Field>
  );
  const featureOptions = (<><option value="">Choose a feature</option>{features.map((f) => <option key={f.id} value={f.id}>{f.name}</option>)}</>);

  return (
    <section aria-labelledby="dependency-forms-heading">
      <h2 id="dependency-forms-heading">Dependencies</h2>
      <Loaded resource={list} what="the dependencies">
        {(rows) => (
          <DataTable caption="Dependencies set" rows={rows} rowKey={(d) => d.id} empty="No dependencies yet." columns={[
            { header: 'Dependency', rowHeader: true, cell: (d) => d.label, sort: (d) => d.label },
            { header: 'Lag (working days)', numeric: true, cell: (d) => String(d.lagWorkingDays) },
            { header: 'Broken now', numeric: true, cell: (d) => String(d.broken.length) },
            {
              header: 'Actions', cell: (d) => (
                <ConfirmButton label="Remove" hiddenLabel={d.label} danger question={`Remove the dependency: ${d.label}? The plan stops checking it.`} confirmLabel="Yes, remove it" onConfirm={() => void remove(d)} />
              ),
            },
          ]} />
        )}
      </Loaded>
      <h3 id="dependency-add-heading">Add a dependency</h3>
      {problem && <ErrorSummary message={problem.message} details={problem.details} label={(f) => LABELS[f.slice(PREFIX.length + 1)] ?? f} />}
      <form class="plan-form" noValidate aria-labelledby="dependency-add-heading" onSubmit={(e) => { e.preventDefault(); void send(true); }}>
        <fieldset class="radios" id="field-dependency-kind">
          <legend>Kind</legend>
          {(Object.keys(KINDS) as Kind[]).map((k) => (
            <label key={k} class="radio"><input type="radio" name="dependency-kind" value={k} checked={kind === k}
              onChange={() => edited(() => { setKind(k); setBefore(''); setAfter(''); setAfterItem(''); })} /> {KINDS[k]}</label>
          ))}
        </fieldset>
        {kind === 'feature' && select('beforeFeatureId', 'Feature waited for', before, setBefore, featureOptions, 'For example: Approve leave')}
        {kind === 'feature' && select('afterFeatureId', 'Feature that waits', after, setAfter, featureOptions, 'Goes live in a council no earlier than the feature waited for there')}
        {kind === 'item' && select('beforeItemId', 'Item waited for', before, setBefore, <ItemOptions data={data} />)}
        {kind === 'milestone' && select('milestoneId', 'Milestone', before, setBefore,
          <><option value="">Choose a milestone</option>{data.milestones.map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}</>)}
        {kind === 'milestone' && select('afterFeatureId', 'Feature that waits', after, (v) => { setAfter(v); if (v !== '') setAfterItem(''); }, featureOptions, 'A feature, or one item below')}
        {kind !== 'feature' && select('afterItemId', kind === 'item' ? 'Item that waits' : 'Or one item that waits', afterItem, (v) => { setAfterItem(v); if (v !== '') setAfter(''); }, <ItemOptions data={data} />)}
        <Field name={`${PREFIX}-lagWorkingDays`} label="Lag in working days" hint="Working days the later one waits (0: the same day is allowed)" error={error('lagWorkingDays')}>
          {(p) => <input {...p} class="input--short" type="text" inputMode="numeric" autoComplete="off" value={lag} onInput={(e) => edited(() => setLag((e.target as HTMLInputElement).value))} />}
        </Field>
        <Field name={`${PREFIX}-note`} label="Note (optional)" error={error('note')}>
          {(p) => <input {...p} type="text" maxLength={2000} autoComplete="off" value={note} onInput={(e) => edited(() => setNote((e.target as HTMLInputElement).value))} />}
        </Field>
        <button type="submit" class="button">Preview the dependency</button>
      </form>
      <div role="status" aria-live="polite">{done && <p>{done}</p>}</div>
      {impact && (
        <div class="impact" role="group" aria-labelledby="dependency-impact-heading">
          <h3 id="dependency-impact-heading" tabIndex={-1} ref={heading}>What adding the dependency does</h3>
          <ImpactList impact={impact} />
          <div class="button-group">
            <ConfirmButton label="Add the dependency" confirmLabel="Yes, add it" question={`Add the dependency? In the plan as it stands it is broken ${impact.dependenciesBroken.length} time${impact.dependenciesBroken.length === 1 ? '' : 's'}.`} onConfirm={() => void send(false)} />
            <button type="button" class="button button--secondary" onClick={() => setImpact(null)}>Discard</button>
          </div>
        </div>
      )}
    </section>
  );
}
