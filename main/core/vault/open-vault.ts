import type { Low } from 'lowdb';
import type { CaseDb, DbOp, KdfParams, Vault } from './api';
import { DurableWriteError, removeDurably, writeDurably } from './durable-write';
import { VaultError, isErrno, tampered, toDiskError } from './errors';
import type { VaultFs } from './fs';
import { checkKdfParams, parseHeader } from './header';
import { JournalWriter, journalPrelude, JOURNAL_PRELUDE_BYTES } from './journal';
import { keyedName, unwrapDataKey, wipeSubKeys, wrapDataKey, type SubKeys } from './keys';
import { BLOB_DIR, HEADER_FILE, JOURNAL_FILE, NAME_PATTERN, abs, auxPath, blobPath } from './layout';
import type { CaseLock } from './lock';
import { applyOps, validateOps } from './ops';
import { AUX_FORMAT, BLOB_FORMAT, NO_EXTRA, auxAad, blobAad } from './sealed-kinds';
import { decodeSealed, encodeSealed } from './sealed-file';
import type { EncryptedSnapshotAdapter } from './snapshot-adapter';

export interface OpenVaultParts {
  fs: VaultFs;
  dir: string;
  projectId: Buffer;
  projectIdText: string;
  dataKey: Buffer;
  keys: SubKeys;
  low: Low<CaseDb>;
  adapter: EncryptedSnapshotAdapter;
  /** null when the journal on disk belongs to an older snapshot and a fresh one must be started first. */
  journal: JournalWriter | null;
  lock: CaseLock;
  compactAfterBytes: number;
  compactAfterRecords: number;
  /** As opened: the passphrase change checks the re-read header's KDF parameters against the same rules. */
  allowWeakKdf: boolean;
}

/** Replaces the header durably; if the new one became current but was not acknowledged, puts the old one back. */
export async function replaceHeader(fs: VaultFs, dir: string, previous: Buffer, next: Buffer): Promise<void> {
  try {
    await writeDurably(fs, dir, HEADER_FILE, next);
  } catch (error) {
    if (error instanceof DurableWriteError && error.replaced) {
      await writeDurably(fs, dir, HEADER_FILE, previous).catch(() => undefined);
    }
    throw error;
  }
}

export async function readHeaderBytes(fs: VaultFs, dir: string): Promise<Buffer> {
  try {
    return await fs.readFile(abs(dir, HEADER_FILE));
  } catch (error) {
    if (isErrno(error, 'ENOENT') || isErrno(error, 'ENOTDIR') || isErrno(error, 'EISDIR')) {
      throw new VaultError('NOT_A_CASE', 'This folder is not a Casefile case.', HEADER_FILE);
    }
    throw toDiskError(error, HEADER_FILE);
  }
}

export async function openJournalWriter(parts: Pick<OpenVaultParts, 'fs' | 'dir' | 'keys' | 'projectId'>, generation: number, validLength: number, records: number): Promise<JournalWriter> {
  const file = await parts.fs.open(abs(parts.dir, JOURNAL_FILE), 'update');
  return new JournalWriter(file, parts.keys.db, parts.projectId, generation, validLength, records);
}

/** An open, unlocked case. All journal and snapshot writes go through one queue, so records never interleave. */
export class OpenVault implements Vault {
  readonly dir: string;
  readonly projectId: string;
  private readonly parts: OpenVaultParts;
  private queue: Promise<unknown> = Promise.resolve();
  /** Aux writes have their own queue: a large search index must not hold up commits, but must keep its order. */
  private auxQueue: Promise<unknown> = Promise.resolve();
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly knownBlobDirs = new Set<string>();
  /** Set when close() starts: later calls are refused, work already queued still runs with the keys. */
  private closing = false;
  private compactionQueued = false;
  /** Last failure of a background compaction; the journal simply keeps growing until one succeeds. */
  backgroundError: unknown = null;

  constructor(parts: OpenVaultParts) {
    this.parts = parts;
    this.dir = parts.dir;
    this.projectId = parts.projectIdText;
  }

  get db(): Readonly<CaseDb> {
    return this.parts.low.data;
  }

  private ensureOpen(): void {
    if (this.closing) throw new Error('This case has been closed.');
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private inAuxOrder<T>(task: () => Promise<T>): Promise<T> {
    const run = this.auxQueue.then(task);
    this.auxQueue = run.catch(() => undefined);
    return run;
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work);
    const done = () => this.inFlight.delete(work);
    work.then(done, done);
    return work;
  }

  /** A journal for the current snapshot generation, starting one when the old one was superseded. */
  private async journal(): Promise<JournalWriter> {
    const { parts } = this;
    if (parts.journal) return parts.journal;
    const generation = parts.adapter.generation;
    await writeDurably(parts.fs, parts.dir, JOURNAL_FILE, journalPrelude(parts.keys.db, parts.projectId, generation));
    parts.journal = await openJournalWriter(parts, generation, JOURNAL_PRELUDE_BYTES, 0).catch((error: unknown) => {
      throw toDiskError(error, JOURNAL_FILE);
    });
    return parts.journal;
  }

  async commit(ops: readonly DbOp[]): Promise<void> {
    this.ensureOpen();
    validateOps(ops);
    const json = JSON.stringify(ops);
    // Apply what a replay will see (JSON drops undefined, turns Dates into strings), not the caller's objects.
    const applied = JSON.parse(json) as DbOp[];
    return this.enqueue(async () => {
      if (applied.length === 0) return;
      const journal = await this.journal();
      const plain = Buffer.from(json, 'utf8');
      try {
        await journal.append(plain);
      } finally {
        plain.fill(0);
      }
      applyOps(this.parts.low.data, applied);
      if (journal.bytes >= this.parts.compactAfterBytes || journal.recordCount >= this.parts.compactAfterRecords) {
        this.scheduleCompaction();
      }
    });
  }

  private scheduleCompaction(): void {
    if (this.compactionQueued || this.closing) return;
    this.compactionQueued = true;
    this.enqueue(() => this.compactNow())
      .then(() => {
        this.backgroundError = null;
      })
      .catch((error: unknown) => {
        this.backgroundError = error;
      })
      .finally(() => {
        this.compactionQueued = false;
      });
  }

  /** Snapshot G+1 first, then a fresh journal for G+1; a crash in between leaves journal G, which open ignores. */
  private async compactNow(): Promise<void> {
    const { parts } = this;
    const before = parts.adapter.generation;
    try {
      await parts.low.write();
    } finally {
      if (parts.adapter.generation !== before && parts.journal) {
        const old = parts.journal;
        parts.journal = null;
        await old.close().catch(() => undefined);
      }
    }
    await this.journal();
  }

  async compact(): Promise<void> {
    this.ensureOpen();
    return this.enqueue(() => this.compactNow());
  }

  async putBlob(bytes: Uint8Array): Promise<string> {
    this.ensureOpen();
    const { parts } = this;
    const name = keyedName(parts.keys.naming, 'blob', [bytes]);
    return this.track(
      (async () => {
        const relative = blobPath(name);
        if (await this.exists(relative)) return name;
        await this.ensureBlobDir(name.slice(0, 2));
        const sealed = encodeSealed(parts.keys.blob, BLOB_FORMAT, NO_EXTRA, blobAad(parts.projectId, name), bytes);
        try {
          await writeDurably(parts.fs, parts.dir, relative, sealed);
        } catch (error) {
          // Not acknowledged, so it must not stay behind as if it were.
          if (error instanceof DurableWriteError && error.replaced) await parts.fs.unlink(abs(parts.dir, relative)).catch(() => undefined);
          throw error;
        }
        return name;
      })(),
    );
  }

  private async ensureBlobDir(fan: string): Promise<void> {
    if (this.knownBlobDirs.has(fan)) return;
    const { fs, dir } = this.parts;
    const relative = `${BLOB_DIR}/${fan}`;
    try {
      if (!(await this.exists(relative))) {
        await fs.mkdir(abs(dir, relative));
        await fs.syncDir(abs(dir, BLOB_DIR));
      }
    } catch (error) {
      throw toDiskError(error, relative);
    }
    this.knownBlobDirs.add(fan);
  }

  private async exists(relative: string): Promise<boolean> {
    try {
      const file = await this.parts.fs.open(abs(this.parts.dir, relative), 'read');
      await file.close();
      return true;
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return false;
      throw toDiskError(error, relative);
    }
  }

  async hasBlob(name: string): Promise<boolean> {
    this.ensureOpen();
    return NAME_PATTERN.test(name) && this.exists(blobPath(name));
  }

  private async readSealed(relative: string): Promise<Buffer | null> {
    try {
      return await this.parts.fs.readFile(abs(this.parts.dir, relative));
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return null;
      throw toDiskError(error, relative);
    }
  }

  async readBlob(name: string): Promise<Uint8Array> {
    this.ensureOpen();
    if (!NAME_PATTERN.test(name)) throw new TypeError(`"${name}" is not a blob name.`);
    const relative = blobPath(name);
    const bytes = await this.readSealed(relative);
    if (!bytes) throw tampered(relative, 'is missing from the case folder');
    const { parts } = this;
    return decodeSealed(parts.keys.blob, BLOB_FORMAT, blobAad(parts.projectId, name), bytes, relative);
  }

  private auxName(name: string): string {
    if (typeof name !== 'string' || name.length === 0 || name.length > 200) throw new TypeError('An aux file needs a name of 1 to 200 characters.');
    return keyedName(this.parts.keys.naming, 'aux', [Buffer.from(name, 'utf8')]);
  }

  async putAux(name: string, bytes: Uint8Array): Promise<void> {
    this.ensureOpen();
    const diskName = this.auxName(name);
    const { parts } = this;
    const sealed = encodeSealed(parts.keys.aux, AUX_FORMAT, NO_EXTRA, auxAad(parts.projectId, diskName), bytes);
    return this.track(this.inAuxOrder(() => writeDurably(parts.fs, parts.dir, auxPath(diskName), sealed)));
  }

  async readAux(name: string): Promise<Uint8Array | null> {
    this.ensureOpen();
    const diskName = this.auxName(name);
    const relative = auxPath(diskName);
    const bytes = await this.readSealed(relative);
    if (!bytes) return null;
    const { parts } = this;
    return decodeSealed(parts.keys.aux, AUX_FORMAT, auxAad(parts.projectId, diskName), bytes, relative);
  }

  async deleteAux(name: string): Promise<void> {
    this.ensureOpen();
    const relative = auxPath(this.auxName(name));
    return this.track(this.inAuxOrder(() => removeDurably(this.parts.fs, this.parts.dir, relative)));
  }

  async changePassphrase(current: string, next: string): Promise<void> {
    this.ensureOpen();
    return this.enqueue(async () => {
      const { parts } = this;
      const previous = await readHeaderBytes(parts.fs, parts.dir);
      const header = parseHeader(previous);
      // The header is read again from disk (it may have been replaced while the case was open): its parameters
      // are checked before any KDF work, as at open.
      checkKdfParams(header.kdf, parts.allowWeakKdf);
      const check = await unwrapDataKey(header, current);
      const same = check.equals(parts.dataKey);
      check.fill(0);
      if (!same) throw tampered(HEADER_FILE, 'no longer matches the open case');
      const kdf: KdfParams = header.kdf;
      await replaceHeader(parts.fs, parts.dir, previous, await wrapDataKey(parts.dataKey, parts.projectId, next, kdf));
    });
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    for (let seen: Promise<unknown> | null = null; seen !== this.queue || this.inFlight.size > 0; ) {
      seen = this.queue;
      await seen;
      await Promise.allSettled([...this.inFlight]);
    }
    const { parts } = this;
    await parts.journal?.close().catch(() => undefined);
    parts.journal = null;
    parts.dataKey.fill(0);
    wipeSubKeys(parts.keys);
    await parts.lock.release();
  }
}
