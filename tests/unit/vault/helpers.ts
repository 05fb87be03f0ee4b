import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import type { VaultError, VaultTuning } from '../../../main/core/vault';

/** Test projects use a deliberately weak KDF (the format accepts it only with allowWeakKdf) to stay fast. */
export const WEAK: VaultTuning = { kdf: { memoryKiB: 64, passes: 1 }, allowWeakKdf: true };

const roots: string[] = [];

/** A fresh, not-yet-existing case folder path under a per-file temp root removed after the file's tests. */
export async function caseDir(name = 'case'): Promise<string> {
  if (roots.length === 0) {
    roots.push(await mkdtemp(path.join(os.tmpdir(), 'casefile-vault-test-')));
    afterAll(async () => {
      for (const root of roots.splice(0)) await rm(root, { recursive: true, force: true });
    });
  }
  return path.join(roots[0]!, `${name}-${Math.random().toString(36).slice(2)}`);
}

export async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as VaultError).code ?? `untyped: ${String(error)}`;
  }
  return 'resolved';
}
