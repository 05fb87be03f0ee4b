import { useState } from 'react';
import type { BlockContent, BlockType, CitationCheck, DossierBlock } from '../../../shared/domain/dossier';
import type { EntityRef } from '../../../shared/domain/entity';
import type { DossierHost } from './context';
import { EntityPicker } from './EntityPicker';
import { MarkdownView } from './Markdown';
import { moveItem } from './reorder';
import { Grip, SortableItem, SortableList } from './Sortable';

export const BLOCK_LABELS: Record<BlockType, string> = {
  narrative: 'Text',
  quotes: 'Quoted passages',
  entities: 'Entity profiles',
  graph: 'Relationship graph',
  timeline: 'Timeline',
  note: 'Note',
};

export const BLOCK_HINTS: Record<BlockType, string> = {
  narrative: 'Running text, in Markdown',
  quotes: 'Passages with numbered citations',
  entities: 'Profiles with their evidence',
  graph: 'Who is linked to whom, drawn at export',
  timeline: 'Dated passages and events',
  note: 'A remark set apart, for the editor or lawyer',
};

/** A new block of each kind, as the composer first adds it. */
export function emptyBlock(type: BlockType): BlockContent {
  switch (type) {
    case 'narrative':
      return { type, markdown: '' };
    case 'quotes':
      return { type, passageIds: [] };
    case 'entities':
      return { type, entityIds: [] };
    case 'graph':
      return { type, entityIds: [], caption: '' };
    case 'timeline':
      return { type, passageIds: [], entityIds: [], caption: '' };
    case 'note':
      return { type, text: '' };
  }
}

/** The content of a stored block, without its id: what dossiers.updateBlock takes. */
export function contentOf(block: DossierBlock): BlockContent {
  const { id, ...content } = block;
  void id;
  return content as BlockContent;
}

export type BlockEnv = {
  host: DossierHost;
  citations: ReadonlyMap<string, CitationCheck>;
  entities: ReadonlyMap<string, EntityRef>;
  onOpenCitation: (citation: CitationCheck) => void;
};

type Props = { block: DossierBlock; env: BlockEnv; onChange: (content: BlockContent) => void };

export function BlockBody({ block, env, onChange }: Props) {
  switch (block.type) {
    case 'narrative':
      return <NarrativeBlock key={block.markdown} markdown={block.markdown} onSave={(markdown) => onChange({ type: 'narrative', markdown })} />;
    case 'note':
      return <NoteBlock key={block.text} text={block.text} onSave={(text) => onChange({ type: 'note', text })} />;
    case 'quotes':
      return <QuotesBlock passageIds={block.passageIds} env={env} onChange={(passageIds) => onChange({ type: 'quotes', passageIds })} />;
    case 'entities':
      return (
        <EntityPicker
          host={env.host}
          chosen={block.entityIds}
          names={env.entities}
          onChange={(entityIds) => onChange({ type: 'entities', entityIds })}
          placeholder="Add an entity profile…"
        />
      );
    case 'graph':
      return (
        <div className="block-fields">
          <p className="muted block-help">{block.entityIds.length === 0 ? 'Every entity with a relationship is drawn. Choose entities to narrow it.' : 'Only these entities and the links between them are drawn.'}</p>
          <EntityPicker host={env.host} chosen={block.entityIds} names={env.entities} onChange={(entityIds) => onChange({ ...contentOf(block), entityIds } as BlockContent)} />
          <CaptionField key={block.caption} caption={block.caption} onSave={(caption) => onChange({ ...contentOf(block), caption } as BlockContent)} />
        </div>
      );
    case 'timeline':
      return (
        <div className="block-fields">
          <p className="muted block-help">The passages linked to these entities and their dated events, in date order.</p>
          <EntityPicker host={env.host} chosen={block.entityIds} names={env.entities} onChange={(entityIds) => onChange({ ...contentOf(block), entityIds } as BlockContent)} />
          {block.passageIds.length > 0 ? (
            <QuotesBlock passageIds={block.passageIds} env={env} onChange={(passageIds) => onChange({ ...contentOf(block), passageIds } as BlockContent)} />
          ) : null}
          <CaptionField key={block.caption} caption={block.caption} onSave={(caption) => onChange({ ...contentOf(block), caption } as BlockContent)} />
        </div>
      );
  }
}

/** Saved when the field loses focus or on Ctrl/Cmd+Enter; Escape drops the draft. */
function useDraft(saved: string, onSave: (value: string) => void) {
  const [draft, setDraft] = useState(saved);
  const commit = () => {
    if (draft !== saved) onSave(draft);
  };
  return { draft, setDraft, commit, reset: () => setDraft(saved) };
}

function NarrativeBlock({ markdown, onSave }: { markdown: string; onSave: (markdown: string) => void }) {
  const [editing, setEditing] = useState(markdown === '');
  const { draft, setDraft, commit, reset } = useDraft(markdown, onSave);
  if (!editing) {
    return (
      <div className="narrative-view">
        <MarkdownView markdown={markdown} className="md dossier-md" />
        <button type="button" className="btn btn-ghost btn-small narrative-edit" onClick={() => setEditing(true)} data-testid="narrative-edit">
          Edit text
        </button>
      </div>
    );
  }
  return (
    <div className="narrative-editor">
      <textarea
        className="dossier-textarea"
        data-testid="narrative-input"
        dir="auto"
        value={draft}
        rows={Math.min(16, Math.max(4, draft.split('\n').length + 1))}
        placeholder="Write the narrative. Markdown: **bold**, *italic*, ## heading, - list, > aside."
        autoFocus={markdown === ''}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            commit();
            setEditing(false);
          }
          if (event.key === 'Escape') reset();
        }}
      />
      <div className="narrative-actions">
        <span className="muted">Markdown · saved when you leave the field</span>
        <button
          type="button"
          className="btn btn-ghost btn-small"
          data-testid="narrative-done"
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => {
            commit();
            setEditing(false);
          }}
        >
          Show as text
        </button>
      </div>
    </div>
  );
}

function NoteBlock({ text, onSave }: { text: string; onSave: (text: string) => void }) {
  const { draft, setDraft, commit, reset } = useDraft(text, onSave);
  return (
    <textarea
      className="dossier-textarea note-textarea"
      data-testid="note-input"
      dir="auto"
      value={draft}
      rows={Math.min(10, Math.max(2, draft.split('\n').length + 1))}
      placeholder="A remark for the editor or the lawyer, printed apart from the text."
      onChange={(event) => setDraft(event.target.value)}
      onBlur={commit}
      onKeyDown={(event) => {
        if (event.key === 'Escape') reset();
      }}
    />
  );
}

function CaptionField({ caption, onSave }: { caption: string; onSave: (caption: string) => void }) {
  const { draft, setDraft, commit, reset } = useDraft(caption, onSave);
  return (
    <input
      className="field-input field-small caption-input"
      value={draft}
      dir="auto"
      placeholder="Caption"
      aria-label="Caption"
      onChange={(event) => setDraft(event.target.value)}
      onBlur={commit}
      onKeyDown={(event) => {
        if (event.key === 'Enter') event.currentTarget.blur();
        if (event.key === 'Escape') reset();
      }}
    />
  );
}

const PROBLEM_LABELS: Record<string, string> = {
  changed: 'Changed in the source',
  orphaned: 'No longer in the source',
  'missing-passage': 'Passage deleted',
  'missing-source': 'Source deleted',
};

function QuotesBlock({ passageIds, env, onChange }: { passageIds: readonly string[]; env: BlockEnv; onChange: (ids: string[]) => void }) {
  if (passageIds.length === 0) {
    return (
      <p className="muted block-empty">
        No passages yet. In the reader’s passage panel or a codebook tag, choose <b>Add to dossier…</b>
      </p>
    );
  }
  const move = (from: number, to: number) => onChange(moveItem(passageIds, from, to));
  return (
    <ol className="quote-list">
      <SortableList ids={passageIds} onMove={move} label="Quote">
        {(id, index) => {
          const citation = env.citations.get(id);
          return (
            <SortableItem
              key={id}
              id={id}
              as="li"
              className={`quote-item${citation && !citation.ok ? ' has-problem' : ''}`}
              testId="block-passage"
              extra={{ 'data-passage-id': id }}
              onStep={(delta) => {
                const to = index + delta;
                if (to < 0 || to >= passageIds.length) return false;
                move(index, to);
                return true;
              }}
            >
              {(handle) => (
                <>
                  <Grip handle={handle} label="Move quote" />
                  <span className="quote-number">{citation ? `[${citation.number}]` : '[·]'}</span>
                  <div className="quote-body">
                    <blockquote className="quote-text" dir="auto">
                      {citation ? citation.quote : <span className="muted">Loading the quote…</span>}
                    </blockquote>
                    <p className="quote-source">
                      <span dir="auto">{citation?.sourceTitle ?? (citation ? 'Source deleted' : '')}</span>
                      {citation && !citation.ok ? (
                        <button type="button" className="anchor-problem" title={citation.message} onClick={() => env.onOpenCitation(citation)}>
                          {PROBLEM_LABELS[citation.anchor] ?? citation.anchor}
                        </button>
                      ) : null}
                      {citation && citation.ok && citation.sourceTitle ? (
                        <button type="button" className="link-button quote-open" onClick={() => env.onOpenCitation(citation)}>
                          Open in reader
                        </button>
                      ) : null}
                    </p>
                  </div>
                  <button
                    type="button"
                    className="icon-button quote-remove"
                    aria-label="Remove this quote from the dossier"
                    title="Remove from the dossier (the passage stays in the case)"
                    onClick={() => onChange(passageIds.filter((p) => p !== id))}
                  >
                    ×
                  </button>
                </>
              )}
            </SortableItem>
          );
        }}
      </SortableList>
    </ol>
  );
}
