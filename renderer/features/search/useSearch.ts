import { useCallback, useEffect, useRef, useState } from 'react';
import type { SearchHit, SearchKind, SearchResult, SearchTotals } from '../../../shared/search/schema';
import type { Call } from '../../api/client';
import type { HitPages } from './groups';

export const DEBOUNCE_MS = 120;
/** First page per kind; "Show more" fetches MORE_PAGE at a time. Neither caps the count shown: totals are exact. */
export const FIRST_PAGE = 10;
export const MORE_PAGE = 25;
const KINDS: readonly SearchKind[] = ['source', 'passage', 'entity'];

export type SearchState =
  | { status: 'empty' }
  | { status: 'loading'; query: string }
  | {
      status: 'done';
      query: string;
      totals: SearchTotals;
      pages: HitPages;
      warnings: string[];
      pendingDocs: number;
      tookMs: number;
      /** A newer query is on its way; the results on screen are the previous query's. */
      refreshing: boolean;
    }
  | { status: 'error'; query: string; message: string };

/**
 * Results as the researcher types: each query waits DEBOUNCE_MS for the next keystroke, and an answer that comes
 * back after a newer query was sent is dropped, so what is on screen always matches the text in the box.
 * Each kind is asked for separately, so a case with many source hits still shows its passages and entities.
 */
export function useSearch(call: Call, query: string, onFailure: (error: unknown) => string) {
  // Only answers are stored; "loading" and "refreshing" follow from comparing them with the text in the box.
  const [answer, setAnswer] = useState<Exclude<SearchState, { status: 'empty' } | { status: 'loading' }> | null>(null);
  const generation = useRef(0);
  const [loadingMore, setLoadingMore] = useState<SearchKind | null>(null);
  const [rerun, setRerun] = useState(0);
  const text = query.trim();

  useEffect(() => {
    const mine = ++generation.current;
    if (!text) return;
    const timer = setTimeout(() => {
      Promise.all(KINDS.map((kind) => call('search.query', { query: text, kind, offset: 0, limit: FIRST_PAGE }))).then(
        (results) => {
          if (mine !== generation.current) return;
          const first = results[0] as SearchResult;
          const pages: Record<SearchKind, SearchHit[]> = { source: [], passage: [], entity: [] };
          results.forEach((result, i) => (pages[KINDS[i] as SearchKind] = result.hits));
          setAnswer({
            status: 'done',
            query: text,
            totals: first.totals,
            pages,
            warnings: first.warnings,
            pendingDocs: Math.max(...results.map((r) => r.pendingDocs)),
            tookMs: Math.max(...results.map((r) => r.tookMs)),
            refreshing: false,
          });
        },
        (error: unknown) => {
          if (mine === generation.current) setAnswer({ status: 'error', query: text, message: onFailure(error) });
        },
      );
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [call, text, onFailure, rerun]);

  let state: SearchState;
  if (!text) state = { status: 'empty' };
  else if (!answer) state = { status: 'loading', query: text };
  else if (answer.status === 'done') state = answer.query === text ? answer : { ...answer, refreshing: true };
  else state = answer.query === text ? answer : { status: 'loading', query: text };

  const loadMore = useCallback(
    (kind: SearchKind) => {
      if (answer?.status !== 'done' || answer.query !== text) return;
      const mine = generation.current;
      const have = answer.pages[kind];
      setLoadingMore(kind);
      call('search.query', { query: answer.query, kind, offset: have.length, limit: MORE_PAGE }).then(
        (result) => {
          setLoadingMore(null);
          if (mine !== generation.current) return;
          setAnswer((current) => {
            if (current?.status !== 'done' || current.query !== result.query) return current;
            // Skip hits already shown: the index may have changed between pages.
            const seen = new Set(current.pages[kind].map((hit) => hit.id));
            const added = result.hits.filter((hit) => !seen.has(hit.id));
            return { ...current, totals: result.totals, pages: { ...current.pages, [kind]: [...current.pages[kind], ...added] } };
          });
        },
        (error: unknown) => {
          setLoadingMore(null);
          if (mine === generation.current) setAnswer({ status: 'error', query: answer.query, message: onFailure(error) });
        },
      );
    },
    [call, answer, text, onFailure],
  );

  /** Runs the same query again (after the index caught up, or the case changed). */
  const refresh = useCallback(() => setRerun((n) => n + 1), []);

  return { state, loadMore, loadingMore, refresh };
}
