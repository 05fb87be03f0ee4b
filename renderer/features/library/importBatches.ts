import type { ImportJobStatus, ImportReport } from '../../../shared/api/contract';

export const ACCEPTED_EXTENSIONS = ['.txt', '.md', '.markdown', '.html', '.htm', '.pdf', '.docx', '.eml', '.csv'] as const;
export const ACCEPT_ATTRIBUTE = ACCEPTED_EXTENSIONS.join(',');
export const ACCEPTED_DESCRIPTION = 'Text, Markdown, HTML, PDF, Word (.docx), e-mail (.eml) and CSV files';

/** Raw bytes per call: base64 grows them by a third, which keeps one request at about 16 MB. */
export const BATCH_LIMITS = { files: 20, bytes: 12 * 1024 * 1024 };
/** Larger files would need a streaming upload the contract does not have yet. */
export const MAX_FILE_BYTES = 100 * 1024 * 1024;

export type PickedFile = { file: File; path: string | null };
export type ImportFile = { name: string; path: string | null; dataBase64: string };
export type ImportProgress = { done: number; total: number; current: string | null };

export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot).toLowerCase();
}

export function isAccepted(name: string): boolean {
  return (ACCEPTED_EXTENSIONS as readonly string[]).includes(extensionOf(name));
}

export function displayName(picked: PickedFile): string {
  return picked.path ?? picked.file.name;
}

/** Groups files in order so no call carries more than the limits; a file over the byte limit travels alone. */
export function planBatches(files: readonly PickedFile[], limits = BATCH_LIMITS): PickedFile[][] {
  const batches: PickedFile[][] = [];
  let current: PickedFile[] = [];
  let bytes = 0;
  for (const picked of files) {
    const size = picked.file.size;
    if (current.length > 0 && (current.length >= limits.files || bytes + size > limits.bytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(picked);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

export function readAsBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read.'));
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.readAsDataURL(file);
  });
}

type Steps = {
  send: (files: ImportFile[]) => Promise<ImportReport>;
  read?: (file: Blob) => Promise<string>;
  onProgress?: (progress: ImportProgress) => void;
};

function reasonOf(error: unknown): string {
  return error instanceof Error && error.message ? error.message : 'Unknown error.';
}

/**
 * Imports files in bounded batches and merges the reports. Nothing about one file stops the others: a file
 * that cannot be read, is of the wrong type, or sits in a batch the host rejected is reported as failed.
 */
export async function importInBatches(files: readonly PickedFile[], steps: Steps): Promise<ImportReport> {
  const read = steps.read ?? readAsBase64;
  const report: ImportReport = { imported: [], duplicates: [], failed: [] };
  const total = files.length;
  let done = 0;
  const advance = (count: number, current: string | null) => {
    done += count;
    steps.onProgress?.({ done, total, current });
  };
  steps.onProgress?.({ done, total, current: null });

  const sendable: PickedFile[] = [];
  for (const picked of files) {
    const name = displayName(picked);
    if (!isAccepted(picked.file.name)) {
      const ext = extensionOf(picked.file.name) || 'no extension';
      report.failed.push({ file: name, reason: `Not a file type Casefile imports (${ext}).` });
      advance(1, null);
    } else if (picked.file.size > MAX_FILE_BYTES) {
      report.failed.push({ file: name, reason: 'Larger than 100 MB; Casefile cannot import a file this big yet.' });
      advance(1, null);
    } else {
      sendable.push(picked);
    }
  }

  for (const batch of planBatches(sendable)) {
    const payload: ImportFile[] = [];
    for (const picked of batch) {
      try {
        payload.push({ name: picked.file.name, path: picked.path, dataBase64: await read(picked.file) });
      } catch (error) {
        report.failed.push({ file: displayName(picked), reason: `Could not read the file: ${reasonOf(error)}` });
        advance(1, null);
      }
    }
    if (payload.length === 0) continue;
    steps.onProgress?.({ done, total, current: payload[0]?.path ?? payload[0]?.name ?? null });
    try {
      const result = await steps.send(payload);
      report.imported.push(...result.imported);
      report.duplicates.push(...result.duplicates);
      report.failed.push(...result.failed);
    } catch (error) {
      for (const file of payload) report.failed.push({ file: file.path ?? file.name, reason: reasonOf(error) });
    }
    advance(payload.length, null);
  }
  return report;
}

/** What the job runner needs from main (the contract's imports.* methods). */
export type JobApi = {
  begin: (total: number) => Promise<ImportJobStatus>;
  add: (jobId: string, files: ImportFile[], rejected: { file: string; reason: string }[]) => Promise<ImportJobStatus>;
  finish: (jobId: string) => Promise<ImportJobStatus>;
  status: (jobId: string) => Promise<ImportJobStatus | null>;
  cancel: (jobId: string) => Promise<ImportJobStatus>;
};

export type JobSteps = {
  api: JobApi;
  read?: (file: Blob) => Promise<string>;
  /** Every status seen (about four times a second while the job runs). */
  onStatus: (status: ImportJobStatus) => void;
  /** Called once the job exists, with a function that cancels it. */
  onCancelReady?: (cancel: () => void) => void;
  pollMs?: number;
};

/**
 * Runs an import as a background job in main: streams the files in bounded batches (imports.add waits while
 * main's queue is full), polls imports.status, and resolves with the final status (its report included).
 * Files the renderer cannot send (wrong type, too big, unreadable) are handed to main as rejected, so the
 * one report main keeps lists every failure.
 */
export async function importAsJob(files: readonly PickedFile[], steps: JobSteps): Promise<ImportJobStatus> {
  const { api } = steps;
  const read = steps.read ?? readAsBase64;
  const pollMs = steps.pollMs ?? 250;
  let job = await api.begin(files.length);
  const jobId = job.jobId;
  let cancelled = false;
  let latest = job;
  const publish = (status: ImportJobStatus) => {
    // Answers can arrive out of order; never step backwards.
    if (status.state === 'running' && latest.state !== 'running') return;
    if (status.state === 'running' && status.done < latest.done) return;
    latest = status;
    steps.onStatus(status);
  };
  publish(job);
  steps.onCancelReady?.(() => {
    cancelled = true;
    void api.cancel(jobId).then(publish, () => undefined);
  });

  const sender = (async () => {
    const rejected: { file: string; reason: string }[] = [];
    const sendable: PickedFile[] = [];
    for (const picked of files) {
      const name = displayName(picked);
      if (!isAccepted(picked.file.name)) {
        rejected.push({ file: name, reason: `Not a file type Casefile imports (${extensionOf(picked.file.name) || 'no extension'}).` });
      } else if (picked.file.size > MAX_FILE_BYTES) {
        rejected.push({ file: name, reason: 'Larger than 100 MB; Casefile cannot import a file this big yet.' });
      } else {
        sendable.push(picked);
      }
    }
    if (rejected.length > 0) publish(await api.add(jobId, [], rejected));
    for (const batch of planBatches(sendable)) {
      if (cancelled) break;
      const payload: ImportFile[] = [];
      const unreadable: { file: string; reason: string }[] = [];
      for (const picked of batch) {
        try {
          payload.push({ name: picked.file.name, path: picked.path, dataBase64: await read(picked.file) });
        } catch (error) {
          unreadable.push({ file: displayName(picked), reason: `Could not read the file: ${reasonOf(error)}` });
        }
      }
      if (cancelled) break;
      publish(await api.add(jobId, payload, unreadable));
    }
    if (!cancelled) publish(await api.finish(jobId));
  })();

  let sendFailure: unknown = null;
  sender.catch((error: unknown) => {
    sendFailure = error;
  });
  let misses = 0;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, pollMs));
    let status: ImportJobStatus | null = null;
    try {
      status = await api.status(jobId);
      misses = 0;
    } catch (error) {
      // A locked case or a stopped host: give up after a couple of seconds of silence.
      misses += 1;
      if (misses >= 8) throw error;
    }
    if (status) publish(status);
    if (latest.state !== 'running') break;
    if (sendFailure) {
      // The host refused a batch (e.g. the case locked): stop the job rather than wait for files that never come.
      publish(await api.cancel(jobId).catch(() => latest));
      if (latest.state !== 'running') break;
    }
  }
  await sender.catch(() => undefined);
  job = latest;
  return job;
}
