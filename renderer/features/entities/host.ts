import { createContext, useContext } from 'react';
import type { Call } from '../../api/client';
import type { TagView } from '../../../shared/domain/tag';

/**
 * What the workbench lends to the entity views and to the entity section of the passage panel. `version` changes
 * whenever the case's history moves (an edit here or elsewhere, undo, redo), so every view reloads what it shows
 * from main instead of guessing what an undo took back.
 */
export type EntitiesHost = {
  call: Call;
  version: string;
  tags: readonly TagView[];
  /** After an entity edit: refresh the undo button and reload the passages of these sources (created passages). */
  afterEdit: (sourceIds?: readonly string[] | 'all') => void;
  notify: (message: string) => void;
  fail: (error: unknown) => void;
  openPassage: (sourceId: string, passageId: string) => void;
  openSource: (sourceId: string) => void;
  openEntity: (id: string) => void;
  /** The passage selected in the reader (it stays selected while another view is shown), if any: offered as evidence. */
  readerPassageId: () => string | null;
};

export const EntitiesHostContext = createContext<EntitiesHost | null>(null);

export const useEntitiesHost = (): EntitiesHost | null => useContext(EntitiesHostContext);
