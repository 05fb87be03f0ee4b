import { useState } from 'react';
import type { EntityRef, RelationshipKind } from '../../../shared/domain/entity';
import { RELATIONSHIP_KINDS, RELATIONSHIP_LABELS } from '../../../shared/domain/entity';
import type { PassageInContext } from '../../../shared/domain/passage';
import { EntityCombobox } from './EntityCombobox';
import type { EntitiesHost } from './host';
import { TypeIcon } from './types';

type Props = {
  host: EntitiesHost;
  entity: EntityRef;
  /** This entity's linked passages: the usual evidence for what it did with whom. */
  passages: readonly PassageInContext[];
  onDone: () => void;
};

const kindLabel = (kind: RelationshipKind) => (kind === 'other' ? 'other (say what)…' : RELATIONSHIP_LABELS[kind]);

/** subject —kind→ object, with the passages that show it. Without evidence it is saved but marked unsupported. */
export function RelationshipForm({ host, entity, passages, onDone }: Props) {
  const [other, setOther] = useState<EntityRef | null>(null);
  const [kind, setKind] = useState<RelationshipKind>('associate');
  const [label, setLabel] = useState('');
  const [reversed, setReversed] = useState(false);
  const [evidence, setEvidence] = useState<ReadonlySet<string>>(new Set());
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const subject = reversed ? other : entity;
  const object = reversed ? entity : other;

  const save = async () => {
    if (!other || !subject || !object) {
      setProblem('Choose the other entity first.');
      return;
    }
    if (kind === 'other' && !label.trim()) {
      setProblem('Say what the relationship is.');
      return;
    }
    setSaving(true);
    try {
      await host.call('relationships.create', {
        subjectId: subject.id,
        objectId: object.id,
        kind,
        label: label.trim(),
        evidencePassageIds: [...evidence],
      });
      host.afterEdit();
      host.notify(evidence.size === 0 ? 'Relationship added, marked unsupported until it has evidence' : 'Relationship added');
      onDone();
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      className="relationship-form"
      data-testid="relationship-form"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
      onKeyDown={(event) => {
        event.stopPropagation();
        if (event.key === 'Escape') onDone();
      }}
    >
      <div className="relationship-sentence">
        <span className="relationship-end">
          {subject ? <EndChip entity={subject} /> : <OtherPicker host={host} entity={entity} onPick={setOther} />}
        </span>
        <select
          className="relationship-kind"
          value={kind}
          onChange={(event) => setKind(event.target.value as RelationshipKind)}
          aria-label="Relationship"
          data-testid="relationship-kind"
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
          <button type="button" className="btn btn-ghost btn-small" onClick={() => setOther(null)}>
            Change
          </button>
        ) : null}
      </div>
      <input
        className="relationship-label"
        value={label}
        onChange={(event) => setLabel(event.target.value)}
        placeholder={kind === 'other' ? 'What is the relationship? (required)' : 'Detail, e.g. “CEO”, “in August 2017” (optional)'}
        data-testid="relationship-label"
        dir="auto"
      />
      <fieldset className="relationship-evidence">
        <legend>Evidence</legend>
        {passages.length === 0 ? (
          <p className="muted">This entity has no linked passage yet: the relationship will be marked unsupported.</p>
        ) : (
          <ul>
            {passages.map((p) => (
              <li key={p.id}>
                <label className="evidence-choice">
                  <input
                    type="checkbox"
                    checked={evidence.has(p.id)}
                    onChange={(event) => {
                      const next = new Set(evidence);
                      if (event.target.checked) next.add(p.id);
                      else next.delete(p.id);
                      setEvidence(next);
                    }}
                    data-testid="evidence-choice"
                  />
                  <span className="evidence-quote" dir="auto">
                    “{p.exact.length > 160 ? `${p.exact.slice(0, 158)}…` : p.exact}”
                  </span>
                  <span className="evidence-source" dir="auto">
                    {p.sourceTitle}
                  </span>
                </label>
              </li>
            ))}
          </ul>
        )}
      </fieldset>
      {problem ? (
        <p className="field-problem" role="alert">
          {problem}
        </p>
      ) : null}
      <div className="relationship-form-actions">
        <button type="button" className="btn btn-ghost btn-small" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="btn btn-primary btn-small" disabled={saving || !other} data-testid="relationship-save">
          Add relationship
        </button>
      </div>
    </form>
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
