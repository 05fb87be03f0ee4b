import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { KeyboardEvent, Ref } from 'react';
import type { SimilarRef, SourceSummary } from '../../../shared/domain/source';
import { formatBytes } from '../../components/format';
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

// One formatter each, built once: constructing an Intl.DateTimeFormat per row made a list of 300 sources take
// a third of a second to render.
const fullDate = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dayMonth = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
const monthYear = new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric' });
const thisYear = new Date().getFullYear();

function dates(iso: string): { short: string; full: string } {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return { short: iso, full: iso };
  return { short: (date.getFullYear() === thisYear ? dayMonth : monthYear).format(date), full: fullDate.format(date) };
}

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
  const scrollRef = useRef<HTMLDivElement | null>(null);
  // The list element is both ours (to scroll) and the workbench's (to focus).
  const setRows = useCallback(
    (node: HTMLDivElement | null) => {
      scrollRef.current = node;
      if (typeof listRef === 'function') listRef(node);
      else if (listRef) (listRef as { current: HTMLDivElement | null }).current = node;
    },
    [listRef],
  );

  // The cursor jumps to a source opened from elsewhere (next/previous commands, import), adjusted during render.
  const [followedId, setFollowedId] = useState(selectedId);
  if (followedId !== selectedId) {
    setFollowedId(selectedId);
    if (selectedId) setCursorId(selectedId);
  }

  const indexOf = (id: string | null) => (id === null ? -1 : sources.findIndex((source) => source.id === id));
  const cursorIndex = [indexOf(cursorId), indexOf(selectedId), 0].find((index) => index >= 0) ?? 0;
  const cursor = sources[cursorIndex] ?? null;

  // Only the rows in view are in the DOM: a case of 2,000 sources renders (and re-renders after an import) ~20.
  // eslint-disable-next-line react-hooks/incompatible-library -- rows take only data, nothing memoises its functions
  const virtualizer = useVirtualizer({
    count: sources.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 50,
    overscan: 10,
    getItemKey: (index) => sources[index]?.id ?? index,
  });

  // Without layout (no size to measure, as in tests on a DOM without rendering) every row is drawn in place.
  const virtualItems = virtualizer.getVirtualItems();
  const rows =
    virtualItems.length > 0 || sources.length === 0
      ? virtualItems.map((item) => ({ index: item.index, key: item.key, start: item.start as number | null }))
      : sources.map((source, index) => ({ index, key: source.id as string | number | bigint, start: null }));

  useEffect(() => {
    if (cursorIndex >= 0 && sources.length > 0) virtualizer.scrollToIndex(cursorIndex, { align: 'auto' });
  }, [cursorIndex, sources.length, virtualizer]);

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
        <span className="muted sources-filter-count" data-testid="similar-count">
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
        ref={setRows}
        className="sources-rows"
        role="listbox"
        tabIndex={0}
        aria-label="Sources"
        aria-activedescendant={cursor ? `${idPrefix}-${cursor.id}` : undefined}
        data-testid="sources-list"
        onKeyDown={onKeyDown}
      >
        <div className="sources-rows-inner" style={{ height: virtualItems.length > 0 ? virtualizer.getTotalSize() : undefined, position: 'relative' }}>
        {rows.map((item) => {
          const source = sources[item.index] as ListedSource;
          const selected = source.id === selectedId;
          const isCursor = source.id === cursor?.id;
          const when = dates(source.importedAt);
          return (
            <div
              key={String(item.key)}
              ref={item.start === null ? undefined : virtualizer.measureElement}
              data-index={item.index}
              style={
                item.start === null ? undefined : { position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${item.start}px)` }
              }
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
                <time dateTime={source.importedAt} title={when.full}>
                  {when.short}
                </time>
              </span>
            </div>
          );
        })}
        </div>
      </div>
    </div>
  );
}
