import { useCallback, useEffect, useState } from 'react';
import { type ApiError, toApiError } from './api-client';

export interface Resource<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  /** Loads again (after a change). */
  reload: () => void;
}

/**
 * Loads data when the component mounts and whenever `key` changes; a stale answer (the key changed or the
 * component went away) is dropped through the AbortSignal.
 *
 * @param load - the loader; it receives a signal to pass on to the API client
 * @param key - a string that identifies what to load (for example an id); a change reloads
 */
export function useResource<T>(load: (signal: AbortSignal) => Promise<T>, key: string): Resource<T> {
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean }>({ loading: true });
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ data, loading: false });
      },
      (err: unknown) => {
        if (controller.signal.aborted) return;
        setState({ error: toApiError(err), loading: false });
      },
    );
    return () => controller.abort();
    // `load` is usually an inline closure; `key` names what it loads, so it alone decides a reload.
  }, [key, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}
