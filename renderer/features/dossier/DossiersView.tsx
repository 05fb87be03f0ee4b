import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { CitationCheck, DossierSummary, DossierVerify } from '../../../shared/domain/dossier';
import type { EntityRef } from '../../../shared/domain/entity';
import type { SourceSummary } from '../../../shared/domain/source';
import { formatDateTime, plural } from '../../components/format';
import type { BlockEnv } from './Blocks';
import type { DossierHost } from './context';
import { DossierEditor } from './DossierEditor';
import { ExportBar } from './ExportBar';
import { PreviewPane } from './PreviewPane';
import { useDossier } from './useDossier';
import '../../styles/dossier.css';

type Props = {
  host: DossierHost;
  /** Moves on every history step and every change main may have made elsewhere. */
  revision: number;
  sources: readonly SourceSummary[];
  selectedId: string | null;
  onSelect: (id: string | null) => void;
  onOpenPassage: (sourceId: string, passageId: string) => void;
};

/** Dossiers: the list, the open dossier's composer, and beside it the dossier as it will print. */
export function DossiersView({ host, revision, sources, selectedId, onSelect, onOpenPassage }: Props) {
  const book = useDossier(host, selectedId, revision);
  const { list, record, missing } = book;
  const [verify, setVerify] = useState<DossierVerify | null>(null);
  const [redact, setRedact] = useState(true);
  const [showPreview, setShowPreview] = useState(true);
  const [confirmDelete, setConfirmDelete] = useState<DossierSummary | null>(null);
  const [entities, setEntities] = useState<ReadonlyMap<string, EntityRef>>(new Map());
  const { call } = host;

  // Nothing chosen yet: the most recently changed dossier opens, as the reader opens the first source.
  useEffect(() => {
    if (selectedId === null && list && list[0]) onSelect(list[0].id);
    if (selectedId !== null && missing && list) onSelect(list[0]?.id ?? null);
  }, [selectedId, list, missing, onSelect]);

  // Entity names for chips and redactions; a case without entities (or with that part unavailable) shows ids' fallbacks.
  useEffect(() => {
    let current = true;
    call('entities.list', {}).then(
      ({ entities: all }) => {
        if (current) setEntities(new Map(all.map((e) => [e.id, { id: e.id, type: e.type, name: e.name }])));
      },
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [call, revision]);

  const citations = useMemo(() => new Map((verify?.citations ?? []).map((c) => [c.passageId, c])), [verify]);
  const openCitation = useCallback(
    (citation: CitationCheck) => {
      const source = sources.find((s) => s.id === citation.sourceId);
      if (source) onOpenPassage(source.id, citation.passageId);
      else host.notify('That source is no longer in the case.');
    },
    [sources, onOpenPassage, host],
  );
  const env = useMemo<BlockEnv>(() => ({ host, citations, entities, onOpenCitation: openCitation }), [host, citations, entities, openCitation]);

  const create = async () => {
    try {
      const count = list?.length ?? 0;
      const created = await call('dossiers.create', { title: count === 0 ? 'Untitled dossier' : `Untitled dossier ${count + 1}` });
      const withSection = await call('dossiers.addSection', { dossierId: created.id, title: 'Introduction' });
      host.afterEdit();
      book.reloadList();
      onSelect(withSection.id);
    } catch (error) {
      host.fail(error);
    }
  };

  const remove = async (summary: DossierSummary) => {
    try {
      await call('dossiers.delete', { id: summary.id });
      host.afterEdit();
      host.notify(`Deleted “${summary.title}”. Ctrl+Z brings it back.`);
      if (summary.id === selectedId) onSelect(list?.find((d) => d.id !== summary.id)?.id ?? null);
      book.reloadList();
    } catch (error) {
      host.fail(error);
    }
  };

  const shown = record && record.id === selectedId ? record : null;
  return (
    <div className={`dossiers${showPreview ? ' with-preview' : ''}`} data-testid="dossiers-view">
      <aside className="dossier-list-pane" aria-label="Dossiers">
        <div className="dossier-list-head">
          <h2>Dossiers</h2>
          <button type="button" className="btn btn-primary btn-small" data-testid="dossier-new" onClick={() => void create()}>
            + New
          </button>
        </div>
        {list === null ? null : list.length === 0 ? (
          <div className="dossier-list-empty">
            <p>A dossier gathers your narrative and the passages that prove it, for an editor or a lawyer.</p>
            <p className="muted">Every quote carries a citation to its source, checked again when you export.</p>
          </div>
        ) : (
          <ul className="dossier-list" data-testid="dossier-list">
            {list.map((d) => (
              <DossierRow
                key={d.id}
                summary={d}
                selected={d.id === selectedId}
                onOpen={() => onSelect(d.id)}
                onRename={(title) => void book.edit('dossiers.update', { id: d.id, title })}
                onDelete={() => setConfirmDelete(d)}
              />
            ))}
          </ul>
        )}
      </aside>
      <main className="dossier-editor-pane" aria-label="Dossier">
        {shown ? (
          <DossierEditor key={shown.id} record={shown} book={book} env={env} />
        ) : (
          <div className="dossier-placeholder muted">{list && list.length === 0 ? 'Create a dossier to start.' : 'Opening…'}</div>
        )}
      </main>
      {shown ? (
        <aside className={`dossier-preview-pane${showPreview ? '' : ' is-collapsed'}`} aria-label="Print preview">
          <div className="preview-head">
            <button
              type="button"
              className="btn btn-ghost btn-small"
              aria-expanded={showPreview}
              data-testid="preview-toggle"
              onClick={() => setShowPreview(!showPreview)}
              title={showPreview ? 'Hide the preview' : 'Show the preview'}
            >
              {showPreview ? 'Preview ›' : '‹ Preview'}
            </button>
          </div>
          <ExportBar host={host} dossierId={shown.id} redact={redact} onRedactChange={setRedact} verify={verify} onOpenCitation={openCitation} />
          <PreviewPane host={host} dossierId={shown.id} version={`${shown.updatedAt}:${revision}`} redact={redact} onVerify={setVerify} hidden={!showPreview} />
        </aside>
      ) : null}
      {confirmDelete ? <ConfirmDelete summary={confirmDelete} onClose={() => setConfirmDelete(null)} onConfirm={() => void remove(confirmDelete)} /> : null}
    </div>
  );
}

function DossierRow({
  summary,
  selected,
  onOpen,
  onRename,
  onDelete,
}: {
  summary: DossierSummary;
  selected: boolean;
  onOpen: () => void;
  onRename: (title: string) => void;
  onDelete: () => void;
}) {
  const [renaming, setRenaming] = useState(false);
  const [draft, setDraft] = useState(summary.title);
  return (
    <li className={`dossier-row${selected ? ' is-selected' : ''}`} data-testid="dossier-row" data-dossier-id={summary.id}>
      {renaming ? (
        <input
          className="field-input field-small"
          value={draft}
          autoFocus
          dir="auto"
          aria-label="Dossier title"
          data-testid="dossier-rename-input"
          onChange={(event) => setDraft(event.target.value)}
          onBlur={() => {
            setRenaming(false);
            if (draft.trim() && draft.trim() !== summary.title) onRename(draft.trim());
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter') event.currentTarget.blur();
            if (event.key === 'Escape') {
              setDraft(summary.title);
              setRenaming(false);
            }
          }}
        />
      ) : (
        <button type="button" className="dossier-row-main" onClick={onOpen} onDoubleClick={() => setRenaming(true)} aria-current={selected}>
          <span className="dossier-row-title" dir="auto">
            {summary.title}
          </span>
          <span className="dossier-row-meta">
            {plural(summary.sectionCount, 'section')} · {plural(summary.citationCount, 'citation')}
          </span>
          <span className="dossier-row-meta" title={`Created ${formatDateTime(summary.createdAt)}`}>
            {summary.label ? <span className="sensitivity">{summary.label}</span> : null}
            Edited {formatDateTime(summary.updatedAt)}
          </span>
        </button>
      )}
      {selected && !renaming ? (
        <div className="dossier-row-tools">
          <button
            type="button"
            className="btn btn-ghost btn-small"
            data-testid="dossier-rename"
            onClick={() => {
              setDraft(summary.title);
              setRenaming(true);
            }}
          >
            Rename
          </button>
          <button type="button" className="btn btn-ghost btn-small btn-danger" data-testid="dossier-delete" onClick={onDelete}>
            Delete…
          </button>
        </div>
      ) : null}
    </li>
  );
}

function ConfirmDelete({ summary, onClose, onConfirm }: { summary: DossierSummary; onClose: () => void; onConfirm: () => void }) {
  const okRef = useRef<HTMLButtonElement>(null);
  useEffect(() => okRef.current?.focus(), []);
  return (
    <div className="palette-backdrop" onMouseDown={onClose}>
      <div
        className="confirm-dialog"
        role="alertdialog"
        aria-modal="true"
        aria-label={`Delete “${summary.title}”?`}
        data-testid="confirm-dialog"
        onMouseDown={(event) => event.stopPropagation()}
        onKeyDown={(event) => {
          if (event.key === 'Escape') onClose();
          event.stopPropagation();
        }}
      >
        <h3>Delete “{summary.title}”?</h3>
        <p>
          Its {plural(summary.sectionCount, 'section')} and text go with it. The passages it quotes stay in the case. Undo (Ctrl+Z) brings the dossier
          back.
        </p>
        <div className="confirm-actions">
          <button type="button" className="btn btn-secondary" onClick={onClose}>
            Cancel
          </button>
          <button
            ref={okRef}
            type="button"
            className="btn btn-danger-solid"
            data-testid="confirm-ok"
            onClick={() => {
              onClose();
              onConfirm();
            }}
          >
            Delete dossier
          </button>
        </div>
      </div>
    </div>
  );
}
