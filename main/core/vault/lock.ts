import { randomBytes } from 'node:crypto';
import { VaultError, isErrno, toDiskError } from './errors';
import type { VaultFs } from './fs';
import { LOCK_FILE, abs } from './layout';

/**
 * A second writer would interleave journal records; the lock file (holding the owner's pid) keeps it out. It is
 * written complete under a unique name (O_EXCL) and then hard-linked into place, which fails if a lock exists, so
 * a crash can never leave an empty lock that nobody could judge stale.
 */
export interface CaseLock {
  release(): Promise<void>;
}

export const LOCK_TEMP_SUFFIX = '.new';

function alive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return isErrno(error, 'EPERM');
  }
}

function inUse(): VaultError {
  return new VaultError('IN_USE', 'This case is already open in another Casefile window or program; close it there first.', LOCK_FILE);
}

async function readPid(fs: VaultFs, path: string): Promise<number | null> {
  try {
    const text = (await fs.readFile(path)).toString('utf8').trim();
    return /^\d+$/.test(text) ? Number(text) : 0;
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return null;
    throw error;
  }
}

async function tryLink(fs: VaultFs, caseDir: string, path: string): Promise<boolean> {
  const temp = abs(caseDir, `${LOCK_FILE}.${randomBytes(6).toString('hex')}${LOCK_TEMP_SUFFIX}`);
  try {
    const file = await fs.open(temp, 'create');
    try {
      await file.write(Buffer.from(`${process.pid}\n`), 0);
    } finally {
      await file.close();
    }
    await fs.link(temp, path);
    return true;
  } catch (error) {
    // ENOENT: the owner of an existing lock swept our temp file away while opening; the lock is theirs.
    if (isErrno(error, 'EEXIST') || isErrno(error, 'ENOENT')) return false;
    throw error;
  } finally {
    await fs.unlink(temp).catch(() => undefined);
  }
}

export async function acquireLock(fs: VaultFs, caseDir: string): Promise<CaseLock> {
  const path = abs(caseDir, LOCK_FILE);
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      if (await tryLink(fs, caseDir, path)) {
        let released = false;
        return {
          async release() {
            if (released) return;
            released = true;
            await fs.unlink(path).catch(() => undefined);
          },
        };
      }
      const pid = await readPid(fs, path);
      if (pid === null) continue;
      // Our own pid means this process already has the case open.
      if (pid === process.pid || alive(pid)) throw inUse();
      // Stale lock of a dead process: move it aside first, so two processes taking over at once cannot both win.
      const aside = `${path}.${randomBytes(6).toString('hex')}.stale`;
      try {
        await fs.rename(path, aside);
      } catch (error) {
        if (isErrno(error, 'ENOENT')) continue;
        throw error;
      }
      await fs.unlink(aside).catch(() => undefined);
    }
    throw inUse();
  } catch (error) {
    throw toDiskError(error, LOCK_FILE);
  }
}
