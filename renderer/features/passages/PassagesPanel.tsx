import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { RefObject } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { AnchorState, PassageStatus, PassageView } from '../../../shared/domain/passage';
import { PASSAGE_STATUSES } from '../../../shared/domain/passage';
import type { TagView } from '../../../shared/domain/tag';
import { formatDateTime } from '../../components/format';
import { AddToDossier } from '../dossier/AddToDossier';
import { EntityLinks } from '../entities/EntityLinks';
import type { SourcePassages, TagChoice } from './store';
import { isPending } from './store';
import { TagPicker } from './TagPicker';

export const STATUS_LABELS: Record<PassageStatus, string> = {
  'to-verify': 'To verify',
  verified: 'Verified',
  disputed: 'Disputed',
};

const ANCHOR_LABELS: Record<AnchorState, string> = {
  anchored: 'In place',
  moved: 'Moved: the quote was found elsewhere in the text',
  changed: 'Changed: the text here now differs from the quote',
  orphaned: 'Lost: the quote is no longer in the text',
};

export type PassageActions = {
  select: (id: string | null) => void;
  /** Scroll the reader to the passage and flash it. */
  show: (id: string) => void;
  addTag: (id: string, choice: TagChoice) => void;
  removeTag: (id: string, tagId: string) => void;
  setNote: (id: string, note: string) => void;
  setStatus: (id: string, status: PassageStatus | null) => void;
  remove: (id: string) => void;
  /** Re-attach to the reader's current selection; false when there is none. */
  reattach: (id: string) => boolean;
};

type Props = {
  entry: SourcePassages | undefined;
  tags: readonly TagView[];
  selectedId: string | null;
  actions: PassageActions;
};

/** The open source's passages in reading order, the selected one's details, and those that lost their place. */
export function PassagesPanel({ entry, tags, selectedId, actions }: Props) {
  const scrollRef = useRef<HTMLElement>(null);
  const tagsById = useMemo(() => new Map(tags.map((t) => [t.id, t])), [tags]);
  const passages = entry?.status === 'ready' ? entry.passages : [];
  const placed = passages.filter((p) => p.anchor !== 'orphaned');
  const orphans = passages.filter((p) => p.anchor === 'orphaned');
  const selected = passages.find((p) => p.id === selectedId) ?? null;

  return (
    <aside className="pane-passages" aria-label="Passages" data-testid="passages-panel" ref={scrollRef}>
      {selected ? (
        <PassageDetails key={selected.id} passage={selected} tags={tags} tagsById={tagsById} actions={actions} />
      ) : null}
      <div className="passages-head">
        <h3>Passages</h3>
        <span className="case-count">{placed.length}</span>
      </div>
      {entry?.status === 'error' ? (
        <p className="pane-problem" role="alert">
          {entry.message}
        </p>
      ) : null}
      {entry?.status === 'ready' && passages.length === 0 ? (
        <p className="passages-empty muted">
          Select text and press <kbd>T</kbd> to tag a passage.
        </p>
      ) : null}
      <PassageList passages={placed} tagsById={tagsById} selectedId={selectedId} actions={actions} scrollRef={scrollRef} />
      {orphans.length > 0 ? (
        <section className="orphans" data-testid="orphans">
          <h4>Lost their place ({orphans.length})</h4>
          <p className="muted orphans-help">The source changed and these quotes were not found. Select the right words in the text, then re-attach.</p>
          <ol className="passage-list">
            {orphans.map((p) => (
              <li key={p.id} className={`passage-row is-orphan${p.id === selectedId ? ' is-selected' : ''}`} data-testid="orphan-row">
                <button type="button" className="passage-row-main" onClick={() => actions.select(p.id)}>
                  <TagDots passage={p} tagsById={tagsById} />
                  <span className="passage-quote" dir="auto">
                    “{p.exact}”
                  </span>
                </button>
                <ReattachButton onReattach={() => actions.reattach(p.id)} />
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </aside>
  );
}

function ReattachButton({ onReattach }: { onReattach: () => boolean }) {
  const [refused, setRefused] = useState(false);
  return (
    <div className="reattach">
      <button
        type="button"
        className="btn btn-secondary btn-small"
        data-testid="reattach"
        onMouseDown={(event) => event.preventDefault()}
        onClick={() => setRefused(!onReattach())}
      >
        Re-attach to selection
      </button>
      {refused ? <span className="muted">Select the words in the text first.</span> : null}
    </div>
  );
}

function TagDots({ passage, tagsById }: { passage: PassageView; tagsById: Map<string, TagView> }) {
  return (
    <span className="tag-dots" aria-hidden="true">
      {passage.tagIds.slice(0, 4).map((id) => (
        <span key={id} className="swatch" style={{ backgroundColor: tagsById.get(id)?.color ?? '#8a857c' }} />
      ))}
    </span>
  );
}

/** Rows in reading order; only those in view are in the DOM, as a source can carry thousands of passages. */
function PassageList({
  passages,
  tagsById,
  selectedId,
  actions,
  scrollRef,
}: {
  passages: readonly PassageView[];
  tagsById: Map<string, TagView>;
  selectedId: string | null;
  actions: PassageActions;
  scrollRef: RefObject<HTMLElement | null>;
}) {
  const listRef = useRef<HTMLOListElement>(null);
  const [margin, setMargin] = useState(0);
  useLayoutEffect(() => {
    const list = listRef.current;
    const scroller = scrollRef.current;
    if (!list || !scroller) return;
    const measure = () => setMargin(list.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop);
    measure();
    const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(measure) : null;
    if (scroller.firstElementChild) observer?.observe(scroller.firstElementChild);
    return () => observer?.disconnect();
  }, [scrollRef, selectedId]);

  // eslint-disable-next-line react-hooks/incompatible-library -- rows take only data, nothing memoises its functions
  const virtualizer = useVirtualizer({
    count: passages.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 84,
    overscan: 8,
    scrollMargin: margin,
    getItemKey: (index) => passages[index]?.id ?? index,
  });

  // The passage chosen in the text comes into view in the list.
  const selectedIndex = selectedId ? passages.findIndex((p) => p.id === selectedId) : -1;
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);

  const onOpen = useCallback(
    (id: string) => {
      actions.select(id);
      actions.show(id);
    },
    [actions],
  );
  const items = virtualizer.getVirtualItems();
  return (
    <ol ref={listRef} className="passage-list" data-testid="passage-list" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
      {items.map((item) => {
        const passage = passages[item.index] as PassageView;
        return (
          <PassageRow
            key={item.key}
            index={item.index}
            measureRef={virtualizer.measureElement}
            top={item.start - margin}
            passage={passage}
            tagsById={tagsById}
            selected={passage.id === selectedId}
            onOpen={onOpen}
          />
        );
      })}
    </ol>
  );
}

const PassageRow = memo(function PassageRow({
  passage,
  tagsById,
  selected,
  onOpen,
  index,
  measureRef,
  top,
}: {
  passage: PassageView;
  tagsById: Map<string, TagView>;
  selected: boolean;
  onOpen: (id: string) => void;
  index: number;
  measureRef: (el: Element | null) => void;
  top: number;
}) {
  const names = passage.tagIds.map((id) => tagsById.get(id)?.name).filter(Boolean).join(', ');
  return (
    <li
      ref={measureRef}
      data-index={index}
      className={`passage-row${selected ? ' is-selected' : ''}`}
      data-testid="passage-row"
      data-passage-id={passage.id}
      style={{ position: 'absolute', top: 0, left: 6, right: 6, transform: `translateY(${top}px)` }}
    >
      <button type="button" className="passage-row-main" onClick={() => onOpen(passage.id)}>
        <TagDots passage={passage} tagsById={tagsById} />
        <span className="passage-body">
          <span className="passage-quote" dir="auto">
            {passage.exact}
          </span>
          <span className="passage-meta">
            <span dir="auto">{names || 'No tag'}</span>
            {passage.status ? <span className={`status-badge status-${passage.status}`}>{STATUS_LABELS[passage.status]}</span> : null}
            {passage.note ? <span title="Has a note">✎</span> : null}
          </span>
        </span>
      </button>
    </li>
  );
});

function PassageDetails({
  passage,
  tags,
  tagsById,
  actions,
}: {
  passage: PassageView;
  tags: readonly TagView[];
  tagsById: Map<string, TagView>;
  actions: PassageActions;
}) {
  const [note, setNote] = useState(passage.note);
  const [picker, setPicker] = useState<{ x: number; y: number } | null>(null);
  const [savedNote, setSavedNote] = useState(passage.note);
  const pending = isPending(passage.id);

  // A note changed elsewhere (undo, another view) replaces the draft unless the researcher is typing.
  const [seen, setSeen] = useState(passage.note);
  if (seen !== passage.note) {
    setSeen(passage.note);
    if (note === savedNote) setNote(passage.note);
    setSavedNote(passage.note);
  }

  const saveNote = () => {
    if (note !== savedNote) {
      setSavedNote(note);
      actions.setNote(passage.id, note);
    }
  };

  return (
    <section className="passage-details" data-testid="passage-details" aria-label="Selected passage">
      <div className="details-head">
        <h3>Passage</h3>
        <button type="button" className="btn btn-ghost btn-small" onClick={() => actions.show(passage.id)} disabled={passage.start === null}>
          Show in text
        </button>
        <button type="button" className="btn btn-ghost btn-icon btn-small" aria-label="Close" onClick={() => actions.select(null)}>
          ×
        </button>
      </div>
      <blockquote className="details-quote" dir="auto">
        {passage.found ?? passage.exact}
      </blockquote>
      {passage.anchor !== 'anchored' ? (
        <p className={`anchor-state anchor-${passage.anchor}`} data-testid="anchor-state">
          {ANCHOR_LABELS[passage.anchor]}
        </p>
      ) : null}
      <div className="details-tags" data-testid="details-tags">
        {passage.tagIds.map((id) => {
          const tag = tagsById.get(id);
          return (
            <span key={id} className="tag-chip" data-testid="tag-chip">
              <span className="swatch" style={{ backgroundColor: tag?.color ?? '#8a857c' }} aria-hidden="true" />
              <span dir="auto">{tag?.name ?? 'Unknown tag'}</span>
              <button
                type="button"
                className="chip-remove"
                aria-label={`Remove tag ${tag?.name ?? ''}`}
                disabled={pending}
                onClick={() => actions.removeTag(passage.id, id)}
              >
                ×
              </button>
            </span>
          );
        })}
        <button
          type="button"
          className="btn btn-ghost btn-small"
          data-testid="add-tag"
          disabled={pending}
          onClick={(event) => {
            const rect = event.currentTarget.getBoundingClientRect();
            setPicker({ x: rect.left, y: rect.bottom });
          }}
        >
          + Tag
        </button>
      </div>
      {picker ? (
        <TagPicker
          tags={tags.filter((t) => !passage.tagIds.includes(t.id))}
          x={picker.x}
          y={picker.y}
          onPick={(choice) => {
            setPicker(null);
            actions.addTag(passage.id, choice);
          }}
          onClose={() => setPicker(null)}
        />
      ) : null}
      <EntityLinks passageId={passage.id} sourceId={passage.sourceId} disabled={pending} />
      <div className="status-choice" role="radiogroup" aria-label="Status">
        {[null, ...PASSAGE_STATUSES].map((status) => (
          <button
            key={status ?? 'none'}
            type="button"
            role="radio"
            aria-checked={passage.status === status}
            className={`status-option${passage.status === status ? ' is-on' : ''}${status ? ` status-${status}` : ''}`}
            data-testid={`status-${status ?? 'none'}`}
            disabled={pending}
            onClick={() => actions.setStatus(passage.id, status)}
          >
            {status ? STATUS_LABELS[status] : 'Not assessed'}
          </button>
        ))}
      </div>
      <label className="note-label">
        <span>Note</span>
        <textarea
          className="note-editor"
          data-testid="note-editor"
          dir="auto"
          value={note}
          disabled={pending}
          placeholder="Why this matters, what to check…"
          rows={3}
          onChange={(event) => setNote(event.target.value)}
          onBlur={saveNote}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
              event.preventDefault();
              saveNote();
            }
          }}
        />
      </label>
      <p className="details-meta">
        <span>
          By <b>{passage.researcher || 'unknown'}</b>
        </span>
        <span title={formatDateTime(passage.createdAt)}>{formatDateTime(passage.updatedAt)}</span>
        {passage.page ? <span>p. {passage.page}</span> : null}
      </p>
      <div className="details-actions">
        <AddToDossier passageIds={[passage.id]} disabled={pending} />
        <button type="button" className="btn btn-ghost btn-small btn-danger" data-testid="delete-passage" disabled={pending} onClick={() => actions.remove(passage.id)}>
          Delete passage <kbd>Del</kbd>
        </button>
      </div>
    </section>
  );
}
