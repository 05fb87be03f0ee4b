import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { KdfParams } from './api';
import { argon2idRaw } from './kdf-argon2';

/**
 * Argon2id from hash-wasm: node:crypto has no Argon2 in Node 20 nor in Electron's BoringSSL build.
 * The passphrase is NFC-normalised so the same words typed on another keyboard or OS still unlock the case.
 *
 * hash-wasm runs synchronously on the calling thread and its WebAssembly memory only grows, so a crafted header
 * within the caps would freeze Electron's main process for seconds and keep up to 1 GiB for good. Real derivations
 * therefore run in a worker thread that is terminated after each one; only tiny parameters (tests, at most
 * INLINE_MAX_KIB_PASSES) run inline, where a thread's start would cost more than the hash.
 */
export async function deriveWrappingKey(passphrase: string, salt: Uint8Array, kdf: KdfParams): Promise<Buffer> {
  const password = Buffer.from(passphrase.normalize('NFC'), 'utf8');
  try {
    if (kdf.memoryKiB * kdf.passes <= INLINE_MAX_KIB_PASSES) return await argon2idRaw(password, salt, kdf);
    return await deriveInWorker(password, salt, kdf);
  } finally {
    password.fill(0);
  }
}

/** 4 MiB × 1 pass takes a few milliseconds: cheaper than starting a worker. */
const INLINE_MAX_KIB_PASSES = 4096;

/** File name the bundler must emit next to the main bundle (from main/core/vault/kdf-worker.ts). */
export const BUNDLED_KDF_WORKER_FILE = 'kdf-worker.cjs';

function currentModuleFile(): string {
  // CommonJS bundles have __filename; ESM under tsx has import.meta.url (as in ingest/pool.ts).
  if (typeof __filename === 'string' && __filename) return __filename;
  return fileURLToPath(import.meta.url);
}

/** kdf-worker.ts beside this module under tsx/vitest, else kdf-worker.cjs beside the bundle. */
function kdfWorkerEntry(): string {
  const here = currentModuleFile();
  const dir = dirname(here);
  if (/\.[cm]?ts$/.test(here)) return join(dir, 'kdf-worker.ts');
  const bundled = join(dir, BUNDLED_KDF_WORKER_FILE);
  return existsSync(bundled) ? bundled : join(dir, 'kdf-worker.js');
}

// Node 20 does not apply `--import tsx` to a worker's own entry, so a TypeScript entry is loaded through tsx's API
// (the same bootstrap as ingest/pool.ts).
const TS_BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
import(workerData.tsxApi).then((m) => (m.tsImport || m.default.tsImport)(workerData.entry, workerData.parent));
`;

function startWorker(job: { password: Uint8Array; salt: Uint8Array; kdf: KdfParams }): Worker {
  const entry = kdfWorkerEntry();
  if (/\.[cm]?ts$/.test(entry)) {
    const require = createRequire(currentModuleFile());
    const cjs = require.resolve('tsx/esm/api');
    const mjs = cjs.replace(/\.cjs$/, '.mjs');
    const tsxApi = pathToFileURL(existsSync(mjs) ? mjs : cjs).href;
    return new Worker(TS_BOOTSTRAP, {
      eval: true,
      workerData: { ...job, tsxApi, entry: pathToFileURL(entry).href, parent: pathToFileURL(currentModuleFile()).href },
    });
  }
  return new Worker(entry, { workerData: job });
}

type KdfReply = { ok: true; key: Uint8Array } | { ok: false; message: string };

async function deriveInWorker(password: Uint8Array, salt: Uint8Array, kdf: KdfParams): Promise<Buffer> {
  // workerData is a structured-clone copy; the worker zeroes its copy of the password, we zero ours.
  const worker = startWorker({ password, salt: Uint8Array.from(salt), kdf: { ...kdf } });
  try {
    const reply = await new Promise<KdfReply>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`The key-derivation worker stopped (exit code ${code}).`)));
    });
    if (!reply.ok) throw new Error(`Key derivation failed: ${reply.message}`);
    const key = Buffer.from(reply.key);
    reply.key.fill(0);
    return key;
  } finally {
    // Ends the thread and with it hash-wasm's memory.
    await worker.terminate().catch(() => 0);
  }
}
