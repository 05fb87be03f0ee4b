import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { Command, CommandContext } from './command';
import { fuzzyFilter } from './fuzzy';
import { Shortcut } from '../components/Shortcut';

type Props = {
  commands: readonly Command[];
  /** Read once when the palette opens: the commands on offer are those that apply at that moment. */
  context: () => CommandContext;
  onClose: () => void;
};

export function CommandPalette({ commands, context, onClose }: Props) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);
  const returnFocusTo = useRef<Element | null>(document.activeElement);
  const listId = useId();

  const [opened] = useState(() => {
    const ctx = context();
    return { ctx, available: commands.filter((command) => command.when(ctx)) };
  });
  const available = opened.available;
  const matches = useMemo(() => fuzzyFilter(available, query, (command) => command.label), [available, query]);
  const activeIndex = Math.min(active, Math.max(matches.length - 1, 0));

  useEffect(() => {
    inputRef.current?.focus();
    const previous = returnFocusTo.current;
    return () => {
      if (previous instanceof HTMLElement && previous.isConnected) previous.focus();
    };
  }, []);

  const run = (command: Command | undefined) => {
    if (!command) return;
    onClose();
    // Run after the palette has closed and handed focus back, so a command that moves focus keeps it.
    setTimeout(() => void command.run(context()), 0);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      onClose();
    } else if (event.key === 'ArrowDown') {
      event.preventDefault();
      setActive((activeIndex + 1) % Math.max(matches.length, 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((activeIndex - 1 + matches.length) % Math.max(matches.length, 1));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      run(matches[activeIndex]);
    }
  };

  return (
    <div className="palette-backdrop" onMouseDown={onClose}>
      <div
        className="palette"
        role="dialog"
        aria-modal="true"
        aria-label="Command palette"
        data-testid="command-palette"
        onMouseDown={(event) => event.stopPropagation()}
        onKeyDown={onKeyDown}
      >
        <input
          ref={inputRef}
          className="palette-input"
          data-testid="command-palette-input"
          placeholder="Type a command…"
          value={query}
          onChange={(event) => {
            setQuery(event.target.value);
            setActive(0);
          }}
          role="combobox"
          aria-expanded="true"
          aria-controls={listId}
          aria-activedescendant={matches[activeIndex] ? `${listId}-${activeIndex}` : undefined}
          aria-autocomplete="list"
          spellCheck={false}
          autoComplete="off"
        />
        <ul className="palette-list" role="listbox" id={listId} aria-label="Commands">
          {matches.map((command, index) => (
            <li
              key={command.id}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === activeIndex}
              className="palette-item"
              data-command-id={command.id}
              onMouseMove={() => setActive(index)}
              onClick={() => run(command)}
            >
              <span>{command.label}</span>
              {command.shortcut?.[0] ? <Shortcut shortcut={command.shortcut[0]} /> : null}
            </li>
          ))}
          {matches.length === 0 ? <li className="palette-empty">No command matches “{query}”.</li> : null}
        </ul>
      </div>
    </div>
  );
}
