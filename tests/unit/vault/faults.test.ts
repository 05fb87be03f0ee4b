import { readdir } from 'node:fs/promises';
import { nodeFs } from '../../../main/core/vault/fs';
import { describe, expect, it } from 'vitest';
import { createVault, openVault, readVaultHeader, verifyVault, type CaseDb, type DbOp, type Vault, type VaultError, type VaultFs } from '../../../main/core/vault';
import { applyOps } from '../../../main/core/vault/ops';
import { WEAK, caseDir, codeOf } from './helpers';
import { FaultyFs, type FaultMode } from './faulty-fs';

interface Model {
  db: CaseDb;
  passphrase: string;
  /** A passphrase change that failed after the point of no return may have taken effect. */
  maybePassphrase: string | null;
  blobs: Map<string, Buffer>;
  /** Contents put deferred for a commit that failed: each may or may not have become durable (no record names it). */
  maybeBlobs: Buffer[];
  /** Aux name -> contents a reader may find (old and new after a failed replace). */
  aux: Map<string, (string | null)[]>;
}

type Step = (vault: Vault, model: Model) => Promise<void>;

const put = (id: string): DbOp => ({ op: 'put', table: 'passages', id, value: { quote: `quote ${id}`, tags: ['x'] } });

function commit(ops: DbOp[]): Step {
  return async (vault, model) => {
    await vault.commit(ops);
    applyOps(model.db, JSON.parse(JSON.stringify(ops)) as DbOp[]);
  };
}

const steps: [string, Step][] = [
  ['commit 1', commit([put('a'), { op: 'meta', key: 'title', value: 'Ledger' }])],
  ['commit 2', commit([put('b')])],
  ['blob 1', async (vault, model) => {
    const bytes = Buffer.alloc(70_000, 3);
    model.blobs.set(await vault.putBlob(bytes), bytes);
  }],
  ['aux put', async (vault, model) => {
    model.aux.set('index', [...(model.aux.get('index') ?? [null]), 'v1']);
    await vault.putAux('index', Buffer.from('v1'));
    model.aux.set('index', ['v1']);
  }],
  ['compact 1', (vault) => vault.compact()],
  ['commit 3', commit([put('c'), { op: 'delete', table: 'passages', id: 'a' }])],
  ['passphrase', async (vault, model) => {
    model.maybePassphrase = 'second';
    await vault.changePassphrase(model.passphrase, 'second');
    model.passphrase = 'second';
    model.maybePassphrase = null;
  }],
  ['blob 2', async (vault, model) => {
    const bytes = Buffer.from('second document');
    model.blobs.set(await vault.putBlob(bytes), bytes);
  }],
  ['commit 4', commit([put('d')])],
  ['deferred docs', async (vault, model) => {
    // As an import does: blobs put deferred (one of them already stored), then the commit that names them.
    const docs = [Buffer.alloc(70_000, 5), Buffer.from('third document'), Buffer.from('second document')];
    model.maybeBlobs = docs;
    const names = await Promise.all(docs.map((bytes) => vault.putBlob(bytes, { sync: 'deferred' })));
    await commit([{ op: 'put', table: 'docs', id: 'x', value: { blobs: names } }])(vault, model);
    names.forEach((name, i) => model.blobs.set(name, docs[i]!));
    model.maybeBlobs = [];
  }],
  ['aux replace', async (vault, model) => {
    model.aux.set('index', [...(model.aux.get('index') ?? [null]), 'v2']);
    await vault.putAux('index', Buffer.from('v2'));
    model.aux.set('index', ['v2']);
  }],
  ['compact 2', (vault) => vault.compact()],
  ['commit 5', commit([put('e')])],
];

/** Runs the scenario on a FaultyFs; returns the model of what was acknowledged and the errors callers saw. */
async function runScenario(dir: string, fs: FaultyFs): Promise<{ model: Model | null; errors: VaultError[] }> {
  const errors: VaultError[] = [];
  let vault: Vault;
  try {
    vault = await createVault(dir, 'first', { ...WEAK, fs });
  } catch (error) {
    errors.push(error as VaultError);
    return { model: null, errors };
  }
  const model: Model = { db: { meta: {}, tables: {} }, passphrase: 'first', maybePassphrase: null, blobs: new Map(), maybeBlobs: [], aux: new Map() };
  for (const [, step] of steps) {
    try {
      await step(vault, model);
    } catch (error) {
      errors.push(error as VaultError);
    }
  }
  await vault.close();
  return { model, errors };
}

async function opensWith(dir: string, passphrase: string): Promise<Vault | null> {
  try {
    return await openVault(dir, passphrase, WEAK);
  } catch (error) {
    if ((error as VaultError).code === 'WRONG_PASSPHRASE') return null;
    throw error;
  }
}

async function checkAfterFault(dir: string, fs: FaultyFs, mode: FaultMode, label: string): Promise<void> {
  const { model, errors } = await runScenario(dir, fs);
  if (fs.injected === 0) {
    // Blob names are keyed by each case's random key, so two blobs sometimes share a folder and the scenario has a
    // fault point or two fewer than the counting run had. Then nothing failed, and everything must be acknowledged.
    expect(fs.count, label).toBeLessThan(fs.failAt);
    expect(errors, label).toEqual([]);
  } else {
    expect(errors.length, label).toBeGreaterThan(0);
  }
  for (const error of errors) {
    expect(error.code, `${label}: ${String(error)}`).toBe('DISK');
    expect(error.message, label).toMatch(/^[A-Z][^\n]*\.$/);
  }
  if (!model) {
    // A failed create leaves no case behind, and the folder can be used again.
    expect(await readVaultHeader(dir), label).toBeNull();
    expect(await readdir(dir).catch(() => []), label).toEqual([]);
    await (await createVault(dir, 'first', WEAK)).close();
    return;
  }
  const opensAndCloses = async (passphrase: string) => {
    const vault = await opensWith(dir, passphrase);
    await vault?.close();
    return vault !== null;
  };
  let used: string | null = (await opensAndCloses(model.passphrase)) ? model.passphrase : null;
  if (model.maybePassphrase !== null) {
    const other = await opensAndCloses(model.maybePassphrase);
    // Exactly one of the two opens; a single transient fault must leave the acknowledged one.
    expect(used !== null, label).not.toBe(other);
    if (mode === 'once') expect(used, label).not.toBeNull();
    if (other) used = model.maybePassphrase;
  }
  expect(used, label).not.toBeNull();
  const open = await openVault(dir, used!, WEAK);
  try {
    expect(open.db, label).toEqual(model.db);
    for (const [name, bytes] of model.blobs) expect(Buffer.from(await open.readBlob(name)).equals(bytes), label).toBe(true);
    const stored = (await readdir(`${dir}/blobs`, { recursive: true })).map((f) => /[0-9a-f]{64}$/.exec(f)?.[0]).filter((f) => f !== undefined);
    // Every acknowledged blob, plus at most those of a failed deferred commit, each complete.
    for (const name of stored) {
      const bytes = Buffer.from(await open.readBlob(name));
      const expected = model.blobs.get(name);
      if (expected) expect(bytes.equals(expected), label).toBe(true);
      else expect(model.maybeBlobs.some((maybe) => maybe.equals(bytes)), `${label}: ${name}`).toBe(true);
    }
    expect(stored.length, label).toBeGreaterThanOrEqual(model.blobs.size);
    for (const [name, allowed] of model.aux) {
      const got = await open.readAux(name);
      expect(allowed, label).toContain(got === null ? null : Buffer.from(got).toString());
    }
  } finally {
    await open.close();
  }
  expect((await verifyVault(dir, used!, WEAK)).problems, label).toEqual([]);
}

describe('disk faults at every write, fsync and rename', () => {
  it('the fault-free scenario has enough fault points and acknowledges everything', async () => {
    const fs = new FaultyFs(0, 'EIO', 'once');
    const { model, errors } = await runScenario(await caseDir(), fs);
    expect(errors).toEqual([]);
    expect(model?.passphrase).toBe('second');
    expect(fs.count).toBeGreaterThan(40);
  });

  for (const [code, mode] of [['ENOSPC', 'from-then-on'], ['EIO', 'once'], ['EACCES', 'once']] as const) {
    it(`${code} ${mode}: DISK for the caller, the last acknowledged state afterwards`, async () => {
      const counter = new FaultyFs(0, code, mode);
      await runScenario(await caseDir(), counter);
      for (let n = 1; n <= counter.count; n++) {
        const fs = new FaultyFs(n, code, mode);
        await checkAfterFault(await caseDir(`${code}-${n}`), fs, mode, `${code} ${mode} at op ${n}`);
      }
    });
  }
});

describe('deferred blobs whose flush fails', () => {
  it('fail the commit, and a later commit naming them is refused until they are put again', async () => {
    // node:fs whose file fsyncs fail while `failing` is set (the journal's and the blobs' alike).
    let failing = false;
    const fs: VaultFs = {
      ...nodeFs,
      async open(path, mode) {
        const file = await nodeFs.open(path, mode);
        return {
          write: (data, position) => file.write(data, position),
          read: (into, position) => file.read(into, position),
          truncate: (length) => file.truncate(length),
          size: () => file.size(),
          close: () => file.close(),
          sync: async () => {
            if (failing) throw Object.assign(new Error('EIO: injected'), { code: 'EIO' });
            await file.sync();
          },
        };
      },
    };
    const dir = await caseDir();
    const vault = await createVault(dir, 'pw', { ...WEAK, fs });
    const bytes = Buffer.from('a document whose flush fails');
    const name = await vault.putBlob(bytes, { sync: 'deferred' });
    const record: DbOp[] = [{ op: 'put', table: 'docs', id: 'x', value: { blobs: [name] } }];
    failing = true;
    expect(await codeOf(vault.commit(record))).toBe('DISK');
    failing = false;
    // The disk works again, but the blob is gone: the record must not be written without it.
    expect(await codeOf(vault.commit(record))).toBe('DISK');
    expect(await vault.hasBlob(name)).toBe(false);
    await vault.commit([put('unrelated')]);
    expect(await vault.putBlob(bytes, { sync: 'deferred' })).toBe(name);
    await vault.commit(record);
    await vault.close();
    const open = await openVault(dir, 'pw', WEAK);
    try {
      expect(Object.keys(open.db.tables.docs ?? {})).toEqual(['x']);
      expect(Buffer.from(await open.readBlob(name)).equals(bytes)).toBe(true);
    } finally {
      await open.close();
    }
  });
});
