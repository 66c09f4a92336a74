import type { RaidImportResult } from '../../api/raid-types.ts';
import { useAppState } from '../../state/app-state.ts';
import { ConfirmButton } from '../ConfirmButton/ConfirmButton.tsx';
import { CsvFileField } from '../CsvUpload/CsvFileField.tsx';
import { useCsvImport } from '../CsvUpload/use-csv-import.ts';
import { ErrorSummary } from '../ErrorSummary/ErrorSummary.tsx';

function Changes({ result }: { result: RaidImportResult }) {
  return (
    <ul>
      <li>{result.created.length} new {result.created.length === 1 ? 'entry' : 'entries'}{result.created.length > 0 && `: ${result.created.map((c) => `${c.title} (line ${c.line})`).join('; ')}`}</li>
      <li>{result.updated.length} changed{result.updated.length > 0 && `: ${result.updated.map((u) => `entry ${u.id} (line ${u.line}: ${u.fields.join(', ')})`).join('; ')}`}</li>
      <li>{result.unchanged} unchanged</li>
    </ul>
  );
}

/** The office imports a RAID log kept in a spreadsheet: checked first (nothing saved), then all rows or none. */
export function RaidImport({ onImported }: { onImported: () => void }) {
  const state = useAppState();
  const { text, preview, applied, problem, busy, check, apply } = useCsvImport({
    field: 'raid-file', run: state.api.raid.importLog, announcement: 'The RAID log was imported', onImported,
  });

  return (
    <section aria-labelledby="raid-import-title">
      <h2 id="raid-import-title">Import a RAID log</h2>
      <p>
        Upload a log in the same columns as the <a href="/api/exports/raid-log.csv" download>RAID log export</a>. A row without an id is a new entry; a row with one
        changes that entry where a value differs. You see what would change before anything is saved, and every row is saved or none is.
      </p>
      <form onSubmit={check} noValidate>
        {problem && <ErrorSummary message={problem.message} details={problem.details} label={() => ''} />}
        <CsvFileField name="raid-file" label="CSV file of the RAID log"
          hint="Columns: id, type, scope, about, title, description, owner, owner_is_user, due_date, status, likelihood, impact, proximity, trend, response, validate_by, shareable." />
        <div class="button-group"><button type="submit" class="button button--secondary" disabled={busy}>{busy ? 'Checking…' : 'Check the file'}</button></div>
      </form>
      {preview && text && (
        <div aria-labelledby="raid-preview-title" role="region">
          <h3 id="raid-preview-title">Preview of {text.name}: nothing is saved yet</h3>
          <Changes result={preview} />
          <ConfirmButton label="Import the RAID log" confirmLabel="Import" disabled={busy}
            question={<>Import {text.name}? Every change listed is saved together, or none is.</>} onConfirm={() => void apply()} />
        </div>
      )}
      {applied && (
        <div class="notice notice--success" role="status">
          <h3>Imported</h3>
          <Changes result={applied} />
        </div>
      )}
    </section>
  );
}
