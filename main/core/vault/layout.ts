import path from 'node:path';

/** Where each file of a case folder lives, relative to the folder (documented in FORMAT.md). */
export const HEADER_FILE = 'casefile.header';
export const LOCK_FILE = 'casefile.lock';
export const SNAPSHOT_FILE = 'db.snapshot';
export const JOURNAL_FILE = 'db.journal';
export const BLOB_DIR = 'blobs';
export const AUX_DIR = 'aux';
export const TMP_DIR = 'tmp';

export const NAME_PATTERN = /^[0-9a-f]{64}$/;

export function blobPath(name: string): string {
  return `${BLOB_DIR}/${name.slice(0, 2)}/${name}`;
}

export function auxPath(diskName: string): string {
  return `${AUX_DIR}/${diskName}`;
}

export function abs(caseDir: string, relative: string): string {
  return path.join(caseDir, ...relative.split('/'));
}
