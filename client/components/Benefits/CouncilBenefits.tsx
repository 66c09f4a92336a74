import { useState } from 'preact/hooks';
import { useAppState } from '../../state/app-state.ts';
import { useResource } from '../../state/use-resource.ts';
import { chosenFile, CsvFileField, fileProblem } from '../CsvUpload/CsvFileField.tsx';
import { ErrorSummary } from '../ErrorSummary/ErrorSummary.tsx';
import { useProblem } from '../ErrorSummary/useProblem.ts';
import { Loaded } from '../Status/Status.tsx';
import { BenefitsCharts, BenefitsHeadlines, BenefitsProblems } from './BenefitsFigures.tsx';

/** Upload a month (or many) of volumes by channel from the HR system's extract: all rows are stored, or none. */
export function VolumesUpload({ onSaved }: { onSaved: () => void }) {
  const state = useAppState();
  // A file's refusal lists every bad line against the file field (fileProblem), so it is shown rather than failed.
  const { problem, show, clear } = useProblem();
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setSaved(null);
    const { input, file, problem: none } = chosenFile(event.target as HTMLFormElement, 'volumes-file');
    if (!file) return show(none!.message, none!.details);
    setBusy(true);
    try {
      const result = await state.api.benefits.uploadVolumes(await file.text());
      clear();
      setSaved(`${result.stored} monthly volume entries saved from ${file.name}.`);
      input.value = '';
      onSaved();
    } catch (error) {
      const refused = fileProblem('volumes-file', error, 'The upload failed.');
      show(refused.message, refused.details);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} noValidate>
      {problem && <ErrorSummary message={problem.message} details={problem.details} label={() => ''} />}
      {saved && <div class="notice notice--success" role="status"><p>{saved}</p></div>}
      <CsvFileField name="volumes-file" label="CSV file of monthly volumes"
        hint="Columns: council, transaction_type, month, paper, email, phone, face_to_face, online, assisted, note. Codes and months, e.g. NMC, LEAVEREQ, 2026-10, 120, 40, , , 900, 35." />
      <div class="button-group"><button type="submit" class="button button--secondary" disabled={busy}>{busy ? 'Uploading…' : 'Upload volumes'}</button></div>
    </form>
  );
}

/** A council's benefits: the headline, the three charts with their tables, the gaps, and the volumes upload for its lead. */
export function CouncilBenefits({ councilId, councilName, asOf, mayEnter }: { councilId: number; councilName: string; asOf?: string; mayEnter: boolean }) {
  const state = useAppState();
  const summary = useResource(() => state.api.benefits.summary({ asOf, councilId }), [councilId, asOf]);
  return (
    <section aria-labelledby="council-benefits">
      <h2 id="council-benefits">Benefits and channel shift</h2>
      <Loaded resource={summary} what="the benefits figures">
        {(data) => (
          <>
            <p><strong>{data.headline.text}.</strong> <a href="/benefits">All benefits figures</a></p>
            <BenefitsHeadlines summary={data} />
            <BenefitsCharts summary={data} scopeName={councilName} />
            <BenefitsProblems summary={data} />
          </>
        )}
      </Loaded>
      {mayEnter && (
        <>
          <h3>Upload monthly volumes</h3>
          <VolumesUpload onSaved={summary.reload} />
        </>
      )}
    </section>
  );
}
