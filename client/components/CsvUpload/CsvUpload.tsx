import { useState } from 'preact/hooks';
import { useAppState } from '../../state/app-state.ts';
import { ErrorSummary } from '../ErrorSummary/ErrorSummary.tsx';
import { useProblem } from '../ErrorSummary/useProblem.ts';
import { chosenFile, CsvFileField, fileProblem } from './CsvFileField.tsx';

/** Upload readings from a spreadsheet saved as CSV: all rows are stored, or none, with every bad line listed. */
export function CsvUpload({ onSaved }: { onSaved: () => void }) {
  const state = useAppState();
  // A file's refusal lists every bad line against the file field (fileProblem), so it is shown rather than failed.
  const { problem, show, clear } = useProblem();
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setSaved(null);
    const { input, file, problem: none } = chosenFile(event.target as HTMLFormElement, 'csv-file');
    if (!file) return show(none!.message, none!.details);
    setBusy(true);
    try {
      const result = await state.api.readings.csv(await file.text());
      clear();
      setSaved(`${result.stored} readings saved from ${file.name}.`);
      input.value = '';
      onSaved();
    } catch (error) {
      const refused = fileProblem('csv-file', error, 'The upload failed.');
      show(refused.message, refused.details);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      {problem && <ErrorSummary message={problem.message} details={problem.details} label={() => ''} />}
      {saved && <div class="notice notice--success" role="status"><p>{saved}</p></div>}
      <CsvFileField name="csv-file" label="CSV file of readings" hint="Columns: criterion, council, feature, date, value, note. Use codes, e.g. TRAINED, EBC, LEAVE, 2026-11-20, 88." />
      <div class="button-group"><button type="submit" class="button button--secondary" disabled={busy}>{busy ? 'Uploading…' : 'Upload CSV'}</button></div>
    </form>
  );
}
