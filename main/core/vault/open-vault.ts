import { randomBytes } from 'node:crypto';
import type { Low } from 'lowdb';
import type { CaseDb, DbOp, KdfParams, PutBlobOptions, Vault } from './api';
import { DurableWriteError, asDiskError, removeDurably, writeDurably } from './durable-write';
import { VaultError, isErrno, tampered, toDiskError } from './errors';
import type { VaultFile, VaultFs } from './fs';
import { checkKdfParams, parseHeader } from './header';
import { JournalWriter, journalPrelude, JOURNAL_PRELUDE_BYTES } from './journal';
import { keyedName, unwrapDataKey, wipeSubKeys, wrapDataKey, type SubKeys } from './keys';
import { BLOB_DIR, HEADER_FILE, JOURNAL_FILE, NAME_PATTERN, TMP_DIR, abs, auxPath, blobPath } from './layout';
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

/**
 * Deferred blobs not yet durable at most: each holds its temp file open until a flush, so past this many a deferred
 * put is simply made durable at once (the import pipeline keeps ~32 in flight).
 */
const MAX_DEFERRED_BLOBS = 64;
/** Blob names remembered as durable in this session; past this many the memory is dropped and rebuilt. */
const MAX_KNOWN_BLOBS = 100_000;
/**
 * Names kept from listing blobs/ subfolders. A listing turns "is this blob already stored?" (asked for every new
 * document) from one file-system call per blob into one per folder per session; past the budget, folders are asked
 * name by name again.
 */
const MAX_LISTED_BLOBS = 200_000;

/** A blob put with sync 'deferred', from its write until it is durable under its name (or lost). */
interface DeferredBlob {
  readonly name: string;
  /** Absolute path of its temp file in tmp/: the name appears in blobs/ only after the bytes are fsynced. */
  readonly temp: string;
  /** 'durable' also covers a name that already existed on disk, which needs no write. */
  state: 'writing' | 'written' | 'flushing' | 'durable' | 'lost';
  /** The temp file, kept open from the write to the flush so the flush costs no second open. */
  file: VaultFile | null;
  /** Settles when the write is over; rejects with the DISK error if it failed. */
  written: Promise<void>;
  /** Set when a flush takes the blob: resolves once it is durable under its name, rejects if it was lost. */
  durable: Promise<void> | null;
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
  /**
   * Per blobs/ subfolder: the names on disk (kept up to date as blobs are stored), null if it does not exist, or
   * 'unlisted' when it holds more names than the budget has room for.
   */
  private readonly fanNames = new Map<string, Set<string> | null | 'unlisted'>();
  private readonly fanLoads = new Map<string, Promise<Set<string> | null | 'unlisted'>>();
  private listedBlobs = 0;
  /** Blobs durable under their name (written or seen in this session): putting them again needs no disk access. */
  private readonly knownBlobs = new Set<string>();
  /** Deferred blobs not yet durable, by name. */
  private readonly deferredBlobs = new Map<string, DeferredBlob>();
  /** Deferred blobs whose flush failed: a commit naming one is refused until it is put (and made durable) again. */
  private readonly lostBlobs = new Set<string>();
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
      // A record is acknowledged only after the blobs it references are durable. Every deferred blob written by now
      // is flushed: that includes every name these ops can hold, since a deferred put resolves only once written.
      await this.makeDurable([...this.deferredBlobs.values()]);
      this.refuseLostBlobs(json);
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
    // Opened after a compaction cut short, the journal on disk is still that of generation G-1. Writing snapshot G+1
    // over it would leave, if the process died before the new journal, a journal two generations old, which open
    // rightly refuses; a journal for G first keeps every instant readable.
    await this.journal();
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

  async putBlob(bytes: Uint8Array, options: PutBlobOptions = {}): Promise<string> {
    this.ensureOpen();
    const name = keyedName(this.parts.keys.naming, 'blob', [bytes]);
    return this.track(this.storeBlob(name, bytes, options.sync === 'deferred'));
  }

  private async storeBlob(name: string, bytes: Uint8Array, defer: boolean): Promise<string> {
    const pending = this.deferredBlobs.get(name);
    if (pending) {
      // The same bytes are already on their way: share that write, and make it durable now unless deferral was asked.
      await pending.written;
      if (!defer) await this.makeDurable([pending]);
      return name;
    }
    if (this.knownBlobs.has(name)) return name;
    if (defer && this.deferredBlobs.size < MAX_DEFERRED_BLOBS) {
      const entry: DeferredBlob = {
        name,
        temp: abs(this.parts.dir, `${TMP_DIR}/${randomBytes(12).toString('hex')}.tmp`),
        state: 'writing',
        file: null,
        written: Promise.resolve(),
        durable: null,
      };
      // Registered before the first await, so a concurrent put of the same bytes joins this write.
      this.deferredBlobs.set(name, entry);
      entry.written = this.writeDeferred(entry, bytes);
      await entry.written;
      return name;
    }
    const { parts } = this;
    const relative = blobPath(name);
    if (await this.blobOnDisk(name)) {
      this.knowBlob(name);
      return name;
    }
    await this.ensureBlobDir(name.slice(0, 2));
    const sealed = encodeSealed(parts.keys.blob, BLOB_FORMAT, NO_EXTRA, blobAad(parts.projectId, name), bytes);
    try {
      await writeDurably(parts.fs, parts.dir, relative, sealed);
    } catch (error) {
      // Not acknowledged, so it must not stay behind as if it were.
      if (error instanceof DurableWriteError && error.replaced) await this.unlinkBlob(name);
      throw error;
    }
    this.knowBlob(name);
    return name;
  }

  private knowBlob(name: string): void {
    if (this.knownBlobs.size >= MAX_KNOWN_BLOBS) this.knownBlobs.clear();
    this.knownBlobs.add(name);
    this.lostBlobs.delete(name);
    const listing = this.fanNames.get(name.slice(0, 2));
    if (listing instanceof Set) listing.add(name);
  }

  /** Takes away a blob that is not acknowledged after all. */
  private async unlinkBlob(name: string): Promise<void> {
    this.knownBlobs.delete(name);
    const listing = this.fanNames.get(name.slice(0, 2));
    if (listing instanceof Set) listing.delete(name);
    await this.parts.fs.unlink(abs(this.parts.dir, blobPath(name))).catch(() => undefined);
  }

  /** Whether a blob is stored under its name: from memory when its folder's listing is kept, else from the disk. */
  private async blobOnDisk(name: string): Promise<boolean> {
    if (this.knownBlobs.has(name)) return true;
    const listing = await this.fanListing(name.slice(0, 2));
    if (listing === 'unlisted') return this.exists(blobPath(name));
    return listing?.has(name) ?? false;
  }

  /** The folder's names, listed once per session (see fanNames). */
  private fanListing(fan: string): Promise<Set<string> | null | 'unlisted'> {
    const known = this.fanNames.get(fan);
    if (known !== undefined) return Promise.resolve(known);
    let load = this.fanLoads.get(fan);
    if (!load) {
      const relative = `${BLOB_DIR}/${fan}`;
      load = this.parts.fs.readdir(abs(this.parts.dir, relative)).then(
        (entries) => {
          this.fanLoads.delete(fan);
          const names = entries.filter((entry) => NAME_PATTERN.test(entry) && entry.startsWith(fan));
          if (this.listedBlobs + names.length > MAX_LISTED_BLOBS) {
            this.fanNames.set(fan, 'unlisted');
            return 'unlisted';
          }
          const set = new Set(names);
          this.listedBlobs += set.size;
          this.fanNames.set(fan, set);
          return set;
        },
        (error: unknown) => {
          this.fanLoads.delete(fan);
          if (!isErrno(error, 'ENOENT')) throw toDiskError(error, relative);
          this.fanNames.set(fan, null);
          return null;
        },
      );
      this.fanLoads.set(fan, load);
    }
    return load;
  }

  /** Seals the blob into its temp file and leaves it there, open and not fsynced, for the next flush. */
  private async writeDeferred(entry: DeferredBlob, bytes: Uint8Array): Promise<void> {
    const { parts } = this;
    const relative = blobPath(entry.name);
    try {
      if (await this.blobOnDisk(entry.name)) {
        // Blob names appear only after their bytes were fsynced, so an existing one is complete and durable.
        entry.state = 'durable';
        this.deferredBlobs.delete(entry.name);
        this.knowBlob(entry.name);
        return;
      }
      await this.ensureBlobDir(entry.name.slice(0, 2));
      const sealed = encodeSealed(parts.keys.blob, BLOB_FORMAT, NO_EXTRA, blobAad(parts.projectId, entry.name), bytes);
      const file = await parts.fs.open(entry.temp, 'create');
      try {
        await file.write(sealed, 0);
      } catch (error) {
        await file.close().catch(() => undefined);
        throw error;
      }
      entry.file = file;
      entry.state = 'written';
    } catch (error) {
      entry.state = 'lost';
      this.deferredBlobs.delete(entry.name);
      await parts.fs.unlink(entry.temp).catch(() => undefined);
      throw asDiskError(error, relative);
    }
  }

  /**
   * Makes the given deferred blobs durable, flushing the written ones together and waiting for those another flush
   * already took. Rejects with the first failure; each blob that failed is dropped and remembered as lost.
   */
  private async makeDurable(entries: readonly DeferredBlob[]): Promise<void> {
    const batch = entries.filter((entry) => entry.state === 'written');
    if (batch.length > 0) this.track(this.flush(batch));
    const outcomes = await Promise.allSettled(entries.flatMap((entry) => (entry.durable ? [entry.durable] : [])));
    const failed = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /**
   * The group form of writeDurably: every temp file fsynced (concurrently, so the file system can share journal
   * commits), renamed to its name, then ONE fsync per blobs/ subfolder touched. Settles each blob's `durable`.
   */
  private async flush(batch: readonly DeferredBlob[]): Promise<void> {
    const { fs, dir } = this.parts;
    const settle = new Map<DeferredBlob, { resolve: () => void; reject: (error: unknown) => void }>();
    for (const entry of batch) {
      entry.state = 'flushing';
      entry.durable = new Promise<void>((resolve, reject) => settle.set(entry, { resolve, reject }));
      // Whoever awaits it sees the failure; this only keeps an unawaited one from being an unhandled rejection.
      entry.durable.catch(() => undefined);
    }
    const finish = (entry: DeferredBlob, error: unknown): void => {
      if (entry.state !== 'flushing') return;
      this.deferredBlobs.delete(entry.name);
      if (error === null) {
        entry.state = 'durable';
        this.knowBlob(entry.name);
        settle.get(entry)?.resolve();
      } else {
        entry.state = 'lost';
        this.lostBlobs.add(entry.name);
        settle.get(entry)?.reject(asDiskError(error, blobPath(entry.name)));
      }
    };
    try {
      const renamed = new Map<string, DeferredBlob[]>();
      await Promise.all(
        batch.map(async (entry) => {
          const file = entry.file;
          entry.file = null;
          try {
            if (!file) throw new Error('A deferred blob has no open temp file.');
            try {
              await file.sync();
            } finally {
              await file.close();
            }
            await fs.rename(entry.temp, abs(dir, blobPath(entry.name)));
          } catch (error) {
            await fs.unlink(entry.temp).catch(() => undefined);
            finish(entry, error);
            return;
          }
          const fan = entry.name.slice(0, 2);
          renamed.set(fan, [...(renamed.get(fan) ?? []), entry]);
        }),
      );
      await Promise.all(
        [...renamed].map(async ([fan, entries]) => {
          try {
            await fs.syncDir(abs(dir, `${BLOB_DIR}/${fan}`));
          } catch (error) {
            // Not acknowledged, so they must not stay behind as if they were (as in the one-blob path).
            for (const entry of entries) await this.unlinkBlob(entry.name);
            for (const entry of entries) finish(entry, error);
            return;
          }
          for (const entry of entries) finish(entry, null);
        }),
      );
    } finally {
      // Nothing may be left waiting, whatever went wrong above.
      for (const entry of batch) finish(entry, new Error('The flush of a deferred blob did not finish.'));
    }
  }

  private refuseLostBlobs(json: string): void {
    for (const name of this.lostBlobs) {
      if (json.includes(name)) {
        throw new VaultError('DISK', 'A document this change refers to could not be saved to the disk, so the change was not saved; add it again.', blobPath(name));
      }
    }
  }

  /** A deferred blob about to be read or looked up is made durable first, so what is seen is what stays. */
  private async settleDeferred(name: string): Promise<void> {
    const pending = this.deferredBlobs.get(name);
    if (!pending) return;
    await pending.written;
    await this.makeDurable([pending]);
  }

  private async ensureBlobDir(fan: string): Promise<void> {
    if (this.knownBlobDirs.has(fan)) return;
    const { fs, dir } = this.parts;
    const relative = `${BLOB_DIR}/${fan}`;
    try {
      if ((await this.fanListing(fan)) === null) {
        await fs.mkdir(abs(dir, relative));
        await fs.syncDir(abs(dir, BLOB_DIR));
        // Only if still unknown: a concurrent put may already have created it and listed a blob in it.
        if (this.fanNames.get(fan) === null) this.fanNames.set(fan, new Set());
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
    if (!NAME_PATTERN.test(name)) return false;
    await this.settleDeferred(name);
    return this.exists(blobPath(name));
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
    await this.settleDeferred(name);
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
    // Deferred blobs nobody committed are still made durable (best effort: no record depends on them).
    await this.makeDurable([...this.deferredBlobs.values()]).catch(() => undefined);
    const { parts } = this;
    await parts.journal?.close().catch(() => undefined);
    parts.journal = null;
    parts.dataKey.fill(0);
    wipeSubKeys(parts.keys);
    await parts.lock.release();
  }
}
