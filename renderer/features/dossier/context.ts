import { createContext, useContext } from 'react';
import type { Call } from '../../api/client';

/**
 * What the workbench lends to dossier actions that live inside other features (the passage panel, the codebook):
 * the transport, a way to tell the undo button that history grew, a status line, and a way to open a dossier.
 * Absent (null) outside an open case, where those actions simply do not show.
 */
export type DossierHost = {
  call: Call;
  afterEdit: () => void;
  notify: (message: string) => void;
  fail: (error: unknown) => void;
  openDossier: (id: string) => void;
};

export const DossierHostContext = createContext<DossierHost | null>(null);

export const useDossierHost = (): DossierHost | null => useContext(DossierHostContext);
