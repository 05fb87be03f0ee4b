import { CasefileError } from '../../../shared/api/result';
import type { Handlers } from '../api/dispatch';
import type { CaseContext } from '../case/context';

export type EntityMethod =
  | 'entities.list'
  | 'entities.lookup'
  | 'entities.get'
  | 'entities.create'
  | 'entities.update'
  | 'entities.delete'
  | 'entities.merge'
  | 'entities.split'
  | 'entities.link'
  | 'entities.unlink'
  | 'entities.forSource'
  | 'entities.mentions'
  | 'entities.mentionsToPassages'
  | 'relationships.list'
  | 'relationships.create'
  | 'relationships.update'
  | 'relationships.delete'
  | 'entities.suggestions'
  | 'entities.acceptSuggestion'
  | 'entities.rejectSuggestion'
  | 'entities.mergeSuggestion'
  | 'entities.rejectedList'
  | 'entities.unreject'
  | 'entities.graph'
  | 'entities.timeline'
  | 'entities.setPassageDate'
  | 'entities.exportFtm'
  | 'entities.exportCsv'
  | 'entities.importFtm';

const notYet = async (): Promise<never> => {
  throw new CasefileError('INTERNAL', 'Entities are not available yet.');
};

export function entityHandlers(ctx: CaseContext): Pick<Handlers, EntityMethod> {
  void ctx;
  return {
    'entities.list': notYet,
    'entities.lookup': notYet,
    'entities.get': notYet,
    'entities.create': notYet,
    'entities.update': notYet,
    'entities.delete': notYet,
    'entities.merge': notYet,
    'entities.split': notYet,
    'entities.link': notYet,
    'entities.unlink': notYet,
    'entities.forSource': notYet,
    'entities.mentions': notYet,
    'entities.mentionsToPassages': notYet,
    'relationships.list': notYet,
    'relationships.create': notYet,
    'relationships.update': notYet,
    'relationships.delete': notYet,
    'entities.suggestions': notYet,
    'entities.acceptSuggestion': notYet,
    'entities.rejectSuggestion': notYet,
    'entities.mergeSuggestion': notYet,
    'entities.rejectedList': notYet,
    'entities.unreject': notYet,
    'entities.graph': notYet,
    'entities.timeline': notYet,
    'entities.setPassageDate': notYet,
    'entities.exportFtm': notYet,
    'entities.exportCsv': notYet,
    'entities.importFtm': notYet,
  };
}
