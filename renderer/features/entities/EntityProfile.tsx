import { useEffect, useMemo, useRef, useState } from 'react';
import type { EntityProfile as Profile, EntityRef, EntityType, Mention, RelationshipView } from '../../../shared/domain/entity';
import { RELATIONSHIP_LABELS } from '../../../shared/domain/entity';
import type { MethodInput, MethodName, MethodOutput } from '../../../shared/api/contract';
import type { PassageInContext } from '../../../shared/domain/passage';
import { EntityCombobox } from './EntityCombobox';
import type { EntitiesHost } from './host';
import { RelationshipForm } from './RelationshipForm';
import { EvidenceList } from './EvidenceList';
import { relationshipPeriod } from './relationshipDraft';
import { ENTITY_TYPES, propertyLabel, SUGGESTED_PROPERTIES, TYPE_LABELS, TypeIcon } from './types';
import { useQuery } from './useQuery';
import { AddToDossier } from '../dossier/AddToDossier';

type Props = { host: EntitiesHost; id: string; onGone: () => void; onSelect: (id: string) => void };

const mentionKey = (m: Mention) => `${m.sourceId}:${m.start}:${m.end}`;

/** Everything the case knows about one entity, and every edit on it; each edit is one step of the case's undo. */
export function EntityProfile({ host, id, onGone, onSelect }: Props) {
  const { data } = useQuery(`${host.version}|${id}`, () => host.call('entities.get', { id }), host.fail);
  if (data.status === 'loading') return <section className="entity-profile is-loading" aria-busy="true" data-testid="entity-profile" />;
  if (data.status === 'error')
    return (
      <section className="entity-profile entity-profile-gone" data-testid="entity-profile">
        <p className="muted">{data.message}</p>
        <button type="button" className="btn btn-secondary btn-small" onClick={onGone}>
          Back to the list
        </button>
      </section>
    );
  // Keyed by entity, so drafts (name, description) never leak from one profile into another.
  return <ProfileBody key={data.value.entity.id} host={host} profile={data.value} onGone={onGone} onSelect={onSelect} />;
}

function ProfileBody({ host, profile, onGone, onSelect }: { host: EntitiesHost; profile: Profile; onGone: () => void; onSelect: (id: string) => void }) {
  const { entity } = profile;
  const ref: EntityRef = { id: entity.id, type: entity.type, name: entity.name };
  const [addingRelationship, setAddingRelationship] = useState(false);
  // One relationship edited at a time, in place of its row; when the edit ends, focus goes back to its Edit button.
  const [editingId, setEditingId] = useState<string | null>(null);
  const [focusEditOf, setFocusEditOf] = useState<string | null>(null);
  // The same for the new-relationship form and its "+ Relationship" button (disabled, so unfocusable, until it closes).
  const addButton = useRef<HTMLButtonElement>(null);
  const focusAddNext = useRef(false);
  useEffect(() => {
    if (addingRelationship || !focusAddNext.current) return;
    focusAddNext.current = false;
    addButton.current?.focus();
  }, [addingRelationship]);
  const [merging, setMerging] = useState<EntityRef | 'pick' | null>(null);

  const edit = async <M extends MethodName>(method: M, input: MethodInput<M>, message?: string, sourceIds?: readonly string[] | 'all'): Promise<MethodOutput<M> | null> => {
    try {
      const result = await host.call(method, input);
      host.afterEdit(sourceIds);
      if (message) host.notify(message);
      return result;
    } catch (error) {
      host.fail(error);
      return null;
    }
  };

  return (
    <section className="entity-profile" aria-label={`Entity ${entity.name}`} data-testid="entity-profile" data-entity-id={entity.id}>
      <header className="profile-head">
        <div className="profile-type">
          <TypeIcon type={entity.type} size={16} decorative />
          <select
            value={entity.type}
            aria-label="Type"
            className="profile-type-select"
            data-testid="profile-type"
            onChange={(event) => void edit('entities.update', { id: entity.id, type: event.target.value as EntityType })}
          >
            {ENTITY_TYPES.map((t) => (
              <option key={t} value={t}>
                {TYPE_LABELS[t]}
              </option>
            ))}
          </select>
        </div>
        <NameEditor name={entity.name} onRename={(name, keep) => void edit('entities.update', { id: entity.id, name, keepOldNameAsAlias: keep }, `Renamed to “${name}”`)} />
        <p className="profile-counts">
          <span>
            <b>{entity.mentionCount}</b> mentions in {entity.mentionSourceCount} {entity.mentionSourceCount === 1 ? 'source' : 'sources'}
          </span>
          <span>
            <b>{entity.passageCount}</b> {entity.passageCount === 1 ? 'passage' : 'passages'}
          </span>
          <span>
            <b>{entity.relationshipCount}</b> {entity.relationshipCount === 1 ? 'relationship' : 'relationships'}
            {entity.unsupportedRelationshipCount > 0 ? <span className="unsupported-note"> ({entity.unsupportedRelationshipCount} unsupported)</span> : null}
          </span>
        </p>
        <div className="profile-actions">
          <button type="button" className="btn btn-secondary btn-small" onClick={() => setMerging('pick')} data-testid="entity-merge">
            Merge another entity into this…
          </button>
          <button
            type="button"
            className="btn btn-ghost btn-small btn-danger"
            data-testid="entity-delete"
            onClick={() =>
              void edit('entities.delete', { id: entity.id }, `Deleted “${entity.name}” (undo with ${navigator.platform.startsWith('Mac') ? '⌘' : 'Ctrl+'}Z)`).then((done) => {
                if (done) onGone();
              })
            }
          >
            Delete
          </button>
        </div>
        {merging ? (
          <MergePanel
            host={host}
            into={ref}
            other={merging === 'pick' ? null : merging}
            onPick={setMerging}
            onCancel={() => setMerging(null)}
            onConfirm={(other) =>
              void edit('entities.merge', { fromId: other.id, intoId: entity.id }, `Merged “${other.name}” into “${entity.name}”`).then(() => setMerging(null))
            }
          />
        ) : null}
      </header>

      <div className="profile-grid">
        <ProfileField label="Also known as">
          <Aliases
            aliases={entity.aliases}
            onChange={(aliases) => void edit('entities.update', { id: entity.id, aliases })}
          />
        </ProfileField>
        <ProfileField label="Description">
          <DescriptionEditor value={entity.description} onSave={(description) => void edit('entities.update', { id: entity.id, description })} />
        </ProfileField>
        <ProfileField label="Properties">
          <Properties
            type={entity.type}
            properties={entity.properties}
            onChange={(properties) => void edit('entities.update', { id: entity.id, properties })}
          />
        </ProfileField>
        {entity.mergedFrom.length > 0 ? (
          <ProfileField label="Merged from">
            <ul className="merged-from">
              {entity.mergedFrom.map((m) => (
                <li key={m.id} className="entity-chip is-static">
                  <TypeIcon type={m.type} />
                  <span dir="auto">{m.name}</span>
                  <button
                    type="button"
                    className="btn btn-ghost btn-small"
                    data-testid="entity-split"
                    onClick={() => void edit('entities.split', { id: entity.id, mergedId: m.id }, `Split “${m.name}” off again`)}
                  >
                    Split off
                  </button>
                </li>
              ))}
            </ul>
          </ProfileField>
        ) : null}
      </div>

      <section className="profile-section" aria-label="Relationships">
        <div className="profile-section-head">
          <h3>Relationships</h3>
          <span className="case-count">{profile.relationships.length}</span>
          <button
            ref={addButton}
            type="button"
            className="btn btn-secondary btn-small"
            onClick={() => {
              setEditingId(null);
              setAddingRelationship(true);
            }}
            data-testid="relationship-add"
            disabled={addingRelationship}
          >
            + Relationship
          </button>
        </div>
        {addingRelationship ? (
          <RelationshipForm
            host={host}
            entity={ref}
            onDone={() => {
              focusAddNext.current = true;
              setAddingRelationship(false);
            }}
          />
        ) : null}
        {profile.relationships.length === 0 && !addingRelationship ? (
          <p className="muted profile-empty">No relationship yet. Add one with the passages that show it.</p>
        ) : null}
        <ul className="relationship-list">
          {profile.relationships.map((r) =>
            r.id === editingId ? (
              <li key={r.id} className="relationship-edit-item" data-testid="relationship-editing" data-relationship-id={r.id}>
                <RelationshipForm
                  host={host}
                  entity={ref}
                  relationship={r}
                  onDone={() => {
                    setEditingId(null);
                    setFocusEditOf(r.id);
                  }}
                />
              </li>
            ) : (
              <RelationshipRow
                key={r.id}
                relationship={r}
                selfId={entity.id}
                onOpenEntity={onSelect}
                onOpenPassage={host.openPassage}
                onEdit={() => {
                  setAddingRelationship(false);
                  setEditingId(r.id);
                }}
                focusEdit={focusEditOf === r.id}
                onDelete={() => void edit('relationships.delete', { id: r.id }, 'Relationship deleted')}
              />
            ),
          )}
        </ul>
      </section>

      <LinkedPassages host={host} passages={profile.passages} entity={ref} onUnlink={(p) => void edit('entities.unlink', { passageId: p.id, entityIds: [entity.id] }, undefined, [p.sourceId])} />

      <Mentions
        host={host}
        profile={profile}
        onTurn={(mentions) =>
          void edit(
            'entities.mentionsToPassages',
            { id: entity.id, mentions: mentions === 'all' ? 'all' : mentions.map((m) => ({ sourceId: m.sourceId, start: m.start, end: m.end })) },
            undefined,
            mentions === 'all' ? 'all' : [...new Set(mentions.map((m) => m.sourceId))],
          ).then((done) => {
            if (done) host.notify(`${done.created} passages created, ${done.linked} existing ones linked`);
          })
        }
      />
    </section>
  );
}

function ProfileField({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="profile-field">
      <h4>{label}</h4>
      <div>{children}</div>
    </div>
  );
}

function NameEditor({ name, onRename }: { name: string; onRename: (name: string, keepOldAsAlias: boolean) => void }) {
  const [draft, setDraft] = useState<string | null>(null);
  const [keep, setKeep] = useState(true);
  if (draft === null)
    return (
      <h2 className="profile-name" dir="auto">
        {name}
        <button type="button" className="btn btn-ghost btn-small profile-rename" onClick={() => setDraft(name)} data-testid="entity-rename">
          Rename
        </button>
      </h2>
    );
  const commit = () => {
    const next = draft.trim();
    setDraft(null);
    if (next && next !== name) onRename(next, keep);
  };
  return (
    <form
      className="profile-name-form"
      onSubmit={(event) => {
        event.preventDefault();
        commit();
      }}
    >
      <input
        className="profile-name-input"
        value={draft}
        autoFocus
        dir="auto"
        aria-label="Name"
        data-testid="entity-name-input"
        onChange={(event) => setDraft(event.target.value)}
        onKeyDown={(event) => {
          event.stopPropagation();
          if (event.key === 'Escape') setDraft(null);
        }}
      />
      <label className="profile-keep">
        <input type="checkbox" checked={keep} onChange={(event) => setKeep(event.target.checked)} /> keep “{name}” as an alias
      </label>
      <button type="submit" className="btn btn-primary btn-small">
        Rename
      </button>
    </form>
  );
}

function Aliases({ aliases, onChange }: { aliases: readonly string[]; onChange: (aliases: string[]) => void }) {
  const [draft, setDraft] = useState('');
  return (
    <div className="alias-list" data-testid="entity-aliases">
      {aliases.map((alias) => (
        <span key={alias} className="tag-chip alias-chip">
          <span dir="auto">{alias}</span>
          <button type="button" className="chip-remove" aria-label={`Remove alias ${alias}`} onClick={() => onChange(aliases.filter((a) => a !== alias))}>
            ×
          </button>
        </span>
      ))}
      <input
        className="alias-input"
        value={draft}
        placeholder="+ alias, spelling, transliteration"
        dir="auto"
        data-testid="alias-input"
        onChange={(event) => setDraft(event.target.value)}
        onKeyDown={(event) => {
          event.stopPropagation();
          const value = draft.trim();
          if (event.key === 'Enter' && value) {
            event.preventDefault();
            if (!aliases.includes(value)) onChange([...aliases, value]);
            setDraft('');
          }
        }}
      />
    </div>
  );
}

function DescriptionEditor({ value, onSave }: { value: string; onSave: (value: string) => void }) {
  const [draft, setDraft] = useState(value);
  const [seen, setSeen] = useState(value);
  // Undo elsewhere replaces the text unless the researcher has unsaved typing.
  if (seen !== value) {
    setSeen(value);
    if (draft === seen) setDraft(value);
  }
  return (
    <textarea
      className="profile-description"
      value={draft}
      rows={3}
      dir="auto"
      placeholder="Who or what this is, and how you know."
      data-testid="entity-description"
      onChange={(event) => setDraft(event.target.value)}
      onKeyDown={(event) => event.stopPropagation()}
      onBlur={() => {
        if (draft !== value) onSave(draft);
      }}
    />
  );
}

function Properties({
  type,
  properties,
  onChange,
}: {
  type: EntityType;
  properties: Record<string, string[]>;
  onChange: (properties: Record<string, string[]>) => void;
}) {
  const suggested = SUGGESTED_PROPERTIES[type];
  const [key, setKey] = useState(suggested[0] ?? 'country');
  const [value, setValue] = useState('');
  const entries = Object.entries(properties).flatMap(([k, values]) => values.map((v) => [k, v] as const));
  const add = () => {
    const v = value.trim();
    const k = key.trim();
    if (!v || !/^[a-zA-Z][a-zA-Z0-9]{0,63}$/.test(k)) return;
    const current = properties[k] ?? [];
    if (!current.includes(v)) onChange({ ...properties, [k]: [...current, v] });
    setValue('');
  };
  return (
    <div className="property-editor">
      {entries.length > 0 ? (
        <dl className="property-list" data-testid="entity-properties">
          {entries.map(([k, v]) => (
            <div key={`${k}=${v}`} className="property-row">
              <dt>{propertyLabel(k)}</dt>
              <dd dir="auto">{v}</dd>
              <button
                type="button"
                className="chip-remove"
                aria-label={`Remove ${propertyLabel(k)} ${v}`}
                onClick={() => {
                  const rest = (properties[k] ?? []).filter((x) => x !== v);
                  const next = { ...properties };
                  if (rest.length > 0) next[k] = rest;
                  else delete next[k];
                  onChange(next);
                }}
              >
                ×
              </button>
            </div>
          ))}
        </dl>
      ) : null}
      <form
        className="property-add"
        onSubmit={(event) => {
          event.preventDefault();
          add();
        }}
        onKeyDown={(event) => event.stopPropagation()}
      >
        <input
          className="property-key"
          list={`props-${type}`}
          value={key}
          aria-label="Property"
          data-testid="property-key"
          onChange={(event) => setKey(event.target.value)}
        />
        <datalist id={`props-${type}`}>
          {suggested.map((k) => (
            <option key={k} value={k}>
              {propertyLabel(k)}
            </option>
          ))}
        </datalist>
        <input
          className="property-value"
          value={value}
          aria-label="Value"
          dir="auto"
          placeholder={/date/i.test(key) ? 'YYYY, YYYY-MM or YYYY-MM-DD' : 'Value'}
          data-testid="property-value"
          onChange={(event) => setValue(event.target.value)}
        />
        <button type="submit" className="btn btn-secondary btn-small" disabled={!value.trim()}>
          Add
        </button>
      </form>
    </div>
  );
}

export function RelationshipRow({
  relationship: r,
  selfId,
  onOpenEntity,
  onOpenPassage,
  onEdit,
  focusEdit = false,
  onDelete,
}: {
  relationship: RelationshipView;
  selfId: string | null;
  onOpenEntity: (id: string) => void;
  onOpenPassage: (sourceId: string, passageId: string) => void;
  onEdit?: () => void;
  /** Focus the Edit button when the row appears (in place of the edit form that just closed). */
  focusEdit?: boolean;
  onDelete?: () => void;
}) {
  const focusEditOnMount = useRef(focusEdit);
  const editRef = (button: HTMLButtonElement | null) => {
    if (!button || !focusEditOnMount.current) return;
    focusEditOnMount.current = false;
    button.focus();
  };
  const period = relationshipPeriod(r.startDate, r.endDate);
  const end = (e: EntityRef) =>
    e.id === selfId ? (
      <b dir="auto">{e.name}</b>
    ) : (
      <button type="button" className="link-button" dir="auto" onClick={() => onOpenEntity(e.id)}>
        <TypeIcon type={e.type} decorative /> {e.name}
      </button>
    );
  return (
    <li className={`relationship-row${r.unsupported ? ' is-unsupported' : ''}`} data-testid="relationship-row" data-relationship-id={r.id}>
      <div className="relationship-line">
        {end(r.subject)}
        <span className="relationship-kind-label">{r.kind === 'other' ? r.label : RELATIONSHIP_LABELS[r.kind]}</span>
        {end(r.object)}
        {r.label && r.kind !== 'other' ? <span className="muted">({r.label})</span> : null}
        {period ? <span className="relationship-period muted">{period}</span> : null}
        {r.unsupported ? (
          <span className="unsupported-badge" data-testid="relationship-unsupported" title="No passage supports this relationship yet">
            Unsupported
          </span>
        ) : null}
        {onEdit || onDelete ? (
          <span className="relationship-actions">
            {onEdit ? (
              <button
                ref={editRef}
                type="button"
                className="btn btn-ghost btn-small"
                onClick={onEdit}
                aria-label={`Edit relationship: ${r.subject.name} ${r.displayLabel} ${r.object.name}`}
                data-testid="relationship-edit"
              >
                Edit
              </button>
            ) : null}
            {onDelete ? (
              <button type="button" className="btn btn-ghost btn-small btn-danger relationship-delete" onClick={onDelete} aria-label="Delete relationship">
                ×
              </button>
            ) : null}
          </span>
        ) : null}
      </div>
      {r.description ? (
        <p className="relationship-description-text" dir="auto">
          {r.description}
        </p>
      ) : null}
      {r.evidence.length > 0 ? (
        <EvidenceList passages={r.evidence} testId="relationship-evidence" onOpen={onOpenPassage} />
      ) : null}
    </li>
  );
}

function LinkedPassages({
  host,
  passages,
  entity,
  onUnlink,
}: {
  host: EntitiesHost;
  passages: readonly PassageInContext[];
  entity: EntityRef;
  onUnlink: (p: PassageInContext) => void;
}) {
  const bySource = useMemo(() => {
    const groups = new Map<string, { title: string; passages: PassageInContext[] }>();
    for (const p of passages) {
      const group = groups.get(p.sourceId) ?? { title: p.sourceTitle, passages: [] };
      group.passages.push(p);
      groups.set(p.sourceId, group);
    }
    return [...groups.entries()];
  }, [passages]);
  return (
    <section className="profile-section" aria-label="Linked passages">
      <div className="profile-section-head">
        <h3>Passages</h3>
        <span className="case-count">{passages.length}</span>
        {passages.length > 0 ? (
          <AddToDossier passageIds={passages.map((p) => p.id)} label={passages.length === 1 ? 'Add to dossier…' : `Add all ${passages.length} to dossier…`} className="btn btn-secondary btn-small" />
        ) : null}
      </div>
      {passages.length === 0 ? <p className="muted profile-empty">No passage is linked to {entity.name} yet.</p> : null}
      {bySource.map(([sourceId, group]) => (
        <div key={sourceId} className="profile-source">
          <h4 className="profile-source-title" dir="auto">
            <button type="button" className="link-button" onClick={() => host.openSource(sourceId)}>
              {group.title}
            </button>
          </h4>
          <ul className="profile-passages">
            {group.passages.map((p) => (
              <li key={p.id} className="profile-passage" data-testid="profile-passage">
                <button type="button" className="profile-passage-main" onClick={() => host.openPassage(p.sourceId, p.id)} title="Open in the reader">
                  <span className="passage-context" dir="auto">
                    {p.before ? <span className="muted">…{p.before}</span> : null}
                    <mark>{p.exact}</mark>
                    {p.after ? <span className="muted">{p.after}…</span> : null}
                  </span>
                </button>
                <button type="button" className="chip-remove" aria-label="Unlink this passage" onClick={() => onUnlink(p)}>
                  ×
                </button>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}

function Mentions({ host, profile, onTurn }: { host: EntitiesHost; profile: Profile; onTurn: (mentions: Mention[] | 'all') => void }) {
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const mentions = profile.unlinkedMentions;
  const picked = mentions.filter((m) => chosen.has(mentionKey(m)));
  return (
    <section className="profile-section" aria-label="Mentions not yet passages" data-testid="entity-mentions">
      <div className="profile-section-head">
        <h3>Mentions not yet tagged</h3>
        <span className="case-count">{profile.unlinkedMentionTotal}</span>
        {picked.length > 0 ? (
          <button type="button" className="btn btn-secondary btn-small" onClick={() => onTurn(picked)} data-testid="mentions-selected">
            Turn {picked.length} into passages
          </button>
        ) : null}
        <button
          type="button"
          className="btn btn-secondary btn-small"
          disabled={profile.unlinkedMentionTotal === 0}
          onClick={() => onTurn('all')}
          data-testid="mentions-all"
        >
          Turn all into passages
        </button>
      </div>
      {mentions.length === 0 ? <p className="muted profile-empty">Every mention of the name and its aliases is already a linked passage.</p> : null}
      <ul className="mention-list">
        {mentions.map((m) => {
          const k = mentionKey(m);
          return (
            <li key={k} className="mention-row" data-testid="mention-row">
              <input
                type="checkbox"
                aria-label={`Choose the mention in ${m.sourceTitle}`}
                checked={chosen.has(k)}
                onChange={(event) => {
                  const next = new Set(chosen);
                  if (event.target.checked) next.add(k);
                  else next.delete(k);
                  setChosen(next);
                }}
              />
              <button type="button" className="mention-main" onClick={() => host.openSource(m.sourceId)} title="Open the source">
                <span className="passage-context" dir="auto">
                  <span className="muted">…{m.before}</span>
                  <mark>{m.text}</mark>
                  <span className="muted">{m.after}…</span>
                </span>
                <span className="evidence-source" dir="auto">
                  {m.sourceTitle}
                  {m.page ? `, p. ${m.page}` : ''}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
      {profile.unlinkedMentionTotal > mentions.length ? (
        <p className="muted profile-empty">and {profile.unlinkedMentionTotal - mentions.length} more.</p>
      ) : null}
    </section>
  );
}

function MergePanel({
  host,
  into,
  other,
  onPick,
  onCancel,
  onConfirm,
}: {
  host: EntitiesHost;
  into: EntityRef;
  other: EntityRef | null;
  onPick: (e: EntityRef) => void;
  onCancel: () => void;
  onConfirm: (other: EntityRef) => void;
}) {
  return (
    <div className="merge-panel" role="group" aria-label="Merge" data-testid="merge-panel">
      {other ? (
        <>
          <p>
            Merge <b dir="auto">{other.name}</b> into <b dir="auto">{into.name}</b>? “{other.name}” becomes an alias; its passages,
            relationships and properties move here. You can undo, or split it off later.
          </p>
          <div className="merge-actions">
            <button type="button" className="btn btn-ghost btn-small" onClick={onCancel}>
              Cancel
            </button>
            <button type="button" className="btn btn-primary btn-small" onClick={() => onConfirm(other)} data-testid="merge-confirm" autoFocus>
              Merge
            </button>
          </div>
        </>
      ) : (
        <div className="merge-pick">
          <EntityCombobox
            call={host.call}
            placeholder={`Which entity is the same as ${into.name}?`}
            exclude={new Set([into.id])}
            onPick={onPick}
            onEscape={onCancel}
            testId="merge-input"
            autoFocus
          />
          <button type="button" className="btn btn-ghost btn-small" onClick={onCancel}>
            Cancel
          </button>
        </div>
      )}
    </div>
  );
}
