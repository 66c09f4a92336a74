import { useState } from 'preact/hooks';
import { asApiError } from '../../api/client.ts';
import type { ErrorDetail, ItemCard } from '../../api/types.ts';
import { useAppState } from '../../state/app-state.ts';
import { ErrorSummary } from '../ErrorSummary/ErrorSummary.tsx';
import { Field } from '../Field/Field.tsx';
import { DateField } from '../DateInput/DateInput.tsx';

/** Raise a blocker on one of the council's items. */
export function BlockerForm({ items, onSaved }: { items: ItemCard[]; onSaved: () => void }) {
  const state = useAppState();
  const [form, setForm] = useState({ itemId: items[0] ? String(items[0].itemId) : '', description: '', owner: '', dueDate: '' });
  const [problem, setProblem] = useState<{ message: string; details: ErrorDetail[] } | null>(null);
  const set = (key: keyof typeof form) => (e: Event) => setForm({ ...form, [key]: (e.target as HTMLInputElement).value });
  const error = (field: string) => problem?.details.find((d) => d.field === field)?.message;

  const submit = async (event: Event) => {
    event.preventDefault();
    try {
      await state.api.blockers.create(Number(form.itemId), { description: form.description, owner: form.owner, dueDate: form.dueDate || null });
      setProblem(null);
      setForm({ ...form, description: '', owner: '', dueDate: '' });
      state.announce('Blocker added');
      onSaved();
    } catch (e) {
      const err = asApiError(e, 'Saving failed.');
      setProblem({ message: err.message, details: err.details });
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      {problem && <ErrorSummary message={problem.message} details={problem.details} label={(f) => ({ description: 'Description', owner: 'Owner', dueDate: 'Due date' })[f] ?? f} />}
      <Field name="blocker-item" label="Item">
        {(p) => <select {...p} value={form.itemId} onChange={set('itemId')}>{items.map((i) => <option key={i.itemId} value={String(i.itemId)}>{i.featureName}</option>)}</select>}
      </Field>
      <Field name="description" label="What is blocking it" error={error('description')}>{(p) => <textarea {...p} value={form.description} onInput={set('description')} />}</Field>
      <Field name="owner" label="Owner" error={error('owner')}>{(p) => <input {...p} type="text" value={form.owner} onInput={set('owner')} />}</Field>
      <DateField name="dueDate" label="Due date (optional)" error={error('dueDate')} value={form.dueDate} onChange={(v) => setForm({ ...form, dueDate: v })} />
      <div class="button-group"><button type="submit" class="button button--secondary">Add blocker</button></div>
    </form>
  );
}
