/**
 * Crash test of the vault: a child process mutates a case at random and is SIGKILLed at random instants; after each
 * kill the case must open with the last acknowledged passphrase and hold every acknowledged mutation (plus, at most,
 * the ones that had started but were not acknowledged). `npm run soak` runs it with 10,000 kills.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { createVault, openVault, verifyVault, type CaseDb, type DbOp, type Vault, type VaultError } from '../../main/core/vault';
import { applyOps } from '../../main/core/vault/ops';

const WEAK = { kdf: { memoryKiB: 64, passes: 1 }, allowWeakKdf: true };
const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), '../unit/vault/crash-child.ts');

type Begin =
  /** `blobs`: put deferred just before, named by the ops; they must read back whenever the record is found. */
  | { kind: 'commit'; ops: DbOp[]; blobs?: { name: string; sha: string }[] }
  | { kind: 'blob'; sha: string }
  | { kind: 'aux'; name: string; value: string | null }
  | { kind: 'compact' }
  | { kind: 'passphrase'; next: string };

interface Model {
  db: CaseDb;
  passphrase: string;
  blobs: Map<string, string>;
  aux: Map<string, string | null>;
}

export interface CrashStats {
  kills: number;
  acknowledged: number;
  killedDuringOpen: number;
  unacknowledgedFound: number;
  passphraseChanges: number;
  /** Acknowledged commits whose blobs were put deferred. */
  deferredCommits: number;
}

/** The child is bundled once so each of the many spawns starts in plain Node, without a TypeScript loader. */
async function bundleChild(dir: string): Promise<string> {
  const outfile = path.join(dir, 'crash-child.mjs');
  await build({ entryPoints: [CHILD], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile, logLevel: 'error' });
  return outfile;
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

interface Cycle {
  acked: { begin: Begin; name?: string }[];
  pending: Begin[];
  killedDuringOpen: boolean;
  stderr: string;
}

function runChild(bundle: string, dir: string, passphrase: string, seed: number, random: () => number): Promise<Cycle> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bundle, dir, passphrase, String(seed), String(3 + Math.floor(random() * 12))], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const cycle: Cycle = { acked: [], pending: [], killedDuringOpen: false, stderr: '' };
    let buffer = '';
    let ready = false;
    let killed = false;
    const kill = () => {
      if (killed) return;
      killed = true;
      cycle.killedDuringOpen = !ready;
      child.kill('SIGKILL');
    };
    const later = (ms: number) => setTimeout(kill, ms);
    const duringOpen = random() < 0.15;
    const killAfterAcks = Math.floor(random() * 14);
    const watchdog = setTimeout(kill, 20_000);
    child.stderr.on('data', (data: Buffer) => {
      cycle.stderr += data.toString();
    });
    child.stdout.on('data', (data: Buffer) => {
      buffer += data.toString();
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = JSON.parse(buffer.slice(0, newline)) as { t: string; name?: string } & Begin;
        buffer = buffer.slice(newline + 1);
        if (line.t === 'opening' && duringOpen) later(random() * 10);
        if (line.t === 'ready') {
          ready = true;
          if (!duringOpen && killAfterAcks === 0) later(random() * 4);
        }
        if (line.t === 'begin') cycle.pending.push(line);
        if (line.t === 'ack') {
          const begin = cycle.pending.shift();
          if (!begin) {
            reject(new Error('ack without a begin'));
            return;
          }
          cycle.acked.push(line.name === undefined ? { begin } : { begin, name: line.name });
          if (!duringOpen && cycle.acked.length === killAfterAcks) later(random() * 4);
        }
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(watchdog);
      if (signal !== 'SIGKILL') reject(new Error(`crash child exited by itself (code ${code}): ${cycle.stderr}`));
      else if (cycle.stderr.trim()) reject(new Error(`crash child wrote to stderr: ${cycle.stderr}`));
      else resolve(cycle);
    });
  });
}

async function tryOpen(dir: string, passphrase: string): Promise<Vault | null> {
  try {
    return await openVault(dir, passphrase, WEAK);
  } catch (error) {
    if ((error as VaultError).code === 'WRONG_PASSPHRASE') return null;
    throw error;
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
  }
  return value;
}

function fail(message: string, seed: number): never {
  throw new Error(`vault crash test (child seed ${seed}): ${message}`);
}

/** Checks the case after a kill against the model and moves the model to what was found. */
async function checkAfterKill(dir: string, model: Model, cycle: Cycle, seed: number): Promise<number> {
  for (const { begin, name } of cycle.acked) {
    if (begin.kind === 'commit') applyOps(model.db, clone(begin.ops));
    if (begin.kind === 'commit') for (const blob of begin.blobs ?? []) model.blobs.set(blob.name, blob.sha);
    if (begin.kind === 'blob') model.blobs.set(name!, begin.sha);
    if (begin.kind === 'aux') model.aux.set(begin.name, begin.value);
    if (begin.kind === 'passphrase') model.passphrase = begin.next;
  }
  const pendingPass = cycle.pending.find((b): b is Extract<Begin, { kind: 'passphrase' }> => b.kind === 'passphrase');
  let vault = await tryOpen(dir, model.passphrase);
  if (pendingPass) {
    if (vault) await vault.close();
    const withNew = await tryOpen(dir, pendingPass.next);
    if (withNew) await withNew.close();
    if ((vault !== null) === (withNew !== null)) fail(`old passphrase opens: ${vault !== null}, new one opens: ${withNew !== null}`, seed);
    if (withNew) model.passphrase = pendingPass.next;
    vault = await openVault(dir, model.passphrase, WEAK);
  }
  if (!vault) fail('the last acknowledged passphrase does not open the case', seed);
  let unacknowledged = 0;
  try {
    // Commits in flight finish in order, so what may have reached the disk is a prefix of them.
    const candidates: CaseDb[] = [clone(model.db)];
    const pendingCommits = cycle.pending.filter((b): b is Extract<Begin, { kind: 'commit' }> => b.kind === 'commit');
    for (const begin of pendingCommits) {
      const next = clone(candidates[candidates.length - 1]!);
      applyOps(next, clone(begin.ops));
      candidates.push(next);
    }
    const found = candidates.findIndex((candidate) => sameJson(candidate, vault.db));
    if (found < 0) fail(`the database holds neither the acknowledged state nor a pending extension of it`, seed);
    unacknowledged += found;
    model.db = clone(vault.db as CaseDb);
    // A record that reached the disk, acknowledged or not, was written only after the blobs it names were durable.
    for (const begin of pendingCommits.slice(0, found)) for (const blob of begin.blobs ?? []) model.blobs.set(blob.name, blob.sha);
    for (const [id, doc] of Object.entries(vault.db.tables.docs ?? {})) {
      for (const name of (doc as { blobs: string[] }).blobs) {
        if (!model.blobs.has(name)) fail(`record ${id} names blob ${name}, which no commit announced`, seed);
      }
    }
    for (const [name, sha] of model.blobs) {
      const bytes = await vault.readBlob(name).catch((error: unknown) => fail(`blob ${name} does not read back: ${String(error)}`, seed));
      if (createHash('sha256').update(bytes).digest('hex') !== sha) fail(`blob ${name} changed`, seed);
    }
    for (const [name, value] of model.aux) {
      const pendingAux = cycle.pending.find((b): b is Extract<Begin, { kind: 'aux' }> => b.kind === 'aux' && b.name === name);
      const got = await vault.readAux(name);
      const text = got === null ? null : Buffer.from(got).toString();
      if (text !== value && !(pendingAux && text === pendingAux.value)) fail(`aux ${name} is neither its acknowledged nor its pending value`, seed);
      model.aux.set(name, text);
    }
  } finally {
    await vault.close();
  }
  return unacknowledged;
}

/**
 * Kills per case before a fresh one is started. Every check reads back the whole case, so one case taking all 10,000
 * kills made each cycle slower than the last (500 kills took 3 minutes, the next 500 nine); fresh cases keep the
 * cost per kill flat while each case still grows through hundreds of kills, compactions and passphrase changes.
 */
const KILLS_PER_CASE = 500;

async function verifyCase(dir: string, passphrase: string): Promise<void> {
  const report = await verifyVault(dir, passphrase, WEAK);
  if (!report.ok) throw new Error(`vault crash test: verify found ${JSON.stringify(report.problems)}`);
}

export async function crashCycles(options: { kills: number; onProgress?: (done: number) => void }): Promise<CrashStats> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'casefile-vault-crash-'));
  try {
    const bundle = await bundleChild(work);
    let dir = '';
    let model: Model = { db: { meta: {}, tables: {} }, passphrase: 'pw-start', blobs: new Map(), aux: new Map() };
    const stats: CrashStats = { kills: 0, acknowledged: 0, killedDuringOpen: 0, unacknowledgedFound: 0, passphraseChanges: 0, deferredCommits: 0 };
    let state = (Date.now() ^ process.pid) >>> 0;
    const random = () => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return state / 4294967296;
    };
    for (let kill = 0; kill < options.kills; kill++) {
      if (kill % KILLS_PER_CASE === 0) {
        if (dir) await verifyCase(dir, model.passphrase);
        dir = path.join(work, `case-${kill / KILLS_PER_CASE}`);
        await (await createVault(dir, 'pw-start', WEAK)).close();
        model = { db: { meta: {}, tables: {} }, passphrase: 'pw-start', blobs: new Map(), aux: new Map() };
      }
      const seed = Math.floor(random() * 2 ** 31);
      const cycle = await runChild(bundle, dir, model.passphrase, seed, random);
      stats.kills += 1;
      stats.acknowledged += cycle.acked.length;
      stats.killedDuringOpen += cycle.killedDuringOpen ? 1 : 0;
      stats.passphraseChanges += cycle.acked.filter((a) => a.begin.kind === 'passphrase').length;
      stats.deferredCommits += cycle.acked.filter((a) => a.begin.kind === 'commit' && a.begin.blobs !== undefined).length;
      stats.unacknowledgedFound += await checkAfterKill(dir, model, cycle, seed);
      options.onProgress?.(kill + 1);
    }
    await verifyCase(dir, model.passphrase);
    return stats;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

export async function soak(options: { kills: number }): Promise<void> {
  const stats = await crashCycles({
    kills: options.kills,
    onProgress: (done) => {
      if (done % 500 === 0) process.stderr.write(`vault-crash: ${done}/${options.kills} kills\n`);
    },
  });
  process.stderr.write(`vault-crash: ${JSON.stringify(stats)}\n`);
}
