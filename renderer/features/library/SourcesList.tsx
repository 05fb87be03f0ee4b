import { useEffect, useId, useRef, useState } from 'react';
import type { KeyboardEvent, Ref } from 'react';
import type { SimilarRef, SourceSummary } from '../../../shared/domain/source';
import { formatBytes, formatDateTime, formatShortDate } from '../../components/format';
import type { SortKey, SortState } from './sortSources';
import './library.css';

/** `similar` comes with sources.list; older hosts and test doubles may leave it out. */
export type ListedSource = SourceSummary & { similar?: readonly SimilarRef[] };

type Props = {
  sources: readonly ListedSource[];
  sort: SortState;
  onSort: (key: SortKey) => void;
  selectedId: string | null;
  onOpen: (id: string) => void;
  listRef: Ref<HTMLDivElement>;
};

const COLUMNS: readonly { key: SortKey; label: string; className: string }[] = [
  { key: 'title', label: 'Title', className: 'col-title' },
  { key: 'type', label: 'Type', className: 'col-type' },
  { key: 'size', label: 'Size', className: 'col-size' },
  { key: 'importedAt', label: 'Imported', className: 'col-date' },
];

const PAGE = 10;

/**
 * A listbox rather than a table: one tab stop, arrows move a cursor, Enter (or a click) opens the source.
 * The cursor and the open source are separate so browsing with arrows does not fetch every text on the way.
 */
export function SourcesList({ sources: all, sort, onSort, selectedId, onOpen, listRef }: Props) {
  const [onlySimilar, setOnlySimilar] = useState(false);
  const withSimilar = all.filter((source) => (source.similar?.length ?? 0) > 0);
  const sources = onlySimilar ? withSimilar : all;
  const [cursorId, setCursorId] = useState<string | null>(selectedId);
  const idPrefix = useId();
  const rowRefs = useRef(new Map<string, HTMLDivElement>());

  // The cursor jumps to a source opened from elsewhere (next/previous commands, import), adjusted during render.
  const [followedId, setFollowedId] = useState(selectedId);
  if (followedId !== selectedId) {
    setFollowedId(selectedId);
    if (selectedId) setCursorId(selectedId);
  }

  const indexOf = (id: string | null) => (id === null ? -1 : sources.findIndex((source) => source.id === id));
  const cursorIndex = [indexOf(cursorId), indexOf(selectedId), 0].find((index) => index >= 0) ?? 0;
  const cursor = sources[cursorIndex] ?? null;

  useEffect(() => {
    if (!cursor) return;
    const row = rowRefs.current.get(cursor.id);
    if (row && typeof row.scrollIntoView === 'function') row.scrollIntoView({ block: 'nearest' });
  }, [cursor]);

  const moveTo = (index: number) => {
    const target = sources[Math.min(Math.max(index, 0), sources.length - 1)];
    if (target) setCursorId(target.id);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const keys: Record<string, () => void> = {
      ArrowDown: () => moveTo(cursorIndex + 1),
      ArrowUp: () => moveTo(cursorIndex - 1),
      PageDown: () => moveTo(cursorIndex + PAGE),
      PageUp: () => moveTo(cursorIndex - PAGE),
      Home: () => moveTo(0),
      End: () => moveTo(sources.length - 1),
      Enter: () => cursor && onOpen(cursor.id),
      ' ': () => cursor && onOpen(cursor.id),
    };
    const action = keys[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  };

  return (
    <div className="sources">
      <div className="sources-filter">
        <label className="sources-filter-toggle">
          <input
            type="checkbox"
            checked={onlySimilar}
            onChange={(event) => setOnlySimilar(event.target.checked)}
            data-testid="filter-similar"
          />
          Only sources with near-duplicates or shared passages
        </label>
        <span className="muted" data-testid="similar-count">
          {withSimilar.length.toLocaleString()} of {all.length.toLocaleString()}
        </span>
      </div>
      <div className="sources-head">
        {COLUMNS.map((column) => {
          const active = sort.key === column.key;
          const direction = active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : null;
          return (
            <button
              key={column.key}
              type="button"
              className={`sort-button ${column.className}${active ? ' is-sorted' : ''}`}
              onClick={() => onSort(column.key)}
              aria-label={`Sort by ${column.label.toLowerCase()}${direction ? `, now ${direction}` : ''}`}
              data-testid={`sort-${column.key}`}
            >
              <span>{column.label}</span>
              <span className="sort-arrow" aria-hidden="true">
                {active ? (sort.direction === 'asc' ? '↑' : '↓') : ''}
              </span>
            </button>
          );
        })}
      </div>
      <div
        ref={listRef}
        className="sources-rows"
        role="listbox"
        tabIndex={0}
        aria-label="Sources"
        aria-activedescendant={cursor ? `${idPrefix}-${cursor.id}` : undefined}
        data-testid="sources-list"
        onKeyDown={onKeyDown}
      >
        {sources.map((source) => {
          const selected = source.id === selectedId;
          const isCursor = source.id === cursor?.id;
          return (
            <div
              key={source.id}
              ref={(node) => {
                if (node) rowRefs.current.set(source.id, node);
                else rowRefs.current.delete(source.id);
              }}
              id={`${idPrefix}-${source.id}`}
              role="option"
              aria-selected={selected}
              className={`source-row${selected ? ' is-selected' : ''}${isCursor ? ' is-cursor' : ''}`}
              data-testid="source-row"
              data-source-id={source.id}
              onMouseDown={(event) => event.preventDefault()}
              onClick={(event) => {
                setCursorId(source.id);
                onOpen(source.id);
                (event.currentTarget.parentElement as HTMLElement | null)?.focus();
              }}
            >
              <span className="col-title" dir="auto" title={source.originalPath ?? source.originalName}>
                {source.title}
                {source.similar && source.similar.length > 0 ? (
                  <span
                    className="similar-badge"
                    data-testid="similar-badge"
                    title={`Shares text with: ${source.similar.map((s) => `${s.title} (${Math.round(s.overlap * 100)}%)`).join(', ')}`}
                  >
                    ≈{source.similar.length}
                  </span>
                ) : null}
              </span>
              <span className="col-type">
                <span className={`type-badge type-${source.type}`}>{source.type}</span>
              </span>
              <span className="col-size">{formatBytes(source.size)}</span>
              <span className="col-date">
                <time dateTime={source.importedAt} title={formatDateTime(source.importedAt)}>
                  {formatShortDate(source.importedAt)}
                </time>
              </span>
            </div>
          );
        })}
      </div>
    </div>
  );
}
