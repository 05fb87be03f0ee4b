import { useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { EntitySummary, EntityType } from '../../../shared/domain/entity';
import type { EntitiesHost } from './host';
import { ENTITY_TYPES, TYPE_LABELS, TypeIcon } from './types';
import { useQuery } from './useQuery';

type SortKey = 'type' | 'name' | 'mentions' | 'passages' | 'relationships';
type Sort = { key: SortKey; order: 'asc' | 'desc' };

const COLUMNS: { key: SortKey; label: string; numeric: boolean }[] = [
  { key: 'type', label: 'Type', numeric: false },
  { key: 'name', label: 'Name', numeric: false },
  { key: 'mentions', label: 'Mentions', numeric: true },
  { key: 'passages', label: 'Passages', numeric: true },
  { key: 'relationships', label: 'Links', numeric: true },
];

type Props = {
  host: EntitiesHost;
  selectedId: string | null;
  onSelect: (id: string) => void;
};

/** Every entity of the case: filter by type, find by name or alias (main folds accents), sort by any column. */
export function EntityList({ host, selectedId, onSelect }: Props) {
  const [type, setType] = useState<EntityType | 'all'>('all');
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<Sort>({ key: 'name', order: 'asc' });
  const key = JSON.stringify([host.version, type, query.trim(), sort]);
  const { data } = useQuery(
    key,
    () =>
      host.call('entities.list', {
        types: type === 'all' ? undefined : [type],
        query: query.trim() || undefined,
        sort: sort.key,
        order: sort.order,
      }),
    host.fail,
  );
  const entities = data.status === 'ready' ? data.value.entities : [];
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- rows take only data, nothing memoises its functions
  const virtualizer = useVirtualizer({
    count: entities.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 40,
    overscan: 12,
    getItemKey: (index) => entities[index]?.id ?? index,
  });

  const toggleSort = (column: SortKey, numeric: boolean) =>
    setSort((current) =>
      current.key === column ? { key: column, order: current.order === 'asc' ? 'desc' : 'asc' } : { key: column, order: numeric ? 'desc' : 'asc' },
    );

  const move = (delta: number) => {
    if (entities.length === 0) return;
    const at = entities.findIndex((e) => e.id === selectedId);
    const next = entities[Math.min(Math.max(at + delta, 0), entities.length - 1)];
    if (next) {
      onSelect(next.id);
      virtualizer.scrollToIndex(entities.indexOf(next), { align: 'auto' });
    }
  };

  return (
    <section className="entity-list" aria-label="Entities" data-testid="entity-list">
      <div className="entity-list-tools">
        <input
          type="search"
          className="entity-search"
          placeholder="Find by name or alias…"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={(event) => {
            event.stopPropagation();
            if (event.key === 'ArrowDown') {
              event.preventDefault();
              scrollRef.current?.focus();
              if (!selectedId) move(1);
            }
          }}
          data-testid="entity-search"
          dir="auto"
          spellCheck={false}
        />
        <select
          className="entity-type-filter"
          value={type}
          onChange={(event) => setType(event.target.value as EntityType | 'all')}
          aria-label="Filter by type"
          data-testid="entity-type-filter"
        >
          <option value="all">All types</option>
          {ENTITY_TYPES.map((t) => (
            <option key={t} value={t}>
              {TYPE_LABELS[t]}
            </option>
          ))}
        </select>
      </div>
      <div className="entity-table-head" role="row">
        {COLUMNS.map((column) => (
          <button
            key={column.key}
            type="button"
            role="columnheader"
            className={`entity-col entity-col-${column.key}${sort.key === column.key ? ' is-sorted' : ''}`}
            aria-sort={sort.key === column.key ? (sort.order === 'asc' ? 'ascending' : 'descending') : 'none'}
            onClick={() => toggleSort(column.key, column.numeric)}
            data-testid={`entity-sort-${column.key}`}
          >
            {column.label}
            {sort.key === column.key ? <span aria-hidden="true">{sort.order === 'asc' ? ' ↑' : ' ↓'}</span> : null}
          </button>
        ))}
      </div>
      <div
        className="entity-rows"
        ref={scrollRef}
        tabIndex={0}
        role="listbox"
        aria-label="Entities"
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' || event.key === 'j') move(1);
          else if (event.key === 'ArrowUp' || event.key === 'k') move(-1);
          else return;
          event.preventDefault();
          event.stopPropagation();
        }}
      >
        {data.status === 'ready' && entities.length === 0 ? (
          <p className="entity-empty muted">
            {query || type !== 'all'
              ? 'No entity matches.'
              : 'No entities yet. Link one from a passage (select a passage, press E), or review the suggestions.'}
          </p>
        ) : null}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const entity = entities[item.index] as EntitySummary;
            return (
              <div
                key={item.key}
                role="option"
                aria-selected={entity.id === selectedId}
                className={`entity-row${entity.id === selectedId ? ' is-selected' : ''}`}
                data-testid="entity-row"
                data-entity-id={entity.id}
                style={{ transform: `translateY(${item.start}px)` }}
                onClick={() => onSelect(entity.id)}
              >
                <span className="entity-col entity-col-type" title={TYPE_LABELS[entity.type]}>
                  <TypeIcon type={entity.type} />
                  <span className="entity-type-label">{TYPE_LABELS[entity.type]}</span>
                </span>
                <span className="entity-col entity-col-name" dir="auto">
                  {entity.name}
                  {entity.aliases.length > 0 ? <span className="entity-row-aliases"> · {entity.aliases.slice(0, 2).join(', ')}</span> : null}
                </span>
                <span className="entity-col entity-col-mentions">{entity.mentionCount}</span>
                <span className="entity-col entity-col-passages">{entity.passageCount}</span>
                <span className="entity-col entity-col-relationships">
                  {entity.relationshipCount}
                  {entity.unsupportedRelationshipCount > 0 ? (
                    <span className="unsupported-dot" title={`${entity.unsupportedRelationshipCount} without evidence`} aria-label="some without evidence" />
                  ) : null}
                </span>
              </div>
            );
          })}
        </div>
      </div>
      <p className="entity-list-foot muted">
        {data.status === 'ready' ? `${entities.length} ${entities.length === 1 ? 'entity' : 'entities'}` : 'Loading…'}
      </p>
    </section>
  );
}
