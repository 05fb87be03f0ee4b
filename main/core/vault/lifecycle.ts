import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Low } from 'lowdb';
import type { CaseDb, DbOp, Vault, VaultTuning } from './api';
import { writeDurably } from './durable-write';
import { VaultError, isErrno, tampered, toDiskError } from './errors';
import { nodeFs, type VaultFs } from './fs';
import { checkKdfParams, parseHeader, projectIdText, resolveKdf } from './header';
import { JOURNAL_PRELUDE_BYTES, journalPrelude, parseJournal, readJournalGeneration } from './journal';
import { deriveSubKeys, newDataKey, unwrapDataKey, wipeSubKeys, wrapDataKey } from './keys';
import { AUX_DIR, BLOB_DIR, HEADER_FILE, JOURNAL_FILE, LOCK_FILE, SNAPSHOT_FILE, TMP_DIR, abs } from './layout';
import { acquireLock, type CaseLock } from './lock';
import { OpenVault, openJournalWriter, readHeaderBytes, replaceHeader } from './open-vault';
import { applyOps } from './ops';
import { EncryptedSnapshotAdapter, emptyDb } from './snapshot-adapter';

const DEFAULT_COMPACT_BYTES = 4 * 1024 * 1024;
const DEFAULT_COMPACT_RECORDS = 20_000;

function fsOf(options: VaultTuning | undefined): VaultFs {
  return options?.fs ?? nodeFs;
}

function checkPassphrase(passphrase: unknown): asserts passphrase is string {
  if (typeof passphrase !== 'string' || passphrase.length === 0) throw new TypeError('A passphrase must be a non-empty string.');
}

function newProjectId(): Buffer {
  const id = randomBytes(16);
  // RFC 4122 version 4 bits, so the id reads as an ordinary random UUID.
  id[6] = (id[6]! & 0x0f) | 0x40;
  id[8] = (id[8]! & 0x3f) | 0x80;
  return id;
}

async function removeTree(fs: VaultFs, target: string): Promise<void> {
  let entries: string[];
  try {
    entries = await fs.readdir(target);
  } catch (error) {
    if (isErrno(error, 'ENOTDIR')) {
      await fs.unlink(target).catch(() => undefined);
      return;
    }
    return;
  }
  for (const entry of entries) await removeTree(fs, path.join(target, entry));
  await fs.rmdir(target).catch(() => undefined);
}

/** Leftovers of writes a crash interrupted: ciphertext that never became current. */
async function sweepLeftovers(fs: VaultFs, dir: string): Promise<void> {
  const temps = await fs.readdir(abs(dir, TMP_DIR)).catch(() => [] as string[]);
  for (const name of temps) await fs.unlink(abs(dir, `${TMP_DIR}/${name}`)).catch(() => undefined);
  const top = await fs.readdir(dir).catch(() => [] as string[]);
  for (const name of top) {
    if (name.startsWith(`${LOCK_FILE}.`)) await fs.unlink(abs(dir, name)).catch(() => undefined);
  }
}

export async function createVault(dir: string, passphrase: string, options: VaultTuning = {}): Promise<Vault> {
  checkPassphrase(passphrase);
  const fs = fsOf(options);
  const kdf = resolveKdf(options.kdf, options.allowWeakKdf === true);
  let createdDir = false;
  try {
    const entries = await fs.readdir(dir);
    if (entries.length > 0) throw new VaultError('CASE_EXISTS', 'That folder is not empty; choose an empty or new folder for the case.');
  } catch (error) {
    if (error instanceof VaultError) throw error;
    if (isErrno(error, 'ENOTDIR')) throw new VaultError('CASE_EXISTS', 'A file already exists where the case folder should go.');
    if (!isErrno(error, 'ENOENT')) throw toDiskError(error);
    try {
      await fs.mkdir(dir);
      createdDir = true;
    } catch (mkdirError) {
      throw toDiskError(mkdirError);
    }
  }
  let lock: CaseLock | null = null;
  const dataKey = newDataKey();
  const projectId = newProjectId();
  const keys = deriveSubKeys(dataKey, projectId);
  try {
    lock = await acquireLock(fs, dir);
    try {
      for (const sub of [TMP_DIR, BLOB_DIR, AUX_DIR]) await fs.mkdir(abs(dir, sub));
      await fs.syncDir(dir);
      if (createdDir) await fs.syncDir(path.dirname(dir));
    } catch (error) {
      throw toDiskError(error);
    }
    const adapter = new EncryptedSnapshotAdapter(fs, dir, keys.db, projectId);
    const low = new Low<CaseDb>(adapter, emptyDb());
    await low.write();
    await writeDurably(fs, dir, JOURNAL_FILE, journalPrelude(keys.db, projectId, adapter.generation));
    // The header goes last: until it exists the folder is not a case, so a crash mid-create leaves no half case.
    await writeDurably(fs, dir, HEADER_FILE, await wrapDataKey(dataKey, projectId, passphrase, kdf));
    const parts = { fs, dir, keys, projectId };
    const journal = await openJournalWriter(parts, adapter.generation, JOURNAL_PRELUDE_BYTES, 0).catch((error: unknown) => {
      throw toDiskError(error, JOURNAL_FILE);
    });
    return new OpenVault({
      ...parts,
      projectIdText: projectIdText(projectId),
      dataKey,
      low,
      adapter,
      journal,
      lock,
      compactAfterBytes: options.compactAfterBytes ?? DEFAULT_COMPACT_BYTES,
      compactAfterRecords: options.compactAfterRecords ?? DEFAULT_COMPACT_RECORDS,
      allowWeakKdf: options.allowWeakKdf === true,
    });
  } catch (error) {
    dataKey.fill(0);
    wipeSubKeys(keys);
    // The folder was empty (or absent) before: put it back that way, so the user can simply try again.
    if (lock) {
      for (const entry of await fs.readdir(dir).catch(() => [] as string[])) {
        if (entry !== LOCK_FILE) await removeTree(fs, path.join(dir, entry));
      }
      await lock.release();
    }
    if (createdDir) await fs.rmdir(dir).catch(() => undefined);
    throw error;
  }
}

function replay(db: CaseDb, records: readonly Buffer[]): void {
  records.forEach((record, index) => {
    let ops: DbOp[];
    try {
      ops = JSON.parse(record.toString('utf8')) as DbOp[];
    } catch {
      throw tampered(JOURNAL_FILE, `has a record (number ${index + 1}) that is not readable`);
    } finally {
      record.fill(0);
    }
    applyOps(db, ops);
  });
}

export async function openVault(dir: string, passphrase: string, options: VaultTuning = {}): Promise<Vault> {
  checkPassphrase(passphrase);
  const fs = fsOf(options);
  const header = parseHeader(await readHeaderBytes(fs, dir));
  checkKdfParams(header.kdf, options.allowWeakKdf === true);
  const lock = await acquireLock(fs, dir);
  let dataKey: Buffer | null = null;
  let keys: ReturnType<typeof deriveSubKeys> | null = null;
  // Read the (ciphertext) database while Argon2 runs: on a 100k-passage case that hides most of the I/O.
  const settle = (promise: Promise<Buffer>) => {
    promise.catch(() => undefined);
    return promise;
  };
  const snapshotAhead = settle(fs.readFile(abs(dir, SNAPSHOT_FILE)));
  const journalAhead = settle(fs.readFile(abs(dir, JOURNAL_FILE)));
  try {
    dataKey = await unwrapDataKey(header, passphrase);
    keys = deriveSubKeys(dataKey, header.projectId);
    const adapter = new EncryptedSnapshotAdapter(fs, dir, keys.db, header.projectId);
    adapter.prefetched = snapshotAhead;
    const low = new Low<CaseDb>(adapter, emptyDb());
    await low.read();
    let journalBytes: Buffer;
    try {
      journalBytes = await journalAhead;
    } catch (error) {
      if (isErrno(error, 'ENOENT')) throw tampered(JOURNAL_FILE, 'is missing');
      throw toDiskError(error, JOURNAL_FILE);
    }
    const parts = { fs, dir, keys, projectId: header.projectId };
    const generation = readJournalGeneration(keys.db, header.projectId, journalBytes);
    let journal = null;
    if (generation === adapter.generation) {
      const parsed = parseJournal(keys.db, header.projectId, journalBytes);
      replay(low.data, parsed.records);
      journal = await openJournalWriter(parts, generation, parsed.validLength, parsed.records.length).catch((error: unknown) => {
        throw toDiskError(error, JOURNAL_FILE);
      });
      if (parsed.torn) {
        try {
          await journal.cutTail();
        } catch (error) {
          await journal.close().catch(() => undefined);
          throw toDiskError(error, JOURNAL_FILE);
        }
      }
    } else if (generation === adapter.generation - 1) {
      // A compaction interrupted after the snapshot was written: its records are all in the snapshot. It is still
      // checked, because the first commit replaces it and a file that fails to decrypt is never overwritten.
      for (const record of parseJournal(keys.db, header.projectId, journalBytes).records) record.fill(0);
    } else {
      throw tampered(JOURNAL_FILE, 'does not belong to the current database snapshot');
    }
    await sweepLeftovers(fs, dir);
    return new OpenVault({
      ...parts,
      projectIdText: header.projectIdText,
      dataKey,
      low,
      adapter,
      journal,
      lock,
      compactAfterBytes: options.compactAfterBytes ?? DEFAULT_COMPACT_BYTES,
      compactAfterRecords: options.compactAfterRecords ?? DEFAULT_COMPACT_RECORDS,
      allowWeakKdf: options.allowWeakKdf === true,
    });
  } catch (error) {
    dataKey?.fill(0);
    if (keys) wipeSubKeys(keys);
    await lock.release();
    throw error;
  }
}

/** Project id and format version from the plaintext header; null when the folder holds no case header. */
export async function readVaultHeader(dir: string, options: VaultTuning = {}): Promise<{ projectId: string; formatVersion: number } | null> {
  let bytes: Buffer;
  try {
    bytes = await fsOf(options).readFile(abs(dir, HEADER_FILE));
  } catch (error) {
    if (isErrno(error, 'ENOENT') || isErrno(error, 'ENOTDIR')) return null;
    throw toDiskError(error, HEADER_FILE);
  }
  const header = parseHeader(bytes);
  return { projectId: header.projectIdText, formatVersion: header.formatVersion };
}

/** Re-wraps the data key for a closed case; nothing but the header changes, replaced atomically. */
export async function changePassphrase(dir: string, current: string, next: string, options: VaultTuning = {}): Promise<void> {
  checkPassphrase(current);
  checkPassphrase(next);
  const fs = fsOf(options);
  const previous = await readHeaderBytes(fs, dir);
  const header = parseHeader(previous);
  checkKdfParams(header.kdf, options.allowWeakKdf === true);
  const kdf = options.kdf ? resolveKdf(options.kdf, options.allowWeakKdf === true) : header.kdf;
  const lock = await acquireLock(fs, dir);
  try {
    const dataKey = await unwrapDataKey(header, current);
    try {
      await replaceHeader(fs, dir, previous, await wrapDataKey(dataKey, header.projectId, next, kdf));
    } finally {
      dataKey.fill(0);
    }
  } finally {
    await lock.release();
  }
}
