import type { AadContext } from './aad';
import { SEAL_OVERHEAD, openInto, sealInto } from './aead';
import { tampered } from './errors';
import { FORMAT_VERSION } from './header';

/**
 * A sealed file is a short plaintext prelude (4-byte magic, format version, kind-specific fields such as the snapshot
 * generation) followed by AES-256-GCM chunks of 64 KiB plaintext each. Every chunk's AAD carries its index and a
 * final flag, and the prelude fields are part of the AAD too, so truncation, reordering, splicing and prelude edits
 * all fail authentication.
 */
export const CHUNK_BYTES = 64 * 1024;
const SEALED_CHUNK = CHUNK_BYTES + SEAL_OVERHEAD;

export interface SealedFormat {
  magic: string;
  /** Length of the kind-specific prelude fields that follow the version. */
  extraBytes: number;
}

function preludeBytes(format: SealedFormat): number {
  return 4 + 2 + format.extraBytes;
}

export function sealedSize(format: SealedFormat, plaintextBytes: number): number {
  const chunks = Math.max(1, Math.ceil(plaintextBytes / CHUNK_BYTES));
  return preludeBytes(format) + plaintextBytes + chunks * SEAL_OVERHEAD;
}

export function encodeSealed(key: Uint8Array, format: SealedFormat, extra: Uint8Array, aad: AadContext, plaintext: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(sealedSize(format, plaintext.byteLength));
  out.write(format.magic, 0, 4, 'ascii');
  out.writeUInt16BE(FORMAT_VERSION, 4);
  Buffer.from(extra.buffer, extra.byteOffset, extra.byteLength).copy(out, 6);
  let at = preludeBytes(format);
  const chunks = Math.max(1, Math.ceil(plaintext.byteLength / CHUNK_BYTES));
  for (let index = 0; index < chunks; index++) {
    const piece = plaintext.subarray(index * CHUNK_BYTES, Math.min(plaintext.byteLength, (index + 1) * CHUNK_BYTES));
    at = sealInto(key, aad.at(index, index === chunks - 1), piece, out, at);
  }
  return out;
}

/** Reads the kind-specific prelude fields without decrypting (they are authenticated later, as AAD). */
export function readPrelude(format: SealedFormat, bytes: Buffer, file: string): Buffer {
  if (bytes.byteLength < preludeBytes(format) || bytes.toString('latin1', 0, 4) !== format.magic) {
    throw tampered(file, 'is not the kind of file Casefile expects here');
  }
  if (bytes.readUInt16BE(4) !== FORMAT_VERSION) throw tampered(file, 'carries a format version that does not match the case');
  return bytes.subarray(6, preludeBytes(format));
}

/**
 * Decrypts a whole sealed file, chunk by chunk straight into one buffer (one allocation, one JSON.parse later).
 * Any failure is TAMPERED naming the file; the partial output is wiped before throwing.
 */
export function decodeSealed(key: Uint8Array, format: SealedFormat, aad: AadContext, bytes: Buffer, file: string): Buffer {
  readPrelude(format, bytes, file);
  const body = bytes.subarray(preludeBytes(format));
  const fullChunks = Math.floor(Math.max(0, body.byteLength - 1) / SEALED_CHUNK);
  const lastBytes = body.byteLength - fullChunks * SEALED_CHUNK;
  if (lastBytes < SEAL_OVERHEAD) throw tampered(file, 'is cut short');
  const out = Buffer.allocUnsafe(body.byteLength - (fullChunks + 1) * SEAL_OVERHEAD);
  let written = 0;
  for (let index = 0; index <= fullChunks; index++) {
    const final = index === fullChunks;
    const start = index * SEALED_CHUNK;
    const message = body.subarray(start, final ? body.byteLength : start + SEALED_CHUNK);
    const length = openInto(key, aad.at(index, final), message, out, written);
    if (length === null) {
      out.fill(0, 0, written);
      throw tampered(file);
    }
    written += length;
  }
  return out;
}
