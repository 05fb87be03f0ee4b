import { AadContext, FileKind } from './aad';
import type { SealedFormat } from './sealed-file';

/** Blobs and aux files are sealed files with no extra prelude; their AAD id is their on-disk keyed name. */
export const BLOB_FORMAT: SealedFormat = { magic: 'CFBL', extraBytes: 0 };
export const AUX_FORMAT: SealedFormat = { magic: 'CFAX', extraBytes: 0 };
export const NO_EXTRA = new Uint8Array(0);

export function blobAad(projectId: Uint8Array, name: string): AadContext {
  return new AadContext(projectId, FileKind.Blob, name);
}

export function auxAad(projectId: Uint8Array, diskName: string): AadContext {
  return new AadContext(projectId, FileKind.Aux, diskName);
}
