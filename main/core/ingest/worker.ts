import { parentPort } from 'node:worker_threads';
import { extractInProcess } from './extract';
import { preloadLanguageModel } from './language';
import { serveExtractions } from './worker-loop';

/**
 * Worker entry (protocol in worker-loop.ts). Bundled builds ship this file as ingest-worker.cjs next to the main
 * bundle.
 */
const port = parentPort;
if (!port) throw new Error('main/core/ingest/worker must run inside a worker thread');

serveExtractions(port, extractInProcess, preloadLanguageModel);
