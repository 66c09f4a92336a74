import { useLayoutEffect, useRef } from 'preact/hooks';
import type { ErrorDetail } from '../../api/types.ts';

/** Turns an API field path ("readings/3/value") into the id of the input that holds it. */
export const fieldId = (path: string): string => `field-${path.replace(/[^A-Za-z0-9]+/g, '-')}`;

/**
 * The GOV.UK error summary: at the top of the form, focused when it appears, each problem a link to its field.
 */
export function ErrorSummary({ message, details, label }: { message: string; details: ErrorDetail[]; label?: (field: string) => string }) {
  const ref = useRef<HTMLDivElement>(null);
  // Focused as it appears, before the browser paints it: never a moment where it shows and the focus is elsewhere.
  useLayoutEffect(() => ref.current?.focus(), [message, details]);
  return (
    <div class="error-summary" role="alert" tabIndex={-1} ref={ref} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">There is a problem</h2>
      <p>{message}</p>
      {details.length > 0 && (
        <ul>
          {details.map((d) => (
            <li key={`${d.field}:${d.message}`}><a href={`#${fieldId(d.field)}`}>{`${label ? label(d.field) : d.field} ${d.message}`.trim()}</a></li>
          ))}
        </ul>
      )}
    </div>
  );
}
