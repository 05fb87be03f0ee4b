import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { TagView } from '../../../shared/domain/tag';
import { pathLabel } from '../codebook/tagTree';
import type { TagChoice } from './store';
import { tagOptions } from './tagOptions';

type Props = {
  tags: readonly TagView[];
  /** Screen point to open at (the selection's corner); the picker keeps itself on screen. */
  x: number;
  y: number;
  quote?: string;
  onPick: (choice: TagChoice) => void;
  onClose: () => void;
};

/** Type a few letters, Enter: the whole tagging gesture without the mouse. */
export function TagPicker({ tags, x, y, quote, onPick, onClose }: Props) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [place, setPlace] = useState({ left: x, top: y + 6 });
  const ref = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const listId = useId();
  const options = useMemo(() => tagOptions(tags, query), [tags, query]);
  const index = Math.min(active, Math.max(options.length - 1, 0));

  useLayoutEffect(() => {
    const box = ref.current?.getBoundingClientRect();
    if (!box) return;
    const left = Math.max(8, Math.min(x, window.innerWidth - box.width - 8));
    const below = y + 6;
    const top = below + box.height > window.innerHeight - 8 ? Math.max(8, y - box.height - 30) : below;
    setPlace({ left, top });
  }, [x, y]);

  useEffect(() => {
    inputRef.current?.focus();
  }, []);

  const choose = (i: number) => {
    const option = options[i];
    if (!option) return;
    onPick(option.kind === 'tag' ? { id: option.tag.id } : { newName: option.name });
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      onClose();
    } else if (event.key === 'ArrowDown') {
      event.preventDefault();
      setActive((index + 1) % Math.max(options.length, 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((index - 1 + options.length) % Math.max(options.length, 1));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      choose(index);
    }
    // Keys typed here must not reach the window's single-key shortcuts.
    event.stopPropagation();
  };

  return (
    <>
      <div className="popup-catcher" onMouseDown={onClose} />
      <div
        ref={ref}
        className="tag-picker"
        role="dialog"
        aria-label="Tag the selection"
        data-testid="tag-picker"
        style={place}
        onKeyDown={onKeyDown}
      >
        {quote ? (
          <p className="tag-picker-quote" dir="auto">
            “{quote.length > 90 ? `${quote.slice(0, 88)}…` : quote}”
          </p>
        ) : null}
        <input
          ref={inputRef}
          className="tag-picker-input"
          data-testid="tag-picker-input"
          placeholder="Tag…  (type to find or create)"
          value={query}
          onChange={(event) => {
            setQuery(event.target.value);
            setActive(0);
          }}
          role="combobox"
          aria-expanded="true"
          aria-controls={listId}
          aria-activedescendant={options[index] ? `${listId}-${index}` : undefined}
          aria-autocomplete="list"
          spellCheck={false}
          autoComplete="off"
          dir="auto"
        />
        <ul className="tag-picker-list" role="listbox" id={listId} aria-label="Tags">
          {options.map((option, i) => (
            <li
              key={option.kind === 'tag' ? option.tag.id : 'create'}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === index}
              className={`tag-option${option.kind === 'create' ? ' is-create' : ''}`}
              data-testid={option.kind === 'create' ? 'tag-option-create' : 'tag-option'}
              onMouseMove={() => setActive(i)}
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => choose(i)}
            >
              {option.kind === 'tag' ? (
                <>
                  <span className="swatch" style={{ backgroundColor: option.tag.color }} aria-hidden="true" />
                  <span className="tag-option-name" dir="auto">
                    {pathLabel(option.tag)}
                  </span>
                  <span className="tag-option-count">{option.tag.passageCount}</span>
                </>
              ) : (
                <>
                  <span className="swatch swatch-new" aria-hidden="true">
                    +
                  </span>
                  <span className="tag-option-name" dir="auto">
                    Create “{option.name}”
                  </span>
                </>
              )}
            </li>
          ))}
          {options.length === 0 ? <li className="tag-option-empty">Type a name to create the first tag.</li> : null}
        </ul>
        <p className="tag-picker-help">
          <kbd>↵</kbd> tag · <kbd>↑</kbd>
          <kbd>↓</kbd> choose · <kbd>Esc</kbd> cancel
        </p>
      </div>
    </>
  );
}
