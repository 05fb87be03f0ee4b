import type { Handlers } from '../api/dispatch';
import type { CaseContext } from './context';

export function sourceHandlers(ctx: CaseContext): Pick<Handlers, 'sources.list' | 'sources.read' | 'sources.import'> {
  return {
    'sources.list': async () => ctx.requireOpen().listSources(),
    'sources.read': async (input) => ctx.requireOpen().readSourceText(input.id),
    'sources.import': async (input) =>
      ctx
        .requireOpen()
        .importFiles(input.files.map((file) => ({ name: file.name, path: file.path, bytes: Buffer.from(file.dataBase64, 'base64') }))),
  };
}
