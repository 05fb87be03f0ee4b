import { cp, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createVault, openVault, type Vault, type VaultError } from '../../../main/core/vault';
import { WEAK, caseDir } from './helpers';

const CHUNK = 65536 + 28;
const PRELUDE = 6;

async function failure(promise: Promise<unknown>): Promise<VaultError> {
  const outcome = await promise.then(
    async (value) => {
      // Released something: close it so the folder is usable again, and report.
      if (value && typeof (value as Vault).close === 'function') await (value as Vault).close();
      return null;
    },
    (error: unknown) => error as VaultError,
  );
  if (!outcome) throw new Error('expected a failure, got a result');
  return outcome;
}

const LANES = 4;

/**
 * Flips every bit of the case file `relative` in turn and collects what `attempt` fails with. The bits are shared
 * among LANES copies of the case so the (I/O-bound) attempts overlap.
 */
async function flipEveryBit(
  dir: string,
  relative: string,
  attempt: (dir: string, bit: number) => Promise<VaultError>,
): Promise<Map<string, number>> {
  const original = await readFile(path.join(dir, relative));
  const seen = new Map<string, number>();
  const copies = await Promise.all(
    Array.from({ length: LANES }, async (_, lane) => {
      const copy = `${dir}-lane${lane}`;
      await cp(dir, copy, { recursive: true });
      return copy;
    }),
  );
  let next = 0;
  await Promise.all(
    copies.map(async (copy) => {
      const file = path.join(copy, relative);
      for (let bit = next++; bit < original.length * 8; bit = next++) {
        const damaged = Buffer.from(original);
        damaged[bit >> 3]! ^= 1 << (bit & 7);
        await writeFile(file, damaged);
        const error = await attempt(copy, bit).catch((e: Error) => {
          throw new Error(`bit ${bit} (byte ${bit >> 3}): ${e.message}`);
        });
        const key = `${error.code}:${error.file ?? ''}`;
        seen.set(key, (seen.get(key) ?? 0) + 1);
      }
      await writeFile(file, original);
    }),
  );
  return seen;
}

async function smallCase(): Promise<{ dir: string; blob: string }> {
  const dir = await caseDir();
  const vault = await createVault(dir, 'pw', WEAK);
  const blob = await vault.putBlob(Buffer.from('a small document'));
  await vault.commit([{ op: 'put', table: 't', id: 'a', value: 1 }]);
  await vault.compact();
  await vault.commit([{ op: 'meta', key: 'b', value: 2 }]);
  await vault.commit([{ op: 'delete', table: 't', id: 'a' }]);
  await vault.close();
  return { dir, blob };
}

describe('every single-bit change is refused with a typed error', () => {
  it('header: each field fails with the code FORMAT.md documents for it', async () => {
    const { dir } = await smallCase();
    const expectedFor = (offset: number): string[] => {
      if (offset < 8) return ['NOT_A_CASE'];
      if (offset < 10) return ['UNSUPPORTED_VERSION'];
      if (offset === 26) return ['KDF_PARAMS'];
      if (offset >= 27 && offset <= 29) return ['KDF_PARAMS', 'WRONG_PASSPHRASE'];
      return ['WRONG_PASSPHRASE'];
    };
    const seen = await flipEveryBit(dir, 'casefile.header', async (copy, bit) => {
      const error = await failure(openVault(copy, 'pw', WEAK));
      expect(expectedFor(bit >> 3), `bit ${bit}`).toContain(error.code);
      return error;
    });
    expect([...seen.values()].reduce((a, b) => a + b)).toBe(106 * 8);
  });

  it('header: a cut or extended header is refused', async () => {
    const { dir } = await smallCase();
    const file = path.join(dir, 'casefile.header');
    const original = await readFile(file);
    for (let length = 0; length <= original.length + 1; length++) {
      if (length === original.length) continue;
      await writeFile(file, length > original.length ? Buffer.concat([original, Buffer.from([0])]) : original.subarray(0, length));
      const error = await failure(openVault(dir, 'pw', WEAK));
      expect(length < 10 ? 'NOT_A_CASE' : 'TAMPERED', `length ${length}`).toBe(error.code);
    }
    await writeFile(file, original);
  });

  for (const name of ['db.snapshot', 'db.journal']) {
    it(`${name}: TAMPERED naming the file, for every bit`, async () => {
      const { dir } = await smallCase();
      const seen = await flipEveryBit(dir, name, (copy) => failure(openVault(copy, 'pw', WEAK)));
      expect([...seen.keys()]).toEqual([`TAMPERED:${name}`]);
    });
  }

  it('blob and aux file: TAMPERED naming the file, for every bit', async () => {
    const { dir, blob } = await smallCase();
    const setup = await openVault(dir, 'pw', WEAK);
    await setup.putAux('index', Buffer.from('tiny index'));
    await setup.close();
    const open = new Map<string, Vault>();
    const vaultIn = async (copy: string) => open.get(copy) ?? open.set(copy, await openVault(copy, 'pw', WEAK)).get(copy)!;
    try {
      const relative = `blobs/${blob.slice(0, 2)}/${blob}`;
      const seen = await flipEveryBit(dir, relative, async (copy) => failure((await vaultIn(copy)).readBlob(blob)));
      expect([...seen.keys()]).toEqual([`TAMPERED:${relative}`]);
      const [aux] = await readdir(path.join(dir, 'aux'));
      const auxSeen = await flipEveryBit(dir, `aux/${aux}`, async (copy) => failure((await vaultIn(copy)).readAux('index')));
      expect([...auxSeen.keys()]).toEqual([`TAMPERED:aux/${aux}`]);
      for (const vault of open.values()) expect(Buffer.from(await vault.readBlob(blob)).toString()).toBe('a small document');
    } finally {
      for (const vault of open.values()) await vault.close();
    }
  });
});

describe('chunked files: truncation, reordering and splicing', () => {
  const sizes = [0, 1, 65536, 65537, 3 * 65536 + 100];

  it('a blob truncated at any chunk boundary or mid-chunk is refused', async () => {
    const dir = await caseDir();
    const vault = await createVault(dir, 'pw', WEAK);
    try {
      for (const size of sizes) {
        const bytes = Buffer.alloc(size, size & 0xff);
        const name = await vault.putBlob(bytes);
        const file = path.join(dir, 'blobs', name.slice(0, 2), name);
        const original = await readFile(file);
        const cuts = new Set<number>();
        for (let at = PRELUDE; at < original.length; at += CHUNK) {
          for (const delta of [0, 1, 12, 27, 28, 1000]) if (at + delta < original.length) cuts.add(at + delta);
        }
        for (const cut of [...cuts, 0, 3, original.length - 1]) {
          await writeFile(file, original.subarray(0, cut));
          expect((await failure(vault.readBlob(name))).code, `size ${size} cut ${cut}`).toBe('TAMPERED');
        }
        await writeFile(file, Buffer.concat([original, original.subarray(PRELUDE, PRELUDE + 28)]));
        expect((await failure(vault.readBlob(name))).code).toBe('TAMPERED');
        await writeFile(file, original);
        expect(Buffer.from(await vault.readBlob(name)).equals(bytes)).toBe(true);
      }
    } finally {
      await vault.close();
    }
  });

  it('swapped chunks, chunks spliced from another blob, and a blob renamed over another are refused', async () => {
    const dir = await caseDir();
    const vault = await createVault(dir, 'pw', WEAK);
    try {
      const a = await vault.putBlob(Buffer.alloc(3 * 65536, 1));
      const b = await vault.putBlob(Buffer.alloc(3 * 65536, 2));
      const fileA = path.join(dir, 'blobs', a.slice(0, 2), a);
      const fileB = path.join(dir, 'blobs', b.slice(0, 2), b);
      const bytesA = await readFile(fileA);
      const bytesB = await readFile(fileB);
      const chunk = (bytes: Buffer, i: number) => bytes.subarray(PRELUDE + i * CHUNK, PRELUDE + (i + 1) * CHUNK);
      const attempts = [
        Buffer.concat([bytesA.subarray(0, PRELUDE), chunk(bytesA, 1), chunk(bytesA, 0), chunk(bytesA, 2)]),
        Buffer.concat([bytesA.subarray(0, PRELUDE), chunk(bytesA, 0), chunk(bytesA, 2), chunk(bytesA, 1)]),
        Buffer.concat([bytesA.subarray(0, PRELUDE), chunk(bytesA, 0), chunk(bytesB, 1), chunk(bytesA, 2)]),
        Buffer.concat([bytesA.subarray(0, PRELUDE), chunk(bytesA, 0), chunk(bytesA, 1), chunk(bytesB, 2)]),
        bytesB,
      ];
      for (const [i, attempt] of attempts.entries()) {
        await writeFile(fileA, attempt);
        const error = await failure(vault.readBlob(a));
        expect(error.code, `attempt ${i}`).toBe('TAMPERED');
        expect(error.file).toBe(`blobs/${a.slice(0, 2)}/${a}`);
      }
      await writeFile(fileA, bytesA);
      expect(Buffer.from(await vault.readBlob(a)).every((x) => x === 1)).toBe(true);
    } finally {
      await vault.close();
    }
  });

  it('snapshot: chunks of an older generation, truncation and another case file are refused', async () => {
    const dir = await caseDir();
    const vault = await createVault(dir, 'pw', WEAK);
    const rows = Array.from({ length: 3000 }, (_, i) => ({ op: 'put', table: 'passages', id: `p${i}`, value: { quote: `passage ${i} `.repeat(4) } }) as const);
    await vault.commit(rows);
    await vault.compact();
    const older = await readFile(path.join(dir, 'db.snapshot'));
    await vault.commit([{ op: 'meta', key: 'x', value: 1 }]);
    await vault.compact();
    const blob = await vault.putBlob(Buffer.alloc(65536 * 2, 9));
    await vault.close();
    const file = path.join(dir, 'db.snapshot');
    const current = await readFile(file);
    expect(current.length).toBeGreaterThan(2 * CHUNK);
    const snapPrelude = PRELUDE + 8;
    const attempts = [
      Buffer.concat([current.subarray(0, snapPrelude + CHUNK), older.subarray(snapPrelude + CHUNK)]),
      Buffer.concat([older.subarray(0, snapPrelude), current.subarray(snapPrelude)]),
      current.subarray(0, snapPrelude + CHUNK),
      current.subarray(0, snapPrelude + 2 * CHUNK),
      current.subarray(0, current.length - 1),
      await readFile(path.join(dir, 'blobs', blob.slice(0, 2), blob)),
    ];
    for (const [i, attempt] of attempts.entries()) {
      await writeFile(file, attempt);
      const error = await failure(openVault(dir, 'pw', WEAK));
      expect(`${error.code}:${error.file}`, `attempt ${i}`).toBe('TAMPERED:db.snapshot');
    }
    await writeFile(file, current);
    await rename(file, `${file}.gone`);
    expect(await failure(openVault(dir, 'pw', WEAK))).toMatchObject({ code: 'TAMPERED', file: 'db.snapshot' });
    await rename(`${file}.gone`, file);
    const again = await openVault(dir, 'pw', WEAK);
    expect(Object.keys(again.db.tables.passages!)).toHaveLength(3000);
    await again.close();
  });
});
