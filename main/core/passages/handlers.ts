import type { Handlers } from '../api/dispatch';
import type { CaseContext } from '../case/context';
import { translateVaultErrors } from '../case/errors';
import { passagesOf } from './model';

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
  const book = () => passagesOf(ctx.requireOpen(), ctx.researcher);
  return {
    'passages.listForSource': async (input) => book().listForSource(input.sourceId),
    'passages.locate': async (input) => book().locate(input.sourceId, input.quote, { prefix: input.prefix, suffix: input.suffix }),
    'passages.create': async (input) => book().create(input),
    'passages.update': async (input) => book().update(input),
    'passages.delete': async (input) => book().delete(input.id),
    'passages.reattach': async (input) => book().reattach(input.id, input.start, input.end),
    'codebook.list': async () => ({ tags: book().listCodebook() }),
    'tags.create': async (input) => book().createTag(input),
    'tags.update': async (input) => book().updateTag(input),
    'tags.move': async (input) => book().moveTag(input.id, input.parentId),
    'tags.merge': async (input) => book().mergeTags(input.fromId, input.intoId),
    'tags.usage': async (input) => book().tagUsage(input.id),
    'tags.delete': async (input) => book().deleteTag(input.id),
    'tags.passages': async (input) => ({ passages: await book().tagPassages(input) }),
    'codebook.export': async (input) => {
      const date = new Date().toISOString().slice(0, 10);
      if (input.format === 'csv') {
        return { fileName: `codebook-${date}.csv`, mimeType: 'text/csv;charset=utf-8', content: await book().exportCsv() };
      }
      return { fileName: `codebook-${date}.qdc`, mimeType: 'application/xml', content: book().exportQdc('Casefile') };
    },
    'codebook.import': async (input) => book().importQdc(input.content),
    'history.state': async () => book().history.state(),
    'history.undo': async () => {
      const b = book();
      const done = await translateVaultErrors(() => b.history.undo());
      return { done, state: b.history.state() };
    },
    'history.redo': async () => {
      const b = book();
      const done = await translateVaultErrors(() => b.history.redo());
      return { done, state: b.history.state() };
    },
  };
}
