import { useState } from 'preact/hooks';
import { asApiError } from '../../api/client.ts';
import type { ErrorDetail } from '../../api/types.ts';

/** What a form shows after a refusal: the message and, per field, the details for the error summary. */
export interface Problem {
  message: string;
  details: ErrorDetail[];
}

/**
 * The one form-error hook: a form's refusal from the API, the message and the details for the error summary and
 * each field. With a prefix, fields become "<prefix><field>" so two forms on one page link their errors to their
 * own inputs; `run` and `onSubmit` take another prefix for one call (a row of a table, a second form).
 * `onSubmit(work)` is the form's submit handler and `run(work)` a button's: each runs the work, clears the problem
 * when it succeeds and keeps the refusal to show when it does not. `fallback` is the message when the refusal
 * carries none (the network failed, say).
 */
export function useProblem(prefix = '', fallback = 'Saving failed.') {
  const [problem, setProblem] = useState<Problem | null>(null);
  const fail = (e: unknown, fieldPrefix = prefix) => {
    const err = asApiError(e, fallback);
    setProblem({ message: err.message, details: err.details.map((d) => ({ ...d, field: `${fieldPrefix}${d.field}` })) });
  };
  /** Runs the work; true when it succeeded, false when it was refused (and the refusal is shown). */
  const run = async (work: () => Promise<void>, fieldPrefix = prefix): Promise<boolean> => {
    try {
      await work();
      setProblem(null);
      return true;
    } catch (e) {
      fail(e, fieldPrefix);
      return false;
    }
  };
  return {
    problem,
    error: (field: string) => problem?.details.find((d) => d.field === `${prefix}${field}`)?.message,
    /** The message of a field named in full (its prefix included). */
    errorOf: (field: string) => problem?.details.find((d) => d.field === field)?.message,
    run,
    fail,
    /** A problem found before asking the server (nothing to save, say). */
    show: (message: string, details: ErrorDetail[] = []) => setProblem({ message, details }),
    clear: () => setProblem(null),
    onSubmit: (work: () => Promise<void>, fieldPrefix = prefix) => async (event: Event) => {
      event.preventDefault();
      await run(work, fieldPrefix);
    },
  };
}

export type FormProblem = ReturnType<typeof useProblem>;
