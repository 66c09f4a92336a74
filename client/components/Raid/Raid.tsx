import { useState } from 'preact/hooks';
import type { RaidItemActions, RaidSummary } from '../../api/types.ts';
import { day } from '../../format.ts';
import { useAppState } from '../../state/app-state.ts';
import { DataTable } from '../DataTable/DataTable.tsx';
import { ErrorSummary } from '../ErrorSummary/ErrorSummary.tsx';
import { useProblem } from '../ErrorSummary/useProblem.ts';
import { Field } from '../Field/Field.tsx';
import { useFirstFieldFocus } from '../Field/useFirstFieldFocus.ts';
import { RagBadge } from '../RagBadge/RagBadge.tsx';
import './raid.css';
import { DateField } from '../DateInput/DateInput.tsx';

const LEVEL = ['Very low', 'Low', 'Medium', 'High', 'Very high'];

/**
 * The risk heat map: open risks counted by likelihood (rows, highest first) and impact (columns). It is a table, so
 * the numbers are the chart; the shading repeats them and is never the only signal.
 */
export function HeatMap({ heatMap, caption = 'Open risks by likelihood and impact' }: { heatMap: RaidSummary['heatMap']; caption?: string }) {
  const shade = (l: number, i: number) => (l * i >= 15 ? 'high' : l * i >= 8 ? 'medium' : 'low');
  return (
    <div class="table-wrap" role="region" aria-label={caption} tabIndex={0}>
      <table class="heat-map">
        <caption>{caption} ({heatMap.total} in all)</caption>
        <thead>
          <tr><td /><th scope="colgroup" colSpan={5}>Impact</th></tr>
          <tr><th scope="col">Likelihood</th>{LEVEL.map((label, i) => <th scope="col" key={label}>{i + 1} {label}</th>)}</tr>
        </thead>
        <tbody>
          {[4, 3, 2, 1, 0].map((l) => (
            <tr key={l}>
              <th scope="row">{l + 1} {LEVEL[l]}</th>
              {heatMap.cells[l]!.map((n, i) => (
                <td key={i} class={`heat-map__cell heat-map__cell--${shade(l + 1, i + 1)}`}>
                  {n}<span class="visually-hidden"> risk{n === 1 ? '' : 's'}, score {(l + 1) * (i + 1)}</span>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Top risks, the heat map and overdue actions by owner. */
export function RaidPicture({ summary }: { summary: RaidSummary }) {
  return (
    <div class="raid-picture">
      <HeatMap heatMap={summary.heatMap} />
      <DataTable caption="Top risks by score" rows={summary.topRisks} rowKey={(r) => r.id} empty="No open risks." columns={[
        { header: 'Risk', rowHeader: true, cell: (r) => r.title },
        { header: 'About', cell: (r) => r.about },
        { header: 'Score', numeric: true, cell: (r) => `${r.score} (${r.likelihood} × ${r.impact})` },
        { header: 'Owner', cell: (r) => r.owner },
        { header: 'Review by', cell: (r) => day(r.dueDate) },
      ]} />
      <DataTable caption="Overdue actions by owner" rows={summary.overdueByOwner} rowKey={(o) => `${o.userId ?? ''}-${o.owner}`} empty="No action is overdue." columns={[
        { header: 'Owner', rowHeader: true, cell: (o) => o.owner },
        { header: 'Overdue', numeric: true, cell: (o) => String(o.count) },
        { header: 'Actions', cell: (o) => o.actions.map((a) => `${a.title} (due ${day(a.dueDate)})`).join('; ') },
      ]} />
    </div>
  );
}

/** Add an action to a red or late item: a title, an owner and a due date. Works one-handed on a phone. */
export function AddActionForm({ itemId, label, onSaved }: { itemId: number; label: string; onSaved: () => void }) {
  const state = useAppState();
  const [form, setForm] = useState({ title: '', owner: '', dueDate: '' });
  const { problem, errorOf, onSubmit } = useProblem();
  const set = (key: keyof typeof form) => (e: Event) => setForm({ ...form, [key]: (e.target as HTMLInputElement).value });
  const error = (...fields: string[]) => fields.map(errorOf).find((m) => m !== undefined);
  const prefix = `action-${itemId}`;
  const formRef = useFirstFieldFocus();

  const submit = onSubmit(async () => {
    await state.api.raid.createAction({ itemId, title: form.title, ownerName: form.owner, dueDate: form.dueDate });
    setForm({ title: '', owner: '', dueDate: '' });
    state.announce(`Action added to ${label}`);
    onSaved();
  });

  return (
    <form ref={formRef} class="add-action" onSubmit={submit} noValidate aria-label={`Add an action to ${label}`}>
      {problem && <ErrorSummary message={problem.message} details={problem.details.map((d) => ({ ...d, field: `${prefix}-${d.field === 'ownerUserId' ? 'ownerName' : d.field}` }))}
        label={(f) => ({ [`${prefix}-title`]: 'What will be done', [`${prefix}-ownerName`]: 'Owner', [`${prefix}-dueDate`]: 'Due date' })[f] ?? f} />}
      <Field name={`${prefix}-title`} label="What will be done" error={error('title')}>{(p) => <input {...p} type="text" value={form.title} onInput={set('title')} />}</Field>
      <Field name={`${prefix}-ownerName`} label="Owner" hint="A name, e.g. the supplier's service desk" error={error('ownerName', 'ownerUserId')}>{(p) => <input {...p} type="text" autoComplete="name" value={form.owner} onInput={set('owner')} />}</Field>
      <DateField name={`${prefix}-dueDate`} label="Due date" error={error('dueDate')} value={form.dueDate} onChange={(v) => setForm({ ...form, dueDate: v })} />
      <div class="button-group"><button type="submit" class="button">Add action</button></div>
    </form>
  );
}

/** Every red or late item with what is being done about it, or plainly nothing; leads and the office add actions. */
export function WhatWeAreDoing({ items, onChanged, linked = true }: { items: RaidItemActions[]; onChanged?: () => void; linked?: boolean }) {
  const state = useAppState();
  const [open, setOpen] = useState<number | null>(null);
  if (items.length === 0) return <p>No item is red or late.</p>;
  return (
    <ul class="card-list what-we-are-doing">
      {items.map((i) => {
        const label = `${i.featureName} at ${i.councilName}`;
        return (
          <li key={i.itemId}>
            <h3 class="what-we-are-doing__item">
              <RagBadge rag={i.rag} /> {linked ? <a href={`/items/${i.itemId}`}>{label}</a> : label}
              {i.late && <span class="tag">Late{i.slippageDays ? `, ${i.slippageDays} days` : ''}</span>}
              {i.openConditions > 0 && <span class="tag">{i.openConditions} gate condition{i.openConditions === 1 ? '' : 's'} open</span>}
            </h3>
            {i.reasons.length > 0 && <p class="muted">{i.reasons[0]}</p>}
            {i.actions.length === 0
              ? <p class="what-we-are-doing__none"><strong>No action recorded.</strong></p>
              : (
                <ul>
                  {i.actions.map((a) => (
                    <li key={a.id}>{a.title} — <strong>{a.owner}</strong>, due {day(a.dueDate)}{a.overdue && <span class="tag tag--red">Overdue</span>}</li>
                  ))}
                </ul>
              )}
            {i.doneInPeriod.length > 0 && (
              <p>Done in the period: {i.doneInPeriod.map((a) => `${a.title} (${a.owner}, ${day(a.closedOn)})`).join('; ')}</p>
            )}
            {onChanged && state.leads(i.councilId) && (
              open === i.itemId
                ? <AddActionForm itemId={i.itemId} label={label} onSaved={() => { setOpen(null); onChanged(); }} />
                : <button type="button" class="button button--secondary" onClick={() => setOpen(i.itemId)}>Add an action<span class="visually-hidden"> to {label}</span></button>
            )}
          </li>
        );
      })}
    </ul>
  );
}
