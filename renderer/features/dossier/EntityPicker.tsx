import { useEffect, useState } from 'react';
import type { EntityLookupMatch, EntityRef } from '../../../shared/domain/entity';
import type { DossierHost } from './context';

type Props = {
  host: DossierHost;
  chosen: readonly string[];
  names: ReadonlyMap<string, EntityRef>;
  onChange: (ids: string[]) => void;
  placeholder?: string;
  testId?: string;
};

/** Entity chips with a type-ahead to add more (entities.lookup is fast enough to ask on every key). */
export function EntityPicker({ host, chosen, names, onChange, placeholder = 'Add an entity…', testId }: Props) {
  const [query, setQuery] = useState('');
  const [matches, setMatches] = useState<EntityLookupMatch[]>([]);
  const [active, setActive] = useState(0);
  const { call } = host;

  useEffect(() => {
    const text = query.trim();
    if (!text) return;
    let current = true;
    call('entities.lookup', { query: text, limit: 8 }).then(
      ({ matches: found }) => {
        if (!current) return;
        setMatches(found.filter((m) => !chosen.includes(m.entity.id)));
        setActive(0);
      },
      () => {
        if (current) setMatches([]);
      },
    );
    return () => {
      current = false;
    };
  }, [call, query, chosen]);

  const shown = query.trim() ? matches : [];
  const pick = (match: EntityLookupMatch | undefined) => {
    if (!match) return;
    onChange([...chosen, match.entity.id]);
    setQuery('');
    setMatches([]);
  };

  return (
    <div className="entity-picker" data-testid={testId}>
      <ul className="entity-chips">
        {chosen.map((id) => {
          const ref = names.get(id);
          return (
            <li key={id} className="tag-chip entity-chip">
              <span className="entity-type">{ref?.type ?? 'entity'}</span>
              <span dir="auto">{ref?.name ?? 'Unknown entity'}</span>
              <button type="button" className="chip-remove" aria-label={`Remove ${ref?.name ?? 'entity'}`} onClick={() => onChange(chosen.filter((c) => c !== id))}>
                ×
              </button>
            </li>
          );
        })}
      </ul>
      <div className="entity-lookup">
        <input
          className="field-input field-small"
          value={query}
          placeholder={placeholder}
          dir="auto"
          role="combobox"
          aria-expanded={shown.length > 0}
          aria-autocomplete="list"
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'ArrowDown') setActive((a) => Math.min(a + 1, shown.length - 1));
            else if (event.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
            else if (event.key === 'Enter') pick(shown[active]);
            else if (event.key === 'Escape') setQuery('');
            else return;
            event.preventDefault();
          }}
        />
        {shown.length > 0 ? (
          <ul className="entity-matches" role="listbox">
            {shown.map((m, i) => (
              <li key={m.entity.id} role="option" aria-selected={i === active}>
                <button type="button" onMouseDown={(event) => event.preventDefault()} onClick={() => pick(m)}>
                  <span className="entity-type">{m.entity.type}</span>
                  <span dir="auto">{m.entity.name}</span>
                  {m.matched !== m.entity.name ? <span className="muted" dir="auto">({m.matched})</span> : null}
                </button>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </div>
  );
}
