import type { KdfParams } from './api';
import { VaultError, tampered } from './errors';
import { HEADER_FILE } from './layout';

/**
 * The only plaintext file of a case: format version, project id, KDF parameters, salt and the wrapped data key.
 * Fixed binary layout (see FORMAT.md) so that every bit has exactly one meaning and no alternative spelling.
 */
export const FORMAT_VERSION = 1;
export const MAGIC = Buffer.from('CASEFILE', 'ascii');
export const SALT_BYTES = 16;
export const DATA_KEY_BYTES = 32;

const OFFSET = { version: 8, projectId: 10, algorithm: 26, memoryLog2: 27, passes: 28, parallelism: 29, salt: 30, wrap: 46 };
export const HEADER_BYTES = OFFSET.wrap + 12 + DATA_KEY_BYTES + 16;
const ARGON2ID = 1;

export const DEFAULT_KDF: KdfParams = { algorithm: 'argon2id', memoryKiB: 65536, passes: 3, parallelism: 1 };
/** Production minimum: below this a stolen header is too cheap to brute-force. */
const MINIMUM = { memoryKiB: 65536, passes: 3, parallelism: 1 };
/**
 * Hard ceilings, also for test projects, so a crafted header cannot make unlocking hang or exhaust memory: at most
 * 1 GiB × 1 pass of Argon2 work (a few seconds, in a worker thread; see kdf.ts), 5× the default.
 */
export const KDF_CAPS = { memoryKiB: 1 << 20, passes: 16, parallelism: 16, memoryTimesPasses: 1 << 20 };

export interface VaultHeader {
  formatVersion: number;
  projectId: Buffer;
  projectIdText: string;
  kdf: KdfParams;
  salt: Buffer;
  /** Bytes the wrapped key's tag authenticates: everything before the wrap. */
  authenticated: Buffer;
  /** nonce ‖ encrypted data key ‖ tag */
  wrappedKey: Buffer;
}

export function projectIdText(id: Uint8Array): string {
  const hex = Buffer.from(id).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function kdfError(detail: string): VaultError {
  return new VaultError('KDF_PARAMS', `The case's key-derivation settings ${detail}, so Casefile refuses to open it.`, HEADER_FILE);
}

/** Refuses absurd or (unless allowed) weak parameters before any expensive work runs. */
export function checkKdfParams(kdf: KdfParams, allowWeak: boolean): void {
  const { memoryKiB, passes, parallelism } = kdf;
  if (kdf.algorithm !== 'argon2id') throw kdfError('use an unsupported algorithm');
  for (const value of [memoryKiB, passes, parallelism]) {
    if (!Number.isSafeInteger(value) || value < 1) throw kdfError('are not valid numbers');
  }
  if ((memoryKiB & (memoryKiB - 1)) !== 0) throw kdfError('use a memory size that is not a power of two');
  if (memoryKiB > KDF_CAPS.memoryKiB || passes > KDF_CAPS.passes || parallelism > KDF_CAPS.parallelism || memoryKiB * passes > KDF_CAPS.memoryTimesPasses) {
    throw kdfError('ask for more memory or time than any real case uses');
  }
  // Argon2 itself needs 8 KiB per lane.
  if (memoryKiB < 8 * parallelism) throw kdfError('are below what Argon2id can run');
  if (!allowWeak && (memoryKiB < MINIMUM.memoryKiB || passes < MINIMUM.passes || parallelism < MINIMUM.parallelism)) {
    throw kdfError('are weaker than the minimum Casefile accepts');
  }
}

export function resolveKdf(requested: Partial<Omit<KdfParams, 'algorithm'>> | undefined, allowWeak: boolean): KdfParams {
  const kdf: KdfParams = { ...DEFAULT_KDF, ...requested, algorithm: 'argon2id' };
  checkKdfParams(kdf, allowWeak);
  return kdf;
}

export function encodeHeader(projectId: Uint8Array, kdf: KdfParams, salt: Uint8Array): Buffer {
  const out = Buffer.alloc(OFFSET.wrap);
  MAGIC.copy(out, 0);
  out.writeUInt16BE(FORMAT_VERSION, OFFSET.version);
  Buffer.from(projectId).copy(out, OFFSET.projectId);
  out.writeUInt8(ARGON2ID, OFFSET.algorithm);
  out.writeUInt8(Math.log2(kdf.memoryKiB), OFFSET.memoryLog2);
  out.writeUInt8(kdf.passes, OFFSET.passes);
  out.writeUInt8(kdf.parallelism, OFFSET.parallelism);
  Buffer.from(salt).copy(out, OFFSET.salt);
  return out;
}

/** Parses the plaintext part; no passphrase needed. Throws NOT_A_CASE, UNSUPPORTED_VERSION, TAMPERED or KDF_PARAMS. */
export function parseHeader(bytes: Buffer): VaultHeader {
  if (bytes.byteLength < OFFSET.projectId || !bytes.subarray(0, MAGIC.byteLength).equals(MAGIC)) {
    throw new VaultError('NOT_A_CASE', 'This folder is not a Casefile case: its header is missing or unrecognisable.', HEADER_FILE);
  }
  const formatVersion = bytes.readUInt16BE(OFFSET.version);
  if (formatVersion > FORMAT_VERSION) {
    throw new VaultError('UNSUPPORTED_VERSION', 'This case was saved by a newer version of Casefile; update Casefile to open it.', HEADER_FILE);
  }
  if (formatVersion !== FORMAT_VERSION) {
    throw new VaultError('UNSUPPORTED_VERSION', `This case uses format version ${formatVersion}, which this version of Casefile cannot read.`, HEADER_FILE);
  }
  if (bytes.byteLength !== HEADER_BYTES) throw tampered(HEADER_FILE, 'has the wrong length');
  const algorithm = bytes.readUInt8(OFFSET.algorithm);
  if (algorithm !== ARGON2ID) throw kdfError('use an unsupported algorithm');
  const memoryLog2 = bytes.readUInt8(OFFSET.memoryLog2);
  if (memoryLog2 > 30) throw kdfError('ask for more memory or time than any real case uses');
  const projectId = Buffer.from(bytes.subarray(OFFSET.projectId, OFFSET.projectId + 16));
  return {
    formatVersion,
    projectId,
    projectIdText: projectIdText(projectId),
    kdf: {
      algorithm: 'argon2id',
      memoryKiB: 2 ** memoryLog2,
      passes: bytes.readUInt8(OFFSET.passes),
      parallelism: bytes.readUInt8(OFFSET.parallelism),
    },
    salt: Buffer.from(bytes.subarray(OFFSET.salt, OFFSET.salt + SALT_BYTES)),
    authenticated: Buffer.from(bytes.subarray(0, OFFSET.wrap)),
    wrappedKey: Buffer.from(bytes.subarray(OFFSET.wrap)),
  };
}
