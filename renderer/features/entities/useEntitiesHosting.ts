import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Call } from '../../api/client';
import { passageCommands } from '../passages/commandTarget';
import type { PassagesState } from '../passages/store';
import { isPending } from '../passages/store';
import type { EntitiesTab } from './commandTarget';
import { entityCommands } from './commandTarget';
import type { EntitiesHost } from './host';

type Options = {
  call: Call;
  store: { refreshHistory(): Promise<void>; loadSource(id: string, force?: boolean): Promise<void> };
  passages: PassagesState;
  fail: (error: unknown) => void;
  notify: (message: string) => void;
  openPassage: (sourceId: string, passageId: string) => void;
  openSource: (sourceId: string) => void;
  showEntities: () => void;
  /** A passage is selected in the reader (the entity field is on screen). */
  canLink: () => boolean;
};

/** The reader's selected passage, once main has it (a passage still being saved has no id to cite yet). */
function readerPassageId(): string | null {
  const id = passageCommands.current?.selectedPassage() ?? null;
  return id && !isPending(id) ? id : null;
}

/**
 * The workbench's side of the entity views, kept here so the workbench only wires it in. Every entity edit bumps a
 * local counter and refreshes the shared history; undo/redo bump the passage store's revision. Either changes
 * `version`, which every entity view reloads on.
 */
export function useEntitiesHosting({ call, store, passages, fail, notify, openPassage, openSource, showEntities, canLink }: Options) {
  const [tab, setTab] = useState<EntitiesTab>('list');
  const [entityId, setEntityId] = useState<string | null>(null);
  const [edits, setEdits] = useState(0);
  const history = passages.history;
  const version = `${passages.revision}:${edits}:${history?.undoDepth ?? 0}:${history?.redoDepth ?? 0}`;

  const afterEdit = useCallback(
    (sourceIds?: readonly string[] | 'all') => {
      setEdits((n) => n + 1);
      void store.refreshHistory();
      // Passages made from mentions show in the reader at once.
      const ids = sourceIds === 'all' ? Object.keys(passages.bySource) : (sourceIds ?? []);
      for (const id of ids) if (passages.bySource[id] !== undefined) void store.loadSource(id, true);
    },
    [store, passages.bySource],
  );

  const openEntity = useCallback(
    (id: string) => {
      setEntityId(id);
      setTab('list');
      showEntities();
    },
    [showEntities],
  );

  const host = useMemo<EntitiesHost>(
    () => ({ call, version, tags: passages.tags ?? [], afterEdit, notify, fail, openPassage, openSource, openEntity, readerPassageId }),
    [call, version, passages.tags, afterEdit, notify, fail, openPassage, openSource, openEntity],
  );

  useEffect(() => {
    entityCommands.current = {
      showTab: (next) => {
        setTab(next);
        showEntities();
      },
      canLink,
      focusLinkInput: () => {
        const input = document.querySelector<HTMLInputElement>('[data-testid="entity-link-input"]');
        if (!canLink() || !input) return false;
        input.focus();
        return true;
      },
    };
    return () => void (entityCommands.current = null);
  }, [showEntities, canLink]);

  return { host, tab, setTab, entityId, setEntityId };
}
