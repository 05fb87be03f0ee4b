/**
 * Vault benchmark on a realistic case of 100,000 passages (~300 bytes of JSON each), with the production KDF.
 * Compares a durable journal commit with what a naive design pays per change: one lowdb write of the whole database,
 * encrypted as one file (temp file, fsync, rename, fsync dir, like the vault's own durable writes).
 */
import { createCipheriv, randomBytes } from 'node:crypto';
import { open as openFile, mkdtemp, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Low, type Adapter } from 'lowdb';
import { createVault, openVault, type CaseDb, type DbOp } from '../../main/core/vault';
import { DEFAULT_KDF } from '../../main/core/vault/header';
import { deriveWrappingKey } from '../../main/core/vault/kdf';

const PASSAGES = 100_000;
const COMMIT_SAMPLES = 200;
const WORDS = 'ledger transfer offshore director shell invoice minister contract tender account broker cousin'.split(' ');

function sentence(seed: number, words: number): string {
  return Array.from({ length: words }, (_, i) => WORDS[(seed * 7 + i * 13) % WORDS.length]).join(' ');
}

function passage(n: number): Record<string, unknown> {
  const start = (n * 977) % 500_000;
  const exact = sentence(n, 6);
  const stamp = Date.UTC(2024, 0, 1) + n * 60_000;
  return {
    id: `psg_${n.toString().padStart(6, '0')}`,
    sourceId: `src_${(n % 1500).toString().padStart(4, '0')}`,
    selectors: [
      { type: 'TextQuoteSelector', exact, prefix: sentence(n + 1, 1), suffix: sentence(n + 2, 1) },
      { type: 'TextPositionSelector', start, end: start + exact.length },
    ],
    tags: [WORDS[n % WORDS.length]],
    note: sentence(n + 3, 2),
    status: n % 3 === 0 ? 'confirmed' : 'to-check',
    author: `reporter${n % 7}`,
    created: stamp,
    updated: stamp,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

/** The naive baseline: lowdb writing the whole database as one AES-256-GCM file, durably. */
class WholeFileEncryptedAdapter implements Adapter<CaseDb> {
  constructor(
    private readonly file: string,
    private readonly key: Buffer,
  ) {}

  async read(): Promise<CaseDb | null> {
    return null;
  }

  async write(data: CaseDb): Promise<void> {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce, { authTagLength: 16 });
    const body = Buffer.concat([nonce, cipher.update(JSON.stringify(data), 'utf8'), cipher.final(), cipher.getAuthTag()]);
    const temp = `${this.file}.tmp`;
    const handle = await openFile(temp, 'w', 0o600);
    await handle.writeFile(body);
    await handle.datasync();
    await handle.close();
    await rename(temp, this.file);
    const dir = await openFile(path.dirname(this.file), 'r');
    await dir.sync();
    await dir.close();
  }
}

export async function bench(): Promise<Record<string, number>> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'casefile-vault-bench-'));
  try {
    const dir = path.join(work, 'case');
    const passphrase = 'correct horse battery staple';
    const kdfRuns: number[] = [];
    for (let i = 0; i < 3; i++) kdfRuns.push(await timed(() => deriveWrappingKey(passphrase, randomBytes(16), DEFAULT_KDF)));

    // Load without automatic compaction, then measure one full compaction of the 100k-passage case.
    const loading = await createVault(dir, passphrase, { compactAfterBytes: Number.MAX_SAFE_INTEGER, compactAfterRecords: Number.MAX_SAFE_INTEGER });
    for (let start = 0; start < PASSAGES; start += 2000) {
      const ops: DbOp[] = [];
      for (let n = start; n < Math.min(PASSAGES, start + 2000); n++) ops.push({ op: 'put', table: 'passages', id: `psg_${n}`, value: passage(n) });
      await loading.commit(ops);
    }
    const snapshotRuns = [await timed(() => loading.compact()), await timed(() => loading.compact())];
    const jsonBytes = Buffer.byteLength(JSON.stringify(loading.db));
    await loading.close();

    const unlockRuns: number[] = [];
    for (let i = 0; i < 3; i++) {
      let vault: Awaited<ReturnType<typeof openVault>> | null = null;
      unlockRuns.push(
        await timed(async () => {
          vault = await openVault(dir, passphrase);
        }),
      );
      if (i < 2) await vault!.close();
      else {
        const open = vault!;
        const commits: number[] = [];
        for (let i = 0; i < COMMIT_SAMPLES; i++) {
          const n = PASSAGES + i;
          commits.push(await timed(() => open.commit([{ op: 'put', table: 'passages', id: `psg_${n}`, value: passage(n) }])));
        }
        const blobBytes = 8 * 1024 * 1024;
        const blobs = Array.from({ length: 4 }, () => randomBytes(blobBytes));
        const blobMs = await timed(async () => {
          for (const blob of blobs) await open.putBlob(blob);
        });

        const naive = new Low<CaseDb>(new WholeFileEncryptedAdapter(path.join(work, 'naive.db'), randomBytes(32)), open.db as CaseDb);
        const naiveRuns: number[] = [];
        for (let i = 0; i < 3; i++) naiveRuns.push(await timed(() => naive.write()));
        await open.close();
        return {
          'vault.unlock_ms': median(unlockRuns),
          'vault.kdf_ms': median(kdfRuns),
          'vault.commit_p50_ms': percentile(commits, 50),
          'vault.commit_p95_ms': percentile(commits, 95),
          'vault.snapshot_ms': median(snapshotRuns),
          'vault.blob_write_mb_s': (blobs.length * blobBytes) / (1024 * 1024) / (blobMs / 1000),
          'vault.naive_rewrite_ms': median(naiveRuns),
          'vault.db_json_mb': jsonBytes / (1024 * 1024),
        };
      }
    }
    throw new Error('unreachable');
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
