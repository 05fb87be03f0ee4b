import type { ImportJobStatus, ImportReport } from '../../../shared/api/contract';
import type { Call } from '../../api/client';
import { importAsJob, type PickedFile } from './importBatches';

export type ImportEnding = { state: 'done' | 'cancelled' | 'failed'; error: string | null; notImported: number };

type Hooks = {
  onStatus: (status: ImportJobStatus) => void;
  onCancelReady: (cancel: () => void) => void;
  /** Turns an error into the sentence to show (and notices a lock). */
  onFailure: (error: unknown) => string;
};

/** Runs an import job over the contract and always ends with a report to show, whatever happened on the way. */
export async function runImportJob(files: readonly PickedFile[], call: Call, hooks: Hooks): Promise<{ report: ImportReport; ending: ImportEnding }> {
  try {
    const end = await importAsJob(files, {
      api: {
        begin: (total) => call('imports.begin', { total }),
        add: (jobId, batch, rejected) => call('imports.add', { jobId, files: batch, rejected }),
        finish: (jobId) => call('imports.finish', { jobId }),
        status: (jobId) => call('imports.status', { jobId }),
        cancel: (jobId) => call('imports.cancel', { jobId }),
      },
      onStatus: hooks.onStatus,
      onCancelReady: hooks.onCancelReady,
    });
    const report = end.report ?? { imported: [], duplicates: [], failed: [] };
    const state = end.state === 'running' ? 'done' : end.state;
    return { report, ending: { state, error: end.error, notImported: Math.max(0, end.total - end.done) } };
  } catch (error) {
    const reason = hooks.onFailure(error);
    return {
      report: { imported: [], duplicates: [], failed: files.map((f) => ({ file: f.path ?? f.file.name, reason })) },
      ending: { state: 'failed', error: reason, notImported: files.length },
    };
  }
}
