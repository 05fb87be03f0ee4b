import type { Command, CommandContext } from './command';

const caseOpen = (ctx: CommandContext) => ctx.session?.phase === 'open' && ctx.workbench !== null;
const hasSources = (ctx: CommandContext) => caseOpen(ctx) && (ctx.workbench?.sourceCount() ?? 0) > 0;

export const lockCase: Command = {
  id: 'case.lock',
  label: 'Lock case',
  shortcut: ['Mod+L'],
  when: (ctx) => ctx.session?.phase === 'open',
  run: (ctx) => ctx.lockCase(),
};

export const importFiles: Command = {
  id: 'sources.import',
  label: 'Import files…',
  shortcut: ['Mod+O'],
  when: caseOpen,
  run: (ctx) => ctx.workbench?.importFiles(),
};

export const focusSources: Command = {
  id: 'sources.focus',
  label: 'Focus sources list',
  shortcut: ['Mod+Shift+E'],
  when: caseOpen,
  run: (ctx) => ctx.workbench?.focusSources(),
};

export const nextSource: Command = {
  id: 'sources.next',
  label: 'Next source',
  shortcut: ['J', 'Alt+ArrowDown'],
  when: hasSources,
  run: (ctx) => ctx.workbench?.selectNextSource(),
};

export const previousSource: Command = {
  id: 'sources.previous',
  label: 'Previous source',
  shortcut: ['K', 'Alt+ArrowUp'],
  when: hasSources,
  run: (ctx) => ctx.workbench?.selectPreviousSource(),
};

export const toggleTheme: Command = {
  id: 'view.toggleTheme',
  label: 'Toggle light / dark theme',
  when: () => true,
  run: (ctx) => ctx.toggleTheme(),
};

/** Every command, in the order the palette lists them when nothing is typed. */
export const COMMANDS: readonly Command[] = [importFiles, lockCase, focusSources, nextSource, previousSource, toggleTheme];

/** Opening the palette is not itself a command: listing it inside the palette would be noise. */
export const PALETTE_SHORTCUTS: readonly string[] = ['Mod+Shift+P', 'Mod+K'];
