/** What the entity commands act on; the workbench fills it while a case is open (see features/passages/commandTarget). */
export type EntitiesTab = 'list' | 'suggestions' | 'graph' | 'timeline';

export type EntityCommandTarget = {
  showTab(tab: EntitiesTab): void;
  /** Focus the passage panel's entity field; false when no passage is selected in the reader. */
  focusLinkInput(): boolean;
  canLink(): boolean;
};

export const entityCommands: { current: EntityCommandTarget | null } = { current: null };
