import { useState } from 'preact/hooks';
import type { Criterion } from '../../api/types.ts';
import { DataTable } from '../../components/DataTable/DataTable.tsx';
import { DateField } from '../../components/DateInput/DateInput.tsx';
import { ErrorSummary } from '../../components/ErrorSummary/ErrorSummary.tsx';
import { useProblem } from '../../components/ErrorSummary/useProblem.ts';
import { Field } from '../../components/Field/Field.tsx';
import { Empty, Loaded } from '../../components/Status/Status.tsx';
import { day, instant } from '../../format.ts';
import { useAppState } from '../../state/app-state.ts';
import { useResource } from '../../state/use-resource.ts';

const LABELS: Record<string, string> = { 'reading-readingDate': 'Date of the reading', 'reading-value': 'Value', 'reading-note': 'Note' };
const NEW_READING = { readingDate: '', value: '', note: '' };

/** A programme-wide criterion's readings, newest first, and the office's form to enter one (a correction is a new reading). */
export function ProgrammeReadings({ criterion }: { criterion: Criterion }) {
  const state = useAppState();
  const readings = useResource(() => state.api.criteria.programmeReadings(criterion.id).then((p) => p.data), [criterion.id]);
  const [form, setForm] = useState(NEW_READING);
  const { problem, error, onSubmit } = useProblem('reading-');
  const add = onSubmit(async () => {
    const value = form.value.trim() === '' ? Number.NaN : Number(form.value);
    await state.api.criteria.recordProgrammeReading(criterion.id, { readingDate: form.readingDate, value, ...(form.note.trim() ? { note: form.note } : {}) });
    setForm(NEW_READING);
    state.announce(`Reading of ${criterion.name} entered`);
    void readings.reload();
  });
  return (
    <section aria-labelledby="programme-readings-title">
      <h4 id="programme-readings-title">Readings of {criterion.name}</h4>
      <Loaded resource={readings} what="the programme-wide readings">
        {(rows) => rows.length === 0 ? <Empty>No readings yet.</Empty> : (
          <DataTable caption={`Readings of ${criterion.name}, newest first`} rows={rows} rowKey={(r) => r.id} columns={[
            { header: 'Date', rowHeader: true, cell: (r) => day(r.readingDate) },
            { header: 'Value', numeric: true, cell: (r) => `${r.value.toLocaleString('en-GB')} ${criterion.unit}` },
            { header: 'Note', cell: (r) => r.note || '—' },
            { header: 'Entered', cell: (r) => `${r.enteredByName}, ${instant(r.enteredAt)}` },
          ]} />
        )}
      </Loaded>
      <h4 id="programme-reading-form-title">Enter a reading of {criterion.name}</h4>
      {problem && <ErrorSummary message={problem.message} details={problem.details} label={(f) => LABELS[f] ?? ''} />}
      <form onSubmit={add} noValidate aria-labelledby="programme-reading-form-title">
        <DateField name="reading-readingDate" label="Date of the reading" hint="Today or earlier" error={error('readingDate')} value={form.readingDate}
          onChange={(v) => setForm({ ...form, readingDate: v })} />
        <Field name="reading-value" label="Value" hint={`In ${criterion.unit}; ${criterion.direction} is better`} error={error('value')}>
          {(p) => <input {...p} type="text" inputMode="decimal" class="narrow-input" value={form.value} onInput={(e) => setForm({ ...form, value: (e.target as HTMLInputElement).value })} />}
        </Field>
        <Field name="reading-note" label="Note (optional)" hint="The source, for example: supplier defect log, 3 March" error={error('note')}>
          {(p) => <input {...p} type="text" value={form.note} onInput={(e) => setForm({ ...form, note: (e.target as HTMLInputElement).value })} />}
        </Field>
        <div class="button-group"><button type="submit" class="button">Enter the reading</button></div>
      </form>
    </section>
  );
}
