import { argon2id } from 'hash-wasm';
import type { KdfParams } from './api';

/**
 * Argon2id from hash-wasm: node:crypto has no Argon2 in Node 20 nor in Electron's BoringSSL build.
 * The passphrase is NFC-normalised so the same words typed on another keyboard or OS still unlock the case.
 */
export async function deriveWrappingKey(passphrase: string, salt: Uint8Array, kdf: KdfParams): Promise<Buffer> {
  const password = Buffer.from(passphrase.normalize('NFC'), 'utf8');
  try {
    const key = await argon2id({
      password,
      salt,
      memorySize: kdf.memoryKiB,
      iterations: kdf.passes,
      parallelism: kdf.parallelism,
      hashLength: 32,
      outputType: 'binary',
    });
    const out = Buffer.from(key);
    key.fill(0);
    return out;
  } finally {
    password.fill(0);
  }
}
