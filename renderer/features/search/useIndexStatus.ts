import { useEffect, useState } from 'react';
import type { SearchStatus } from '../../../shared/search/schema';
import type { Call } from '../../api/client';

const POLL_MS = 1000;

/** Asks how far the index is while it is being built, and stops asking once it has caught up. */
export function useIndexStatus(call: Call, active: boolean): SearchStatus | null {
  const [status, setStatus] = useState<SearchStatus | null>(null);
  useEffect(() => {
    if (!active) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = () => {
      call('search.status', {}).then(
        (next) => {
          if (stopped) return;
          setStatus(next);
          if (isBusy(next)) timer = setTimeout(poll, POLL_MS);
        },
        // The status is only a hint: without it the results still say how many items were pending.
        () => undefined,
      );
    };
    poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [call, active]);
  return status;
}

export function isBusy(status: SearchStatus | null): boolean {
  return status !== null && (status.state === 'building' || status.state === 'loading' || status.pendingDocs > 0);
}

export function indexNote(status: SearchStatus | null): string | null {
  if (!status || !isBusy(status)) return null;
  const done = status.indexedDocs;
  const all = status.indexedDocs + status.pendingDocs;
  if (status.state === 'loading') return 'Opening the search index…';
  const verb = status.state === 'building' ? 'Building the search index' : 'Indexing new items';
  return all > 0 ? `${verb}: ${done.toLocaleString()} of ${all.toLocaleString()} items. Results may be incomplete.` : `${verb}…`;
}
