import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** AES-256-GCM with a random 96-bit nonce and a full 16-byte tag; on disk a message is nonce ‖ ciphertext ‖ tag. */
export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;
export const SEAL_OVERHEAD = NONCE_BYTES + TAG_BYTES;

/** Encrypts `plaintext` into `out` at `offset` (which needs SEAL_OVERHEAD extra bytes); returns the end offset. */
export function sealInto(key: Uint8Array, aad: Uint8Array, plaintext: Uint8Array, out: Buffer, offset: number): number {
  const nonce = randomBytes(NONCE_BYTES);
  nonce.copy(out, offset);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  let at = offset + NONCE_BYTES;
  at += cipher.update(plaintext).copy(out, at);
  at += cipher.final().copy(out, at);
  at += cipher.getAuthTag().copy(out, at);
  return at;
}

export function seal(key: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(plaintext.byteLength + SEAL_OVERHEAD);
  sealInto(key, aad, plaintext, out, 0);
  return out;
}

/**
 * Decrypts one sealed message into `out` at `offset`; returns the number of plaintext bytes, or null when the tag
 * does not verify (nothing is written to `out` in that case, so no unauthenticated plaintext is ever released).
 */
export function openInto(key: Uint8Array, aad: Uint8Array, message: Uint8Array, out: Buffer, offset: number): number | null {
  if (message.byteLength < SEAL_OVERHEAD) return null;
  const nonce = message.subarray(0, NONCE_BYTES);
  const body = message.subarray(NONCE_BYTES, message.byteLength - TAG_BYTES);
  const tag = message.subarray(message.byteLength - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  const plain = decipher.update(body);
  try {
    decipher.final();
  } catch {
    plain.fill(0);
    return null;
  }
  plain.copy(out, offset);
  plain.fill(0);
  return plain.byteLength;
}

export function open(key: Uint8Array, aad: Uint8Array, message: Uint8Array): Buffer | null {
  const out = Buffer.alloc(Math.max(0, message.byteLength - SEAL_OVERHEAD));
  const length = openInto(key, aad, message, out, 0);
  return length === null ? null : out;
}
