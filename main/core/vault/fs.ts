import { constants } from 'node:fs';
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

class NodeFile implements VaultFile {
  constructor(private readonly handle: fsp.FileHandle) {}

  async write(data: Uint8Array, position: number): Promise<void> {
    let done = 0;
    while (done < data.byteLength) {
      const { bytesWritten } = await this.handle.write(data, done, data.byteLength - done, position + done);
      done += bytesWritten;
    }
  }

  async read(into: Uint8Array, position: number): Promise<number> {
    let done = 0;
    while (done < into.byteLength) {
      const { bytesRead } = await this.handle.read(into, done, into.byteLength - done, position + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return done;
  }

  sync(): Promise<void> {
    return this.handle.datasync();
  }

  truncate(length: number): Promise<void> {
    return this.handle.truncate(length);
  }

  async size(): Promise<number> {
    return (await this.handle.stat()).size;
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}

export const nodeFs: VaultFs = {
  async open(path, mode) {
    // Case files are private to the user: 0600 keeps other accounts on a shared machine out.
    return new NodeFile(await fsp.open(path, FLAGS[mode], 0o600));
  },
  readFile: (path) => fsp.readFile(path),
  rename: (from, to) => fsp.rename(from, to),
  link: (from, to) => fsp.link(from, to),
  unlink: (path) => fsp.unlink(path),
  async mkdir(path) {
    await fsp.mkdir(path, { recursive: true, mode: 0o700 });
  },
  rmdir: (path) => fsp.rmdir(path),
  readdir: (path) => fsp.readdir(path),
  async syncDir(path) {
    const handle = await fsp.open(path, constants.O_RDONLY);
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
};
