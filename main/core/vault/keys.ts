import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import type { KdfParams } from './api';
import { open, seal } from './aead';
import { VaultError } from './errors';
import { DATA_KEY_BYTES, encodeHeader, type VaultHeader } from './header';
import { deriveWrappingKey } from './kdf';
import { HEADER_FILE } from './layout';

/** Separate keys per purpose, so a flaw in how one kind of file is used cannot expose another. */
export interface SubKeys {
  db: Buffer;
  blob: Buffer;
  aux: Buffer;
  naming: Buffer;
}

export function deriveSubKeys(dataKey: Uint8Array, projectId: Uint8Array): SubKeys {
  const derive = (purpose: string) => Buffer.from(hkdfSync('sha256', dataKey, projectId, `casefile v1 ${purpose}`, 32));
  return { db: derive('db'), blob: derive('blob'), aux: derive('aux'), naming: derive('naming') };
}

export function wipeSubKeys(keys: SubKeys): void {
  for (const key of Object.values(keys)) key.fill(0);
}

/** Keyed name: the folder does not reveal which known documents it holds, as a plain hash would. */
export function keyedName(namingKey: Uint8Array, domain: 'blob' | 'aux', parts: readonly Uint8Array[]): string {
  const mac = createHmac('sha256', namingKey).update(`${domain}\0`);
  for (const part of parts) mac.update(part);
  return mac.digest('hex');
}

export function newDataKey(): Buffer {
  return randomBytes(DATA_KEY_BYTES);
}

/** Builds a complete header whose wrapped key only `passphrase` opens. */
export async function wrapDataKey(dataKey: Uint8Array, projectId: Uint8Array, passphrase: string, kdf: KdfParams): Promise<Buffer> {
  const salt = randomBytes(16);
  const authenticated = encodeHeader(projectId, kdf, salt);
  const wrappingKey = await deriveWrappingKey(passphrase, salt, kdf);
  try {
    return Buffer.concat([authenticated, seal(wrappingKey, authenticated, dataKey)]);
  } finally {
    wrappingKey.fill(0);
  }
}

/**
 * The wrapped key's tag covers the whole plaintext header, so a wrong passphrase and an altered header field are
 * indistinguishable by design: both come back as WRONG_PASSPHRASE.
 */
export async function unwrapDataKey(header: VaultHeader, passphrase: string): Promise<Buffer> {
  const wrappingKey = await deriveWrappingKey(passphrase, header.salt, header.kdf);
  try {
    const dataKey = open(wrappingKey, header.authenticated, header.wrappedKey);
    if (!dataKey || dataKey.byteLength !== DATA_KEY_BYTES) {
      throw new VaultError('WRONG_PASSPHRASE', 'That passphrase does not open this case.', HEADER_FILE);
    }
    return dataKey;
  } finally {
    wrappingKey.fill(0);
  }
}
