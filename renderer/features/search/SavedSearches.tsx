import { useEffect, useState } from 'react';
import type { SavedSearch } from '../../../shared/search/schema';

/** Saved searches live in the case (encrypted), so every researcher on the case sees the same list. */
export function SavedSearches({
  searches,
  activeQuery,
  onRun,
  onDelete,
}: {
  searches: readonly SavedSearch[] | null;
  activeQuery: string;
  onRun: (search: SavedSearch) => void;
  onDelete: (search: SavedSearch) => void;
}) {
  // Deleting asks twice: there is no undo for it, and the × sits right next to the name.
  const [confirming, setConfirming] = useState<string | null>(null);
  useEffect(() => {
    if (!confirming) return;
    const timer = setTimeout(() => setConfirming(null), 4000);
    return () => clearTimeout(timer);
  }, [confirming]);

  return (
    <section className="saved-searches" data-testid="saved-searches" aria-labelledby="saved-searches-title">
      <h3 id="saved-searches-title" className="search-side-title">
        Saved searches
      </h3>
      {searches === null ? null : searches.length === 0 ? (
        <p className="saved-empty muted">Save a search to come back to it, or to share it with the team.</p>
      ) : (
        <ul className="saved-list">
          {searches.map((search) => (
            <li key={search.id} className={`saved-item${search.query === activeQuery ? ' is-active' : ''}`} data-testid="saved-search" data-name={search.name}>
              <button type="button" className="saved-run" onClick={() => onRun(search)} title={`${search.query}\nSaved by ${search.createdBy}`} data-testid="saved-search-run">
                <span className="saved-name" dir="auto">
                  {search.name}
                </span>
                <span className="saved-query" dir="auto">
                  {search.query}
                </span>
              </button>
              <button
                type="button"
                className={`saved-delete${confirming === search.id ? ' is-confirming' : ''}`}
                aria-label={confirming === search.id ? `Really delete ${search.name}` : `Delete ${search.name}`}
                data-testid="saved-search-delete"
                onClick={() => {
                  if (confirming === search.id) {
                    setConfirming(null);
                    onDelete(search);
                  } else setConfirming(search.id);
                }}
              >
                {confirming === search.id ? 'Delete' : '×'}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
