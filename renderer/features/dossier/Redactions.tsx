import { useState } from 'react';
import type { DossierRecord, Redaction } from '../../../shared/domain/dossier';
import type { EntityRef } from '../../../shared/domain/entity';
import { plural } from '../../components/format';
import type { DossierHost } from './context';
import { EntityPicker } from './EntityPicker';

type Props = {
  host: DossierHost;
  record: DossierRecord;
  entities: ReadonlyMap<string, EntityRef>;
  onSave: (redactions: Redaction[]) => void;
};

/** Suggests the next free "[Source A]"-style label, so protecting a name takes one choice. */
export function nextRedactionLabel(taken: readonly string[]): string {
  for (let i = 0; i < 26; i += 1) {
    const label = `[Source ${String.fromCharCode(65 + i)}]`;
    if (!taken.includes(label)) return label;
  }
  return `[Source ${taken.length + 1}]`;
}

/** Protected names: each entity (with its aliases) or list of words is replaced by a label in every export. */
export function RedactionsPanel({ host, record, entities, onSave }: Props) {
  const [open, setOpen] = useState(record.redactions.length > 0);
  const [terms, setTerms] = useState('');
  const list = record.redactions;
  const save = (next: Redaction[]) => onSave(next);
  const nameOf = (r: DossierRecord['redactions'][number]) =>
    r.entityId ? (entities.get(r.entityId)?.name ?? 'Unknown entity') : r.terms.join(', ');

  return (
    <section className="redactions" aria-label="Redactions" data-testid="redactions">
      <button type="button" className="redactions-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        <span aria-hidden="true">{open ? '▾' : '▸'}</span> Redactions
        <span className="case-count">{list.length}</span>
        <span className="muted redactions-summary">
          {list.length === 0 ? 'Names to replace by a label in the export' : `${plural(list.length, 'name')} replaced in every export`}
        </span>
      </button>
      {open ? (
        <div className="redactions-body">
          {list.length > 0 ? (
            <ul className="redaction-list">
              {list.map((r, i) => (
                <li key={`${r.entityId ?? r.terms.join('|')}-${i}`} className="redaction-row" data-testid="redaction-row">
                  <span className="redaction-name" dir="auto">
                    {nameOf(r)}
                  </span>
                  <span aria-hidden="true" className="muted">
                    →
                  </span>
                  <input
                    className="field-input field-small redaction-label"
                    defaultValue={r.label}
                    aria-label={`Label replacing ${nameOf(r)}`}
                    onBlur={(event) => {
                      const label = event.target.value.trim();
                      if (label && label !== r.label) save(list.map((x, j) => (j === i ? { ...x, label } : x)));
                      else event.target.value = r.label;
                    }}
                    onKeyDown={(event) => {
                      if (event.key === 'Enter') event.currentTarget.blur();
                    }}
                  />
                  <button type="button" className="icon-button" aria-label={`Stop redacting ${nameOf(r)}`} onClick={() => save(list.filter((_, j) => j !== i))}>
                    ×
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
          <div className="redaction-add">
            <EntityPicker
              host={host}
              chosen={[]}
              names={entities}
              placeholder="Protect an entity…"
              testId="redaction-entity"
              onChange={(ids) => {
                const entityId = ids[ids.length - 1];
                if (!entityId || list.some((r) => r.entityId === entityId)) return;
                save([...list, { entityId, terms: [], label: nextRedactionLabel(list.map((r) => r.label)) }]);
              }}
            />
            <form
              className="redaction-terms"
              onSubmit={(event) => {
                event.preventDefault();
                const words = terms
                  .split(',')
                  .map((t) => t.trim())
                  .filter(Boolean);
                if (words.length === 0) return;
                save([...list, { entityId: null, terms: words, label: nextRedactionLabel(list.map((r) => r.label)) }]);
                setTerms('');
              }}
            >
              <input
                className="field-input field-small"
                value={terms}
                dir="auto"
                placeholder="…or words, comma-separated"
                aria-label="Words to redact"
                onChange={(event) => setTerms(event.target.value)}
              />
              <button type="submit" className="btn btn-secondary btn-small" disabled={!terms.trim()}>
                Redact
              </button>
            </form>
          </div>
        </div>
      ) : null}
    </section>
  );
}
