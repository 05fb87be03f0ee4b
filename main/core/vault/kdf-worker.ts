import { parentPort, workerData } from 'node:worker_threads';
import type { KdfParams } from './api';
import { argon2idRaw } from './kdf-argon2';

/**
 * KDF worker (see kdf.ts): derives one key from workerData, posts it and is then terminated by its parent, which
 * frees hash-wasm's WebAssembly memory (it never shrinks while its thread lives). Bundled builds ship this file as
 * kdf-worker.cjs next to the main bundle.
 */
interface KdfJob {
  password: Uint8Array;
  salt: Uint8Array;
  kdf: KdfParams;
}

const port = parentPort;
if (!port) throw new Error('main/core/vault/kdf-worker must run inside a worker thread');
const job = workerData as KdfJob;
argon2idRaw(job.password, job.salt, job.kdf).then(
  (key) => {
    port.postMessage({ ok: true, key });
    key.fill(0);
    job.password.fill(0);
  },
  (error: unknown) => {
    job.password.fill(0);
    port.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
  },
);
