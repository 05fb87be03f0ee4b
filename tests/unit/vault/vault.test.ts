import { spawnSync } from 'node:child_process';
import { appendFile, mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { changePassphrase, createVault, openVault, readVaultHeader, verifyVault, type VaultFs } from '../../../main/core/vault';
import { nodeFs } from '../../../main/core/vault/fs';
import { WEAK, caseDir, codeOf } from './helpers';

const passage = (n: number) => ({ op: 'put', table: 'passages', id: `p${n}`, value: { n, quote: `quote ${n}`, tags: ['a'] } }) as const;

describe('vault lifecycle', () => {
  it('round-trips commits, blobs and aux files across close and open, before and after compaction', async () => {
    const dir = await caseDir();
    const vault = await createVault(dir, 'correct horse', WEAK);
    await vault.commit([passage(1), passage(2), { op: 'meta', key: 'title', value: 'Port files' }]);
    await vault.commit([{ op: 'delete', table: 'passages', id: 'p1' }]);
    const big = Buffer.alloc(200_000, 7);
    const blob = await vault.putBlob(big);
    expect(await vault.putBlob(Buffer.from(big))).toBe(blob);
    await vault.putAux('search/index', Buffer.from('index bytes'));
    await vault.putAux('cache', Buffer.from('cache'));
    await vault.deleteAux('cache');
    const expected = JSON.parse(JSON.stringify(vault.db));
    await vault.close();

    const again = await openVault(dir, 'correct horse', WEAK);
    expect(again.db).toEqual(expected);
    expect(Buffer.from(await again.readBlob(blob)).equals(big)).toBe(true);
    expect(await again.hasBlob(blob)).toBe(true);
    expect(await again.hasBlob('0'.repeat(64))).toBe(false);
    expect(Buffer.from((await again.readAux('search/index'))!).toString()).toBe('index bytes');
    expect(await again.readAux('cache')).toBeNull();
    await again.compact();
    await again.commit([passage(3)]);
    await again.close();

    const third = await openVault(dir, 'correct horse', WEAK);
    expect(Object.keys(third.db.tables.passages!).sort()).toEqual(['p2', 'p3']);
    expect(third.db.meta.title).toBe('Port files');
    await third.close();
    expect(await verifyVault(dir, 'correct horse', WEAK)).toEqual({ ok: true, checkedFiles: 5, problems: [] });
  });

  it('recognises blobs stored in an earlier session without writing them again', async () => {
    const dir = await caseDir();
    const first = await createVault(dir, 'correct horse', WEAK);
    const names = await Promise.all([1, 2, 3].map((n) => first.putBlob(Buffer.alloc(1000, n))));
    await first.close();
    const files = names.map((name) => path.join(dir, 'blobs', name.slice(0, 2), name));
    const inodes = await Promise.all(files.map(async (file) => (await stat(file)).ino));
    const again = await openVault(dir, 'correct horse', WEAK);
    try {
      // Deferred (as imports put them) and immediate, the same bytes get the same names and the files stay as they were.
      expect(await Promise.all([1, 2].map((n) => again.putBlob(Buffer.alloc(1000, n), { sync: 'deferred' })))).toEqual(names.slice(0, 2));
      expect(await again.putBlob(Buffer.alloc(1000, 3))).toBe(names[2]);
      const fresh = await again.putBlob(Buffer.alloc(1000, 4), { sync: 'deferred' });
      await again.commit([{ op: 'put', table: 'docs', id: 'd', value: { blobs: [...names, fresh] } }]);
      expect(await Promise.all(files.map(async (file) => (await stat(file)).ino))).toEqual(inodes);
      expect(Buffer.from(await again.readBlob(fresh)).equals(Buffer.alloc(1000, 4))).toBe(true);
      expect(await readdir(path.join(dir, 'tmp'))).toEqual([]);
    } finally {
      await again.close();
    }
  });

  it('applies what a replay will see, not the caller objects', async () => {
    const dir = await caseDir();
    const vault = await createVault(dir, 'pw', WEAK);
    const value = { when: new Date(0), gone: undefined as unknown, list: [1] };
    await vault.commit([{ op: 'put', table: 't', id: 'x', value }]);
    value.list.push(2);
    expect(vault.db.tables.t!.x).toEqual({ when: '1970-01-01T00:00:00.000Z', list: [1] });
    await vault.close();
    const again = await openVault(dir, 'pw', WEAK);
    expect(again.db.tables.t!.x).toEqual({ when: '1970-01-01T00:00:00.000Z', list: [1] });
    await again.close();
  });

  it('refuses malformed ops before writing anything', async () => {
    const dir = await caseDir();
    const vault = await createVault(dir, 'pw', WEAK);
    await expect(vault.commit([{ op: 'put', table: '__proto__', id: 'x', value: 1 }])).rejects.toThrow(TypeError);
    await expect(vault.commit([{ op: 'drop' } as never])).rejects.toThrow(TypeError);
    await vault.close();
    const again = await openVault(dir, 'pw', WEAK);
    expect(again.db).toEqual({ meta: {}, tables: {} });
    await again.close();
  });

  it('compacts automatically once the journal passes its threshold', async () => {
    const dir = await caseDir();
    const vault = await createVault(dir, 'pw', { ...WEAK, compactAfterRecords: 5 });
    const journalSize = async () => (await readFile(path.join(dir, 'db.journal'))).length;
    for (let i = 0; i < 4; i++) await vault.commit([passage(i)]);
    const grown = await journalSize();
    await vault.commit([passage(4)]);
    await vault.commit([passage(5)]);
    await vault.close();
    expect(await journalSize()).toBeLessThan(grown);
    const again = await openVault(dir, 'pw', WEAK);
    expect(Object.keys(again.db.tables.passages!)).toHaveLength(6);
    await again.close();
  });

  it('reports the header without a passphrase, and null for a folder that is not a case', async () => {
    const dir = await caseDir();
    const vault = await createVault(dir, 'pw', WEAK);
    expect(await readVaultHeader(dir)).toEqual({ projectId: vault.projectId, formatVersion: 1 });
    expect(vault.projectId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    await vault.close();
    const other = await caseDir();
    expect(await readVaultHeader(other)).toBeNull();
    await mkdir(other);
    expect(await readVaultHeader(other)).toBeNull();
    expect(await codeOf(openVault(other, 'pw', WEAK))).toBe('NOT_A_CASE');
    await writeFile(path.join(other, 'notes.txt'), 'x');
    expect(await codeOf(createVault(other, 'pw', WEAK))).toBe('CASE_EXISTS');
    expect(await codeOf(createVault(dir, 'pw', WEAK))).toBe('CASE_EXISTS');
  });

  it('changes the passphrase of an open and of a closed case', async () => {
    const dir = await caseDir();
    const vault = await createVault(dir, 'one', WEAK);
    expect(await codeOf(vault.changePassphrase('wrong', 'two'))).toBe('WRONG_PASSPHRASE');
    await vault.changePassphrase('one', 'two');
    await vault.commit([passage(1)]);
    await vault.close();
    expect(await codeOf(openVault(dir, 'one', WEAK))).toBe('WRONG_PASSPHRASE');
    expect(await codeOf(changePassphrase(dir, 'one', 'three', WEAK))).toBe('WRONG_PASSPHRASE');
    await changePassphrase(dir, 'two', 'three', WEAK);
    expect(await codeOf(openVault(dir, 'two', WEAK))).toBe('WRONG_PASSPHRASE');
    const again = await openVault(dir, 'three', WEAK);
    expect(again.db.tables.passages!.p1).toBeDefined();
    await again.close();
  });
});

describe('KDF parameters', () => {
  it('uses the production defaults and refuses weaker ones unless allowed', async () => {
    expect(await codeOf(createVault(await caseDir(), 'pw', { kdf: { memoryKiB: 1024, passes: 1 } }))).toBe('KDF_PARAMS');
    expect(await codeOf(createVault(await caseDir(), 'pw', { kdf: { memoryKiB: 3000, passes: 1 }, allowWeakKdf: true }))).toBe('KDF_PARAMS');
    expect(await codeOf(createVault(await caseDir(), 'pw', { kdf: { memoryKiB: 1 << 21 }, allowWeakKdf: true }))).toBe('KDF_PARAMS');
    expect(await codeOf(createVault(await caseDir(), 'pw', { kdf: { passes: 17 }, allowWeakKdf: true }))).toBe('KDF_PARAMS');
    const dir = await caseDir();
    await (await createVault(dir, 'pw', WEAK)).close();
    // A project made weak for tests does not open in production mode.
    expect(await codeOf(openVault(dir, 'pw'))).toBe('KDF_PARAMS');
  });

  it('refuses absurd parameters in a crafted header at once, before running the KDF', async () => {
    const dir = await caseDir();
    await (await createVault(dir, 'pw', WEAK)).close();
    const header = await readFile(path.join(dir, 'casefile.header'));
    for (const [offset, value] of [[27, 30], [28, 255], [29, 200], [26, 2], [27, 21]] as const) {
      const crafted = Buffer.from(header);
      crafted[offset] = value;
      await writeFile(path.join(dir, 'casefile.header'), crafted);
      const started = Date.now();
      expect(await codeOf(openVault(dir, 'pw', WEAK))).toBe('KDF_PARAMS');
      expect(Date.now() - started).toBeLessThan(1000);
    }
  });
});

describe('writer lock', () => {
  it('keeps a second writer out until the first closes', async () => {
    const dir = await caseDir();
    const vault = await createVault(dir, 'pw', WEAK);
    const refused = await openVault(dir, 'pw', WEAK).catch((error: Error) => error);
    expect(refused).toMatchObject({ code: 'IN_USE' });
    expect((refused as Error).message).toMatch(/already open/);
    expect(await codeOf(verifyVault(dir, 'pw', WEAK))).toBe('IN_USE');
    expect(await codeOf(changePassphrase(dir, 'pw', 'x', WEAK))).toBe('IN_USE');
    await vault.close();
    await expect(vault.commit([passage(1)])).rejects.toThrow(/closed/);
    const again = await openVault(dir, 'pw', WEAK);
    await again.close();
    expect(await readdir(dir)).not.toContain('casefile.lock');
  });

  it('is held against another process and taken over from a dead one', async () => {
    const dir = await caseDir();
    await (await createVault(dir, 'pw', WEAK)).close();
    const live = spawnSync('sh', ['-c', 'echo $PPID'], { encoding: 'utf8' });
    expect(live.status).toBe(0);
    await writeFile(path.join(dir, 'casefile.lock'), `${process.ppid}\n`);
    expect(await codeOf(openVault(dir, 'pw', WEAK))).toBe('IN_USE');
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    await writeFile(path.join(dir, 'casefile.lock'), `${dead}\n`);
    const vault = await openVault(dir, 'pw', WEAK);
    expect((await readFile(path.join(dir, 'casefile.lock'), 'utf8')).split('\n')[0]).toBe(String(process.pid));
    await vault.close();
  });
});

describe('journal edge cases', () => {
  it('opens after a torn last record, losing only that record, and appends cleanly after it', async () => {
    const dir = await caseDir();
    const vault = await createVault(dir, 'pw', WEAK);
    await vault.commit([passage(1)]);
    const journal = path.join(dir, 'db.journal');
    const before = await readFile(journal);
    await vault.commit([passage(2)]);
    await vault.close();
    const full = await readFile(journal);
    for (const cut of [before.length + 3, before.length + 8, full.length - 1]) {
      await writeFile(journal, full.subarray(0, cut));
      const again = await openVault(dir, 'pw', WEAK);
      expect(Object.keys(again.db.tables.passages!)).toEqual(['p1']);
      await again.close();
    }
    // Zeros left by a power cut count as a torn tail too.
    await writeFile(journal, Buffer.concat([before, Buffer.alloc(40)]));
    const again = await openVault(dir, 'pw', WEAK);
    await again.commit([passage(3)]);
    await again.close();
    const last = await openVault(dir, 'pw', WEAK);
    expect(Object.keys(last.db.tables.passages!).sort()).toEqual(['p1', 'p3']);
    await last.close();
  });

  it('treats a damaged record followed by more data as tampering', async () => {
    const dir = await caseDir();
    const vault = await createVault(dir, 'pw', WEAK);
    await vault.commit([passage(1)]);
    await vault.close();
    const journal = path.join(dir, 'db.journal');
    const bytes = await readFile(journal);
    await writeFile(journal, bytes.subarray(0, bytes.length - 2));
    await appendFile(journal, Buffer.alloc(60, 1));
    const error = await openVault(dir, 'pw', WEAK).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'TAMPERED', file: 'db.journal' });
  });

  it('ignores the journal of the previous generation left by a compaction cut short, and refuses others', async () => {
    const dir = await caseDir();
    const vault = await createVault(dir, 'pw', WEAK);
    await vault.commit([passage(1)]);
    await vault.compact();
    await vault.commit([passage(2)]);
    const journalG2 = await readFile(path.join(dir, 'db.journal'));
    await vault.compact();
    await vault.close();
    // Snapshot generation 3 holds p1 and p2; journal generation 2 is what a crash between the two steps leaves.
    const damaged = Buffer.from(journalG2);
    damaged[damaged.length - 1]! ^= 1;
    await writeFile(path.join(dir, 'db.journal'), damaged);
    expect(await openVault(dir, 'pw', WEAK).catch((e: unknown) => e)).toMatchObject({ code: 'TAMPERED', file: 'db.journal' });
    await writeFile(path.join(dir, 'db.journal'), journalG2);
    const again = await openVault(dir, 'pw', WEAK);
    expect(Object.keys(again.db.tables.passages!).sort()).toEqual(['p1', 'p2']);
    await again.commit([passage(3)]);
    await again.close();
    const third = await openVault(dir, 'pw', WEAK);
    expect(Object.keys(third.db.tables.passages!).sort()).toEqual(['p1', 'p2', 'p3']);
    await third.compact();
    await third.compact();
    await third.close();
    await writeFile(path.join(dir, 'db.journal'), journalG2);
    expect(await openVault(dir, 'pw', WEAK).catch((e: unknown) => e)).toMatchObject({ code: 'TAMPERED', file: 'db.journal' });
  });
});

describe('compaction cut short', () => {
  it('leaves a case that opens, even when the next compaction is cut short at the same point', async () => {
    const dir = await caseDir();
    // node:fs whose renames onto db.journal fail while `cut` is set: the process "dies" between the new snapshot
    // and the new journal of a compaction.
    let cut = false;
    const fs: VaultFs = {
      ...nodeFs,
      rename: async (from, to) => {
        if (cut && to.endsWith('db.journal')) throw Object.assign(new Error('EIO: injected'), { code: 'EIO' });
        await nodeFs.rename(from, to);
      },
    };
    const vault = await createVault(dir, 'pw', { ...WEAK, fs });
    await vault.commit([passage(1)]);
    cut = true;
    await expect(vault.compact()).rejects.toMatchObject({ code: 'DISK' });
    await vault.close();
    // Opened with the journal one generation behind the snapshot, then compacted at once, cut short again.
    const second = await openVault(dir, 'pw', { ...WEAK, fs });
    expect(second.db.tables.passages?.p1).toBeTruthy();
    await expect(second.compact()).rejects.toMatchObject({ code: 'DISK' });
    await second.close();
    cut = false;
    const third = await openVault(dir, 'pw', WEAK);
    try {
      expect(third.db.tables.passages?.p1).toBeTruthy();
      await third.commit([passage(2)]);
      expect(Object.keys(third.db.tables.passages ?? {})).toEqual(['p1', 'p2']);
    } finally {
      await third.close();
    }
    expect((await verifyVault(dir, 'pw', WEAK)).problems).toEqual([]);
  });
});

describe('verifyVault', () => {
  it('names every damaged, missing or foreign file', async () => {
    const dir = await caseDir();
    const vault = await createVault(dir, 'pw', WEAK);
    const a = await vault.putBlob(Buffer.from('first document'));
    const b = await vault.putBlob(Buffer.from('second document'));
    await vault.putAux('index', Buffer.from('idx'));
    await vault.commit([passage(1)]);
    await vault.close();
    const blobA = path.join(dir, 'blobs', a.slice(0, 2), a);
    const damaged = await readFile(blobA);
    damaged[damaged.length - 1]! ^= 0x80;
    await writeFile(blobA, damaged);
    // A blob renamed to another blob's name is caught by its AAD.
    const blobB = path.join(dir, 'blobs', b.slice(0, 2), b);
    await mkdir(path.join(dir, 'blobs', 'ff'), { recursive: true });
    await writeFile(path.join(dir, 'blobs', 'ff', 'f'.repeat(64)), await readFile(blobB));
    await writeFile(path.join(dir, 'stray.txt'), 'x');
    const report = await verifyVault(dir, 'pw', WEAK);
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => p.file).sort()).toEqual(
      [`blobs/${a.slice(0, 2)}/${a}`, `blobs/ff/${'f'.repeat(64)}`, 'stray.txt'].sort(),
    );
    expect(report.checkedFiles).toBe(7);
    expect(await codeOf(verifyVault(dir, 'nope', WEAK))).toBe('WRONG_PASSPHRASE');
  });
});

describe('ordering', () => {
  it('keeps concurrent commits and aux writes in call order', async () => {
    const dir = await caseDir();
    const vault = await createVault(dir, 'pw', WEAK);
    await Promise.all([
      vault.putAux('index', Buffer.alloc(300_000, 1)),
      vault.deleteAux('index'),
      vault.putAux('index', Buffer.from('last')),
      ...Array.from({ length: 20 }, (_, i) => vault.commit([{ op: 'meta', key: 'n', value: i }])),
    ]);
    await vault.close();
    const again = await openVault(dir, 'pw', WEAK);
    expect(again.db.meta.n).toBe(19);
    expect(Buffer.from((await again.readAux('index'))!).toString()).toBe('last');
    await again.close();
  });
});
