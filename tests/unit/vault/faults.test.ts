import { readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { createVault, openVault, readVaultHeader, verifyVault, type CaseDb, type DbOp, type Vault, type VaultError } from '../../../main/core/vault';
import { applyOps } from '../../../main/core/vault/ops';
import { WEAK, caseDir } from './helpers';
import { FaultyFs, type FaultMode } from './faulty-fs';

interface Model {
  db: CaseDb;
  passphrase: string;
  /** A passphrase change that failed after the point of no return may have taken effect. */
  maybePassphrase: string | null;
  blobs: Map<string, Buffer>;
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
  const model: Model = { db: { meta: {}, tables: {} }, passphrase: 'first', maybePassphrase: null, blobs: new Map(), aux: new Map() };
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
  expect(fs.injected, label).toBeGreaterThan(0);
  expect(errors.length, label).toBeGreaterThan(0);
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
    const stored = await readdir(`${dir}/blobs`, { recursive: true });
    expect(stored.filter((f) => /[0-9a-f]{64}$/.test(f)).length, label).toBe(model.blobs.size);
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
