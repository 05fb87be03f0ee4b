import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { VaultError, isErrno, toDiskError } from './errors';
import type { VaultFs } from './fs';
import { LOCK_FILE, abs } from './layout';

/**
 * A second writer would interleave journal records; the lock file keeps it out. It holds the owner's pid, its
 * hostname and a random nonce, one per line. It is written complete under a unique name (O_EXCL) and then
 * hard-linked into place, which fails if a lock exists, so a crash can never leave an empty lock that nobody could
 * judge stale. The nonce tells one taking of the lock from another: release() removes only its own lock, and a
 * takeover checks that what it moved aside is exactly the stale lock it judged dead.
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

function inUse(host?: string): VaultError {
  const message = host
    ? `This case is open on another computer (${host}), or was left locked by it; close it there first. If that computer is off and the case is not open anywhere, see "Writer lock" in FORMAT.md.`
    : 'This case is already open in another Casefile window or program; close it there first.';
  return new VaultError('IN_USE', message, LOCK_FILE);
}

/** One line each; a hostname cannot hold a newline, but a hostile or odd one must not forge the next field. */
function thisHost(): string {
  return hostname().replace(/[^!-~]+/g, '_') || 'unknown';
}

interface LockInfo {
  /** The exact bytes, compared when a takeover checks what it moved aside. */
  text: string;
  /** 0 when unreadable (judged stale, as a dead pid). */
  pid: number;
  /** null for a lock written by an older Casefile (pid only): taken as this host's, as it always was. */
  host: string | null;
}

async function readLock(fs: VaultFs, path: string): Promise<LockInfo | null> {
  let text: string;
  try {
    text = (await fs.readFile(path)).toString('utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return null;
    throw error;
  }
  const [pid = '', host] = text.split('\n');
  return { text, pid: /^\d+$/.test(pid.trim()) ? Number(pid.trim()) : 0, host: host?.trim() ? host.trim() : null };
}

async function tryLink(fs: VaultFs, caseDir: string, path: string, content: string): Promise<boolean> {
  const temp = abs(caseDir, `${LOCK_FILE}.${randomBytes(6).toString('hex')}${LOCK_TEMP_SUFFIX}`);
  try {
    const file = await fs.open(temp, 'create');
    try {
      await file.write(Buffer.from(content), 0);
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
  const host = thisHost();
  const mine = `${process.pid}\n${host}\n${randomBytes(16).toString('hex')}\n`;
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      if (await tryLink(fs, caseDir, path, mine)) {
        let released = false;
        return {
          async release() {
            if (released) return;
            released = true;
            // Only our own lock: whatever else is there now belongs to someone else (or to a person's manual
            // recovery) and removing it would let a second writer in.
            const current = await readLock(fs, path).catch(() => null);
            if (current?.text === mine) await fs.unlink(path).catch(() => undefined);
          },
        };
      }
      const stale = await readLock(fs, path);
      if (stale === null) continue;
      // Another computer's pid means nothing here (a shared or synced folder): never judged stale.
      if (stale.host !== null && stale.host !== host) throw inUse(stale.host);
      // Our own pid means this process already has the case open.
      if (stale.pid === process.pid || alive(stale.pid)) throw inUse();
      // Stale lock of a dead process: move it aside, then check that what was moved is the very lock judged dead.
      // Another process may have taken the stale lock over between our read and our rename; then we moved its
      // fresh, live lock, and must put it back and step aside.
      const aside = `${path}.${randomBytes(6).toString('hex')}.stale`;
      try {
        await fs.rename(path, aside);
      } catch (error) {
        if (isErrno(error, 'ENOENT')) continue;
        throw error;
      }
      const moved = await readLock(fs, aside);
      if (moved !== null && moved.text !== stale.text) {
        // link, not rename: if a third process got in meanwhile, its lock is not overwritten.
        await fs.link(aside, path).catch(() => undefined);
        await fs.unlink(aside).catch(() => undefined);
        throw inUse();
      }
      await fs.unlink(aside).catch(() => undefined);
    }
    throw inUse();
  } catch (error) {
    throw toDiskError(error, LOCK_FILE);
  }
}
