import { useState } from 'preact/hooks';
import { asApiError } from '../../api/client.ts';
import type { ErrorDetail } from '../../api/types.ts';
import { useAppState } from '../../state/app-state.ts';
import { ErrorSummary, fieldId } from '../ErrorSummary/ErrorSummary.tsx';

/** Upload readings from a spreadsheet saved as CSV: all rows are stored, or none, with every bad line listed. */
export function CsvUpload({ onSaved }: { onSaved: () => void }) {
  const state = useAppState();
  const [problem, setProblem] = useState<{ message: string; details: ErrorDetail[] } | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setSaved(null);
    const input = (event.target as HTMLFormElement).elements.namedItem('csv-file') as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return setProblem({ message: 'Choose a CSV file first.', details: [{ field: 'csv-file', message: 'Select a file' }] });
    setBusy(true);
    try {
      const result = await state.api.readings.csv(await file.text());
      setProblem(null);
      setSaved(`${result.stored} readings saved from ${file.name}.`);
      input.value = '';
      onSaved();
    } catch (error) {
      const e = asApiError(error, 'The upload failed.');
      setProblem({ message: e.message, details: e.details.map((d) => ({ ...d, field: 'csv-file', message: `${d.field}: ${d.message}` })) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      {problem && <ErrorSummary message={problem.message} details={problem.details} label={() => ''} />}
      {saved && <div class="notice notice--success" role="status"><p>{saved}</p></div>}
      <div class="field">
        <label for={fieldId('csv-file')}>CSV file of readings</label>
        <p class="hint" id={`${fieldId('csv-file')}-hint`}>Columns: criterion, council, feature, date, value, note. Use codes, e.g. TRAINED, EBC, LEAVE, 2026-11-20, 88.</p>
        <input id={fieldId('csv-file')} name="csv-file" type="file" accept=".csv,text/csv" aria-describedby={`${fieldId('csv-file')}-hint`} />
      </div>
      <div class="button-group"><button type="submit" class="button button--secondary" disabled={busy}>{busy ? 'Uploading…' : 'Upload CSV'}</button></div>
    </form>
  );
}
