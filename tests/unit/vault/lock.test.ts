import { spawn, spawnSync } from 'node:child_process';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { acquireLock } from '../../../main/core/vault/lock';
import { nodeFs, type VaultFs } from '../../../main/core/vault/fs';
import { caseDir, codeOf } from './helpers';

const LOCK = 'casefile.lock';
const deadPid = (): number => spawnSync(process.execPath, ['-e', '']).pid!;
const lockText = (pid: number, host: string, nonce: string): string => `${pid}\n${host}\n${nonce}\n`;

async function emptyCase(): Promise<string> {
  const dir = await caseDir('lock');
  await mkdir(dir, { recursive: true });
  return dir;
}

describe('writer lock takeover', () => {
  it('does not take a lock over when another process took the same stale lock over first (injected interleaving)', async () => {
    const dir = await emptyCase();
    await writeFile(path.join(dir, LOCK), lockText(deadPid(), os.hostname(), 'aa'.repeat(16)));
    let bLock: Awaited<ReturnType<typeof acquireLock>> | null = null;
    // A has read the stale lock and judged it dead; just before A renames it aside, B does the whole takeover.
    const fsA: VaultFs = {
      ...nodeFs,
      rename: async (from, to) => {
        if (!bLock && from === path.join(dir, LOCK)) bLock = await acquireLock(nodeFs, dir);
        await nodeFs.rename(from, to);
      },
    };
    const bText = async (): Promise<string> => {
      expect(bLock).not.toBeNull();
      return readFile(path.join(dir, LOCK), 'utf8');
    };
    expect(await codeOf(acquireLock(fsA, dir))).toBe('IN_USE');
    // B's lock is back in place, and B still holds the case until it releases.
    const held = await bText();
    expect(await codeOf(acquireLock(nodeFs, dir))).toBe('IN_USE');
    expect(await readFile(path.join(dir, LOCK), 'utf8')).toBe(held);
    await bLock!.release();
    expect(await readdir(dir)).toEqual([]);
  });

  it('release() leaves alone a lock that is not its own', async () => {
    const dir = await emptyCase();
    const lock = await acquireLock(nodeFs, dir);
    const other = lockText(process.pid, os.hostname(), 'bb'.repeat(16));
    await writeFile(path.join(dir, LOCK), other);
    await lock.release();
    expect(await readFile(path.join(dir, LOCK), 'utf8')).toBe(other);
  });

  it('records pid, hostname and a random nonce', async () => {
    const dir = await emptyCase();
    const a = await acquireLock(nodeFs, dir);
    const [pid, host, nonce] = (await readFile(path.join(dir, LOCK), 'utf8')).split('\n');
    expect(pid).toBe(String(process.pid));
    expect(host).toBe(os.hostname());
    expect(nonce).toMatch(/^[0-9a-f]{32}$/);
    await a.release();
  });

  it('never judges a lock from another host stale, and names that host', async () => {
    const dir = await emptyCase();
    const foreign = lockText(deadPid(), 'newsroom-laptop-7', 'cc'.repeat(16));
    await writeFile(path.join(dir, LOCK), foreign);
    const error = await acquireLock(nodeFs, dir).catch((e: Error) => e);
    expect(error).toMatchObject({ code: 'IN_USE' });
    expect((error as Error).message).toContain('newsroom-laptop-7');
    expect(await readFile(path.join(dir, LOCK), 'utf8')).toBe(foreign);
  });

  it('two real processes racing for the same stale lock: exactly one holds it, and keeps it', async () => {
    const child = fileURLToPath(new URL('./lock-child.ts', import.meta.url));
    for (let round = 0; round < 3; round++) {
      const dir = await emptyCase();
      await writeFile(path.join(dir, LOCK), lockText(deadPid(), os.hostname(), 'dd'.repeat(16)));
      const procs = [0, 1].map(() => spawn(process.execPath, ['--import', 'tsx', child, dir], { stdio: ['pipe', 'pipe', 'inherit'] }));
      const exits = procs.map((p) => new Promise<void>((resolve) => p.once('exit', () => resolve())));
      const lines = procs.map((p) => createInterface({ input: p.stdout })[Symbol.asyncIterator]());
      const next = async (i: number): Promise<string> => {
        const line = await lines[i]!.next();
        if (line.done) throw new Error(`lock child ${i} ended without answering`);
        return line.value;
      };
      expect(await Promise.all([0, 1].map(next))).toEqual(['ready', 'ready']);
      for (const p of procs) p.stdin.write('go\n');
      const attempts = (await Promise.all([0, 1].map(next))).map((line) => JSON.parse(line) as { held: boolean; code?: string });
      expect(attempts.filter((r) => r.held)).toEqual([{ held: true }]);
      expect(attempts.filter((r) => !r.held)).toEqual([{ held: false, code: 'IN_USE' }]);
      // The holder keeps the lock until the other process has given up (however late the scheduler let it try);
      // only then does it check that the lock file is still its own, and let go.
      const holder = attempts.findIndex((r) => r.held);
      procs[holder]!.stdin.write('release\n');
      expect(JSON.parse(await next(holder))).toEqual({ released: true, kept: true });
      await Promise.all(exits);
      expect(await readdir(dir)).toEqual([]);
    }
  }, 120_000);
});
