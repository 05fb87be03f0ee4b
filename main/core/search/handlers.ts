import { CasefileError } from '../../../shared/api/result';
import type { Handlers } from '../api/dispatch';
import type { CaseContext } from '../case/context';

export type SearchMethod =
  | 'search.query'
  | 'search.status'
  | 'search.savedList'
  | 'search.save'
  | 'search.savedDelete'
  | 'search.savedRun'
  | 'search.batch'
  | 'search.batchExport';

const notYet = async (): Promise<never> => {
  throw new CasefileError('INTERNAL', 'Search is not available yet.');
};

export function searchHandlers(ctx: CaseContext): Pick<Handlers, SearchMethod> {
  void ctx;
  return {
    'search.query': notYet,
    'search.status': notYet,
    'search.savedList': notYet,
    'search.save': notYet,
    'search.savedDelete': notYet,
    'search.savedRun': notYet,
    'search.batch': notYet,
    'search.batchExport': notYet,
  };
}
