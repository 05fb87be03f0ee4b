import { getHeapStatistics } from 'node:v8';
import type { MessagePort } from 'node:worker_threads';
import { IngestError, type ExtractedSource, type IngestLimits } from './types';
import type { WorkerReply, WorkerRequest } from './protocol';
import { textSignature } from './text-signature';

export type ExtractFn = (fileName: string, bytes: Uint8Array, limits: IngestLimits) => Promise<ExtractedSource>;

/**
 * The worker side of the pool's protocol: one extraction at a time, so the pool can kill this thread on a timeout
 * and blame only the file being read. Kept apart from worker.ts so tests can run the same loop around a fake extractor.
 */
export function serveExtractions(port: MessagePort, extract: ExtractFn, warmUp: () => Promise<unknown> = () => Promise.resolve()): void {
  // The pool may send the next file before this one is answered; files are still read strictly one after another.
  let previous: Promise<void> = Promise.resolve();
  port.on('message', (req: WorkerRequest) => {
    previous = previous
      .then(async () => {
        const reply = await handle(req, extract, port);
        if (!reply) return;
        // The signature's arrays are moved, not copied: nothing here needs them after the reply.
        const signature = reply.kind === 'done' && reply.ok ? reply.result.signature : undefined;
        port.postMessage(reply, signature ? [signature.shingles.buffer as ArrayBuffer, signature.minhash.buffer as ArrayBuffer] : []);
      })
      // A reply that could not be sent must still answer this file, and must not stop the files queued behind it.
      .catch(() => {
        const failed: WorkerReply = { kind: 'done', id: req.id, ok: false, message: 'Casefile could not read this file.' };
        port.postMessage(failed);
      });
  });
  // Warmed up before saying ready so that the first file's timeout does not pay for it.
  void warmUp()
    .catch(() => undefined)
    .then(() => {
      const ready: WorkerReply = { kind: 'ready' };
      port.postMessage(ready);
    });
}

/** How often buffer memory is sampled while a file is read. */
const MEMORY_SAMPLE_MS = 25;

async function handle(req: WorkerRequest, extract: ExtractFn, port: MessagePort): Promise<WorkerReply | null> {
  // resourceLimits caps only the V8 heap; ArrayBuffers and Buffers (inflated zip parts, pdf streams) live outside
  // it, so a file could take gigabytes unseen. Their total is sampled while the file is read and the pool is asked
  // to terminate this thread when it passes the limit. A purely synchronous allocation between two samples is
  // only seen at its end, which is why zip parts are size-capped before anything inflates them.
  const limitBytes = req.limits.maxMemoryMb * 1024 * 1024;
  let over = false;
  const check = (): boolean => {
    // V8's external memory counts this thread's ArrayBuffers and Buffers. process.memoryUsage() would also read the
    // process's RSS from /proc, which took ~0.3 ms per call under import load: a quarter of a small file's time.
    if (!over && getHeapStatistics().external_memory > limitBytes) {
      over = true;
      const reply: WorkerReply = { kind: 'memory', id: req.id };
      port.postMessage(reply);
    }
    return over;
  };
  const timer = setInterval(check, MEMORY_SAMPLE_MS);
  try {
    const bytes = new Uint8Array(req.bytes.buffer, req.bytes.byteOffset, req.bytes.byteLength);
    const result = await extract(req.fileName, bytes, req.limits);
    if (req.signature) result.signature = textSignature(result.text);
    return check() ? null : { kind: 'done', id: req.id, ok: true, result };
  } catch (e) {
    if (check()) return null;
    const message = e instanceof IngestError ? e.message : 'Casefile could not read this file.';
    return { kind: 'done', id: req.id, ok: false, message };
  } finally {
    clearInterval(timer);
  }
}
