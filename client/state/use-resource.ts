import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, asApiError } from '../api/client.ts';

/** `reload` loads again; its promise settles once the new answer (or error) is shown. */
export type Resource<T> =
  | { state: 'loading'; data?: T; reload: () => Promise<void> }
  | { state: 'error'; error: ApiError; data?: T; reload: () => Promise<void> }
  | { state: 'ready'; data: T; reload: () => Promise<void> };

/** Loads data for a screen and re-loads when its inputs change; stale answers are dropped. */
export function useResource<T>(load: () => Promise<T>, inputs: unknown[]): Resource<T> {
  const [result, setResult] = useState<{ state: 'loading' | 'error' | 'ready'; data?: T; error?: ApiError }>({ state: 'loading' });
  const generation = useRef(0);
  const run = useCallback(() => {
    const mine = ++generation.current;
    setResult((r) => ({ state: 'loading', data: r.data }));
    return load().then(
      (data) => {
        if (mine === generation.current) setResult({ state: 'ready', data });
      },
      (error: unknown) => {
        if (mine === generation.current) setResult((r) => ({ state: 'error', data: r.data, error: asApiError(error, 'Something went wrong.') }));
      },
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, inputs);
  useEffect(() => {
    void run();
  }, [run]);
  return { ...result, reload: run } as Resource<T>;
}
