/**
 * What the passage and codebook commands act on. The workbench fills it while a case is open (and empties it
 * on lock), so the command objects in the catalog stay plain data like the others.
 */
export type PassageCommandTarget = {
  view(): 'reader' | 'codebook' | 'dossiers' | 'entities';
  setView(view: 'reader' | 'codebook' | 'dossiers' | 'entities'): void;
  hasSelection(): boolean;
  openTagPicker(): void;
  selectedPassage(): string | null;
  deleteSelected(): void;
  canUndo(): boolean;
  canRedo(): boolean;
  undo(): void;
  redo(): void;
};

export const passageCommands: { current: PassageCommandTarget | null } = { current: null };
