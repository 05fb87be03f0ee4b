/**
 * Imports as background jobs. Files arrive in batches (imports.add) or lazily from disk (CLI); a small pipeline
 * extracts a few at a time in the worker pool and commits finished sources in order, a few records per commit,
 * so reading and tagging keep getting answers while thousands of files go through.
 */
import type { ImportJobStatus, ImportReport } from '../../../shared/api/contract';
import { CasefileError } from '../../../shared/api/result';
import { toCasefileError } from './errors';
import { TABLE_SOURCES, revisionsOf, sourceRecords, toSummary, type SourceRecord } from './case-db';
import { newId } from './ids';
import { prepareFile, type ImportContext, type Prepared, type QueuedFile } from './import-sources';
import type { SimilarityIndex } from './similarity-index';

/**
 * Files in flight at once: enough that extraction, the blob writes' fsyncs and the commits overlap; 16 rather than 8
 * measured ~10% faster on small files (fuller commit groups, fewer idle gaps in the worker).
 */
const CONCURRENCY = 16;
/** ...and at most this many bytes of them (always at least one file), so big files do not multiply memory. */
const INFLIGHT_BYTE_LIMIT = 64 * 1024 * 1024;
/** Sources per vault commit at most: small commits, but not one fsync per file when many are ready together. */
const MAX_COMMIT_GROUP = 16;
/** Bytes waiting in a job's queue before imports.add makes the caller wait. */
export const QUEUE_BYTE_LIMIT = 48 * 1024 * 1024;
const RATE_WINDOW_MS = 5_000;
/** Finished jobs kept for status queries. */
const KEEP_FINISHED = 5;

export interface ImportJobDeps {
  context: () => ImportContext;
  similarity: SimilarityIndex;
}

type Waiter = () => void;

export class ImportJob {
  readonly id = newId('imp');
  readonly report: ImportReport = { imported: [], duplicates: [], failed: [] };
  private readonly startedAt = Date.now();
  private readonly queue: QueuedFile[] = [];
  private queuedBytes = 0;
  private received = 0;
  private announced: number;
  private done = 0;
  private current: string | null = null;
  private finished = false;
  private cancelled = false;
  private state: ImportJobStatus['state'] = 'running';
  private error: string | null = null;
  private endedAt: number | null = null;
  private readonly completions: number[] = [];
  private arrival: Waiter | null = null;
  private roomWaiters: Waiter[] = [];
  private readonly progressListeners = new Set<(status: ImportJobStatus) => void>();
  /** Resolves with the report when the job ends (done, cancelled or failed). */
  readonly ended: Promise<ImportReport>;

  constructor(
    private readonly deps: ImportJobDeps,
    total = 0,
  ) {
    this.announced = total;
    this.ended = this.run();
  }

  get running(): boolean {
    return this.state === 'running';
  }

  /** Queues files; resolves once the queue has room again, so a fast sender cannot fill main's memory. */
  async add(files: readonly QueuedFile[], rejected: readonly { file: string; reason: string }[] = []): Promise<void> {
    if (!this.running) return;
    if (this.finished) throw new CasefileError('BAD_INPUT', 'This import was already finished; start a new one.');
    for (const r of rejected) {
      this.report.failed.push(r);
      this.received += 1;
      this.complete();
    }
    for (const file of files) {
      this.queue.push(file);
      this.queuedBytes += file.size;
      this.received += 1;
    }
    this.wake();
    while (this.running && this.queuedBytes > QUEUE_BYTE_LIMIT) await new Promise<void>((resolve) => this.roomWaiters.push(resolve));
  }

  finish(): void {
    this.finished = true;
    this.wake();
  }

  cancel(): void {
    if (!this.running) return;
    this.cancelled = true;
    this.wake();
  }

  onProgress(listener: (status: ImportJobStatus) => void): () => void {
    this.progressListeners.add(listener);
    return () => this.progressListeners.delete(listener);
  }

  status(): ImportJobStatus {
    const now = this.endedAt ?? Date.now();
    while (this.completions.length > 0 && (this.completions[0] as number) < now - RATE_WINDOW_MS) this.completions.shift();
    const window = Math.min(RATE_WINDOW_MS, now - this.startedAt) / 1000;
    const elapsed = (now - this.startedAt) / 1000;
    // While running: the recent rate (0 until there is enough to measure). Once ended: the whole job's average, so a
    // job that finished in a blink still reports how fast it went.
    const rate = this.running
      ? window > 0.25 && this.completions.length > 0 ? this.completions.length / window : 0
      : this.done / Math.max(elapsed, 0.001);
    const total = Math.max(this.announced, this.received);
    const left = Math.max(0, total - this.done);
    return {
      jobId: this.id,
      state: this.state,
      total,
      done: this.done,
      imported: this.report.imported.length,
      duplicates: this.report.duplicates.length,
      failed: this.report.failed.length,
      rate: Math.round(rate * 10) / 10,
      etaSeconds: this.running && rate > 0 ? Math.round(left / rate) : this.running ? null : 0,
      current: this.running ? this.current : null,
      startedAt: new Date(this.startedAt).toISOString(),
      elapsedSeconds: Math.round((now - this.startedAt) / 100) / 10,
      error: this.error,
      report: this.running ? null : this.report,
    };
  }

  private wake(): void {
    const arrival = this.arrival;
    this.arrival = null;
    arrival?.();
  }

  private releaseRoom(force = false): void {
    if (!force && this.queuedBytes > QUEUE_BYTE_LIMIT) return;
    const waiters = this.roomWaiters;
    this.roomWaiters = [];
    for (const w of waiters) w();
  }

  private complete(): void {
    this.done += 1;
    this.completions.push(Date.now());
    if (this.progressListeners.size > 0) {
      const status = this.status();
      for (const listener of this.progressListeners) listener(status);
    }
  }

  private async run(): Promise<ImportReport> {
    // Let the constructor return (and the caller add files) before the first look at the queue.
    await Promise.resolve();
    const { similarity } = this.deps;
    try {
      await similarity.ready();
      const context = this.deps.context();
      const byHash = new Map<string, SourceRecord>();
      for (const record of sourceRecords(context.vault)) {
        for (const revision of revisionsOf(record)) byHash.set(revision.sha256, record);
      }
      const taken = new Set<string>();
      const newSourceId = (): string => {
        let id = newId('s');
        while (taken.has(id) || context.vault.db.tables[TABLE_SOURCES]?.[id]) id = newId('s');
        taken.add(id);
        return id;
      };
      const inflight: { file: QueuedFile; settled: boolean; result: Promise<Prepared> }[] = [];
      for (;;) {
        const inflightBytes = (): number => inflight.reduce((n, slot) => n + slot.file.size, 0);
        while (
          !this.cancelled &&
          inflight.length < CONCURRENCY &&
          this.queue.length > 0 &&
          (inflight.length === 0 || inflightBytes() + (this.queue[0] as QueuedFile).size <= INFLIGHT_BYTE_LIMIT)
        ) {
          const file = this.queue.shift() as QueuedFile;
          this.queuedBytes -= file.size;
          this.releaseRoom();
          const slot = { file, settled: false, result: prepareFile(context, file, (sha) => byHash.has(sha), newSourceId) };
          void slot.result.then(
            () => void (slot.settled = true),
            () => void (slot.settled = true),
          );
          inflight.push(slot);
        }
        const head = inflight[0];
        if (!head) {
          if (this.cancelled || (this.finished && this.queue.length === 0)) break;
          await new Promise<void>((resolve) => (this.arrival = resolve));
          continue;
        }
        this.current = head.file.path ?? head.file.name;
        await head.result;
        const group: Prepared[] = [];
        while (group.length < MAX_COMMIT_GROUP && inflight[0]?.settled) group.push(await (inflight.shift() as (typeof inflight)[number]).result);
        await this.commitGroup(context, group, byHash);
      }
      this.state = this.cancelled ? 'cancelled' : 'done';
    } catch (error) {
      const known = toCasefileError(error);
      this.state = 'failed';
      this.error =
        known instanceof CasefileError ? known.message : 'The import stopped: Casefile could not store the files in the case.';
      this.lastFault = error;
    } finally {
      this.current = null;
      this.endedAt = Date.now();
      this.queue.length = 0;
      this.queuedBytes = 0;
      this.releaseRoom(true);
      for (const listener of this.progressListeners) listener(this.status());
    }
    return this.report;
  }

  /** The unexpected error behind a 'failed' job, for hosts that log internals. */
  lastFault: unknown = null;

  private async commitGroup(context: ImportContext, group: readonly Prepared[], byHash: Map<string, SourceRecord>): Promise<void> {
    const ready: Extract<Prepared, { kind: 'ready' }>[] = [];
    const outcomes: (() => void)[] = [];
    for (const item of group) {
      if (item.kind === 'failed') {
        outcomes.push(() => this.report.failed.push({ file: item.file, reason: item.reason }));
        continue;
      }
      const sha = item.kind === 'duplicate' ? item.sha256 : item.record.sha256;
      const existing = byHash.get(sha);
      if (existing) {
        // Either known before, or the same bytes arrived twice in this job and the first copy just went in.
        outcomes.push(() => this.report.duplicates.push({ file: item.file, existingId: existing.id, existingTitle: existing.title }));
        continue;
      }
      if (item.kind === 'duplicate') {
        outcomes.push(() => undefined);
        continue;
      }
      byHash.set(sha, item.record);
      ready.push(item);
      outcomes.push(() => this.report.imported.push(toSummary(item.record)));
    }
    if (ready.length > 0) {
      // prepareFile put the blobs deferred: this commit makes them durable before the records that name them.
      await context.vault.commit(ready.map((r) => ({ op: 'put' as const, table: TABLE_SOURCES, id: r.record.id, value: r.record })));
      for (const r of ready) this.deps.similarity.add(r.signature, r.record.textBlob);
    }
    for (const outcome of outcomes) {
      outcome();
      this.complete();
    }
  }
}

/** The import jobs of one open case. */
export class ImportJobs {
  private readonly jobs: ImportJob[] = [];

  constructor(private readonly deps: ImportJobDeps) {}

  start(total = 0): ImportJob {
    const job = new ImportJob(this.deps, total);
    this.jobs.push(job);
    const finished = this.jobs.filter((j) => !j.running);
    for (const old of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.jobs.splice(this.jobs.indexOf(old), 1);
    return job;
  }

  get(id: string): ImportJob {
    const job = this.jobs.find((j) => j.id === id);
    if (!job) throw new CasefileError('NOT_FOUND', 'That import is not known (it may belong to an earlier session).');
    return job;
  }

  latest(): ImportJob | null {
    return this.jobs[this.jobs.length - 1] ?? null;
  }

  /** Stops every job and waits for the files already in flight, so closing the vault never cuts a commit. */
  async stopAll(): Promise<void> {
    for (const job of this.jobs) job.cancel();
    await Promise.all(this.jobs.map((j) => j.ended.catch(() => undefined)));
  }
}
