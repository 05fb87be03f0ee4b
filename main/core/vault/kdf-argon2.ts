import { argon2id } from 'hash-wasm';
import type { KdfParams } from './api';

/** The Argon2id call itself, shared by the inline path and the KDF worker. Returns a copy; zeroes hash-wasm's. */
export async function argon2idRaw(password: Uint8Array, salt: Uint8Array, kdf: Omit<KdfParams, 'algorithm'>): Promise<Buffer> {
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
}
