import type { MethodName } from './contract';

/**
 * The methods that add a step to the case's undo history, or undo or redo one. Main runs them one at a time in the
 * order they arrive, and the renderer sends each once the one before it is answered: Ctrl+Z pressed while a tagging
 * is still on its way must undo that tagging, not the step before it.
 */
export const HISTORY_METHODS: ReadonlySet<MethodName> = new Set([
  'passages.create',
  'passages.update',
  'passages.delete',
  'passages.reattach',
  'tags.create',
  'tags.update',
  'tags.move',
  'tags.merge',
  'tags.delete',
  'codebook.import',
  'entities.create',
  'entities.update',
  'entities.delete',
  'entities.merge',
  'entities.split',
  'entities.link',
  'entities.unlink',
  'entities.mentionsToPassages',
  'relationships.create',
  'relationships.update',
  'relationships.delete',
  'entities.acceptSuggestion',
  'entities.rejectSuggestion',
  'entities.mergeSuggestion',
  'entities.unreject',
  'entities.setPassageDate',
  'entities.importFtm',
  'dossiers.create',
  'dossiers.update',
  'dossiers.delete',
  'dossiers.addSection',
  'dossiers.updateSection',
  'dossiers.moveSection',
  'dossiers.deleteSection',
  'dossiers.addBlock',
  'dossiers.updateBlock',
  'dossiers.moveBlock',
  'dossiers.deleteBlock',
  'history.undo',
  'history.redo',
] satisfies MethodName[]);
