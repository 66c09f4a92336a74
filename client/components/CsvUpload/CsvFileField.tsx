import { asApiError } from '../../api/client.ts';
import type { ErrorDetail } from '../../api/types.ts';
import { fieldId } from '../ErrorSummary/ErrorSummary.tsx';

export interface FileProblem {
  message: string;
  details: ErrorDetail[];
}

/** The file input of a CSV upload form, labelled, with the columns it expects as its hint. */
export function CsvFileField({ name, label, hint }: { name: string; label: string; hint: string }) {
  const id = fieldId(name);
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <p class="hint" id={`${id}-hint`}>{hint}</p>
      <input id={id} name={name} type="file" accept=".csv,text/csv" aria-describedby={`${id}-hint`} />
    </div>
  );
}

/** The file chosen in a form's CSV field, or the problem to show when there is none. */
export function chosenFile(form: HTMLFormElement, name: string): { input: HTMLInputElement; file?: File; problem?: FileProblem } {
  const input = form.elements.namedItem(name) as HTMLInputElement;
  const file = input.files?.[0];
  return file ? { input, file } : { input, problem: { message: 'Choose a CSV file first.', details: [{ field: name, message: 'Select a file' }] } };
}

/** A refused upload: every bad line of the file, each linked to the file field. */
export function fileProblem(name: string, error: unknown, fallback: string): FileProblem {
  const e = asApiError(error, fallback);
  return { message: e.message, details: e.details.map((d) => ({ field: name, message: `${d.field}: ${d.message}` })) };
}
