import { useEffect, useRef } from 'react';
import type { Command, CommandContext } from './command';
import { isEditableTarget, matchesShortcut, needsNonEditableTarget } from './shortcuts';

type Options = {
  commands: readonly Command[];
  context: () => CommandContext;
  paletteShortcuts: readonly string[];
  openPalette: () => void;
  /** While the palette is open it owns the keyboard. */
  suspended: boolean;
};

function firstMatch(event: KeyboardEvent, shortcuts: readonly string[]): boolean {
  return shortcuts.some(
    (shortcut) =>
      matchesShortcut(event, shortcut) && !(needsNonEditableTarget(shortcut) && isEditableTarget(event.target)),
  );
}

/** One window-level listener turns key presses into the same command objects the palette and buttons run. */
export function useCommandShortcuts(options: Options): void {
  const latest = useRef(options);
  useEffect(() => {
    latest.current = options;
  });

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const { commands, context, paletteShortcuts, openPalette, suspended } = latest.current;
      if (suspended || event.defaultPrevented || event.isComposing) return;
      if (firstMatch(event, paletteShortcuts)) {
        event.preventDefault();
        openPalette();
        return;
      }
      const ctx = context();
      for (const command of commands) {
        if (!command.shortcut || !firstMatch(event, command.shortcut)) continue;
        if (!command.when(ctx)) continue;
        event.preventDefault();
        void command.run(ctx);
        return;
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
