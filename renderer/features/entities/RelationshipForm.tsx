import { useId, useMemo, useState } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';
import type { EntityRef, RelationshipKind, RelationshipView } from '../../../shared/domain/entity';
import { RELATIONSHIP_KINDS, RELATIONSHIP_LABELS } from '../../../shared/domain/entity';
import { EntityCombobox } from './EntityCombobox';
import type { EntitiesHost } from './host';
import type { EvidenceItem, RelationshipDraft } from './relationshipDraft';
import { NEW_RELATIONSHIP, draftOf, draftProblem, evidenceGroups, excerpt, relationshipChanges, relationshipCreation, supportSummary } from './relationshipDraft';
import { TypeIcon } from './types';
import { useQuery } from './useQuery';

type Props = {
  host: EntitiesHost;
  /** The end the form is opened from: the profile's entity, or the subject when opened from the graph. */
  entity: EntityRef;
  /** The relationship to edit; without it the form creates one. */
  relationship?: RelationshipView;
  /** `saved` is false on Cancel, Escape, or a Save with nothing changed. */
  onDone: (saved: boolean) => void;
};

const kindLabel = (kind: RelationshipKind) => (kind === 'other' ? 'other (say what)…' : RELATIONSHIP_LABELS[kind]);
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * subject —kind→ object, its detail, dates and description, and the passages that show it. Without evidence it is
 * saved but marked unsupported. Creating and editing share this form; a save is one relationships.create or
 * relationships.update call, so one step of the case's undo history.
 */
export function RelationshipForm({ host, entity, relationship, onDone }: Props) {
  const editing = relationship !== undefined;
  const [other, setOther] = useState<EntityRef | null>(() =>
    relationship ? (relationship.subject.id === entity.id ? relationship.object : relationship.subject) : null,
  );
  const [reversed, setReversed] = useState(() => (relationship ? relationship.subject.id !== entity.id : false));
  const [draft, setDraft] = useState<RelationshipDraft>(() => (relationship ? draftOf(relationship) : NEW_RELATIONSHIP));
  // Read once: the reader's selection cannot change while this form is on screen (the reader is another view).
  const [readerId] = useState(() => host.readerPassageId());
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [reloads, setReloads] = useState(0);
  // The version of the relationship the draft started from. Undo or redo from the toolbar can change it under an open
  // form: the draft then starts again from what the relationship is now, and says so, rather than saving over it.
  const [base, setBase] = useState(relationship?.updatedAt);
  const [changedElsewhere, setChangedElsewhere] = useState(false);
  if (relationship && relationship.updatedAt !== base && !saving) {
    setBase(relationship.updatedAt);
    setOther(relationship.subject.id === entity.id ? relationship.object : relationship.subject);
    setReversed(relationship.subject.id !== entity.id);
    setDraft(draftOf(relationship));
    setProblem(null);
    setChangedElsewhere(true);
  }
  const ids = useId();

  const subject = reversed ? other : entity;
  const object = reversed ? entity : other;
  const update = (patch: Partial<RelationshipDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setProblem(null);
  };

  // Offered evidence: passages linked to either end, and the reader's selection. Reloaded after every change to the
  // case (undo may delete a passage) and after a refused save.
  const endIds = other ? [entity.id, other.id] : [entity.id];
  const { data } = useQuery(
    JSON.stringify([host.version, endIds, readerId, reloads]),
    () => host.call('relationships.evidenceChoices', { entityIds: endIds, passageIds: readerId ? [readerId] : [] }),
    host.fail,
  );
  const choices = data.status === 'ready' ? data.value.passages : null;
  const groups = useMemo(() => evidenceGroups(relationship?.evidence ?? [], choices ?? [], readerId), [relationship, choices, readerId]);
  // Passages known to exist: a choice that vanished on reload (deleted meanwhile) is not sent again.
  const existing = useMemo(
    () => (choices ? new Set([...choices.map((c) => c.id), ...(relationship?.evidence ?? []).map((p) => p.id)]) : undefined),
    [choices, relationship],
  );
  const chosen = new Set(draft.evidence.filter((id) => !existing || existing.has(id)));
  const gone = relationship ? new Set(relationship.evidencePassageIds).size - relationship.evidence.length : 0;

  const toggle = (id: string, on: boolean) => update({ evidence: on ? [...draft.evidence.filter((e) => e !== id), id] : draft.evidence.filter((e) => e !== id) });

  const save = async () => {
    if (saving) return;
    if (!other || !subject || !object) {
      setProblem('Choose the other entity first.');
      return;
    }
    const invalid = draftProblem(draft);
    if (invalid) {
      setProblem(invalid);
      return;
    }
    const ends = { subjectId: subject.id, objectId: object.id };
    setSaving(true);
    try {
      if (relationship) {
        const changes = relationshipChanges(relationship, draft, ends, existing);
        if (!changes) {
          onDone(false);
          return;
        }
        const saved = await host.call('relationships.update', changes);
        host.afterEdit();
        host.notify(
          relationship.unsupported && !saved.unsupported
            ? `Relationship saved: supported by ${plural(saved.evidence.length, 'passage', 'passages')} now`
            : !relationship.unsupported && saved.unsupported
              ? 'Relationship saved, marked unsupported: no passage shows it any more'
              : 'Relationship saved',
        );
      } else {
        const created = await host.call('relationships.create', relationshipCreation(draft, ends, existing));
        host.afterEdit();
        host.notify(created.unsupported ? 'Relationship added, marked unsupported until it has evidence' : 'Relationship added');
      }
      onDone(true);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
      setReloads((n) => n + 1);
    } finally {
      setSaving(false);
    }
  };

  // Enter saves from any field but the description (Ctrl+Enter there) and the buttons; Escape cancels.
  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    event.stopPropagation();
    if (event.defaultPrevented || event.nativeEvent.isComposing) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      onDone(false);
      return;
    }
    if (event.key !== 'Enter') return;
    const target = event.target;
    const saveHere =
      target instanceof HTMLSelectElement ||
      (target instanceof HTMLInputElement && target.type === 'checkbox') ||
      (target instanceof HTMLTextAreaElement && (event.ctrlKey || event.metaKey));
    if (saveHere) {
      event.preventDefault();
      void save();
    }
  };

  const endNames = [entity.name, ...(other ? [other.name] : [])];
  const evidenceRow = (item: EvidenceItem, current: boolean) => {
    const on = chosen.has(item.passage.id);
    return (
      <li key={item.passage.id}>
        <label className={`evidence-choice${current && !on ? ' is-removed' : ''}`}>
          <input
            type="checkbox"
            checked={on}
            onChange={(event) => toggle(item.passage.id, event.target.checked)}
            data-testid="evidence-choice"
            data-passage-id={item.passage.id}
          />
          <span className="evidence-quote" dir="auto">
            “{excerpt(item.passage.quote)}”
          </span>
          <span className="evidence-source" dir="auto">
            {item.passage.sourceTitle}
          </span>
          {current && !on ? <span className="evidence-removed-note">Will be removed when you save</span> : null}
        </label>
      </li>
    );
  };
  const offered = groups.current.length + (groups.reader ? 1 : 0) + groups.linked.length;

  return (
    <form
      className={`relationship-form${editing ? ' is-editing' : ''}`}
      aria-label={editing ? 'Edit relationship' : 'New relationship'}
      data-testid="relationship-form"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
      onKeyDown={onKeyDown}
    >
      <div className="relationship-sentence">
        <span className="relationship-end">
          {subject ? <EndChip entity={subject} /> : <OtherPicker host={host} entity={entity} onPick={setOther} />}
        </span>
        <select
          className="relationship-kind"
          value={draft.kind}
          onChange={(event) => update({ kind: event.target.value as RelationshipKind })}
          aria-label="Relationship"
          data-testid="relationship-kind"
          autoFocus={editing}
        >
          {RELATIONSHIP_KINDS.map((k) => (
            <option key={k} value={k}>
              {kindLabel(k)}
            </option>
          ))}
        </select>
        <span className="relationship-end">
          {object ? <EndChip entity={object} /> : <OtherPicker host={host} entity={entity} onPick={setOther} />}
        </span>
        <button
          type="button"
          className="btn btn-ghost btn-small"
          title="Swap the two ends"
          aria-label="Swap the two ends"
          onClick={() => setReversed((r) => !r)}
          data-testid="relationship-swap"
        >
          ⇄
        </button>
        {other ? (
          <button type="button" className="btn btn-ghost btn-small" onClick={() => setOther(null)} aria-label={`Change ${other.name} for another entity`}>
            Change
          </button>
        ) : null}
      </div>
      <div className="relationship-fields">
        <input
          className="relationship-label"
          value={draft.label}
          onChange={(event) => update({ label: event.target.value })}
          placeholder={draft.kind === 'other' ? 'What is the relationship? (required)' : 'Detail, e.g. “CEO”, “in August 2017” (optional)'}
          aria-label={draft.kind === 'other' ? 'What the relationship is' : 'Detail'}
          aria-required={draft.kind === 'other'}
          data-testid="relationship-label"
          dir="auto"
        />
        <span className="relationship-dates">
          <DateField label="From" value={draft.startDate} onChange={(startDate) => update({ startDate })} hintId={`${ids}-dates`} testId="relationship-start" />
          <DateField label="Until" value={draft.endDate} onChange={(endDate) => update({ endDate })} hintId={`${ids}-dates`} testId="relationship-end" />
        </span>
        <span id={`${ids}-dates`} className="sr-hint">
          Optional; a year, a month (2017-08) or a day (2017-08-14).
        </span>
      </div>
      <textarea
        className="relationship-description"
        value={draft.description}
        onChange={(event) => update({ description: event.target.value })}
        rows={2}
        dir="auto"
        placeholder="Description: how you know, what is left to check (optional)"
        aria-label="Description"
        data-testid="relationship-description"
      />
      <fieldset className="relationship-evidence">
        <legend>Evidence</legend>
        <p className={`evidence-status${chosen.size === 0 ? ' is-unsupported' : ''}`} aria-live="polite" data-testid="evidence-status">
          {chosen.size === 0 ? <span className="unsupported-badge">Unsupported</span> : null}
          <span>{supportSummary(chosen.size)}</span>
        </p>
        <div className="evidence-groups">
          {groups.current.length > 0 ? (
            <EvidenceGroup title="Evidence now (uncheck to remove)" testId="evidence-current">
              {groups.current.map((item) => evidenceRow(item, true))}
            </EvidenceGroup>
          ) : null}
          {groups.reader ? (
            <EvidenceGroup title="Selected in the reader" testId="evidence-reader">
              {evidenceRow(groups.reader, false)}
            </EvidenceGroup>
          ) : null}
          {groups.linked.length > 0 ? (
            <EvidenceGroup title={`Linked to ${endNames.join(' or ')}`} testId="evidence-linked">
              {groups.linked.map((item) => evidenceRow(item, false))}
            </EvidenceGroup>
          ) : null}
          {choices && offered === 0 ? (
            <p className="muted evidence-empty">
              No passage is linked to {endNames.join(' or ')}, and none is selected in the reader. Select the passage that shows this relationship
              in the reader, then come back here.
            </p>
          ) : null}
          {!choices && data.status === 'loading' && groups.current.length === 0 ? <p className="muted evidence-empty">Looking for passages…</p> : null}
          {gone > 0 ? (
            <p className="muted evidence-empty">
              {gone === 1 ? '1 evidence passage was deleted' : `${gone} evidence passages were deleted`}; undoing the deletion brings{' '}
              {gone === 1 ? 'it' : 'them'} back here.
            </p>
          ) : null}
        </div>
      </fieldset>
      {changedElsewhere ? (
        <p className="muted" role="status" data-testid="relationship-changed-elsewhere">
          This relationship was changed while you edited it (undo or redo); the form now shows it as it stands.
        </p>
      ) : null}
      {problem ? (
        <p className="field-problem" role="alert" data-testid="relationship-problem">
          {problem}
        </p>
      ) : null}
      <div className="relationship-form-actions">
        <span className="relationship-form-hint muted" aria-hidden="true">
          Enter saves · Esc cancels
        </span>
        <button type="button" className="btn btn-ghost btn-small" onClick={() => onDone(false)} data-testid="relationship-cancel">
          Cancel
        </button>
        <button type="submit" className="btn btn-primary btn-small" disabled={saving || !other} data-testid="relationship-save">
          {editing ? 'Save changes' : 'Add relationship'}
        </button>
      </div>
    </form>
  );
}

function EvidenceGroup({ title, testId, children }: { title: string; testId: string; children: ReactNode }) {
  const id = useId();
  return (
    <div className="evidence-group" role="group" aria-labelledby={id} data-testid={testId}>
      <h5 id={id} className="evidence-group-title" dir="auto">
        {title}
      </h5>
      <ul>{children}</ul>
    </div>
  );
}

function EndChip({ entity }: { entity: EntityRef }) {
  return (
    <span className="entity-chip is-static">
      <TypeIcon type={entity.type} />
      <span className="entity-chip-name" dir="auto">
        {entity.name}
      </span>
    </span>
  );
}

function OtherPicker({ host, entity, onPick }: { host: EntitiesHost; entity: EntityRef; onPick: (e: EntityRef) => void }) {
  return (
    <EntityCombobox
      call={host.call}
      placeholder="Other entity…"
      exclude={new Set([entity.id])}
      onPick={onPick}
      onCreate={(name, type) =>
        void host.call('entities.create', { name, type }).then(
          (created) => {
            host.afterEdit();
            onPick({ id: created.id, type: created.type, name: created.name });
          },
          (error: unknown) => host.fail(error),
        )
      }
      testId="relationship-other"
      autoFocus
    />
  );
}

/** A partial date (year, month or day) as typed; draftProblem() says when it is not one. */
function DateField({ label, value, onChange, hintId, testId }: { label: string; value: string; onChange: (value: string) => void; hintId: string; testId: string }) {
  return (
    <label className="relationship-date">
      <span>{label}</span>
      <input
        value={value}
        onChange={(event) => onChange(event.target.value)}
        placeholder="YYYY-MM-DD"
        inputMode="numeric"
        aria-describedby={hintId}
        data-testid={testId}
      />
    </label>
  );
}
