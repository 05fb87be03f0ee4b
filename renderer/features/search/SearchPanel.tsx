import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent as ReactKeyboardEvent } from 'react';
import type { SourceSummary } from '../../../shared/domain/source';
import type { TagView } from '../../../shared/domain/tag';
import { SEARCH_HELP } from '../../../shared/search/query';
import type { SavedSearch, SearchHit } from '../../../shared/search/schema';
import type { Call } from '../../api/client';
import { Shortcut } from '../../components/Shortcut';
import { Spinner } from '../../components/Spinner';
import { BatchSearch } from './BatchSearch';
import { FilterBar } from './FilterBar';
import type { FilterOptions } from './FilterBar';
import { composeQuery, filterTokens, NO_FILTERS } from './filters';
import type { FilterState } from './filters';
import { parseHelp } from './help';
import { GROUP_LABELS, groupHits, jumpTarget, moveActive, snippetMatchIndex, totalLine } from './groups';
import type { JumpTarget, ResultGroup } from './groups';
import { SavedSearches } from './SavedSearches';
import { SnippetText } from './SnippetText';
import { indexNote, useIndexStatus } from './useIndexStatus';
import { MORE_PAGE, useSearch } from './useSearch';
import '../../styles/search.css';
import { AddToDossier } from '../dossier/AddToDossier';

type Props = {
  call: Call;
  open: boolean;
  onClose: () => void;
  onJump: (target: JumpTarget) => void;
  sources: readonly SourceSummary[];
  tags: readonly TagView[];
  researcher: string;
  onFailure: (error: unknown) => string;
};

type Mode = 'results' | 'batch';

/**
 * The case-wide search: a dialog over the workbench. It stays mounted once opened (hidden while closed), so
 * Ctrl+K brings back the last query, its filters and its scroll position.
 */
export function SearchPanel({ call, open, onClose, onJump, sources, tags, researcher, onFailure }: Props) {
  const [text, setText] = useState('');
  const [filters, setFilters] = useState<FilterState>(NO_FILTERS);
  const [mode, setMode] = useState<Mode>('results');
  const [showHelp, setShowHelp] = useState(false);
  const [active, setActive] = useState(0);
  const [saved, setSaved] = useState<SavedSearch[] | null>(null);
  const [saving, setSaving] = useState<string | null>(null);
  const [entities, setEntities] = useState<FilterOptions['entities']>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const dialogRef = useRef<HTMLDivElement>(null);
  const returnFocusTo = useRef<Element | null>(null);
  const listId = useId();

  const query = composeQuery(text, filters);
  const { state, loadMore, loadingMore, refresh } = useSearch(call, query, onFailure);
  const indexStatus = useIndexStatus(call, open);
  const note = indexNote(indexStatus);

  // Once the index has caught up, results computed while it was building may have missed items.
  const wasBusy = useRef(false);
  useEffect(() => {
    if (note) wasBusy.current = true;
    else if (wasBusy.current) {
      wasBusy.current = false;
      refresh();
    }
  }, [note, refresh]);

  useEffect(() => {
    if (!open) return;
    returnFocusTo.current = document.activeElement;
    inputRef.current?.focus();
    inputRef.current?.select();
    call('search.savedList', {}).then(
      ({ searches }) => setSaved(searches),
      (error: unknown) => setProblem(onFailure(error)),
    );
    call('entities.list', {}).then(
      ({ entities: list }) => setEntities(list.map((e) => ({ id: e.id, name: e.name }))),
      // Entities may not exist in this case (or this version) yet: the chip then stays empty.
      () => setEntities([]),
    );
  }, [open, call, onFailure]);

  const close = useCallback(
    (restoreFocus: boolean) => {
      setSaving(null);
      onClose();
      const previous = returnFocusTo.current;
      if (restoreFocus && previous instanceof HTMLElement && previous.isConnected) previous.focus();
    },
    [onClose],
  );

  const { groups, flat } = useMemo(
    () => (state.status === 'done' ? groupHits(state.pages, state.totals) : { groups: [], flat: [] as SearchHit[] }),
    [state],
  );
  // A new result list starts at its first hit; paging in more keeps the place.
  const [listFor, setListFor] = useState<string | null>(null);
  const resultKey = state.status === 'done' ? state.query : null;
  if (listFor !== resultKey) {
    setListFor(resultKey);
    setActive(0);
  }
  const activeIndex = flat.length === 0 ? -1 : Math.min(active, flat.length - 1);

  useEffect(() => {
    if (activeIndex < 0) return;
    listRef.current?.querySelector(`[data-flat-index="${activeIndex}"]`)?.scrollIntoView?.({ block: 'nearest' });
  }, [activeIndex]);

  const openHit = (hit: SearchHit | undefined, matchIndex?: number) => {
    if (!hit) return;
    const target = jumpTarget(hit, matchIndex);
    if (!target) return;
    if (target.type === 'entity') {
      // No entity view to open yet: show what the case links to the entity instead.
      setFilters({ ...NO_FILTERS, entity: target.name });
      setText('');
      return;
    }
    close(false);
    onJump(target);
  };

  // Focus can fall out of the dialog (onto the page body, after a download or a click on blank space); Esc must
  // still close it.
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      if (event.target instanceof Node && dialogRef.current?.contains(event.target)) return;
      event.preventDefault();
      close(true);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open, close]);

  const onInputKey = (event: ReactKeyboardEvent<HTMLInputElement>) => {
    if (['ArrowDown', 'ArrowUp', 'PageDown', 'PageUp'].includes(event.key)) {
      event.preventDefault();
      setActive(moveActive(activeIndex, flat.length, event.key));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      openHit(flat[activeIndex]);
    }
  };

  const onDialogKey = (event: ReactKeyboardEvent) => {
    if (event.key === 'Escape' && !event.defaultPrevented) {
      event.preventDefault();
      close(true);
    }
    // Single-key workbench shortcuts (J, K, Delete…) would act on the reader hidden behind the dialog; chords such
    // as Ctrl+L (lock) still reach the workbench.
    if (!event.ctrlKey && !event.metaKey && !event.altKey) event.stopPropagation();
  };

  const runSaved = (search: SavedSearch) => {
    setMode('results');
    setFilters(NO_FILTERS);
    setText(search.query);
    inputRef.current?.focus();
  };

  const save = (name: string) => {
    if (!query) return;
    call('search.save', { name, query }).then(
      (search) => {
        setSaved((list) => [...(list ?? []).filter((s) => s.id !== search.id), search].sort((a, b) => a.name.localeCompare(b.name)));
        setSaving(null);
        inputRef.current?.focus();
      },
      (error: unknown) => setProblem(onFailure(error)),
    );
  };

  const remove = (search: SavedSearch) => {
    call('search.savedDelete', { id: search.id }).then(
      () => setSaved((list) => (list ?? []).filter((s) => s.id !== search.id)),
      (error: unknown) => setProblem(onFailure(error)),
    );
  };

  const filterOptions: FilterOptions = useMemo(
    () => ({ sources, tags, entities, researchers: [...sources.map((s) => s.importedBy ?? ''), researcher] }),
    [sources, tags, entities, researcher],
  );

  return (
    <div className="search-backdrop" hidden={!open} onMouseDown={() => close(true)}>
      <div
        ref={dialogRef}
        className="search-panel"
        role="dialog"
        aria-modal="true"
        aria-label="Search the case"
        data-testid="search-panel"
        onMouseDown={(event) => event.stopPropagation()}
        onKeyDown={onDialogKey}
      >
        <div className="search-head">
          <SearchIcon />
          <input
            ref={inputRef}
            className="search-input"
            data-testid="search-input"
            type="text"
            placeholder="Search sources, passages, notes and entities…"
            value={text}
            dir="auto"
            onChange={(event) => {
              setText(event.target.value);
              setMode('results');
            }}
            onKeyDown={onInputKey}
            role="combobox"
            aria-expanded={flat.length > 0}
            aria-controls={listId}
            aria-activedescendant={activeIndex >= 0 ? `${listId}-${activeIndex}` : undefined}
            aria-autocomplete="list"
            spellCheck={false}
            autoComplete="off"
          />
          {state.status === 'loading' || (state.status === 'done' && state.refreshing) ? <Spinner label="Searching" /> : null}
          {saving === null ? (
            <button
              type="button"
              className="btn btn-ghost search-head-btn"
              onClick={() => setSaving(text.trim() || query)}
              disabled={!query}
              data-testid="search-save"
              title="Save this search in the case"
            >
              <StarIcon /> Save
            </button>
          ) : (
            <SaveForm initial={saving} onSave={save} onCancel={() => setSaving(null)} />
          )}
          <button
            type="button"
            className={`btn btn-ghost btn-icon search-head-btn${showHelp ? ' is-on' : ''}`}
            onClick={() => setShowHelp((v) => !v)}
            aria-pressed={showHelp}
            aria-label="Search syntax"
            title="Search syntax"
            data-testid="search-help-toggle"
          >
            ?
          </button>
          <button type="button" className="search-esc" onClick={() => close(true)} aria-label="Close search">
            <kbd>Esc</kbd>
          </button>
        </div>
        <FilterBar filters={filters} options={filterOptions} onChange={setFilters} />
        {note ? (
          <p className="search-index-note" data-testid="search-index-status" role="status">
            <Spinner label="Indexing" /> {note}
          </p>
        ) : null}
        <div className="search-body">
          <aside className="search-side">
            <nav className="search-modes" aria-label="Search modes">
              <button type="button" className={`search-mode${mode === 'results' ? ' is-active' : ''}`} onClick={() => setMode('results')} data-testid="search-mode-results">
                <SearchIcon /> Search
              </button>
              <button type="button" className={`search-mode${mode === 'batch' ? ' is-active' : ''}`} onClick={() => setMode('batch')} data-testid="search-mode-batch">
                <ListIcon /> Batch search
              </button>
            </nav>
            <SavedSearches searches={saved} activeQuery={query} onRun={runSaved} onDelete={remove} />
          </aside>
          <div className="search-main" ref={listRef}>
            {problem ? (
              <p className="search-problem" role="alert">
                {problem}{' '}
                <button type="button" className="link-button" onClick={() => setProblem(null)}>
                  Dismiss
                </button>
              </p>
            ) : null}
            {/* Batch stays mounted while hidden, so its terms and results survive a look at the results. */}
            <div hidden={mode !== 'batch'}>
              <BatchSearch
                call={call}
                filter={filterTokens(filters).join(' ')}
                onFailure={onFailure}
                onSearchTerm={(term) => {
                  setMode('results');
                  setText(term);
                  inputRef.current?.focus();
                }}
              />
            </div>
            {mode === 'batch' ? null : (
              <>
                {showHelp || state.status === 'empty' ? <SearchHelp
                    onClose={state.status === 'empty' ? null : () => setShowHelp(false)}
                    onExample={(example) => {
                      setText((current) => (current.trim() ? `${current.trim()} ${example}` : example));
                      inputRef.current?.focus();
                    }}
                  /> : null}
                <Results
                  state={state}
                  groups={groups}
                  activeIndex={activeIndex}
                  listId={listId}
                  loadingMore={loadingMore}
                  onMore={loadMore}
                  onHover={setActive}
                  onOpen={openHit}
                />
              </>
            )}
          </div>
        </div>
        <footer className="search-foot muted" aria-hidden="true">
          {mode === 'results' ? (
            <>
              <span>
                <kbd>↑</kbd>
                <kbd>↓</kbd> move
              </span>
              <span>
                <kbd>↵</kbd> open in reader
              </span>
            </>
          ) : (
            <span>
              <Shortcut shortcut="Mod+Enter" /> run batch
            </span>
          )}
          <span>
            <kbd>Esc</kbd> close
          </span>
        </footer>
      </div>
    </div>
  );
}

function Results({
  state,
  groups,
  activeIndex,
  listId,
  loadingMore,
  onMore,
  onHover,
  onOpen,
}: {
  state: ReturnType<typeof useSearch>['state'];
  groups: ResultGroup[];
  activeIndex: number;
  listId: string;
  loadingMore: string | null;
  onMore: (kind: ResultGroup['kind']) => void;
  onHover: (index: number) => void;
  onOpen: (hit: SearchHit, matchIndex?: number) => void;
}) {
  if (state.status === 'empty') return null;
  if (state.status === 'loading') {
    return (
      <p className="search-status muted">
        <Spinner label="Searching" /> Searching…
      </p>
    );
  }
  if (state.status === 'error') {
    return (
      <p className="search-problem" role="alert" data-testid="search-error">
        {state.message}
      </p>
    );
  }
  const total = state.totals.source + state.totals.passage + state.totals.entity;
  return (
    <div className={`search-results${state.refreshing ? ' is-stale' : ''}`} data-testid="search-results" id={listId} role="listbox" aria-label="Results">
      <p className="search-total" data-testid="search-total" data-total={total}>
        <strong>{totalLine(state.totals)}</strong>
        <span className="muted"> · {Math.max(1, Math.round(state.tookMs))} ms</span>
      </p>
      {state.pendingDocs > 0 ? (
        <p className="search-warning" role="status">
          {state.pendingDocs.toLocaleString()} {state.pendingDocs === 1 ? 'item was' : 'items were'} still being indexed: the counts may grow.
        </p>
      ) : null}
      {state.warnings.map((warning) => (
        <p key={warning} className="search-warning" data-testid="search-warning">
          {warning}
        </p>
      ))}
      {total === 0 ? <p className="search-none muted">Nothing in this case matches. Check the spelling, remove a filter, or try a shorter word with *.</p> : null}
      {groups.map((group) => (
        <section key={group.key} className="search-group" data-testid="search-group" data-group={group.key} aria-label={GROUP_LABELS[group.key]}>
          <h3 className="search-group-title">
            {GROUP_LABELS[group.key]}
            <span className="search-group-count" data-testid="search-group-count">
              {group.count === null ? `${group.hits.length}+` : group.count.toLocaleString()}
            </span>
          </h3>
          <ul className="search-hits" role="presentation">
            {group.hits.map((hit, i) => {
              const index = group.firstIndex + i;
              return (
                <HitRow
                  key={`${hit.kind}:${hit.id}`}
                  hit={hit}
                  index={index}
                  id={`${listId}-${index}`}
                  active={index === activeIndex}
                  onHover={onHover}
                  onOpen={onOpen}
                />
              );
            })}
          </ul>
          {group.more > 0 ? (
            <button type="button" className="search-more" onClick={() => onMore(group.kind)} disabled={loadingMore !== null} data-testid="search-more" data-kind={group.kind}>
              {loadingMore === group.kind
                ? 'Loading…'
                : `Show ${Math.min(MORE_PAGE, group.more).toLocaleString()} more · ${group.more.toLocaleString()} not shown`}
            </button>
          ) : null}
        </section>
      ))}
    </div>
  );
}

const FIELD_LABELS: Record<string, string> = { title: 'Title', text: 'Text', quote: 'Quote', note: 'Note', name: 'Name', alias: 'Alias' };

function HitRow({
  hit,
  index,
  id,
  active,
  onHover,
  onOpen,
}: {
  hit: SearchHit;
  index: number;
  id: string;
  active: boolean;
  onHover: (index: number) => void;
  onOpen: (hit: SearchHit, matchIndex?: number) => void;
}) {
  const showField = hit.kind !== 'source' || hit.snippets.some((s) => s.field === 'title');
  return (
    <li
      id={id}
      role="option"
      aria-selected={active}
      className={`search-hit kind-${hit.kind}${active ? ' is-active' : ''}`}
      data-testid="search-result"
      data-kind={hit.kind}
      data-source-id={hit.sourceId ?? ''}
      data-hit-id={hit.id}
      data-flat-index={index}
      onMouseMove={() => {
        if (!active) onHover(index);
      }}
      onClick={() => onOpen(hit)}
    >
      <div className="search-hit-head">
        <KindIcon kind={hit.kind} />
        <span className="search-hit-title" dir="auto" data-testid="search-result-title">
          {hit.title}
        </span>
        {hit.kind === 'passage' && hit.sourceTitle ? (
          <span className="search-hit-source" dir="auto">
            in {hit.sourceTitle}
          </span>
        ) : null}
        {hit.kind === 'passage' ? (
          // The menu must not also open the hit.
          <span className="search-hit-action" onClick={(event) => event.stopPropagation()}>
            <AddToDossier passageIds={[hit.id]} label="Add to dossier…" />
          </span>
        ) : null}
        <span className="search-hit-count" title="Matches in this item">
          {hit.occurrences.toLocaleString()}
          {hit.matchesTruncated ? '+' : ''} {hit.occurrences === 1 ? 'match' : 'matches'}
        </span>
      </div>
      {hit.snippets.map((snippet, i) => (
        <button
          key={i}
          type="button"
          tabIndex={-1}
          className="search-snippet"
          data-testid="search-snippet"
          onClick={(event) => {
            event.stopPropagation();
            onOpen(hit, snippetMatchIndex(hit, i));
          }}
        >
          {showField ? <span className="search-snippet-field">{FIELD_LABELS[snippet.field] ?? snippet.field}</span> : null}
          <SnippetText snippet={snippet} />
        </button>
      ))}
    </li>
  );
}

function SaveForm({ initial, onSave, onCancel }: { initial: string; onSave: (name: string) => void; onCancel: () => void }) {
  const [name, setName] = useState(initial.slice(0, 200));
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    ref.current?.focus();
    ref.current?.select();
  }, []);
  return (
    <form
      className="search-save-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (name.trim()) onSave(name.trim());
      }}
    >
      <input
        ref={ref}
        className="search-save-name"
        data-testid="search-save-name"
        value={name}
        maxLength={200}
        aria-label="Name of the saved search"
        placeholder="Name"
        dir="auto"
        onChange={(event) => setName(event.target.value)}
        onKeyDown={(event) => {
          // Esc here cancels the naming, not the whole search.
          if (event.key === 'Escape') {
            event.preventDefault();
            event.stopPropagation();
            onCancel();
          }
        }}
      />
      <button type="submit" className="btn btn-primary btn-small" disabled={!name.trim()} data-testid="search-save-confirm">
        Save
      </button>
      <button type="button" className="btn btn-ghost btn-small" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}

function SearchHelp({ onClose, onExample }: { onClose: (() => void) | null; onExample: (example: string) => void }) {
  const blocks = useMemo(() => parseHelp(SEARCH_HELP), []);
  const title = blocks.find((b) => b.type === 'title')?.text ?? 'Search syntax';
  return (
    <section className="search-help" data-testid="search-help" aria-label={title}>
      <div className="search-help-head">
        <h3>{title}</h3>
        {onClose ? (
          <button type="button" className="link-button" onClick={onClose}>
            Hide
          </button>
        ) : null}
      </div>
      {blocks.map((block, index) => {
        if (block.type === 'title') return null;
        if (block.type === 'heading') return <h4 key={index}>{block.text}</h4>;
        if (block.type === 'text') return <p key={index}>{block.text}</p>;
        return (
          <dl key={index} className="search-help-examples">
            {block.rows.map((row) => (
              <div key={row.examples.join(' ')} className="search-help-row">
                <dt>
                  {row.examples.map((example) =>
                    // Placeholders such as source:<id or title> are not queries: they are shown, not offered.
                    example.includes('<') ? (
                      <code key={example}>{example}</code>
                    ) : (
                      <button key={example} type="button" className="search-help-example" onClick={() => onExample(example)} title="Add to the search">
                        {example}
                      </button>
                    ),
                  )}
                </dt>
                <dd>{row.meaning}</dd>
              </div>
            ))}
          </dl>
        );
      })}
    </section>
  );
}

function KindIcon({ kind }: { kind: SearchHit['kind'] }) {
  const paths: Record<SearchHit['kind'], string> = {
    source: 'M4 1.5h5.5L13 5v9.5H4z M9.5 1.5V5H13',
    passage: 'M3 4h10 M3 7h10 M3 10h6',
    entity: 'M8 7.5a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5z M3 14c.6-2.6 2.6-4 5-4s4.4 1.4 5 4',
  };
  return (
    <svg className="search-kind-icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
      <path d={paths[kind]} fill="none" stroke="currentColor" strokeWidth="1.3" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

export function SearchIcon() {
  return (
    <svg className="search-icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
      <circle cx="7" cy="7" r="4.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
      <path d="m10.5 10.5 3.5 3.5" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
    </svg>
  );
}

function StarIcon() {
  return (
    <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
      <path
        d="m8 2 1.8 3.8 4.2.5-3.1 2.9.8 4.1L8 11.3l-3.7 2 .8-4.1L2 6.3l4.2-.5z"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.3"
        strokeLinejoin="round"
      />
    </svg>
  );
}

function ListIcon() {
  return (
    <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
      <path d="M5.5 4h8 M5.5 8h8 M5.5 12h8 M2.5 4h.01 M2.5 8h.01 M2.5 12h.01" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
    </svg>
  );
}
