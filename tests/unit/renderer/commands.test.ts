import { describe, expect, it, vi } from 'vitest';
import { COMMANDS, lockCase, nextSource } from '../../../renderer/commands/catalog';
import type { CommandContext } from '../../../renderer/commands/command';
import { fuzzyFilter, fuzzyScore } from '../../../renderer/commands/fuzzy';
import { formatShortcut, matchesShortcut } from '../../../renderer/commands/shortcuts';
import type { SessionState } from '../../../shared/domain/case';

const key = (init: Partial<KeyboardEvent>) =>
  ({ key: '', code: '', ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...init }) as KeyboardEvent;

describe('shortcuts', () => {
  it('maps Mod to Ctrl off macOS and to Cmd on macOS, and refuses the other one', () => {
    expect(matchesShortcut(key({ key: 'l', code: 'KeyL', ctrlKey: true }), 'Mod+L', false)).toBe(true);
    expect(matchesShortcut(key({ key: 'l', code: 'KeyL', metaKey: true }), 'Mod+L', false)).toBe(false);
    expect(matchesShortcut(key({ key: 'l', code: 'KeyL', metaKey: true }), 'Mod+L', true)).toBe(true);
    expect(matchesShortcut(key({ key: 'l', code: 'KeyL', metaKey: true, ctrlKey: true }), 'Mod+L', true)).toBe(false);
  });

  it('requires the exact modifiers', () => {
    const ctrlShiftP = key({ key: 'P', code: 'KeyP', ctrlKey: true, shiftKey: true });
    expect(matchesShortcut(ctrlShiftP, 'Mod+Shift+P', false)).toBe(true);
    expect(matchesShortcut(ctrlShiftP, 'Mod+P', false)).toBe(false);
  });

  it('matches letters by physical key so Alt layouts still work, and named keys by key', () => {
    expect(matchesShortcut(key({ key: '∆', code: 'KeyJ', altKey: true }), 'Alt+J', true)).toBe(true);
    expect(matchesShortcut(key({ key: 'ArrowDown', code: 'ArrowDown', altKey: true }), 'Alt+ArrowDown', false)).toBe(true);
  });

  it('formats for the platform', () => {
    expect(formatShortcut('Mod+Shift+P', false)).toBe('Ctrl+Shift+P');
    expect(formatShortcut('Mod+Shift+P', true)).toBe('⌘⇧P');
  });
});

describe('fuzzy filtering', () => {
  it('matches in-order subsequences only', () => {
    expect(fuzzyScore('lck', 'Lock case')).not.toBeNull();
    expect(fuzzyScore('kcl', 'Lock case')).toBeNull();
  });

  it('ranks word-start matches first', () => {
    const labels = ['Toggle light / dark theme', 'Import files…', 'Focus sources list'];
    expect(fuzzyFilter(labels, 'if', (l) => l)[0]).toBe('Import files…');
    expect(fuzzyFilter(labels, 'theme', (l) => l)).toEqual(['Toggle light / dark theme']);
  });

  it('keeps the declared order when the query is empty', () => {
    expect(fuzzyFilter(['b', 'a', 'c'], '  ', (l) => l)).toEqual(['b', 'a', 'c']);
  });
});

function context(phase: SessionState['phase'], sources = 3): CommandContext {
  return {
    session: {
      mode: 'project',
      phase,
      folder: null,
      openCase: phase === 'open' ? { id: 'c', name: 'C', createdAt: '', sourceCount: sources } : null,
      cases: [],
      demoAvailable: false,
      autoLockMinutes: 0,
    },
    theme: 'light',
    workbench:
      phase === 'open'
        ? {
            importFiles: vi.fn(),
            focusSources: vi.fn(),
            selectNextSource: vi.fn(),
            selectPreviousSource: vi.fn(),
            sourceCount: () => sources,
          }
        : null,
    lockCase: vi.fn(async () => {}),
    toggleTheme: vi.fn(),
  };
}

describe('command catalog', () => {
  it('has unique ids and shortcuts', () => {
    const ids = COMMANDS.map((c) => c.id);
    const shortcuts = COMMANDS.flatMap((c) => c.shortcut ?? []);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(shortcuts).size).toBe(shortcuts.length);
  });

  it('offers case commands only while a case is open', () => {
    expect(lockCase.when(context('locked'))).toBe(false);
    expect(lockCase.when(context('open'))).toBe(true);
    expect(nextSource.when(context('open', 0))).toBe(false);
    const open = context('open');
    void lockCase.run(open);
    nextSource.run(open);
    expect(open.lockCase).toHaveBeenCalledOnce();
    expect(open.workbench?.selectNextSource).toHaveBeenCalledOnce();
  });
});
