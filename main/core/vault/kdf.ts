import type { Worker } from 'node:worker_threads';
import { startWorker, workerEntry } from '../workers/start-worker';
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

function startKdfWorker(job: { password: Uint8Array; salt: Uint8Array; kdf: KdfParams }): Worker {
  return startWorker(workerEntry({ source: 'vault/kdf-worker.ts', bundled: BUNDLED_KDF_WORKER_FILE }), { workerData: job });
}

type KdfReply = { ok: true; key: Uint8Array } | { ok: false; message: string };

async function deriveInWorker(password: Uint8Array, salt: Uint8Array, kdf: KdfParams): Promise<Buffer> {
  // workerData is a structured-clone copy; the worker zeroes its copy of the password, we zero ours.
  const worker = startKdfWorker({ password, salt: Uint8Array.from(salt), kdf: { ...kdf } });
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
