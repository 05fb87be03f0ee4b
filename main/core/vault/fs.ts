import { closeSync, constants, fdatasync, fstatSync, fsync, ftruncate, linkSync, open, openSync, read, readSync, renameSync, write, writeSync } from 'node:fs';
import * as fsp from 'node:fs/promises';

/**
 * Every byte the vault reads or writes goes through this interface, so tests can inject ENOSPC/EIO/EACCES at an
 * exact write, fsync or rename and prove that nothing half-written ever becomes current. Production uses nodeFs.
 */
export interface VaultFile {
  /** Writes all of `data` at `position`. */
  write(data: Uint8Array, position: number): Promise<void>;
  read(into: Uint8Array, position: number): Promise<number>;
  /** fdatasync: makes written data (and the size needed to read it) durable. */
  sync(): Promise<void>;
  truncate(length: number): Promise<void>;
  size(): Promise<number>;
  close(): Promise<void>;
}

export type OpenMode =
  /** read only */
  | 'read'
  /** read and write an existing file */
  | 'update'
  /** create a new file, failing with EEXIST if it exists (O_EXCL) */
  | 'create';

export interface VaultFs {
  open(path: string, mode: OpenMode): Promise<VaultFile>;
  readFile(path: string): Promise<Buffer>;
  rename(from: string, to: string): Promise<void>;
  /** Hard link; fails with EEXIST if `to` exists, which makes it an atomic exclusive create of a complete file. */
  link(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  mkdir(path: string): Promise<void>;
  rmdir(path: string): Promise<void>;
  readdir(path: string): Promise<string[]>;
  /** fsync on the directory itself, so a rename or unlink in it survives a power cut. */
  syncDir(path: string): Promise<void>;
}

const FLAGS: Record<OpenMode, number> = {
  read: constants.O_RDONLY,
  update: constants.O_RDWR,
  create: constants.O_RDWR | constants.O_CREAT | constants.O_EXCL,
};

/*
 * Why some calls below are synchronous: an import stores two small files per document, and each asynchronous call
 * is a round trip through libuv's thread pool. Profiling a 1,000-document import on a 2-core machine put those
 * round trips (30-70 µs of main-thread time each, mostly waking pool threads) at a third of the main thread's work,
 * which is what limited the import rate; the system calls themselves take 5-20 µs on a local disk. So opening,
 * closing, renaming and small reads and writes are done in place, while everything that can take milliseconds
 * stays asynchronous: fsync, large reads and writes, truncation, unlinking, listing and whole-file reads.
 */
const SYNC_IO_MAX_BYTES = 256 * 1024;

function viaCallback<T>(start: (done: (error: NodeJS.ErrnoException | null, value: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => start((error, value) => (error ? reject(error) : resolve(value))));
}

class NodeFile implements VaultFile {
  private closed = false;

  constructor(private readonly fd: number) {}

  async write(data: Uint8Array, position: number): Promise<void> {
    let done = 0;
    while (done < data.byteLength) {
      const length = data.byteLength - done;
      done +=
        length <= SYNC_IO_MAX_BYTES
          ? writeSync(this.fd, data, done, length, position + done)
          : await viaCallback<number>((cb) => write(this.fd, data, done, length, position + done, cb));
    }
  }

  async read(into: Uint8Array, position: number): Promise<number> {
    let done = 0;
    while (done < into.byteLength) {
      const length = into.byteLength - done;
      const n =
        length <= SYNC_IO_MAX_BYTES
          ? readSync(this.fd, into, done, length, position + done)
          : await viaCallback<number>((cb) => read(this.fd, into, done, length, position + done, cb));
      if (n === 0) break;
      done += n;
    }
    return done;
  }

  sync(): Promise<void> {
    return viaCallback<void>((cb) => fdatasync(this.fd, (error) => cb(error, undefined)));
  }

  truncate(length: number): Promise<void> {
    return viaCallback<void>((cb) => ftruncate(this.fd, length, (error) => cb(error, undefined)));
  }

  async size(): Promise<number> {
    return fstatSync(this.fd).size;
  }

  async close(): Promise<void> {
    // Closing twice would close whatever file reused the descriptor number.
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }
}

export const nodeFs: VaultFs = {
  async open(path, mode) {
    // Case files are private to the user: 0600 keeps other accounts on a shared machine out. Creating a file waits
    // for the file system's journal, which other files' fsyncs keep busy during an import: measured at ~0.8 ms a
    // file in place, so creation goes to the thread pool like the fsyncs.
    if (mode === 'create') return new NodeFile(await viaCallback<number>((cb) => open(path, FLAGS[mode], 0o600, cb)));
    return new NodeFile(openSync(path, FLAGS[mode], 0o600));
  },
  readFile: (path) => fsp.readFile(path),
  async rename(from, to) {
    renameSync(from, to);
  },
  async link(from, to) {
    linkSync(from, to);
  },
  unlink: (path) => fsp.unlink(path),
  async mkdir(path) {
    await fsp.mkdir(path, { recursive: true, mode: 0o700 });
  },
  rmdir: (path) => fsp.rmdir(path),
  readdir: (path) => fsp.readdir(path),
  async syncDir(path) {
    const fd = openSync(path, constants.O_RDONLY);
    try {
      await viaCallback<void>((cb) => fsync(fd, (error) => cb(error, undefined)));
    } finally {
      closeSync(fd);
    }
  },
};
