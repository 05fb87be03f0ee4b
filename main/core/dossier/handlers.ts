import { CasefileError } from '../../../shared/api/result';
import type { Handlers } from '../api/dispatch';
import type { CaseContext } from '../case/context';

export type DossierMethod =
  | 'dossiers.list'
  | 'dossiers.get'
  | 'dossiers.create'
  | 'dossiers.update'
  | 'dossiers.delete'
  | 'dossiers.addSection'
  | 'dossiers.updateSection'
  | 'dossiers.moveSection'
  | 'dossiers.deleteSection'
  | 'dossiers.addBlock'
  | 'dossiers.updateBlock'
  | 'dossiers.moveBlock'
  | 'dossiers.deleteBlock'
  | 'dossiers.preview'
  | 'dossiers.export'
  | 'dossiers.verify';

const notYet = async (): Promise<never> => {
  throw new CasefileError('INTERNAL', 'Dossiers are not available yet.');
};

export function dossierHandlers(ctx: CaseContext): Pick<Handlers, DossierMethod> {
  void ctx;
  return {
    'dossiers.list': notYet,
    'dossiers.get': notYet,
    'dossiers.create': notYet,
    'dossiers.update': notYet,
    'dossiers.delete': notYet,
    'dossiers.addSection': notYet,
    'dossiers.updateSection': notYet,
    'dossiers.moveSection': notYet,
    'dossiers.deleteSection': notYet,
    'dossiers.addBlock': notYet,
    'dossiers.updateBlock': notYet,
    'dossiers.moveBlock': notYet,
    'dossiers.deleteBlock': notYet,
    'dossiers.preview': notYet,
    'dossiers.export': notYet,
    'dossiers.verify': notYet,
  };
}
