import { useState } from 'preact/hooks';
import { useAppState } from '../../state/app-state.ts';
import { useProblem } from '../ErrorSummary/useProblem.ts';
import { chosenFile, fileProblem } from './CsvFileField.tsx';

/**
 * A CSV import in two steps, as the plan and RAID imports work: "check" reads the chosen file and asks the server for
 * a preview (nothing saved), "apply" sends the same text to be saved, all rows or none. A refusal becomes the
 * problem the error summary shows for the file field.
 */
export function useCsvImport<Result>({ field, run, announcement, onImported }: {
  /** The file field's name, which the error summary links to. */
  field: string;
  run: (mode: 'preview' | 'apply', csv: string) => Promise<Result>;
  /** Said to screen readers once the import is saved. */
  announcement: string;
  onImported?: () => void;
}) {
  const state = useAppState();
  const [text, setText] = useState<{ name: string; csv: string } | null>(null);
  const [preview, setPreview] = useState<Result | null>(null);
  const [applied, setApplied] = useState<Result | null>(null);
  // A file's refusal lists every bad line against the file field (fileProblem), so it is shown rather than failed.
  const { problem, show, clear } = useProblem();
  const [busy, setBusy] = useState(false);
  const fail = (error: unknown) => {
    const refused = fileProblem(field, error, 'The import failed.');
    show(refused.message, refused.details);
  };

  const check = async (event: Event) => {
    event.preventDefault();
    setApplied(null);
    setPreview(null);
    const { file, problem: none } = chosenFile(event.target as HTMLFormElement, field);
    if (!file) return show(none!.message, none!.details);
    setBusy(true);
    try {
      const csv = await file.text();
      setPreview(await run('preview', csv));
      setText({ name: file.name, csv });
      clear();
    } catch (error) {
      fail(error);
    } finally {
      setBusy(false);
    }
  };
  const apply = async () => {
    if (!text) return;
    setBusy(true);
    try {
      setApplied(await run('apply', text.csv));
      setPreview(null);
      clear();
      state.announce(announcement);
      onImported?.();
    } catch (error) {
      fail(error);
    } finally {
      setBusy(false);
    }
  };
  return { text, preview, applied, problem, busy, check, apply };
}
