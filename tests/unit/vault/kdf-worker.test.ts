import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createVault, openVault } from '../../../main/core/vault';
import { checkKdfParams } from '../../../main/core/vault/header';
import { deriveWrappingKey } from '../../../main/core/vault/kdf';
import { WEAK, caseDir, codeOf } from './helpers';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const KAT = { memoryKiB: 65536, passes: 2, parallelism: 1, tag: '09316115d5cf24ed5a15a31a3ba326e5cf32edc24702987c02b6566f61913cf7' };

describe('Argon2id runs off the calling thread', () => {
  it('keeps the event loop turning during a large derivation and gives the memory back afterwards', async () => {
    const kdf = { algorithm: 'argon2id', memoryKiB: 262144, passes: 2, parallelism: 1 } as const;
    const rssBefore = process.memoryUsage.rss();
    let last = performance.now();
    let maxGap = 0;
    let ticks = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      maxGap = Math.max(maxGap, now - last);
      last = now;
      ticks++;
    }, 10);
    const started = performance.now();
    const key = await deriveWrappingKey('password', Buffer.from('somesalt'), kdf);
    const took = performance.now() - started;
    clearInterval(timer);
    expect(key).toHaveLength(32);
    // 256 MiB × 2 passes takes far longer than one timer period; on the calling thread there would be one huge gap.
    expect(ticks).toBeGreaterThan(3);
    expect(maxGap).toBeLessThan(Math.max(250, took / 3));
    // hash-wasm's WebAssembly memory never shrinks; in a terminated worker it is gone with the thread.
    await new Promise((r) => setTimeout(r, 200));
    expect(process.memoryUsage.rss() - rssBefore).toBeLessThan(128 * 1024 * 1024);
  }, 60_000);

  it('works from an esbuild bundle, with kdf-worker.cjs beside it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'casefile-kdf-bundle-'));
    try {
      const common = { bundle: true, platform: 'node' as const, format: 'cjs' as const, target: 'node20', logLevel: 'silent' as const };
      await build({ ...common, entryPoints: [path.join(ROOT, 'main/core/vault/kdf-worker.ts')], outfile: path.join(dir, 'kdf-worker.cjs') });
      const entry = path.join(dir, 'entry.ts');
      writeFileSync(
        entry,
        `import { deriveWrappingKey } from ${JSON.stringify(path.join(ROOT, 'main/core/vault/kdf.ts'))};
         deriveWrappingKey('password', Buffer.from('somesalt'), { algorithm: 'argon2id', memoryKiB: ${KAT.memoryKiB}, passes: ${KAT.passes}, parallelism: 1 })
           .then((k) => process.stdout.write(k.toString('hex')));`,
      );
      await build({ ...common, entryPoints: [entry], outfile: path.join(dir, 'electron-main.cjs') });
      const out = execFileSync(process.execPath, [path.join(dir, 'electron-main.cjs')], { encoding: 'utf8', timeout: 60_000 });
      expect(out).toBe(KAT.tag);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('KDF work budget', () => {
  it('caps memory × passes at 1 GiB·pass', () => {
    const at = (memoryKiB: number, passes: number) => () => checkKdfParams({ algorithm: 'argon2id', memoryKiB, passes, parallelism: 1 }, true);
    expect(at(1 << 20, 1)).not.toThrow();
    expect(at(1 << 18, 4)).not.toThrow();
    expect(at(1 << 20, 2)).toThrow(/more memory or time/);
    expect(at(1 << 18, 5)).toThrow(/more memory or time/);
  });
});

describe('OpenVault.changePassphrase', () => {
  it('checks the KDF parameters of the header it re-reads before running the KDF', async () => {
    const dir = await caseDir();
    const vault = await createVault(dir, 'pw', WEAK);
    try {
      const file = path.join(dir, 'casefile.header');
      const crafted = Buffer.from(await readFile(file));
      // 17 lanes: past the cap (16), cheap for the KDF, so without the check this would come back WRONG_PASSPHRASE.
      crafted[27] = 8;
      crafted[29] = 17;
      await writeFile(file, crafted);
      expect(await codeOf(vault.changePassphrase('pw', 'next'))).toBe('KDF_PARAMS');
    } finally {
      await vault.close();
    }
    expect(await codeOf(openVault(dir, 'pw', WEAK))).toBe('KDF_PARAMS');
  });
});
