import { useState } from 'preact/hooks';
import type { ItemCard } from '../../api/types.ts';
import { useAppState } from '../../state/app-state.ts';
import { ErrorSummary } from '../ErrorSummary/ErrorSummary.tsx';
import { useProblem } from '../ErrorSummary/useProblem.ts';
import { Field } from '../Field/Field.tsx';
import { DateField } from '../DateInput/DateInput.tsx';

const LABELS: Record<string, string> = {
  itemId: 'Item', title: 'What is blocking it', description: 'More detail', ownerName: 'Owner', ownerUserId: 'Owner', dueDate: 'Due date',
};

/** Raise an issue in the RAID log on one of the council's items: what blocks it, who is clearing it and by when. */
export function IssueForm({ items, onSaved }: { items: ItemCard[]; onSaved: () => void }) {
  const state = useAppState();
  const [form, setForm] = useState({ itemId: items[0] ? String(items[0].itemId) : '', title: '', description: '', ownerName: '', dueDate: '' });
  const { problem, errorOf, onSubmit } = useProblem();
  const set = (key: keyof typeof form) => (e: Event) => setForm({ ...form, [key]: (e.target as HTMLInputElement).value });
  const error = (...fields: string[]) => fields.map(errorOf).find((m) => m !== undefined);

  const submit = onSubmit(async () => {
    await state.api.raid.createEntry({
      type: 'issue', scope: 'item', itemId: Number(form.itemId), title: form.title, ...(form.description.trim() ? { description: form.description } : {}),
      ...(form.ownerName.trim() ? { ownerName: form.ownerName } : {}), dueDate: form.dueDate,
    });
    setForm({ ...form, title: '', description: '', ownerName: '', dueDate: '' });
    state.announce('Issue raised');
    onSaved();
  });

  return (
    <form onSubmit={submit} noValidate>
      {problem && <ErrorSummary message={problem.message} details={problem.details} label={(f) => LABELS[f] ?? f} />}
      <Field name="issue-item" label="Item" error={error('itemId')}>
        {(p) => <select {...p} value={form.itemId} onChange={set('itemId')}>{items.map((i) => <option key={i.itemId} value={String(i.itemId)}>{i.featureName}</option>)}</select>}
      </Field>
      <Field name="issue-title" label="What is blocking it" hint="One line" error={error('title')}>{(p) => <input {...p} type="text" value={form.title} onInput={set('title')} />}</Field>
      <Field name="issue-description" label="More detail (optional)" error={error('description')}>{(p) => <textarea {...p} value={form.description} onInput={set('description')} />}</Field>
      <Field name="issue-owner" label="Owner" hint="Who is clearing it" error={error('ownerName', 'ownerUserId')}>{(p) => <input {...p} type="text" value={form.ownerName} onInput={set('ownerName')} />}</Field>
      <DateField name="issue-due" label="Due date" error={error('dueDate')} value={form.dueDate} onChange={(v) => setForm({ ...form, dueDate: v })} />
      <div class="button-group"><button type="submit" class="button button--secondary">Raise issue</button></div>
    </form>
  );
}
