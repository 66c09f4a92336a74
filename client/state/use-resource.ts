import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, asApiError } from '../api/client.ts';

export type Resource<T> =
  | { state: 'loading'; data?: T; reload: () => void }
  | { state: 'error'; error: ApiError; data?: T; reload: () => void }
  | { state: 'ready'; data: T; reload: () => void };

/** Loads data for a screen and re-loads when its inputs change; stale answers are dropped. */
export function useResource<T>(load: () => Promise<T>, inputs: unknown[]): Resource<T> {
  const [result, setResult] = useState<{ state: 'loading' | 'error' | 'ready'; data?: T; error?: ApiError }>({ state: 'loading' });
  const generation = useRef(0);
  const run = useCallback(() => {
    const mine = ++generation.current;
    setResult((r) => ({ state: 'loading', data: r.data }));
    load().then(
      (data) => mine === generation.current && setResult({ state: 'ready', data }),
      (error: unknown) => mine === generation.current && setResult((r) => ({
        state: 'error', data: r.data, error: asApiError(error, 'Something went wrong.'),
      })),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, inputs);
  useEffect(run, [run]);
  return { ...result, reload: run } as Resource<T>;
}
