import type { ApiError } from '../../api/client.ts';

/** When someone else changed the record first (412): what it is now, and the choice to reload or overwrite. */
export function ConflictNotice({ error, fields, onReload, onRetry }: {
  error: ApiError;
  /** The fields the user was changing, with their labels. */
  fields: Array<{ key: string; label: string; mine: unknown }>;
  onReload: () => void;
  onRetry: () => void;
}) {
  const current = (error.current ?? {}) as Record<string, unknown>;
  return (
    <div class="notice notice--warning" role="alert">
      <h2>Someone else changed this first</h2>
      <p>{error.message}</p>
      <table>
        <caption>Your change and the current values</caption>
        <thead><tr><th scope="col">Field</th><th scope="col">Yours</th><th scope="col">Now</th></tr></thead>
        <tbody>
          {fields.map((f) => <tr key={f.key}><th scope="row">{f.label}</th><td>{String(f.mine ?? '—')}</td><td>{String(current[f.key] ?? '—')}</td></tr>)}
        </tbody>
      </table>
      <div class="button-group">
        <button type="button" class="button button--secondary" onClick={onReload}>Discard mine and reload</button>
        <button type="button" class="button" onClick={onRetry}>Save mine over theirs</button>
      </div>
    </div>
  );
}
