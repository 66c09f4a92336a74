import { useState } from 'preact/hooks';
import type { Feature } from '../../api/types.ts';
import { DataTable } from '../../components/DataTable/DataTable.tsx';
import { ErrorSummary } from '../../components/ErrorSummary/ErrorSummary.tsx';
import { useProblem } from '../../components/ErrorSummary/useProblem.ts';
import { Field } from '../../components/Field/Field.tsx';
import { Loaded } from '../../components/Status/Status.tsx';
import { useAppState } from '../../state/app-state.ts';
import { useResource } from '../../state/use-resource.ts';

const LABELS: Record<string, string> = { 'feature-name': 'Name', 'feature-code': 'Code', 'feature-benefit': 'Benefit', 'feature-audience': 'Who uses it' };
const NEW_FEATURE = { name: '', code: '', audience: 'employees', benefit: '' };

/** Features: list and add. */
export function Features() {
  const state = useAppState();
  const list = useResource(() => state.api.features.list().then((p) => p.data), []);
  const [form, setForm] = useState(NEW_FEATURE);
  const { problem, error, onSubmit } = useProblem('feature-');
  const set = (key: keyof typeof form) => (e: Event) => setForm({ ...form, [key]: (e.target as HTMLInputElement).value });
  const add = onSubmit(async () => {
    await state.api.features.create({ name: form.name, code: form.code, audience: form.audience as Feature['audience'], benefit: form.benefit });
    setForm(NEW_FEATURE);
    state.announce('Feature added');
    void list.reload();
  });
  return (
    <section id="features" aria-labelledby="features-title">
      <h2 id="features-title">Features</h2>
      {problem && <ErrorSummary message={problem.message} details={problem.details} label={(f) => LABELS[f] ?? ''} />}
      <Loaded resource={list} what="the features">
        {(rows) => (
          <DataTable caption="Self-service features" rows={rows} rowKey={(f) => f.id} columns={[
            { header: 'Feature', rowHeader: true, cell: (f) => f.name },
            { header: 'Code', cell: (f) => f.code },
            { header: 'For', cell: (f) => f.audience },
            { header: "What's in it for me", cell: (f) => f.benefit || '—' },
          ]} />
        )}
      </Loaded>
      <h3>Add a feature</h3>
      <form onSubmit={add} noValidate>
        <Field name="feature-name" label="Name" error={error('name')}>{(p) => <input {...p} type="text" value={form.name} onInput={set('name')} />}</Field>
        <Field name="feature-code" label="Short code" error={error('code')}>{(p) => <input {...p} type="text" value={form.code} onInput={set('code')} />}</Field>
        <Field name="feature-audience" label="Who uses it">
          {(p) => <select {...p} value={form.audience} onChange={set('audience')}><option value="employees">Employees</option><option value="managers">Managers</option><option value="both">Both</option></select>}
        </Field>
        <Field name="feature-benefit" label="What's in it for me, in one line" error={error('benefit')}>{(p) => <input {...p} type="text" value={form.benefit} onInput={set('benefit')} />}</Field>
        <div class="button-group"><button type="submit" class="button">Add feature</button></div>
      </form>
    </section>
  );
}
