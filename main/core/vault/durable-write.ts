import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { VaultError, toDiskError } from './errors';
import type { VaultFs } from './fs';
import { TMP_DIR, abs } from './layout';

/** A failed durable write; `replaced` tells whether the rename happened, i.e. the new bytes are now current. */
export class DurableWriteError extends VaultError {
  readonly replaced: boolean;

  constructor(error: VaultError, replaced: boolean) {
    super(error.code, error.message, error.file, { cause: error.cause });
    this.replaced = replaced;
  }
}

function asDiskError(error: unknown, file: string): VaultError {
  const mapped = toDiskError(error, file);
  if (mapped instanceof VaultError) return mapped;
  return new VaultError('DISK', 'The disk reported an error, so the change was not saved.', file, { cause: error });
}

/**
 * Replaces `relative` so that a crash leaves either the old or the new bytes, never a mix: a unique temp file in the
 * case's tmp/ folder, fsync, rename over the target, fsync the target's directory. Only then is the write acknowledged.
 */
export async function writeDurably(fs: VaultFs, caseDir: string, relative: string, data: Uint8Array): Promise<void> {
  const temp = abs(caseDir, `${TMP_DIR}/${randomBytes(12).toString('hex')}.tmp`);
  const target = abs(caseDir, relative);
  let replaced = false;
  try {
    const file = await fs.open(temp, 'create');
    try {
      await file.write(data, 0);
      await file.sync();
    } finally {
      await file.close();
    }
    await fs.rename(temp, target);
    replaced = true;
    await fs.syncDir(path.dirname(target));
  } catch (error) {
    if (!replaced) await fs.unlink(temp).catch(() => undefined);
    throw new DurableWriteError(asDiskError(error, relative), replaced);
  }
}

/** Removes a file durably (unlink, then fsync its directory). */
export async function removeDurably(fs: VaultFs, caseDir: string, relative: string): Promise<void> {
  const target = abs(caseDir, relative);
  try {
    await fs.unlink(target);
    await fs.syncDir(path.dirname(target));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw asDiskError(error, relative);
  }
}

export { asDiskError };
