import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { VaultOptions } from '../../../main/core/vault/api';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const SEEDS_DIR = path.join(REPO_ROOT, 'seeds');

/** Tests create weak-KDF cases so hundreds of unlocks stay fast; the format and code path are the real ones. */
export const TEST_VAULT: VaultOptions = { kdf: { memoryKiB: 1024, passes: 1, parallelism: 1 }, allowWeakKdf: true };

export async function tempDir(prefix = 'casefile-test-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
