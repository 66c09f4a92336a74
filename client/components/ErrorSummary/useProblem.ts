import { useState } from 'preact/hooks';
import { asApiError } from '../../api/client.ts';
import type { ErrorDetail } from '../../api/types.ts';

/**
 * A form's refusal from the API: the message and the details for the error summary and each field. With a prefix,
 * fields become "<prefix><field>" so two forms on one page link their errors to their own inputs.
 * `onSubmit(work)` is the form's submit handler: it runs the work, and on a refusal keeps it to show.
 */
export function useProblem(prefix = '') {
  const [problem, setProblem] = useState<{ message: string; details: ErrorDetail[] } | null>(null);
  return {
    problem,
    error: (field: string) => problem?.details.find((d) => d.field === `${prefix}${field}`)?.message,
    onSubmit: (work: () => Promise<void>) => async (event: Event) => {
      event.preventDefault();
      try {
        await work();
        setProblem(null);
      } catch (e) {
        const err = asApiError(e, 'Saving failed.');
        setProblem({ message: err.message, details: err.details.map((d) => ({ ...d, field: `${prefix}${d.field}` })) });
      }
    },
  };
}
