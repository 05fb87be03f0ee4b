import type { Handlers } from '../api/dispatch';
import type { CaseContext } from './context';
import { translateVaultErrors } from './errors';
import type { QueuedFile } from './import-sources';
import { addRevision } from './revisions';
import { sourceDetails, updateMetadata } from './source-details';

type SourceMethod =
  | 'sources.list'
  | 'sources.read'
  | 'sources.import'
  | 'sources.details'
  | 'sources.updateMetadata'
  | 'sources.addRevision'
  | 'imports.begin'
  | 'imports.add'
  | 'imports.finish'
  | 'imports.status'
  | 'imports.cancel';

function decoded(file: { name: string; path: string | null; dataBase64: string }) {
  return { name: file.name, path: file.path, bytes: Buffer.from(file.dataBase64, 'base64') };
}

function queued(file: { name: string; path: string | null; dataBase64: string }): QueuedFile {
  const { name, path, bytes } = decoded(file);
  return { name, path, size: bytes.byteLength, read: async () => bytes };
}

export function sourceHandlers(ctx: CaseContext): Pick<Handlers, SourceMethod> {
  return {
    'sources.list': async () => translateVaultErrors(() => ctx.requireOpen().listSources()),
    'sources.read': async (input) => ctx.requireOpen().readSourceText(input.id),
    'sources.import': async (input) => ctx.requireOpen().importFiles(input.files.map(decoded)),
    'sources.details': async (input) => sourceDetails(ctx.requireOpen(), input.id),
    'sources.updateMetadata': async ({ id, title, author, date, url }) =>
      updateMetadata(ctx.requireOpen(), { id, title, author, date, url }, ctx.researcher),
    'sources.addRevision': async (input) => addRevision(ctx.requireOpen(), input.sourceId, decoded(input.file), ctx.researcher),
    'imports.begin': async (input) => ctx.requireOpen().imports.start(input.total).status(),
    'imports.add': async (input) => {
      const job = ctx.requireOpen().imports.get(input.jobId);
      await job.add(input.files.map(queued), input.rejected);
      return job.status();
    },
    'imports.finish': async (input) => {
      const job = ctx.requireOpen().imports.get(input.jobId);
      job.finish();
      return job.status();
    },
    'imports.status': async (input) => {
      const jobs = ctx.requireOpen().imports;
      return (input.jobId ? jobs.get(input.jobId) : jobs.latest())?.status() ?? null;
    },
    'imports.cancel': async (input) => {
      const job = ctx.requireOpen().imports.get(input.jobId);
      job.cancel();
      return job.status();
    },
  };
}
