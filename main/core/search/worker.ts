import { getHeapStatistics } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import { SearchEngine } from './engine';
import type { SearchReplies, SearchRequest, WorkerMessage } from './protocol';

/**
 * Search worker entry: owns the index (FlexSearch plus folded texts) so that indexing and loading never block the
 * main thread. Requests are handled one at a time, in the order they were sent. Bundled builds ship this file as
 * search-worker.cjs beside the main bundle.
 */
const port = parentPort;
if (!port) throw new Error('main/core/search/worker must run inside a worker thread');

let engine = new SearchEngine();

function handle(req: SearchRequest): SearchReplies[SearchRequest['op']] {
  switch (req.op) {
    case 'load': {
      let loaded: SearchEngine | null = null;
      if (req.bytes) {
        try {
          loaded = SearchEngine.deserialize(req.bytes);
        } catch {
          // A stored index that cannot be read is simply rebuilt.
          loaded = null;
        }
      }
      engine = loaded ?? new SearchEngine();
      return { loaded: loaded !== null, manifest: engine.manifest() };
    }
    case 'upsert':
      engine.upsert(req.docs);
      return { size: engine.size };
    case 'remove':
      engine.remove(req.keys);
      return { size: engine.size };
    case 'meta':
      engine.setMeta(req.entries);
      return { size: engine.size };
    case 'query':
      return engine.query(req.query, req.page);
    case 'count':
      return req.queries.map((q) => engine.count(q));
    case 'export': {
      const bytes = engine.serialize();
      // Transfer only a buffer the bytes own alone (zlib may hand back a view into a shared pool).
      const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
      return { bytes: own };
    }
    case 'stats':
      return { docs: engine.size, heapMb: getHeapStatistics().used_heap_size / (1024 * 1024) };
  }
}

port.on('message', (msg: { id: number; req: SearchRequest }) => {
  let reply: WorkerMessage;
  const transfer: ArrayBuffer[] = [];
  try {
    const value = handle(msg.req);
    if (msg.req.op === 'export') transfer.push((value as SearchReplies['export']).bytes.buffer as ArrayBuffer);
    reply = { kind: 'done', id: msg.id, ok: true, value };
  } catch (error) {
    reply = { kind: 'done', id: msg.id, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply, transfer);
});
const ready: WorkerMessage = { kind: 'ready' };
port.postMessage(ready);
