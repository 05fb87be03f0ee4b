import { entityCommands } from '../features/entities/commandTarget';
import { passageCommands } from '../features/passages/commandTarget';
import { searchCommands } from '../features/search/commandTarget';
import { call } from '../api/client';
import type { Command, CommandContext } from './command';
import { isEditableTarget } from './shortcuts';

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

// Passages and codebook: they act through the target the workbench registers (features/passages/commandTarget).
const inReader = (ctx: CommandContext) => caseOpen(ctx) && passageCommands.current?.view() === 'reader';
/** Mod+Z in a note or name field is the field's own undo, not the case's. */
const notTyping = () => !isEditableTarget(document.activeElement);

export const tagSelection: Command = {
  id: 'passages.tag',
  label: 'Tag selection…',
  shortcut: ['T'],
  when: (ctx) => inReader(ctx) && (passageCommands.current?.hasSelection() ?? false),
  run: () => passageCommands.current?.openTagPicker(),
};

export const deletePassage: Command = {
  id: 'passages.delete',
  label: 'Delete selected passage',
  shortcut: ['Delete', 'Backspace'],
  when: (ctx) => inReader(ctx) && passageCommands.current?.selectedPassage() != null,
  run: () => passageCommands.current?.deleteSelected(),
};

export const undo: Command = {
  id: 'history.undo',
  label: 'Undo',
  shortcut: ['Mod+Z'],
  when: (ctx) => caseOpen(ctx) && notTyping() && (passageCommands.current?.canUndo() ?? false),
  run: () => passageCommands.current?.undo(),
};

export const redo: Command = {
  id: 'history.redo',
  label: 'Redo',
  shortcut: ['Mod+Shift+Z', 'Mod+Y'],
  when: (ctx) => caseOpen(ctx) && notTyping() && (passageCommands.current?.canRedo() ?? false),
  run: () => passageCommands.current?.redo(),
};

export const showCodebook: Command = {
  id: 'view.codebook',
  label: 'Open codebook',
  // Alt+letter, not Mod+Shift+letter: browsers keep most of those for themselves. Not while typing (Alt+C is “ç” on a Mac).
  shortcut: ['Alt+C'],
  when: (ctx) => caseOpen(ctx) && notTyping() && passageCommands.current?.view() !== 'codebook',
  run: () => passageCommands.current?.setView('codebook'),
};

export const showReader: Command = {
  id: 'view.reader',
  label: 'Back to reader',
  shortcut: ['Alt+R'],
  when: (ctx) => caseOpen(ctx) && passageCommands.current?.view() !== 'reader' && notTyping(),
  run: () => passageCommands.current?.setView('reader'),
};

export const showDossiers: Command = {
  id: 'view.dossiers',
  label: 'Open dossiers',
  shortcut: ['Alt+D'],
  when: (ctx) => caseOpen(ctx) && notTyping() && passageCommands.current?.view() !== 'dossiers',
  run: () => passageCommands.current?.setView('dossiers'),
};

// Entities: through the target the workbench registers (features/entities/commandTarget).
export const showEntities: Command = {
  id: 'view.entities',
  label: 'Open entities',
  shortcut: ['Alt+E'],
  when: (ctx) => caseOpen(ctx) && notTyping() && passageCommands.current?.view() !== 'entities',
  run: () => entityCommands.current?.showTab('list'),
};

export const showEntityGraph: Command = {
  id: 'entities.graph',
  label: 'Entities: network graph',
  shortcut: ['Alt+G'],
  when: (ctx) => caseOpen(ctx) && notTyping() && entityCommands.current !== null,
  run: () => entityCommands.current?.showTab('graph'),
};

export const showEntitySuggestions: Command = {
  id: 'entities.suggestions',
  label: 'Entities: review suggestions',
  when: (ctx) => caseOpen(ctx) && entityCommands.current !== null,
  run: () => entityCommands.current?.showTab('suggestions'),
};

export const showEntityTimeline: Command = {
  id: 'entities.timeline',
  label: 'Entities: timeline',
  when: (ctx) => caseOpen(ctx) && entityCommands.current !== null,
  run: () => entityCommands.current?.showTab('timeline'),
};

export const linkEntity: Command = {
  id: 'entities.link',
  label: 'Link an entity to the selected passage…',
  shortcut: ['E'],
  when: (ctx) => inReader(ctx) && notTyping() && (entityCommands.current?.canLink() ?? false),
  run: () => void entityCommands.current?.focusLinkInput(),
};

export const openSearch: Command = {
  id: 'search.open',
  label: 'Search the case…',
  // `/` as in Datashare and most reading tools; on layouts where / needs Shift it arrives as Shift+/.
  shortcut: ['Mod+K', '/', 'Shift+/'],
  when: (ctx) => caseOpen(ctx) && searchCommands.current !== null,
  run: () => searchCommands.current?.open(),
};

/** Idle minutes after which the case locks itself; the choice is stored (encrypted) in the case. */
const AUTO_LOCK_CHOICES: readonly number[] = [5, 15, 30, 60, 0];

export const autoLockCommands: readonly Command[] = AUTO_LOCK_CHOICES.map((minutes) => ({
  id: `case.autoLock.${minutes}`,
  label: minutes === 0 ? 'Auto-lock: never lock this case by itself' : `Auto-lock: lock this case after ${minutes} idle minutes`,
  when: (ctx) => ctx.session?.phase === 'open' && ctx.session.autoLockMinutes !== minutes,
  run: async () => {
    await call('case.setAutoLock', { minutes });
  },
}));

/** Every command, in the order the palette lists them when nothing is typed. */
export const COMMANDS: readonly Command[] = [
  openSearch,
  importFiles,
  lockCase,
  focusSources,
  nextSource,
  previousSource,
  tagSelection,
  deletePassage,
  undo,
  redo,
  showCodebook,
  showDossiers,
  showEntities,
  showEntityGraph,
  showEntitySuggestions,
  showEntityTimeline,
  linkEntity,
  showReader,
  toggleTheme,
  ...autoLockCommands,
];

/** Opening the palette is not itself a command: listing it inside the palette would be noise. */
export const PALETTE_SHORTCUTS: readonly string[] = ['Mod+Shift+P'];
