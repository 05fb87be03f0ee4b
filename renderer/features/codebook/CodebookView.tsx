import { useEffect, useMemo, useRef, useState } from 'react';
import type { DragEvent, ReactNode } from 'react';
import type { PassageInContext, PassageStatus } from '../../../shared/domain/passage';
import { PASSAGE_STATUSES } from '../../../shared/domain/passage';
import type { SourceSummary } from '../../../shared/domain/source';
import type { TagView } from '../../../shared/domain/tag';
import { plural } from '../../components/format';
import { AddToDossier } from '../dossier/AddToDossier';
import { STATUS_LABELS } from '../passages/PassagesPanel';
import type { PassagesState, PassageStore } from '../passages/store';
import { isPending } from '../passages/store';
import { TAG_PALETTE, nextTagColor } from '../reader/highlightColors';
import { saveDownload } from './download';
import type { PassageFilter } from './tagTree';
import { buildTagTree, filterPassages, moveTargets, pathLabel, researchersOf, subtreeIds, visibleRows } from './tagTree';

type Props = {
  store: PassageStore;
  state: PassagesState;
  sources: readonly SourceSummary[];
  onOpenPassage: (sourceId: string, passageId: string) => void;
};

type Confirm = { title: string; body: ReactNode; action: string; danger?: boolean; run: () => Promise<void> };

const DRAG_TYPE = 'application/x-casefile-tag';

/** The case's codebook: the tag tree on the left, the chosen tag and every passage carrying it on the right. */
export function CodebookView({ store, state, onOpenPassage }: Props) {
  const tags = useMemo(() => (state.tags ?? []).filter((t) => !isPending(t.id)), [state.tags]);
  const tree = useMemo(() => buildTagTree(tags), [tags]);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const rows = useMemo(() => visibleRows(tree, collapsed), [tree, collapsed]);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const selected = tags.find((t) => t.id === selectedId) ?? rows[0]?.tag ?? null;
  const [confirm, setConfirm] = useState<Confirm | null>(null);
  const [newName, setNewName] = useState('');
  const [dropTarget, setDropTarget] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const importRef = useRef<HTMLInputElement>(null);

  const toggle = (id: string) =>
    setCollapsed((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const create = async () => {
    const name = newName.trim();
    if (!name) return;
    const tag = await store.codebook('tags.create', { name, color: nextTagColor(tags.map((t) => t.color)), parentId: null });
    if (tag) {
      setNewName('');
      setSelectedId(tag.id);
    }
  };

  const exportAs = async (format: 'csv' | 'qdc') => {
    const file = await store.query('codebook.export', { format });
    if (file) saveDownload(file.fileName, file.mimeType, file.content);
  };

  const importQdc = async (file: File) => {
    const result = await store.codebook('codebook.import', { content: await file.text() });
    if (result) setNotice(`Imported ${plural(result.created, 'new tag')}; ${result.existing} already in the codebook.`);
  };

  const move = (id: string, parentId: string | null) => void store.codebook('tags.move', { id, parentId });

  const onDrop = (event: DragEvent, parentId: string | null) => {
    event.preventDefault();
    setDropTarget(null);
    const id = event.dataTransfer.getData(DRAG_TYPE);
    if (!id || id === parentId) return;
    if (parentId !== null && subtreeIds(tags, id).has(parentId)) return;
    move(id, parentId);
  };

  return (
    <div className="codebook" data-testid="codebook">
      <section className="codebook-tree" aria-label="Tags">
        <div className="codebook-toolbar">
          <form
            className="new-tag"
            onSubmit={(event) => {
              event.preventDefault();
              void create();
            }}
          >
            <input
              className="field-input"
              data-testid="new-tag-name"
              placeholder="New tag"
              value={newName}
              onChange={(event) => setNewName(event.target.value)}
              dir="auto"
            />
            <button type="submit" className="btn btn-secondary" disabled={!newName.trim()} data-testid="new-tag-submit">
              Add
            </button>
          </form>
          <div className="codebook-io">
            <button type="button" className="btn btn-ghost btn-small" data-testid="export-csv" onClick={() => void exportAs('csv')}>
              Export CSV
            </button>
            <button type="button" className="btn btn-ghost btn-small" data-testid="export-qdc" onClick={() => void exportAs('qdc')}>
              Export .qdc
            </button>
            <button type="button" className="btn btn-ghost btn-small" data-testid="import-qdc" onClick={() => importRef.current?.click()}>
              Import .qdc
            </button>
            <input
              ref={importRef}
              type="file"
              accept=".qdc,.xml,application/xml,text/xml"
              hidden
              data-testid="import-qdc-input"
              onChange={(event) => {
                const file = event.target.files?.[0];
                event.target.value = '';
                if (file) void importQdc(file);
              }}
            />
          </div>
          {notice ? (
            <p className="codebook-notice" role="status">
              {notice}
            </p>
          ) : null}
        </div>
        <ul
          className={`tag-tree${dropTarget === '' ? ' is-drop-root' : ''}`}
          role="tree"
          aria-label="Codebook"
          data-testid="tag-tree"
          onDragOver={(event) => {
            if (event.dataTransfer.types.includes(DRAG_TYPE)) {
              event.preventDefault();
              setDropTarget((t) => t ?? '');
            }
          }}
          onDragLeave={() => setDropTarget(null)}
          onDrop={(event) => onDrop(event, null)}
        >
          {rows.map(({ tag, depth, children }) => (
            <li
              key={tag.id}
              role="treeitem"
              aria-level={depth + 1}
              aria-selected={tag.id === selected?.id}
              aria-expanded={children.length > 0 ? !collapsed.has(tag.id) : undefined}
              className={`tag-row${tag.id === selected?.id ? ' is-selected' : ''}${dropTarget === tag.id ? ' is-drop' : ''}`}
              style={{ paddingInlineStart: 10 + depth * 18 }}
              data-testid="tag-row"
              data-tag-name={tag.name}
              draggable
              onDragStart={(event) => {
                event.dataTransfer.setData(DRAG_TYPE, tag.id);
                event.dataTransfer.effectAllowed = 'move';
              }}
              onDragOver={(event) => {
                if (!event.dataTransfer.types.includes(DRAG_TYPE)) return;
                event.preventDefault();
                event.stopPropagation();
                setDropTarget(tag.id);
              }}
              onDrop={(event) => {
                event.stopPropagation();
                onDrop(event, tag.id);
              }}
              onClick={() => setSelectedId(tag.id)}
            >
              <button
                type="button"
                className="tree-caret"
                aria-label={collapsed.has(tag.id) ? 'Expand' : 'Collapse'}
                hidden={children.length === 0}
                onClick={(event) => {
                  event.stopPropagation();
                  toggle(tag.id);
                }}
              >
                {collapsed.has(tag.id) ? '▸' : '▾'}
              </button>
              <span className="swatch" style={{ backgroundColor: tag.color }} aria-hidden="true" />
              <span className="tag-row-name" dir="auto">
                {tag.name}
              </span>
              <span className="tag-row-count" title={`${plural(tag.subtreePassageCount, 'passage')} with sub-tags`}>
                {tag.passageCount}
              </span>
            </li>
          ))}
          {rows.length === 0 ? <li className="muted tag-tree-empty">No tags yet. Tag a passage in the reader, or add one here.</li> : null}
        </ul>
      </section>
      {selected ? (
        <TagDetails
          key={selected.id}
          tag={selected}
          tags={tags}
          store={store}
          revision={state.revision}
          onMove={move}
          onConfirm={setConfirm}
          onOpenPassage={onOpenPassage}
          onGone={() => setSelectedId(null)}
        />
      ) : (
        <section className="tag-details muted">Choose a tag.</section>
      )}
      {confirm ? <ConfirmDialog confirm={confirm} onClose={() => setConfirm(null)} /> : null}
    </div>
  );
}

function TagDetails({
  tag,
  tags,
  store,
  revision,
  onMove,
  onConfirm,
  onOpenPassage,
  onGone,
}: {
  tag: TagView;
  tags: readonly TagView[];
  store: PassageStore;
  revision: number;
  onMove: (id: string, parentId: string | null) => void;
  onConfirm: (confirm: Confirm) => void;
  onOpenPassage: (sourceId: string, passageId: string) => void;
  onGone: () => void;
}) {
  const [name, setName] = useState(tag.name);
  const [description, setDescription] = useState(tag.description);
  const [withChildren, setWithChildren] = useState(true);
  const [passages, setPassages] = useState<PassageInContext[] | null>(null);
  const [filter, setFilter] = useState<PassageFilter>({ status: 'all', researcher: 'all' });
  const targets = useMemo(() => moveTargets(tags, tag.id), [tags, tag.id]);
  const mergeTargets = useMemo(() => tags.filter((t) => t.id !== tag.id), [tags, tag.id]);

  useEffect(() => {
    let current = true;
    void store.query('tags.passages', { tagId: tag.id, includeDescendants: withChildren, contextChars: 80 }).then((result) => {
      if (current && result) setPassages(result.passages);
    });
    return () => {
      current = false;
    };
  }, [store, tag.id, withChildren, revision]);

  const shown = useMemo(() => filterPassages(passages ?? [], filter), [passages, filter]);
  const researchers = useMemo(() => researchersOf(passages ?? []), [passages]);

  const rename = () => {
    const next = name.trim();
    if (next && next !== tag.name) void store.codebook('tags.update', { id: tag.id, name: next });
    else setName(tag.name);
  };

  const askMerge = (intoId: string) => {
    const into = tags.find((t) => t.id === intoId);
    if (!into) return;
    onConfirm({
      title: `Merge “${tag.name}” into “${into.name}”?`,
      body: (
        <p>
          {plural(tag.passageCount, 'passage')} tagged “{tag.name}” will carry “{pathLabel(into)}” instead, its sub-tags move under it, and
          “{tag.name}” disappears. Undo brings it back.
        </p>
      ),
      action: 'Merge',
      run: async () => {
        const result = await store.codebook('tags.merge', { fromId: tag.id, intoId });
        if (result) onGone();
      },
    });
  };

  const askDelete = async () => {
    const usage = await store.query('tags.usage', { id: tag.id });
    if (!usage) return;
    onConfirm({
      title: `Delete “${tag.name}”?`,
      body: (
        <p>
          It is on {plural(usage.passageCount, 'passage')}; the passages stay, without this tag.
          {usage.childCount > 0 ? ` Its ${plural(usage.childCount, 'sub-tag')} move up a level.` : ''} Undo brings it back.
        </p>
      ),
      action: `Delete tag (${plural(usage.passageCount, 'passage')})`,
      danger: true,
      run: async () => {
        const result = await store.codebook('tags.delete', { id: tag.id });
        if (result) onGone();
      },
    });
  };

  return (
    <section className="tag-details" aria-label={`Tag ${tag.name}`} data-testid="tag-details">
      <header className="tag-details-head">
        <p className="tag-path muted" dir="auto">
          {tag.path.slice(0, -1).join(' / ') || 'Top level'}
        </p>
        <input
          className="tag-name-input"
          data-testid="tag-name-input"
          value={name}
          dir="auto"
          aria-label="Tag name"
          onChange={(event) => setName(event.target.value)}
          onBlur={rename}
          onKeyDown={(event) => {
            if (event.key === 'Enter') event.currentTarget.blur();
            if (event.key === 'Escape') setName(tag.name);
          }}
        />
        <div className="swatches" role="radiogroup" aria-label="Colour">
          {TAG_PALETTE.map((hex) => (
            <button
              key={hex}
              type="button"
              role="radio"
              aria-checked={tag.color.toLowerCase() === hex}
              aria-label={`Colour ${hex}`}
              className={`swatch-button${tag.color.toLowerCase() === hex ? ' is-on' : ''}`}
              style={{ backgroundColor: hex }}
              onClick={() => void store.codebook('tags.update', { id: tag.id, color: hex })}
            />
          ))}
          <label className="swatch-custom" title="Any colour">
            <CustomColour key={tag.color} color={tag.color} onPick={(hex) => void store.codebook('tags.update', { id: tag.id, color: hex })} />
          </label>
        </div>
        <textarea
          className="tag-description"
          placeholder="What this tag means, when to use it…"
          value={description}
          rows={2}
          dir="auto"
          onChange={(event) => setDescription(event.target.value)}
          onBlur={() => {
            if (description !== tag.description) void store.codebook('tags.update', { id: tag.id, description });
          }}
        />
        <div className="tag-actions">
          <label>
            Move to{' '}
            <select
              data-testid="move-tag"
              value=""
              onChange={(event) => onMove(tag.id, event.target.value === '__root' ? null : event.target.value)}
            >
              <option value="" disabled>
                choose…
              </option>
              {tag.parentId !== null ? <option value="__root">Top level</option> : null}
              {targets
                .filter((t) => t.id !== tag.parentId)
                .map((t) => (
                  <option key={t.id} value={t.id}>
                    {pathLabel(t)}
                  </option>
                ))}
            </select>
          </label>
          <label>
            Merge into{' '}
            <select data-testid="merge-tag" value="" onChange={(event) => askMerge(event.target.value)}>
              <option value="" disabled>
                choose…
              </option>
              {mergeTargets.map((t) => (
                <option key={t.id} value={t.id}>
                  {pathLabel(t)}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="btn btn-ghost btn-small btn-danger" data-testid="delete-tag" onClick={() => void askDelete()}>
            Delete…
          </button>
        </div>
      </header>
      <div className="tag-passages-filters">
        <b>{plural(shown.length, 'passage')}</b>
        <label>
          <input type="checkbox" checked={withChildren} onChange={(event) => setWithChildren(event.target.checked)} /> with sub-tags
        </label>
        <select
          aria-label="Status"
          data-testid="filter-status"
          value={filter.status}
          onChange={(event) => setFilter({ ...filter, status: event.target.value as PassageFilter['status'] })}
        >
          <option value="all">Any status</option>
          {PASSAGE_STATUSES.map((s: PassageStatus) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]}
            </option>
          ))}
          <option value="none">Not assessed</option>
        </select>
        <select
          aria-label="Researcher"
          data-testid="filter-researcher"
          value={filter.researcher}
          onChange={(event) => setFilter({ ...filter, researcher: event.target.value })}
        >
          <option value="all">Anyone</option>
          {researchers.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
        <AddToDossier passageIds={shown.map((p) => p.id)} label={`Add ${shown.length === 1 ? 'it' : `all ${shown.length}`} to dossier…`} className="btn btn-secondary btn-small" />
      </div>
      <ol className="tag-passages" data-testid="tag-passages">
        {shown.map((p) => (
          <li key={p.id}>
            <button type="button" className="tag-passage" data-testid="tag-passage" onClick={() => onOpenPassage(p.sourceId, p.id)}>
              <span className="tag-passage-source" dir="auto">
                {p.sourceTitle}
                {p.page ? ` · p. ${p.page}` : ''}
              </span>
              <span className="tag-passage-context" dir="auto">
                {p.before ? `…${p.before}` : ''}
                <mark>{p.found ?? p.exact}</mark>
                {p.after ? `${p.after}…` : ''}
              </span>
              <span className="passage-meta">
                {p.status ? <span className={`status-badge status-${p.status}`}>{STATUS_LABELS[p.status]}</span> : null}
                <span>{p.researcher}</span>
                {p.anchor === 'orphaned' ? <span className="anchor-orphaned">lost its place</span> : null}
                {p.note ? <span dir="auto">✎ {p.note.length > 60 ? `${p.note.slice(0, 58)}…` : p.note}</span> : null}
              </span>
            </button>
          </li>
        ))}
        {passages !== null && shown.length === 0 ? <li className="muted">No passages match.</li> : null}
      </ol>
    </section>
  );
}

function ConfirmDialog({ confirm, onClose }: { confirm: Confirm; onClose: () => void }) {
  const [busy, setBusy] = useState(false);
  const okRef = useRef<HTMLButtonElement>(null);
  useEffect(() => okRef.current?.focus(), []);
  return (
    <div className="palette-backdrop" onMouseDown={onClose}>
      <div
        className="confirm-dialog"
        role="alertdialog"
        aria-modal="true"
        aria-label={confirm.title}
        data-testid="confirm-dialog"
        onMouseDown={(event) => event.stopPropagation()}
        onKeyDown={(event) => {
          if (event.key === 'Escape') onClose();
          event.stopPropagation();
        }}
      >
        <h3>{confirm.title}</h3>
        {confirm.body}
        <div className="confirm-actions">
          <button type="button" className="btn btn-secondary" onClick={onClose}>
            Cancel
          </button>
          <button
            ref={okRef}
            type="button"
            className={`btn ${confirm.danger ? 'btn-danger-solid' : 'btn-primary'}`}
            data-testid="confirm-ok"
            disabled={busy}
            onClick={() => {
              setBusy(true);
              void confirm.run().finally(onClose);
            }}
          >
            {confirm.action}
          </button>
        </div>
      </div>
    </div>
  );
}

/**
 * The system colour picker reports every colour the pointer passes over (`input` events) and the one the person
 * settles on (`change`, when the picker closes). Only that one is saved: one pick is one undo step, not dozens.
 * Keyed by the tag's colour, so it starts over when the colour changes (an undo, a swatch).
 */
function CustomColour({ color, onPick }: { color: string; onPick: (hex: string) => void }) {
  const ref = useRef<HTMLInputElement>(null);
  const [shown, setShown] = useState(color.toLowerCase());
  const pick = useRef(onPick);
  useEffect(() => {
    pick.current = onPick;
  });
  useEffect(() => {
    const input = ref.current;
    if (!input) return;
    const settle = () => {
      if (input.value.toLowerCase() !== color.toLowerCase()) pick.current(input.value);
    };
    input.addEventListener('change', settle);
    return () => input.removeEventListener('change', settle);
  }, [color]);
  return <input ref={ref} type="color" data-testid="tag-custom-colour" value={shown} onChange={(event) => setShown(event.target.value)} />;
}
