import type { Worker } from 'node:worker_threads';
import { startWorker, workerEntry } from '../workers/start-worker';
import type { SearchReplies, SearchRequest, WorkerMessage } from './protocol';

/** File name the bundler emits next to the main bundle (from main/core/search/worker.ts); see scripts/build.mjs. */
export const BUNDLED_SEARCH_WORKER_FILE = 'search-worker.cjs';

/** worker.ts beside this module under tsx/vitest, else search-worker.cjs beside the bundle; CASEFILE_SEARCH_WORKER overrides. */
export function searchWorkerEntry(): string {
  return workerEntry({ source: 'search/worker.ts', bundled: BUNDLED_SEARCH_WORKER_FILE, override: process.env.CASEFILE_SEARCH_WORKER });
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/** One search worker: requests are answered in the order sent. A crashed worker fails what was pending; make a new one. */
export class SearchWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private readonly ready: Promise<void>;
  private nextId = 1;
  private failure: Error | null = null;

  constructor(entry = searchWorkerEntry()) {
    this.worker = startWorker(entry);
    let markReady: () => void = () => undefined;
    let markFailed: (e: Error) => void = () => undefined;
    this.ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      markFailed = reject;
    });
    // Nobody may be waiting on readiness yet; a failure still reaches every call through `failure`.
    this.ready.catch(() => undefined);
    this.worker.on('message', (msg: WorkerMessage) => {
      if (msg.kind === 'ready') {
        markReady();
        return;
      }
      const waiting = this.pending.get(msg.id);
      if (!waiting) return;
      this.pending.delete(msg.id);
      if (msg.ok) waiting.resolve(msg.value);
      else waiting.reject(new Error(`Search failed: ${msg.message}`));
      this.updateRef();
    });
    const fail = (error: Error): void => {
      this.failure ??= error;
      markFailed(this.failure);
      for (const waiting of this.pending.values()) waiting.reject(this.failure);
      this.pending.clear();
    };
    this.worker.on('error', (error) => fail(new Error(`The search worker stopped: ${error.message}`)));
    this.worker.on('exit', () => fail(new Error('The search worker stopped.')));
    this.updateRef();
  }

  get alive(): boolean {
    return this.failure === null;
  }

  /** An idle worker must not keep a CLI process alive. */
  private updateRef(): void {
    if (this.pending.size > 0) this.worker.ref();
    else this.worker.unref();
  }

  async call<O extends SearchRequest['op']>(req: Extract<SearchRequest, { op: O }>, transfer: ArrayBuffer[] = []): Promise<SearchReplies[O]> {
    if (this.failure) throw this.failure;
    const id = this.nextId++;
    const result = new Promise<unknown>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    this.updateRef();
    await this.ready;
    this.worker.postMessage({ id, req }, transfer);
    return (await result) as SearchReplies[O];
  }

  async terminate(): Promise<void> {
    this.failure ??= new Error('The search index is closed.');
    for (const waiting of this.pending.values()) waiting.reject(this.failure);
    this.pending.clear();
    await this.worker.terminate().catch(() => 0);
  }
}
