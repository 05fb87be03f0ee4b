import { CasefileError } from '../../../shared/api/result';
import type { Handlers } from '../api/dispatch';
import type { CaseContext } from '../case/context';

export type PassageMethod =
  | 'passages.listForSource'
  | 'passages.locate'
  | 'passages.create'
  | 'passages.update'
  | 'passages.delete'
  | 'passages.reattach'
  | 'codebook.list'
  | 'tags.create'
  | 'tags.update'
  | 'tags.move'
  | 'tags.merge'
  | 'tags.usage'
  | 'tags.delete'
  | 'tags.passages'
  | 'codebook.export'
  | 'codebook.import'
  | 'history.state'
  | 'history.undo'
  | 'history.redo';

export function passageHandlers(ctx: CaseContext): Pick<Handlers, PassageMethod> {
  const pending = async (): Promise<never> => {
    ctx.requireOpen();
    throw new CasefileError('INTERNAL', 'Passages are not implemented yet.');
  };
  return {
    'passages.listForSource': pending,
    'passages.locate': pending,
    'passages.create': pending,
    'passages.update': pending,
    'passages.delete': pending,
    'passages.reattach': pending,
    'codebook.list': pending,
    'tags.create': pending,
    'tags.update': pending,
    'tags.move': pending,
    'tags.merge': pending,
    'tags.usage': pending,
    'tags.delete': pending,
    'tags.passages': pending,
    'codebook.export': pending,
    'codebook.import': pending,
    'history.state': pending,
    'history.undo': pending,
    'history.redo': pending,
  };
}
