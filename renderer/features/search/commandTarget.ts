/**
 * What the search command acts on: the workbench fills it while a case is open, so the command in the catalog
 * stays plain data like the others.
 */
export type SearchCommandTarget = {
  open(): void;
};

export const searchCommands: { current: SearchCommandTarget | null } = { current: null };
