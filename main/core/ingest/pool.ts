import type { Worker } from 'node:worker_threads';
import { startWorker, workerEntry } from '../workers/start-worker';
import { availableParallelism } from 'node:os';
// Only types and limits here: the importers (pdf.js, mammoth, linkedom…) are loaded in the workers, never in the
// caller's thread or its bundle.
import { checkSize, IngestError, resolveLimits, type ExtractedSource, type IngestLimits } from './types';
import type { WorkerReply, WorkerRequest } from './protocol';

export interface ExtractOptions {
  /** Also compute `signature` (similarity), in the worker rather than on the caller's thread. */
  signature?: boolean;
}

export interface Extractor {
  extract(fileName: string, bytes: Uint8Array, options?: ExtractOptions): Promise<ExtractedSource>;
  close(): Promise<void>;
}

export interface ExtractorOptions {
  /** Worker threads; default: one per spare core, at least 1, at most 4. */
  workers?: number;
  /** Overrides where the worker script is (see workerEntryPath). */
  workerEntry?: string;
}

/** File name the bundler must emit next to the main bundle (from main/core/ingest/worker.ts). */
export const BUNDLED_WORKER_FILE = 'ingest-worker.cjs';

/**
 * Absolute path of the worker script: worker.ts beside this module when running TypeScript sources
 * (tsx, vitest), else ingest-worker.cjs beside the bundle. CASEFILE_INGEST_WORKER overrides both, outside Electron.
 */
export const workerEntryPath: string = workerEntry({
  source: 'ingest/worker.ts',
  bundled: BUNDLED_WORKER_FILE,
  // Never inside Electron: whoever sets the app's environment must not choose the code its worker runs.
  override: process.versions.electron ? undefined : process.env.CASEFILE_INGEST_WORKER,
});

function spawnWorker(entry: string, limits: IngestLimits): Worker {
  return startWorker(entry, {
    resourceLimits: {
      maxOldGenerationSizeMb: limits.maxMemoryMb,
      maxYoungGenerationSizeMb: Math.max(16, Math.min(64, Math.floor(limits.maxMemoryMb / 8))),
    },
  });
}

interface Task {
  id: number;
  fileName: string;
  bytes: Uint8Array;
  signature: boolean;
  resolve: (r: ExtractedSource) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  /** Sent to this worker, in order: the first is being read, the others wait in the worker (see PIPELINE_DEPTH). */
  tasks: Task[];
  /** The time limit of tasks[0]. */
  timer: ReturnType<typeof setTimeout> | null;
  dead: boolean;
}

/**
 * Files sent to one worker before the previous one's answer is back. With one at a time, the worker sat idle for
 * every round trip through the caller's event loop, which during an import is busy committing and indexing: a
 * 1,000-file import kept the worker busy only ~60% of the time. The worker still reads one file at a time, so a
 * timeout or crash blames the file being read, and files waiting behind it go back to the queue unharmed.
 */
const PIPELINE_DEPTH = 2;
/** Only small files wait inside a worker: a big one gains nothing from it and would count against the memory limit. */
const PIPELINE_MAX_BYTES = 1024 * 1024;

export function createExtractor(limits?: Partial<IngestLimits>, options?: ExtractorOptions): Extractor {
  return new WorkerPool(resolveLimits(limits), options ?? {});
}

class WorkerPool implements Extractor {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private readonly size: number;
  private readonly entry: string;
  private nextId = 1;
  private closed = false;
  private startFailures = 0;

  constructor(
    private readonly limits: IngestLimits,
    options: ExtractorOptions,
  ) {
    const requested = options.workers ?? Math.min(4, availableParallelism() - 1);
    this.size = Math.max(1, Math.floor(requested));
    this.entry = options.workerEntry ?? workerEntryPath;
  }

  extract(fileName: string, bytes: Uint8Array, options?: ExtractOptions): Promise<ExtractedSource> {
    if (this.closed) return Promise.reject(new Error('This extractor has been closed.'));
    try {
      checkSize(bytes.length, this.limits);
    } catch (e) {
      return Promise.reject(e as Error);
    }
    return new Promise<ExtractedSource>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, fileName, bytes, signature: options?.signature === true, resolve, reject });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.queue.splice(0)) t.reject(new Error('This extractor has been closed.'));
    const slots = this.slots.splice(0);
    for (const s of slots) {
      s.dead = true;
      if (s.timer) clearTimeout(s.timer);
      for (const t of s.tasks.splice(0)) t.reject(new Error('This extractor has been closed.'));
    }
    await Promise.all(slots.map((s) => s.worker.terminate().catch(() => 0)));
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const next = this.queue[0] as Task;
      const idle = this.slots.find((s) => s.ready && !s.dead && s.tasks.length === 0);
      if (idle) {
        this.dispatch(idle, this.queue.shift() as Task);
        continue;
      }
      // A missing worker (never started, or replaced after a crash) comes before queueing behind a busy one.
      const starting = this.slots.filter((s) => !s.ready && !s.dead).length;
      if (this.slots.length < this.size && starting < this.queue.length) {
        this.spawn();
        continue;
      }
      const busy = this.slots.find((s) => this.canQueueBehind(s, next));
      if (busy) {
        this.dispatch(busy, this.queue.shift() as Task);
        continue;
      }
      break;
    }
    this.updateRefs();
  }

  private canQueueBehind(slot: Slot, task: Task): boolean {
    if (!slot.ready || slot.dead || slot.tasks.length === 0 || slot.tasks.length >= PIPELINE_DEPTH) return false;
    return task.bytes.byteLength <= PIPELINE_MAX_BYTES && slot.tasks.every((t) => t.bytes.byteLength <= PIPELINE_MAX_BYTES);
  }

  /** Idle workers must not keep a CLI process alive; busy ones must. */
  private updateRefs(): void {
    for (const s of this.slots) {
      if (s.tasks.length > 0 || !s.ready) s.worker.ref();
      else s.worker.unref();
    }
  }

  private spawn(): void {
    let worker: Worker;
    try {
      worker = spawnWorker(this.entry, this.limits);
    } catch (e) {
      this.failAll(new Error(`The import worker could not start: ${(e as Error).message}`));
      return;
    }
    const slot: Slot = { worker, ready: false, tasks: [], timer: null, dead: false };
    this.slots.push(slot);
    worker.on('message', (msg: WorkerReply) => {
      if (slot.dead) return;
      if (msg.kind === 'ready') {
        slot.ready = true;
        this.startFailures = 0;
        this.pump();
        return;
      }
      const task = slot.tasks[0];
      if (!task || task.id !== msg.id) return;
      if (msg.kind === 'memory') {
        this.retire(slot, new IngestError(`This file needs more memory than the import limit allows (${this.limits.maxMemoryMb} MB), so it was stopped.`), null);
        return;
      }
      if (slot.timer) clearTimeout(slot.timer);
      slot.timer = null;
      slot.tasks.shift();
      // The worker went on to the next file as soon as it sent this answer.
      this.armTimer(slot);
      if (msg.ok) task.resolve(msg.result);
      else task.reject(new IngestError(msg.message));
      this.pump();
    });
    worker.on('error', (err: Error & { code?: string }) => {
      if (slot.dead) return;
      const oom = err.code === 'ERR_WORKER_OUT_OF_MEMORY' || /out of memory|heap/i.test(err.message);
      this.retire(
        slot,
        oom
          ? new IngestError(`Reading this file needed more than the ${this.limits.maxMemoryMb} MB memory limit, so it was stopped.`)
          : new IngestError('Casefile could not read this file (the reader stopped unexpectedly).'),
        err,
      );
    });
    worker.on('exit', () => {
      if (slot.dead) return;
      this.retire(slot, new IngestError('Casefile could not read this file (the reader stopped unexpectedly).'), null);
    });
  }

  private dispatch(slot: Slot, task: Task): void {
    slot.tasks.push(task);
    if (slot.tasks.length === 1) this.armTimer(slot);
    const req: WorkerRequest = { id: task.id, fileName: task.fileName, bytes: task.bytes, limits: this.limits, signature: task.signature };
    slot.worker.postMessage(req);
  }

  /** Starts the time limit of the file the worker is reading now. */
  private armTimer(slot: Slot): void {
    const task = slot.tasks[0];
    if (!task) return;
    slot.timer = setTimeout(() => {
      if (slot.tasks[0] !== task) return;
      this.retire(slot, new IngestError(`Reading this file took longer than ${Math.round(this.limits.timeoutMs / 100) / 10} s, so it was stopped.`), null);
    }, this.limits.timeoutMs);
  }

  /**
   * Ends a worker (crash, out of memory, timeout) and replaces it on demand. The file it was reading gets `reason`;
   * files waiting behind it had not been started, so they go back to the front of the queue.
   */
  private retire(slot: Slot, reason: Error, cause: Error | null): void {
    slot.dead = true;
    if (slot.timer) clearTimeout(slot.timer);
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    void slot.worker.terminate().catch(() => 0);
    const [reading, ...waiting] = slot.tasks.splice(0);
    this.queue.unshift(...waiting);
    if (reading) {
      reading.reject(reason);
    } else if (!slot.ready) {
      // Died before saying ready: a broken install or bundle, not a hostile file. Stop retrying after a few.
      this.startFailures++;
      if (this.startFailures >= 3) {
        this.failAll(new Error(`The import worker could not start (${this.entry}): ${cause?.message ?? 'it exited'}`));
        return;
      }
    }
    if (!this.closed) this.pump();
  }

  private failAll(err: Error): void {
    for (const t of this.queue.splice(0)) t.reject(err);
  }
}
