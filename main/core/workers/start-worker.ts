import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';

/** This module's own file: CommonJS bundles (esbuild → out/main/*.cjs) have __filename; ESM under tsx has import.meta.url. */
function currentModuleFile(): string {
  if (typeof __filename === 'string' && __filename) return __filename;
  return fileURLToPath(import.meta.url);
}

const RUNNING_SOURCES = /\.[cm]?ts$/;

export interface WorkerEntrySpec {
  /** The worker's TypeScript source, relative to main/core (e.g. 'ingest/worker.ts'), used under tsx and vitest. */
  source: string;
  /** The file scripts/build.mjs emits for it next to the main bundle (e.g. 'ingest-worker.cjs'). */
  bundled: string;
  /** An explicit path (environment override or option) wins over both. */
  override?: string | undefined;
}

/** Absolute path of a worker script, whether Casefile runs from its TypeScript sources or from the bundle. */
export function workerEntry(spec: WorkerEntrySpec): string {
  if (spec.override) return spec.override;
  const here = currentModuleFile();
  if (RUNNING_SOURCES.test(here)) return join(dirname(here), '..', spec.source);
  const bundled = join(dirname(here), spec.bundled);
  return existsSync(bundled) ? bundled : join(dirname(here), spec.bundled.replace(/\.cjs$/, '.js'));
}

// Node 20 does not apply `--import tsx` to a worker's own entry, so a TypeScript entry is loaded through tsx's API
// from a tiny CommonJS bootstrap.
const TS_BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
import(workerData.tsxApi).then((m) => (m.tsImport || m.default.tsImport)(workerData.entry, workerData.parent));
`;

/** Starts a worker on `entry`; a .ts entry goes through tsx (tests and `npm run cli`), a bundle runs as is. */
export function startWorker(entry: string, options: { workerData?: Record<string, unknown>; resourceLimits?: ResourceLimits } = {}): Worker {
  if (!RUNNING_SOURCES.test(entry)) return new Worker(entry, options);
  const require = createRequire(currentModuleFile());
  // require.resolve picks tsx's CommonJS build, whose import of its ESM half breaks in a worker; use the .mjs.
  const cjs = require.resolve('tsx/esm/api');
  const mjs = cjs.replace(/\.cjs$/, '.mjs');
  const tsxApi = pathToFileURL(existsSync(mjs) ? mjs : cjs).href;
  return new Worker(TS_BOOTSTRAP, {
    eval: true,
    resourceLimits: options.resourceLimits,
    workerData: { ...options.workerData, tsxApi, entry: pathToFileURL(entry).href, parent: pathToFileURL(currentModuleFile()).href },
  });
}
