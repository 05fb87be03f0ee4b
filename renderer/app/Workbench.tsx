import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { RefObject } from 'react';
import type { ImportReport } from '../../shared/api/contract';
import type { CaseSummary } from '../../shared/domain/case';
import type { SourceSummary } from '../../shared/domain/source';
import { ApiError, call } from '../api/client';
import { importFiles, lockCase, toggleTheme } from '../commands/catalog';
import type { CommandContext, WorkbenchActions } from '../commands/command';
import { formatShortcut } from '../commands/shortcuts';
import { CommandButton } from '../components/CommandButton';
import { plural } from '../components/format';
import { Wordmark } from '../components/Wordmark';
import { DropOverlay, EmptyLibrary } from '../features/library/DropZone';
import { takeDroppedFiles, isFileDrag } from '../features/library/droppedFiles';
import { ACCEPT_ATTRIBUTE, importInBatches } from '../features/library/importBatches';
import type { ImportProgress, PickedFile } from '../features/library/importBatches';
import { ImportProgressPanel, ImportSummary } from '../features/library/ImportPanel';
import { SourcesList } from '../features/library/SourcesList';
import { DEFAULT_SORT, nextSort, sortSources } from '../features/library/sortSources';
import type { SortKey, SortState } from '../features/library/sortSources';
import { Reader } from '../features/reader/Reader';
import type { ReaderContent } from '../features/reader/Reader';

type Props = {
  openCase: CaseSummary;
  actionsRef: RefObject<WorkbenchActions | null>;
  commandContext: () => CommandContext;
  onSessionChanged: () => void;
  onOpenPalette: () => void;
};

type ImportState = { kind: 'idle' } | { kind: 'running'; progress: ImportProgress } | { kind: 'done'; report: ImportReport };

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
      setImportState({ kind: 'running', progress: { done: 0, total: files.length, current: null } });
      const report = await importInBatches(files, {
        send: (batch) => call('sources.import', { files: batch }),
        onProgress: (progress) => setImportState({ kind: 'running', progress }),
      });
      setImportState({ kind: 'done', report });
      reloadSources();
      const first = report.imported[0];
      if (first) setSelectedId(first.id);
      onSessionChanged();
    },
    [reloadSources, onSessionChanged],
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

  return (
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
        <div className="topbar-right">
          <button
            type="button"
            className="btn btn-ghost palette-hint"
            onClick={onOpenPalette}
            title="Command palette"
            data-testid="open-command-palette"
          >
            Commands <kbd>{formatShortcut('Mod+K')}</kbd>
          </button>
          <CommandButton
            command={toggleTheme}
            context={commandContext}
            className="btn btn-ghost btn-icon"
            testId="theme-toggle"
          >
            <ThemeIcon />
          </CommandButton>
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
        <div className="panes">
          <aside className="pane-sources" aria-label="Sources">
            {importState.kind === 'running' ? <ImportProgressPanel progress={importState.progress} /> : null}
            {importState.kind === 'done' ? (
              <ImportSummary
                report={importState.report}
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
          <Reader source={selected} content={openId ? (texts[openId] ?? { status: 'loading' }) : null} />
        </div>
      )}
      {dragging ? <DropOverlay /> : null}
    </div>
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

function ThemeIcon() {
  return (
    <svg viewBox="0 0 16 16" width="15" height="15" aria-hidden="true">
      <circle cx="8" cy="8" r="5.5" fill="none" stroke="currentColor" strokeWidth="1.4" />
      <path d="M8 2.5a5.5 5.5 0 0 1 0 11z" fill="currentColor" />
    </svg>
  );
}
