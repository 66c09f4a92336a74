import { instant } from '../format.ts';
import type { PlanImportResult } from '../api/types.ts';
import { ConfirmButton } from '../components/ConfirmButton/ConfirmButton.tsx';
import { DataTable } from '../components/DataTable/DataTable.tsx';
import { CsvFileField } from '../components/CsvUpload/CsvFileField.tsx';
import { useCsvImport } from '../components/CsvUpload/use-csv-import.ts';
import { ErrorSummary } from '../components/ErrorSummary/ErrorSummary.tsx';
import { usePageTitle } from '../components/Layout/Layout.tsx';
import { Loaded } from '../components/Status/Status.tsx';
import { useAppState } from '../state/app-state.ts';
import { useResource } from '../state/use-resource.ts';

/** Spreadsheets and calendars: every table as CSV, the go-live calendar, and (for the office) the plan import. */
export function DataPage() {
  usePageTitle('Exports and imports');
  const state = useAppState();
  const exports = useResource(() => state.api.exports(), []);
  return (
    <>
      <h1>Exports and imports</h1>
      <section aria-labelledby="exports-title">
        <h2 id="exports-title">Download as CSV</h2>
        <p>Each file is UTF-8 with a header row and opens in any spreadsheet. Text that a spreadsheet would run as a formula is written with a leading apostrophe.</p>
        <Loaded resource={exports} what="the exports">
          {(list) => (
            <DataTable caption="Tables you can download" rows={list} rowKey={(e) => e.name} columns={[
              { header: 'Table', rowHeader: true, cell: (e) => <a href={e.url} download>{e.title} (CSV)</a> },
              { header: 'What it holds', cell: (e) => e.description },
            ]} />
          )}
        </Loaded>
      </section>
      <section aria-labelledby="calendar-title">
        <h2 id="calendar-title">Go-live calendar</h2>
        <p>
          <a href="/api/calendar.ics" download>Download the go-live calendar (.ics)</a> to import wave and item go-lives, gate reviews and gate decisions
          into Outlook or Google Calendar. To subscribe, so that moved dates follow automatically, ask the programme office for a share link: its calendar
          address works without signing in.
        </p>
      </section>
      {state.isOffice.value && <AuditTrail />}
      {state.isOffice.value && <PlanImport />}
    </>
  );
}

/** Whether the audit trail's hash chain still matches: the line an auditor asks for. */
function AuditTrail() {
  const state = useAppState();
  const verification = useResource(() => state.api.auditVerification(), []);
  return (
    <section aria-labelledby="audit-title">
      <h2 id="audit-title">Audit trail</h2>
      <Loaded resource={verification} what="the audit trail check">
        {(v) => v.ok ? (
          <p class="notice" data-testid="audit-verification">
            Audit trail verified up to row {v.verifiedUpTo?.id ?? 0}{v.verifiedUpTo ? <>, written {instant(v.verifiedUpTo.at)}</> : null}: all {v.rows} rows match
            their hashes (checked {instant(v.checkedAt)}).
          </p>
        ) : (
          <p class="notice notice--error" role="alert" data-testid="audit-verification">
            <strong>The audit trail does not verify:</strong> row {v.firstMismatch?.id} {v.firstMismatch?.problem}.
            {v.verifiedUpTo ? <> It is intact up to row {v.verifiedUpTo.id}, written {instant(v.verifiedUpTo.at)}.</> : null}
          </p>
        )}
      </Loaded>
      <p>The full trail is in the "Audit trail" CSV above; run <code>npm run audit:verify</code> on the server to check it there.</p>
    </section>
  );
}

function Changes({ result }: { result: PlanImportResult }) {
  const rows = [
    ...result.councils.created.map((code) => ({ key: `c+${code}`, what: `New council ${code}` })),
    ...result.councils.updated.map((u) => ({ key: `c~${u.code}`, what: `Council ${u.code}: ${u.fields.join(', ')} changed` })),
    ...result.features.created.map((code) => ({ key: `f+${code}`, what: `New feature ${code}` })),
    ...result.features.updated.map((u) => ({ key: `f~${u.code}`, what: `Feature ${u.code}: ${u.fields.join(', ')} changed` })),
    ...result.items.created.map((i) => ({ key: `i+${i.council}|${i.feature}`, what: `New item ${i.council} × ${i.feature}, ${i.wave ?? 'not scheduled'}` })),
    ...result.items.moved.map((i) => ({ key: `i~${i.council}|${i.feature}`, what: `${i.council} × ${i.feature} moves from ${i.from ?? 'not scheduled'} to ${i.to ?? 'not scheduled'}` })),
  ];
  return (
    <>
      <p>
        {result.rows} row(s) read: {rows.length} change(s), {result.items.noteChanged} note(s) changed, {result.items.unchanged} item(s) unchanged.
      </p>
      <DataTable caption={result.applied ? 'What was imported' : 'What importing would change'} rows={rows} rowKey={(r) => r.key} empty="Nothing would change." columns={[
        { header: 'Change', rowHeader: true, cell: (r) => r.what },
      ]} />
    </>
  );
}

/** Upload the plan, see exactly what would change, then apply it; all or nothing. */
function PlanImport() {
  const state = useAppState();
  const { text, preview, applied, problem, busy, check, apply } = useCsvImport({ field: 'plan-file', run: state.api.importPlan, announcement: 'The plan was imported' });

  return (
    <section aria-labelledby="import-title">
      <h2 id="import-title">Import the plan</h2>
      <p>
        Upload a plan in the same columns as the <a href="/api/exports/plan.csv" download>plan export</a>. Councils and features are matched by code; new ones are
        added and changed values updated; each council × feature row puts its rollout item in the wave named. Nothing is deleted. You see what would change before anything is saved.
      </p>
      <form onSubmit={check} noValidate>
        {problem && <ErrorSummary message={problem.message} details={problem.details} label={() => ''} />}
        <CsvFileField name="plan-file" label="CSV file of the plan"
          hint="Columns: council_code, council_name, staff_headcount, manager_headcount, feature_code, feature_name, audience, wave, note." />
        <div class="button-group"><button type="submit" class="button button--secondary" disabled={busy}>{busy ? 'Checking…' : 'Check the file'}</button></div>
      </form>
      {preview && text && (
        <div aria-labelledby="preview-title" role="region">
          <h3 id="preview-title">Preview of {text.name}: nothing is saved yet</h3>
          <Changes result={preview} />
          <ConfirmButton label="Import the plan" confirmLabel="Import" disabled={busy}
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
