import { useId, useLayoutEffect, useRef } from 'preact/hooks';
import type { ApiError } from '../../api/client.ts';

/** When someone else changed the record first (412): what it is now, and the choice to reload or overwrite. */
export function ConflictNotice({ error, fields, onReload, onRetry }: {
  error: ApiError;
  /** The fields the user was changing, with their labels; `show` writes a value for people (a date in words). */
  fields: Array<{ key: string; label: string; mine: unknown; show?: (value: unknown) => string }>;
  onReload: () => void;
  onRetry: () => void;
}) {
  const current = (error.current ?? {}) as Record<string, unknown>;
  // Focused as it appears, as the error summary is: the Save just pressed is disabled while saving, which drops the
  // focus on the page's body, and the choice to make is here.
  const box = useRef<HTMLDivElement>(null);
  const titleId = useId();
  useLayoutEffect(() => box.current?.focus(), [error]);
  return (
    <div class="notice notice--warning" role="alert" tabIndex={-1} ref={box} aria-labelledby={titleId}>
      <h2 id={titleId}>Someone else changed this first</h2>
      {/* In people's words: the API's message speaks of If-Match and ETags, for the programs that call it. */}
      <p>It was saved by someone else after you opened it. Compare your values with the values now, then discard yours or save yours over theirs.</p>
      <table>
        <caption>Your change and the current values</caption>
        <thead><tr><th scope="col">Field</th><th scope="col">Yours</th><th scope="col">Now</th></tr></thead>
        <tbody>
          {fields.map((f) => {
            const show = (value: unknown) => (value === null || value === undefined || value === '' ? '—' : f.show ? f.show(value) : String(value));
            return <tr key={f.key}><th scope="row">{f.label}</th><td>{show(f.mine)}</td><td>{show(current[f.key])}</td></tr>;
          })}
        </tbody>
      </table>
      <div class="button-group">
        <button type="button" class="button button--secondary" onClick={onReload}>Discard mine and reload</button>
        <button type="button" class="button" onClick={onRetry}>Save mine over theirs</button>
      </div>
    </div>
  );
}
