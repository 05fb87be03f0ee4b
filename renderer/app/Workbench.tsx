import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { RefObject } from 'react';
import type { ImportReport } from '../../shared/api/contract';
import type { CaseSummary } from '../../shared/domain/case';
import type { SourceSummary } from '../../shared/domain/source';
import { ApiError, call } from '../api/client';
import { importFiles, lockCase, redo, showCodebook, showDossiers, showEntities, showReader, toggleTheme, undo } from '../commands/catalog';
import type { CommandContext, WorkbenchActions } from '../commands/command';
import { formatShortcut } from '../commands/shortcuts';
import { CommandButton } from '../components/CommandButton';
import { plural } from '../components/format';
import { Wordmark } from '../components/Wordmark';
import { DropOverlay, EmptyLibrary } from '../features/library/DropZone';
import { takeDroppedFiles, isFileDrag } from '../features/library/droppedFiles';
import { ACCEPT_ATTRIBUTE } from '../features/library/importBatches';
import type { PickedFile } from '../features/library/importBatches';
import { runImportJob, type ImportEnding } from '../features/library/importJobClient';
import { ImportProgressStore } from '../features/library/progressStore';
import { ImportProgressPanel, ImportSummary } from '../features/library/ImportPanel';
import { SourcesList } from '../features/library/SourcesList';
import { DEFAULT_SORT, nextSort, sortSources } from '../features/library/sortSources';
import type { SortKey, SortState } from '../features/library/sortSources';
import { CodebookView } from '../features/codebook/CodebookView';
import { DossierHostContext } from '../features/dossier/context';
import type { DossierHost } from '../features/dossier/context';
import { DossiersView } from '../features/dossier/DossiersView';
import { EntitiesView } from '../features/entities/EntitiesView';
import { EntitiesHostContext } from '../features/entities/host';
import { useEntitiesHosting } from '../features/entities/useEntitiesHosting';
import { passageCommands } from '../features/passages/commandTarget';
import { PassagesPanel } from '../features/passages/PassagesPanel';
import type { PassageActions } from '../features/passages/PassagesPanel';
import { PassageStore } from '../features/passages/store';
import { Reader } from '../features/reader/Reader';
import { searchCommands } from '../features/search/commandTarget';
import { SearchIcon, SearchPanel } from '../features/search/SearchPanel';
import { useSearchJump } from '../features/search/useSearchJump';
import { SourceDetailsPanel } from '../features/source-details/SourceDetailsPanel';
import '../styles/passages.css';
import '../styles/entities.css';
import type { ReaderAnnotations, ReaderContent, ReaderHandle } from '../features/reader/Reader';

/** How often the sources list is refetched while an import runs. */
const LIST_REFRESH_MS = 3_000;

type Props = {
  openCase: CaseSummary;
  actionsRef: RefObject<WorkbenchActions | null>;
  commandContext: () => CommandContext;
  onSessionChanged: () => void;
  onOpenPalette: () => void;
};

type ImportState =
  | { kind: 'idle' }
  | { kind: 'running'; progress: ImportProgressStore; cancel: (() => void) | null }
  | { kind: 'done'; report: ImportReport; ending?: ImportEnding };

/**
 * The open case. Everything decrypted lives in this component's state, so locking (which unmounts it)
 * drops the plaintext from the renderer along with it.
 */
export function Workbench({ openCase, actionsRef, commandContext, onSessionChanged, onOpenPalette }: Props) {
  const [sources, setSources] = useState<SourceSummary[] | null>(null);
  const [listProblem, setListProblem] = useState<string | null>(null);
  const [sort, setSort] = useState<SortState>(DEFAULT_SORT);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [texts, setTexts] = useState<Record<string, ReaderContent>>({});
  const [importState, setImportState] = useState<ImportState>({ kind: 'idle' });
  const [dragging, setDragging] = useState(false);
  const [detailsOpen, setDetailsOpen] = useState(false);
  const listRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  const sorted = useMemo(() => (sources ? sortSources(sources, sort) : []), [sources, sort]);
  // Until the user picks one, the first source is open so the reader is never an empty half of the screen.
  const selected = sorted.find((source) => source.id === selectedId) ?? sorted[0] ?? null;
  const openId = selected?.id ?? null;

  const handleFailure = useCallback(
    (error: unknown): string => {
      // A lock that happened elsewhere shows up as CASE_LOCKED; the session decides what to show next.
      if (error instanceof ApiError && (error.code === 'CASE_LOCKED' || error.code === 'NO_CASE')) onSessionChanged();
      return error instanceof Error ? error.message : String(error);
    },
    [onSessionChanged],
  );

  // Passages and the codebook live in a store made once per open case (this component is keyed by the case).
  const [store] = useState(() => new PassageStore(call));
  useEffect(() => store.setFailureHandler(handleFailure), [store, handleFailure]);
  const passages = useSyncExternalStore(store.subscribe, store.getState);
  const [view, setView] = useState<'reader' | 'codebook' | 'dossiers' | 'entities'>('reader');
  const [dossierId, setDossierId] = useState<string | null>(null);
  const [selectedPassageId, setSelectedPassageId] = useState<string | null>(null);
  const [showRequest, setShowRequest] = useState<string | null>(null);
  // Another source open means another set of passages: the selection does not carry over.
  const [passageSource, setPassageSource] = useState(openId);
  if (passageSource !== openId) {
    setPassageSource(openId);
    setSelectedPassageId(null);
  }
  const [status, setStatus] = useState<string | null>(null);
  const readerRef = useRef<ReaderHandle>(null);

  useEffect(() => {
    void store.start();
  }, [store]);

  useEffect(() => {
    if (openId) void store.loadSource(openId);
  }, [store, openId]);

  useEffect(() => {
    if (!status) return;
    const timer = setTimeout(() => setStatus(null), 3000);
    return () => clearTimeout(timer);
  }, [status]);

  const [listVersion, setListVersion] = useState(0);
  const reloadSources = useCallback(() => setListVersion((version) => version + 1), []);

  useEffect(() => {
    let current = true;
    call('sources.list', {}).then(
      (list) => {
        if (!current) return;
        setSources(list);
        setListProblem(null);
      },
      (error: unknown) => {
        if (current) setListProblem(handleFailure(error));
      },
    );
    return () => {
      current = false;
    };
  }, [listVersion, handleFailure]);

  useEffect(() => {
    if (openId === null || texts[openId] !== undefined) return;
    let current = true;
    const settle = (content: ReaderContent) => {
      if (current) setTexts((all) => ({ ...all, [openId]: content }));
    };
    call('sources.read', { id: openId }).then(
      ({ text }) => settle({ status: 'ready', text }),
      (error: unknown) => settle({ status: 'error', message: handleFailure(error) }),
    );
    return () => {
      current = false;
    };
  }, [openId, texts, handleFailure]);

  const runImport = useCallback(
    async (files: PickedFile[]) => {
      if (files.length === 0) return;
      const progress = new ImportProgressStore();
      setImportState({ kind: 'running', progress, cancel: null });
      // New sources show up in the list every few seconds while the rest are still coming.
      let listedAt = Date.now();
      let listedImported = 0;
      const { report, ending } = await runImportJob(files, call, {
        onStatus: (status) => {
          progress.set(status);
          if (status.imported > listedImported && Date.now() - listedAt >= LIST_REFRESH_MS) {
            listedAt = Date.now();
            listedImported = status.imported;
            reloadSources();
          }
        },
        onCancelReady: (cancelJob) => {
          const cancel = () => {
            cancelJob();
            progress.markCancelling();
          };
          setImportState((s) => (s.kind === 'running' ? { ...s, cancel } : s));
        },
        onFailure: handleFailure,
      });
      setImportState({ kind: 'done', report, ending });
      reloadSources();
      const first = report.imported[0];
      if (first) setSelectedId(first.id);
      onSessionChanged();
    },
    [reloadSources, onSessionChanged, handleFailure],
  );

  const importing = importState.kind === 'running';

  const chooseFiles = useCallback(() => {
    if (!importing) inputRef.current?.click();
  }, [importing]);

  const step = useCallback(
    (delta: number) => {
      if (sorted.length === 0) return;
      const index = sorted.findIndex((source) => source.id === openId);
      const next = sorted[Math.min(Math.max(index + delta, 0), sorted.length - 1)] ?? sorted[0];
      if (next) setSelectedId(next.id);
    },
    [sorted, openId],
  );

  useEffect(() => {
    actionsRef.current = {
      importFiles: chooseFiles,
      focusSources: () => listRef.current?.focus(),
      selectNextSource: () => step(1),
      selectPreviousSource: () => step(-1),
      sourceCount: () => sorted.length,
    };
  }, [actionsRef, chooseFiles, step, sorted.length]);
  useEffect(() => () => void (actionsRef.current = null), [actionsRef]);

  const openEntry = openId ? passages.bySource[openId] : undefined;
  const openPassages = useMemo(() => (openEntry?.status === 'ready' ? openEntry.passages : []), [openEntry]);
  const tags = useMemo(() => passages.tags ?? [], [passages.tags]);
  const openText = openId ? texts[openId] : undefined;

  // A passage opened from the codebook is shown once its source's text and passages are on screen.
  useEffect(() => {
    if (!showRequest || view !== 'reader' || openText?.status !== 'ready') return;
    if (!openPassages.some((p) => p.id === showRequest)) return;
    const frame = requestAnimationFrame(() => {
      readerRef.current?.showPassage(showRequest);
      setShowRequest(null);
    });
    return () => cancelAnimationFrame(frame);
  }, [showRequest, view, openText, openPassages]);

  const stepHistory = useCallback(
    (direction: 'undo' | 'redo') =>
      void store.step(direction).then((label) => setStatus(label ? `${direction === 'undo' ? 'Undone' : 'Redone'}: ${label}` : null)),
    [store],
  );

  const passageActions = useMemo<PassageActions>(
    () => ({
      select: setSelectedPassageId,
      show: (id) => readerRef.current?.showPassage(id),
      addTag: (id, choice) => void store.addTag(id, choice),
      removeTag: (id, tagId) => void store.removeTag(id, tagId),
      setNote: (id, note) => void store.setNote(id, note),
      setStatus: (id, value) => void store.setStatus(id, value),
      remove: (id) => {
        setSelectedPassageId(null);
        void store.deletePassage(id);
      },
      reattach: (id) => {
        const selection = readerRef.current?.selection();
        if (!selection) return false;
        void store.reattach(id, selection.start, selection.end);
        return true;
      },
    }),
    [store],
  );

  const annotations = useMemo<ReaderAnnotations | undefined>(
    () =>
      openId
        ? {
            passages: openPassages,
            tags,
            selectedId: selectedPassageId,
            onSelectPassage: setSelectedPassageId,
            onTag: (selection, choice) => {
              const { pendingId, done } = store.tagSelection(openId, selection.start, selection.end, selection.exact, choice);
              setSelectedPassageId(pendingId);
              void done.then((created) => setSelectedPassageId((current) => (current === pendingId ? (created?.id ?? null) : current)));
            },
          }
        : undefined,
    [openId, openPassages, tags, selectedPassageId, store],
  );

  useEffect(() => {
    passageCommands.current = {
      view: () => view,
      setView,
      hasSelection: () => readerRef.current?.selection() != null,
      openTagPicker: () => void readerRef.current?.openTagPicker(),
      selectedPassage: () => selectedPassageId,
      deleteSelected: () => {
        if (selectedPassageId) passageActions.remove(selectedPassageId);
      },
      canUndo: () => (passages.history?.undoDepth ?? 0) > 0 || passages.changesInFlight > 0,
      canRedo: () => (passages.history?.redoDepth ?? 0) > 0,
      undo: () => stepHistory('undo'),
      redo: () => stepHistory('redo'),
    };
  }, [view, selectedPassageId, passageActions, passages.history, passages.changesInFlight, stepHistory]);
  useEffect(() => () => void (passageCommands.current = null), []);

  // Dossier edits join the same undo history as passages, so the undo button must hear of them.
  const dossierHost = useMemo<DossierHost>(
    () => ({
      call,
      afterEdit: () => void store.refreshHistory(),
      notify: setStatus,
      fail: (error) => setStatus(handleFailure(error)),
      openDossier: (id) => {
        setDossierId(id);
        setView('dossiers');
      },
    }),
    [store, handleFailure],
  );

  const openPassage = useCallback((sourceId: string, passageId: string) => {
    setSelectedId(sourceId);
    setPassageSource(sourceId);
    setSelectedPassageId(passageId);
    setShowRequest(passageId);
    setView('reader');
  }, []);

  // Search: mounted on first use and then kept (hidden), so Ctrl+K brings back the last query.
  const [search, setSearch] = useState<'unused' | 'open' | 'closed'>('unused');
  useEffect(() => {
    searchCommands.current = { open: () => setSearch('open') };
    return () => void (searchCommands.current = null);
  }, []);
  const openSource = useCallback((id: string) => {
    setSelectedId(id);
    setView('reader');
  }, []);
  const entities = useEntitiesHosting({
    call,
    store,
    passages,
    fail: useCallback((error: unknown) => setStatus(handleFailure(error)), [handleFailure]),
    notify: setStatus,
    openPassage,
    openSource,
    showEntities: useCallback(() => setView('entities'), []),
    canLink: useCallback(() => view === 'reader' && selectedPassageId !== null, [view, selectedPassageId]),
  });
  const openSearchHit = useSearchJump({
    readerRef,
    openId,
    textReady: openText?.status === 'ready',
    inReader: view === 'reader',
    openSource,
    openPassage,
  });

  useEffect(() => {
    listRef.current?.focus();
  }, [sources === null]); // eslint-disable-line react-hooks/exhaustive-deps -- focus once, when the list first appears

  useEffect(() => {
    let depth = 0;
    const onEnter = (event: DragEvent) => {
      if (!isFileDrag(event)) return;
      event.preventDefault();
      depth += 1;
      setDragging(true);
    };
    const onOver = (event: DragEvent) => {
      if (!isFileDrag(event)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    };
    const onLeave = (event: DragEvent) => {
      if (!isFileDrag(event)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const onDrop = (event: DragEvent) => {
      if (!event.dataTransfer || !isFileDrag(event)) return;
      event.preventDefault();
      depth = 0;
      setDragging(false);
      if (importing) return;
      const collect = takeDroppedFiles(event.dataTransfer);
      void collect().then(({ files, unreadable }) => {
        if (files.length > 0) return runImport(files);
        if (unreadable.length > 0) {
          setImportState({
            kind: 'done',
            report: {
              imported: [],
              duplicates: [],
              failed: unreadable.map((file) => ({ file, reason: 'The browser could not read this item.' })),
            },
          });
        }
      });
    };
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragover', onOver);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('drop', onDrop);
    };
  }, [importing, runImport]);

  const count = sources?.length ?? openCase.sourceCount;

  // A metadata edit or a new revision changes the title in the list and possibly the text in the reader.
  const sourceChanged = useCallback(
    (id: string) => {
      reloadSources();
      setTexts(({ [id]: _stale, ...rest }) => rest);
      void store.loadSource(id);
    },
    [reloadSources, store],
  );

  return (
    <DossierHostContext.Provider value={dossierHost}>
    <EntitiesHostContext.Provider value={entities.host}>
    <div className="workbench">
      <header className="topbar">
        <div className="topbar-left">
          <Wordmark />
          <span className="topbar-divider" aria-hidden="true" />
          <h1 className="case-name" data-testid="case-name" dir="auto">
            {openCase.name}
          </h1>
          <span className="case-count" data-testid="source-count">
            {plural(count, 'source')}
          </span>
        </div>
        <nav className="view-tabs" aria-label="Views">
          <CommandButton
            command={showReader}
            context={commandContext}
            label="Reader"
            className={`view-tab${view === 'reader' ? ' is-active' : ''}`}
            testId="view-reader"
          />
          <CommandButton
            command={showCodebook}
            context={commandContext}
            label="Codebook"
            className={`view-tab${view === 'codebook' ? ' is-active' : ''}`}
            testId="view-codebook"
          />
          <CommandButton
            command={showDossiers}
            context={commandContext}
            label="Dossiers"
            className={`view-tab${view === 'dossiers' ? ' is-active' : ''}`}
            testId="view-dossiers"
          />
          <CommandButton
            command={showEntities}
            context={commandContext}
            label="Entities"
            className={`view-tab${view === 'entities' ? ' is-active' : ''}`}
            testId="view-entities"
          />
        </nav>
        <div className="topbar-right">
          <button type="button" className="search-open" onClick={() => setSearch('open')} title="Search the case" data-testid="search-open">
            <SearchIcon />
            <span className="search-open-label">Search</span>
            <kbd>{formatShortcut('Mod+K')}</kbd>
          </button>
          <CommandButton command={undo} context={commandContext} className="btn btn-ghost btn-icon" testId="undo-button">
            <UndoIcon />
          </CommandButton>
          <CommandButton command={redo} context={commandContext} className="btn btn-ghost btn-icon" testId="redo-button">
            <UndoIcon flip />
          </CommandButton>
          <button
            type="button"
            className="btn btn-ghost palette-hint"
            onClick={onOpenPalette}
            title="Command palette"
            data-testid="open-command-palette"
          >
            Commands <kbd>{formatShortcut('Mod+Shift+P')}</kbd>
          </button>
          <CommandButton
            command={toggleTheme}
            context={commandContext}
            className="btn btn-ghost btn-icon"
            testId="theme-toggle"
          >
            <ThemeIcon />
          </CommandButton>
          <button
            type="button"
            className={`btn btn-ghost${detailsOpen ? ' is-active' : ''}`}
            onClick={() => setDetailsOpen((open) => !open)}
            disabled={!selected}
            aria-pressed={detailsOpen}
            data-testid="details-toggle"
            title="Source details"
          >
            Details
          </button>
          <CommandButton
            command={importFiles}
            context={commandContext}
            label="Import"
            className="btn btn-secondary"
            testId="import-button"
          />
          <CommandButton
            command={lockCase}
            context={commandContext}
            label="Lock"
            className="btn btn-secondary"
            testId="lock-button"
          >
            <LockIcon />
          </CommandButton>
        </div>
        <input
          ref={inputRef}
          type="file"
          multiple
          accept={ACCEPT_ATTRIBUTE}
          hidden
          data-testid="import-input"
          onChange={(event) => {
            const files = Array.from(event.target.files ?? []).map((file) => ({ file, path: null }));
            event.target.value = '';
            void runImport(files);
          }}
        />
      </header>

      {sources !== null && sources.length === 0 && importState.kind === 'idle' ? (
        <EmptyLibrary onChoose={chooseFiles} />
      ) : (
        <div className={`panes${view === 'reader' && selected ? ' with-passages' : ''}`} hidden={view !== 'reader'}>
          <aside className="pane-sources" aria-label="Sources">
            {importState.kind === 'running' ? (
              <ImportProgressPanel progress={importState.progress} onCancel={importState.cancel} />
            ) : null}
            {importState.kind === 'done' ? (
              <ImportSummary
                report={importState.report}
                ending={importState.ending}
                onOpen={setSelectedId}
                onDismiss={() => setImportState({ kind: 'idle' })}
              />
            ) : null}
            {listProblem ? (
              <p className="pane-problem" role="alert">
                {listProblem}
              </p>
            ) : null}
            {sources === null ? null : sources.length === 0 ? (
              <p className="pane-empty muted">No sources yet.</p>
            ) : (
              <SourcesList
                sources={sorted}
                sort={sort}
                onSort={(key: SortKey) => setSort((current) => nextSort(current, key))}
                selectedId={openId}
                onOpen={setSelectedId}
                listRef={listRef}
              />
            )}
          </aside>
          <Reader
            source={selected}
            content={openId ? (texts[openId] ?? { status: 'loading' }) : null}
            annotations={annotations}
            handleRef={readerRef}
          />
          {selected ? (
            <PassagesPanel entry={openEntry} tags={tags} selectedId={selectedPassageId} actions={passageActions} />
          ) : null}
        </div>
      )}
      {view === 'codebook' ? (
        <CodebookView store={store} state={passages} sources={sorted} onOpenPassage={openPassage} />
      ) : null}
      {view === 'dossiers' ? (
        <DossiersView
          host={dossierHost}
          revision={passages.revision}
          sources={sorted}
          selectedId={dossierId}
          onSelect={setDossierId}
          onOpenPassage={openPassage}
        />
      ) : null}
      {view === 'entities' ? (
        <EntitiesView
          host={entities.host}
          tab={entities.tab}
          onTab={entities.setTab}
          selectedId={entities.entityId}
          onSelect={entities.setEntityId}
        />
      ) : null}
      {passages.problem || status ? (
        <div className={`toast${passages.problem ? ' toast-problem' : ''}`} role="status" data-testid="workbench-status">
          {passages.problem ?? status}
          {passages.problem ? (
            <button type="button" className="toast-close" aria-label="Dismiss" onClick={store.dismissProblem}>
              ×
            </button>
          ) : null}
        </div>
      ) : null}
      {detailsOpen && openId && view === 'reader' ? (
        <SourceDetailsPanel
          sourceId={openId}
          call={call}
          onClose={() => setDetailsOpen(false)}
          onChanged={sourceChanged}
          onOpenSource={setSelectedId}
          onFailure={handleFailure}
        />
      ) : null}
      {search !== 'unused' ? (
        <SearchPanel
          call={call}
          open={search === 'open'}
          onClose={() => setSearch('closed')}
          onJump={openSearchHit}
          sources={sorted}
          tags={tags}
          researcher={passages.researcher}
          onFailure={handleFailure}
        />
      ) : null}
      {dragging ? <DropOverlay /> : null}
    </div>
    </EntitiesHostContext.Provider>
    </DossierHostContext.Provider>
  );
}

function LockIcon() {
  return (
    <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
      <rect x="3" y="7" width="10" height="7" rx="1.5" fill="none" stroke="currentColor" strokeWidth="1.4" />
      <path d="M5.5 7V5a2.5 2.5 0 0 1 5 0v2" fill="none" stroke="currentColor" strokeWidth="1.4" />
    </svg>
  );
}

function UndoIcon({ flip = false }: { flip?: boolean }) {
  return (
    <svg viewBox="0 0 16 16" width="15" height="15" aria-hidden="true" style={flip ? { transform: 'scaleX(-1)' } : undefined}>
      <path d="M5.5 4 2.5 7l3 3" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" strokeLinejoin="round" />
      <path d="M3 7h6.5a3.5 3.5 0 0 1 0 7H7" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" />
    </svg>
  );
}

function ThemeIcon() {
  return (
    <svg viewBox="0 0 16 16" width="15" height="15" aria-hidden="true">
      <circle cx="8" cy="8" r="5.5" fill="none" stroke="currentColor" strokeWidth="1.4" />
      <path d="M8 2.5a5.5 5.5 0 0 1 0 11z" fill="currentColor" />
    </svg>
  );
}
