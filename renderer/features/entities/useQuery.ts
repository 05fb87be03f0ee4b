import { useEffect, useState } from 'react';

export type Loaded<T> = { status: 'loading' } | { status: 'ready'; value: T } | { status: 'error'; message: string };

/**
 * Runs `load` whenever `key` changes (include the host's version in it, so undo/redo reloads), keeping the previous
 * answer on screen while the next one is on its way: lists do not flash empty on every edit.
 */
export function useQuery<T>(key: string, load: () => Promise<T>, fail: (error: unknown) => void): { data: Loaded<T>; set: (value: T) => void } {
  const [state, setState] = useState<{ key: string | null; data: Loaded<T> }>({ key: null, data: { status: 'loading' } });
  useEffect(() => {
    let current = true;
    load().then(
      (value) => {
        if (current) setState({ key, data: { status: 'ready', value } });
      },
      (error: unknown) => {
        if (!current) return;
        fail(error);
        setState({ key, data: { status: 'error', message: error instanceof Error ? error.message : String(error) } });
      },
    );
    return () => {
      current = false;
    };
    // `load` is a fresh closure on every render; `key` names everything it depends on.
  }, [key]); // eslint-disable-line react-hooks/exhaustive-deps
  return { data: state.data, set: (value) => setState({ key, data: { status: 'ready', value } }) };
}
