import { useEffect, useId, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { EntityLookupMatch, EntityRef, EntityType } from '../../../shared/domain/entity';
import type { Call } from '../../api/client';
import { ENTITY_TYPES, guessType, TYPE_LABELS, TypeIcon } from './types';

type Option = { kind: 'match'; match: EntityLookupMatch } | { kind: 'create'; name: string };

type Props = {
  call: Call;
  placeholder: string;
  /** Entities not to offer (already linked, the profile's own entity). */
  exclude?: ReadonlySet<string>;
  /** Offer "Create …" after the matches; the researcher then picks a type. */
  onCreate?: (name: string, type: EntityType) => void;
  onPick: (entity: EntityRef) => void;
  onEscape?: () => void;
  testId?: string;
  autoFocus?: boolean;
  disabled?: boolean;
  inputRef?: React.RefObject<HTMLInputElement | null>;
};

/**
 * Type a name or alias, Enter: link, pick, or create in place. Matching is main's (entities.lookup: accents, case and
 * small typos forgiven); this component only keeps the answers in step with the keystrokes.
 */
export function EntityCombobox({ call, placeholder, exclude, onCreate, onPick, onEscape, testId, autoFocus, disabled, inputRef }: Props) {
  const [query, setQuery] = useState('');
  const [matches, setMatches] = useState<EntityLookupMatch[]>([]);
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState(false);
  /** Set while choosing the type of an entity to create. */
  const [creating, setCreating] = useState<{ name: string; index: number } | null>(null);
  const ownRef = useRef<HTMLInputElement>(null);
  const ref = inputRef ?? ownRef;
  const listId = useId();

  useEffect(() => {
    const text = query.trim();
    if (!text) return;
    let current = true;
    // A short pause so fast typing sends one lookup, not one per letter.
    const timer = setTimeout(() => {
      call('entities.lookup', { query: text, limit: 8 }).then(
        ({ matches: found }) => {
          if (current) setMatches(found);
        },
        () => {
          if (current) setMatches([]);
        },
      );
    }, 60);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [call, query]);

  // An emptied field shows nothing, whatever the last lookup answered.
  const shown = query.trim() ? matches.filter((m) => !exclude?.has(m.entity.id)) : [];
  const name = query.trim().replace(/\s+/g, ' ');
  const exact = shown.some((m) => m.how === 'exact' && m.matched.toLocaleLowerCase() === name.toLocaleLowerCase());
  const options: Option[] = [...shown.map((match) => ({ kind: 'match' as const, match }))];
  if (onCreate && name && !exact) options.push({ kind: 'create', name });
  const index = Math.min(active, Math.max(options.length - 1, 0));

  const reset = () => {
    setQuery('');
    setMatches([]);
    setActive(0);
    setCreating(null);
  };

  const choose = (i: number) => {
    const option = options[i];
    if (!option) return;
    if (option.kind === 'match') {
      onPick(option.match.entity);
      reset();
    } else {
      setCreating({ name: option.name, index: ENTITY_TYPES.indexOf(guessType(option.name)) });
    }
  };

  const create = (type: EntityType) => {
    if (!creating || !onCreate) return;
    onCreate(creating.name, type);
    reset();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    // Keys typed here must not reach the window's single-key shortcuts (T, J, K…).
    event.stopPropagation();
    if (creating) {
      const count = ENTITY_TYPES.length;
      if (event.key === 'ArrowDown' || event.key === 'ArrowRight') setCreating({ ...creating, index: (creating.index + 1) % count });
      else if (event.key === 'ArrowUp' || event.key === 'ArrowLeft') setCreating({ ...creating, index: (creating.index - 1 + count) % count });
      else if (event.key === 'Enter') create(ENTITY_TYPES[creating.index] ?? 'Other');
      else if (event.key === 'Escape') setCreating(null);
      else if (event.key.length === 1 && /\p{L}/u.test(event.key)) {
        // A letter jumps to the next type starting with it, as in a native select.
        const letter = event.key.toLocaleLowerCase();
        for (let step = 1; step <= count; step += 1) {
          const at = (creating.index + step) % count;
          if (TYPE_LABELS[ENTITY_TYPES[at] ?? 'Other'].toLocaleLowerCase().startsWith(letter)) {
            setCreating({ ...creating, index: at });
            break;
          }
        }
      } else return;
      event.preventDefault();
      return;
    }
    if (event.key === 'ArrowDown') {
      setOpen(true);
      setActive((index + 1) % Math.max(options.length, 1));
    } else if (event.key === 'ArrowUp') {
      setActive((index - 1 + options.length) % Math.max(options.length, 1));
    } else if (event.key === 'Enter') {
      choose(index);
    } else if (event.key === 'Escape') {
      if (query) reset();
      else {
        ref.current?.blur();
        onEscape?.();
      }
    } else return;
    event.preventDefault();
  };

  const expanded = open && (options.length > 0 || creating !== null);
  return (
    <div className="entity-combobox">
      <input
        ref={ref}
        className="entity-combobox-input"
        data-testid={testId}
        placeholder={placeholder}
        value={creating ? creating.name : query}
        readOnly={creating !== null}
        disabled={disabled}
        autoFocus={autoFocus}
        onChange={(event) => {
          setQuery(event.target.value);
          setActive(0);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => {
          setOpen(false);
          setCreating(null);
        }}
        onKeyDown={onKeyDown}
        role="combobox"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={expanded ? `${listId}-${creating ? creating.index : index}` : undefined}
        aria-autocomplete="list"
        spellCheck={false}
        autoComplete="off"
        dir="auto"
      />
      {expanded ? (
        <ul className="entity-options" role="listbox" id={listId} aria-label={creating ? 'Type of the new entity' : 'Entities'}>
          {creating ? (
            <>
              <li className="entity-options-caption" role="presentation">
                Create “<span dir="auto">{creating.name}</span>” as…
              </li>
              {ENTITY_TYPES.map((type, i) => (
                <li
                  key={type}
                  id={`${listId}-${i}`}
                  role="option"
                  aria-selected={i === creating.index}
                  className="entity-option"
                  data-testid="entity-type-option"
                  data-type={type}
                  onMouseMove={() => setCreating({ ...creating, index: i })}
                  onMouseDown={(event) => event.preventDefault()}
                  onClick={() => create(type)}
                >
                  <TypeIcon type={type} decorative />
                  <span className="entity-option-name">{TYPE_LABELS[type]}</span>
                </li>
              ))}
            </>
          ) : (
            options.map((option, i) => (
              <li
                key={option.kind === 'match' ? option.match.entity.id : 'create'}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === index}
                className={`entity-option${option.kind === 'create' ? ' is-create' : ''}`}
                data-testid={option.kind === 'create' ? 'entity-option-create' : 'entity-option'}
                onMouseMove={() => setActive(i)}
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => choose(i)}
              >
                {option.kind === 'match' ? (
                  <>
                    <TypeIcon type={option.match.entity.type} />
                    <span className="entity-option-name" dir="auto">
                      {option.match.entity.name}
                    </span>
                    {option.match.matched !== option.match.entity.name ? (
                      <span className="entity-option-alias" dir="auto">
                        {option.match.matched}
                      </span>
                    ) : null}
                  </>
                ) : (
                  <>
                    <span className="entity-option-plus" aria-hidden="true">
                      +
                    </span>
                    <span className="entity-option-name" dir="auto">
                      Create “{option.name}”…
                    </span>
                  </>
                )}
              </li>
            ))
          )}
          <li className="entity-options-help" role="presentation">
            <kbd>↵</kbd> {creating ? 'create' : 'choose'} · <kbd>↑</kbd>
            <kbd>↓</kbd> move · <kbd>Esc</kbd> {creating ? 'back' : 'clear'}
          </li>
        </ul>
      ) : null}
    </div>
  );
}
