import type { ComponentChildren } from 'preact';
import type { ApiError } from '../../api/client.ts';
import type { Resource } from '../../state/use-resource.ts';

/** Loading, error and ready states of a screen's data, announced politely. */
export function Loaded<T>({ resource, children, what }: { resource: Resource<T>; children: (data: T) => ComponentChildren; what: string }) {
  if (resource.state === 'error' && !resource.data) return <LoadError error={resource.error} retry={resource.reload} what={what} />;
  if (resource.data === undefined) return <p class="loading" role="status">Loading {what}…</p>;
  return (
    <>
      {resource.state === 'loading' && <p class="loading loading--inline" role="status">Updating…</p>}
      {resource.state === 'error' && <LoadError error={resource.error} retry={resource.reload} what={what} />}
      {children(resource.data)}
    </>
  );
}

export function LoadError({ error, retry, what }: { error: ApiError; retry: () => void; what: string }) {
  return (
    <div class="notice notice--error" role="alert">
      <p><strong>Could not load {what}.</strong> {error.message}</p>
      <button type="button" class="button button--secondary" onClick={retry}>Try again</button>
    </div>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="empty">{children}</p>;
}
