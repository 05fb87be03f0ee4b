import { useEffect, useRef, useState } from 'react';
import type { BlockType, DossierRecord, DossierSection } from '../../../shared/domain/dossier';
import { BLOCK_TYPES, PAPER_SIZES } from '../../../shared/domain/dossier';
import { isEditableTarget } from '../../commands/shortcuts';
import { BLOCK_HINTS, BLOCK_LABELS, BlockBody, emptyBlock } from './Blocks';
import type { BlockEnv } from './Blocks';
import type { DossierBook } from './useDossier';
import { RedactionsPanel } from './Redactions';
import { blockStep, moveItem, reorderDelta } from './reorder';
import { Grip, SortableItem, SortableList } from './Sortable';

type Props = { record: DossierRecord; book: DossierBook; env: BlockEnv };

/** Applies a block move to a local copy, so a dragged block stays where it was dropped while main confirms. */
function movedBlock(record: DossierRecord, blockId: string, sectionId: string, index: number): DossierRecord {
  const block = record.sections.flatMap((s) => s.blocks).find((b) => b.id === blockId);
  if (!block) return record;
  const sections = record.sections.map((s) => ({ ...s, blocks: s.blocks.filter((b) => b.id !== blockId) }));
  return {
    ...record,
    sections: sections.map((s) => (s.id === sectionId ? { ...s, blocks: [...s.blocks.slice(0, index), block, ...s.blocks.slice(index)] } : s)),
  };
}

export function DossierEditor({ record, book, env }: Props) {
  const { edit } = book;
  const dossierId = record.id;
  const moveSection = (sectionId: string, index: number) =>
    void edit('dossiers.moveSection', { dossierId, sectionId, index }, (r) => {
      const from = r.sections.findIndex((s) => s.id === sectionId);
      return { ...r, sections: moveItem(r.sections, from, index) };
    });
  const moveBlock = (blockId: string, sectionId: string, index: number) =>
    void edit('dossiers.moveBlock', { dossierId, blockId, sectionId, index }, (r) => movedBlock(r, blockId, sectionId, index));

  return (
    <div className="dossier-doc">
      <MetaFields record={record} book={book} />
      <RedactionsPanel host={env.host} record={record} entities={env.entities} onSave={(redactions) => void edit('dossiers.update', { id: dossierId, redactions })} />
      <div className="dossier-sections">
        {record.sections.map((section, index) => (
          <SectionCard
            key={section.id}
            section={section}
            index={index}
            count={record.sections.length}
            record={record}
            book={book}
            env={env}
            onMoveSection={moveSection}
            onMoveBlock={moveBlock}
          />
        ))}
      </div>
      <button type="button" className="btn btn-secondary section-add" data-testid="section-add" onClick={() => void edit('dossiers.addSection', { dossierId, title: '' })}>
        + Add section
      </button>
    </div>
  );
}

function MetaFields({ record, book }: { record: DossierRecord; book: DossierBook }) {
  const save = (patch: { title?: string; author?: string; date?: string; label?: string; paper?: 'a4' | 'letter' }) =>
    void book.edit('dossiers.update', { id: record.id, ...patch }, (r) => ({ ...r, ...patch }));
  return (
    <header className="dossier-meta">
      <BlurField
        key={`t-${record.title}`}
        value={record.title}
        className="dossier-title-input"
        testId="dossier-title"
        label="Title"
        placeholder="Dossier title"
        required
        onSave={(title) => save({ title })}
      />
      <div className="dossier-meta-row">
        <label className="meta-field">
          <span>Author</span>
          <BlurField key={`a-${record.author}`} value={record.author} testId="dossier-author" label="Author" placeholder="Who signs it" onSave={(author) => save({ author })} />
        </label>
        <label className="meta-field meta-date">
          <span>Date</span>
          <BlurField key={`d-${record.date}`} value={record.date} testId="dossier-date" label="Date" placeholder="YYYY-MM-DD" onSave={(date) => save({ date })} />
        </label>
        <label className="meta-field meta-label">
          <span>Sensitivity</span>
          <BlurField
            key={`l-${record.label}`}
            value={record.label}
            testId="dossier-label"
            label="Sensitivity label"
            placeholder="e.g. Confidential — legal review"
            onSave={(label) => save({ label })}
          />
        </label>
        <label className="meta-field meta-paper">
          <span>Paper</span>
          <select className="field-input field-small" value={record.paper} data-testid="dossier-paper" onChange={(event) => save({ paper: event.target.value as 'a4' | 'letter' })}>
            {PAPER_SIZES.map((p) => (
              <option key={p} value={p}>
                {p === 'a4' ? 'A4' : 'US Letter'}
              </option>
            ))}
          </select>
        </label>
      </div>
    </header>
  );
}

/** A text field saved when it loses focus (or on Enter); Escape puts back what is stored. */
function BlurField({
  value,
  onSave,
  className = 'field-input field-small',
  testId,
  label,
  placeholder,
  required = false,
}: {
  value: string;
  onSave: (value: string) => void;
  className?: string;
  testId?: string;
  label: string;
  placeholder?: string;
  required?: boolean;
}) {
  const [draft, setDraft] = useState(value);
  return (
    <input
      className={className}
      value={draft}
      dir="auto"
      aria-label={label}
      placeholder={placeholder}
      data-testid={testId}
      onChange={(event) => setDraft(event.target.value)}
      onBlur={() => {
        const next = draft.trim();
        if (required && !next) setDraft(value);
        else if (next !== value) onSave(next);
      }}
      onKeyDown={(event) => {
        if (event.key === 'Enter') event.currentTarget.blur();
        if (event.key === 'Escape') setDraft(value);
      }}
    />
  );
}

function SectionCard({
  section,
  index,
  count,
  record,
  book,
  env,
  onMoveSection,
  onMoveBlock,
}: {
  section: DossierSection;
  index: number;
  count: number;
  record: DossierRecord;
  book: DossierBook;
  env: BlockEnv;
  onMoveSection: (sectionId: string, index: number) => void;
  onMoveBlock: (blockId: string, sectionId: string, index: number) => void;
}) {
  const { edit } = book;
  const dossierId = record.id;
  const ref = useRef<HTMLElement>(null);
  // A section moved from the keyboard keeps the focus (moving its node in the DOM would drop it).
  const refocus = useRef(false);
  useEffect(() => {
    if (!refocus.current) return;
    refocus.current = false;
    ref.current?.focus();
  }, [index]);
  const step = (delta: -1 | 1) => {
    const to = index + delta;
    if (to < 0 || to >= count) return;
    refocus.current = true;
    onMoveSection(section.id, to);
  };
  const ids = section.blocks.map((b) => b.id);
  return (
    <section
      ref={ref}
      className="dossier-section"
      data-testid="dossier-section"
      data-section-id={section.id}
      aria-label={`Section ${index + 1}${section.title ? `: ${section.title}` : ''}`}
      tabIndex={-1}
      onKeyDown={(event) => {
        const delta = reorderDelta(event);
        // Only from the section's own head: keys inside a block move the block.
        if (delta === null || isEditableTarget(event.target) || !(event.target as HTMLElement).closest('.section-head')) return;
        event.preventDefault();
        event.stopPropagation();
        step(delta);
      }}
    >
      <div className="section-head">
        <span className="section-number" aria-hidden="true">
          {index + 1}
        </span>
        <SectionTitle key={section.title} title={section.title} onSave={(title) => void edit('dossiers.updateSection', { dossierId, sectionId: section.id, title })} />
        <div className="section-tools">
          <button type="button" className="icon-button" aria-label="Move section up" title="Move section up (Alt+↑)" disabled={index === 0} onClick={() => step(-1)}>
            ↑
          </button>
          <button type="button" className="icon-button" aria-label="Move section down" title="Move section down (Alt+↓)" disabled={index === count - 1} onClick={() => step(1)}>
            ↓
          </button>
          <button
            type="button"
            className="icon-button section-delete"
            aria-label="Delete section"
            title="Delete section (Ctrl+Z brings it back)"
            data-testid="section-delete"
            onClick={() => void edit('dossiers.deleteSection', { dossierId, sectionId: section.id })}
          >
            ×
          </button>
        </div>
      </div>
      <div className="section-blocks">
        <SortableList ids={ids} label="Block" onMove={(from, to) => onMoveBlock(ids[from] ?? '', section.id, to)}>
          {(blockId) => {
            const block = section.blocks.find((b) => b.id === blockId);
            if (!block) return null;
            return (
              <SortableItem
                key={blockId}
                id={blockId}
                className={`dossier-block block-${block.type}`}
                testId="dossier-block"
                extra={{ 'data-block-type': block.type }}
                onStep={(delta) => {
                  const place = blockStep(record.sections, blockId, delta);
                  if (!place) return false;
                  onMoveBlock(blockId, place.sectionId, place.index);
                  return true;
                }}
              >
                {(handle) => (
                  <>
                    <div className="block-head">
                      <Grip handle={handle} label={`Move ${BLOCK_LABELS[block.type].toLowerCase()} block`} />
                      <span className="block-kind">{BLOCK_LABELS[block.type]}</span>
                      {block.type === 'quotes' ? <span className="case-count">{block.passageIds.length}</span> : null}
                      <button
                        type="button"
                        className="icon-button block-delete"
                        aria-label={`Delete ${BLOCK_LABELS[block.type].toLowerCase()} block`}
                        data-testid="block-delete"
                        onClick={() => void edit('dossiers.deleteBlock', { dossierId, blockId })}
                      >
                        ×
                      </button>
                    </div>
                    <BlockBody
                      block={block}
                      env={env}
                      onChange={(content) =>
                        void edit('dossiers.updateBlock', { dossierId, blockId, block: content }, (r) => ({
                          ...r,
                          sections: r.sections.map((s) => ({ ...s, blocks: s.blocks.map((b) => (b.id === blockId ? { ...content, id: blockId } : b)) })),
                        }))
                      }
                    />
                  </>
                )}
              </SortableItem>
            );
          }}
        </SortableList>
        {section.blocks.length === 0 ? <p className="muted block-empty">An empty section. Add text, or passages from the reader or the codebook.</p> : null}
      </div>
      <AddBlockMenu onAdd={(type) => void edit('dossiers.addBlock', { dossierId, sectionId: section.id, block: emptyBlock(type) })} />
    </section>
  );
}

function SectionTitle({ title, onSave }: { title: string; onSave: (title: string) => void }) {
  const [draft, setDraft] = useState(title);
  return (
    <input
      className="section-title-input"
      data-testid="section-title"
      value={draft}
      dir="auto"
      aria-label="Section title"
      placeholder="Untitled section"
      onChange={(event) => setDraft(event.target.value)}
      onBlur={() => {
        if (draft.trim() !== title) onSave(draft.trim());
      }}
      onKeyDown={(event) => {
        if (event.key === 'Enter') event.currentTarget.blur();
        if (event.key === 'Escape') setDraft(title);
      }}
    />
  );
}

function AddBlockMenu({ onAdd }: { onAdd: (type: BlockType) => void }) {
  const [open, setOpen] = useState(false);
  return (
    <div className="block-add">
      {open ? (
        <div className="block-add-menu" role="menu" aria-label="Add a block" onKeyDown={(event) => event.key === 'Escape' && setOpen(false)}>
          {BLOCK_TYPES.map((type, i) => (
            <button
              key={type}
              type="button"
              role="menuitem"
              className="block-add-option"
              data-testid={`block-add-${type}`}
              autoFocus={i === 0}
              onClick={() => {
                setOpen(false);
                onAdd(type);
              }}
            >
              <b>{BLOCK_LABELS[type]}</b>
              <span className="muted">{BLOCK_HINTS[type]}</span>
            </button>
          ))}
          <button type="button" className="btn btn-ghost btn-small" onClick={() => setOpen(false)}>
            Cancel
          </button>
        </div>
      ) : (
        <button type="button" className="btn btn-ghost btn-small" data-testid="block-add" onClick={() => setOpen(true)}>
          + Add block
        </button>
      )}
    </div>
  );
}
