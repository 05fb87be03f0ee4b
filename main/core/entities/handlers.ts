import type { Handlers } from '../api/dispatch';
import type { CaseContext } from '../case/context';
import { exportCsv, exportFtm, importFtm } from './io';
import { entitiesOf } from './model';

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
  | 'relationships.evidenceChoices'
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

export function entityHandlers(ctx: CaseContext): Pick<Handlers, EntityMethod> {
  const book = () => entitiesOf(ctx.requireOpen(), ctx.researcher);
  const date = (): string => new Date().toISOString().slice(0, 10);
  return {
    'entities.list': async (input) => ({ entities: await book().list(input) }),
    'entities.lookup': async (input) => ({ matches: book().lookup(input.query, input.types, input.limit) }),
    'entities.get': async (input) => book().profile(input.id, input.contextChars, input.mentionLimit),
    'entities.create': async (input) => book().create(input),
    'entities.update': async (input) => book().update(input),
    'entities.delete': async (input) => book().delete(input.id),
    'entities.merge': async (input) => book().merge(input.fromId, input.intoId),
    'entities.split': async (input) => book().split(input.id, input.mergedId),
    'entities.link': async (input) => book().link(input.passageId, input.entityIds),
    'entities.unlink': async (input) => book().link(input.passageId, input.entityIds, true),
    'entities.forSource': async (input) => ({ links: book().forSource(input.sourceId) }),
    'entities.mentions': async (input) => book().mentionsOf(input.id, input),
    'entities.mentionsToPassages': async (input) => book().mentionsToPassages(input.id, input.mentions, input.tagIds),
    'relationships.list': async (input) => ({
      relationships: await book().relationshipViews(
        (r) => !input.entityId || r.subjectId === input.entityId || r.objectId === input.entityId,
      ).then((list) => (input.unsupportedOnly ? list.filter((r) => r.unsupported) : list)),
    }),
    'relationships.create': async (input) => book().createRelationship(input),
    'relationships.update': async (input) => book().updateRelationship(input),
    'relationships.delete': async (input) => book().deleteRelationship(input.id),
    'relationships.evidenceChoices': async (input) => ({ passages: await book().evidenceChoices(input.entityIds, input.passageIds) }),
    'entities.suggestions': async (input) => {
      const { suggestions, sourcesScanned } = await book().suggestions(input);
      return { suggestions: suggestions.slice(0, input.limit), total: suggestions.length, sourcesScanned };
    },
    'entities.acceptSuggestion': async (input) => book().acceptSuggestion(input),
    'entities.rejectSuggestion': async (input) => book().rejectSuggestion(input.id),
    'entities.mergeSuggestion': async (input) => book().mergeSuggestion(input.id, input.entityId),
    'entities.rejectedList': async () => ({
      rejected: book().rejectedList().map((r) => ({ id: r.id, type: r.type, name: r.name, rejectedAt: r.rejectedAt })),
    }),
    'entities.unreject': async (input) => book().unreject(input.id),
    'entities.graph': async (input) => book().graph(input),
    'entities.timeline': async (input) => ({ items: await book().timeline(input) }),
    'entities.setPassageDate': async (input) => book().setPassageDate(input.passageId, input.date, input.endDate),
    'entities.exportFtm': async () => ({ fileName: `entities-${date()}.ftm.json`, mimeType: 'application/x-ndjson', content: exportFtm(book()) }),
    'entities.exportCsv': async () => {
      const csv = await exportCsv(book());
      return {
        nodes: { fileName: `nodes-${date()}.csv`, mimeType: 'text/csv;charset=utf-8', content: csv.nodes },
        edges: { fileName: `edges-${date()}.csv`, mimeType: 'text/csv;charset=utf-8', content: csv.edges },
      };
    },
    'entities.importFtm': async (input) => importFtm(book(), input.content, ctx.researcher),
  };
}
