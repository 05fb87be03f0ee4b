import { parentPort } from 'node:worker_threads';
import { extractInProcess } from './extract';
import { preloadLanguageModel } from './language';
import { IngestError, type IngestLimits } from './types';
import type { WorkerReply, WorkerRequest } from './protocol';

/**
 * Worker entry: one extraction at a time, so the pool can kill this thread on a timeout without losing others'
 * work. Bundled builds ship this file as ingest-worker.cjs next to the main bundle.
 */
const port = parentPort;
if (!port) throw new Error('main/core/ingest/worker must run inside a worker thread');

port.on('message', (req: WorkerRequest) => {
  void handle(req).then((reply) => port.postMessage(reply));
});
// Loaded before saying ready so that the first file's timeout does not pay for it.
void preloadLanguageModel()
  .catch(() => undefined)
  .then(() => {
    const ready: WorkerReply = { kind: 'ready' };
    port.postMessage(ready);
  });

async function handle(req: WorkerRequest): Promise<WorkerReply> {
  try {
    const bytes = new Uint8Array(req.bytes.buffer, req.bytes.byteOffset, req.bytes.byteLength);
    const result = await extractInProcess(req.fileName, bytes, req.limits as IngestLimits);
    return { kind: 'done', id: req.id, ok: true, result };
  } catch (e) {
    const message = e instanceof IngestError ? e.message : 'Casefile could not read this file.';
    return { kind: 'done', id: req.id, ok: false, message };
  }
}
