import type { VaultFile, VaultFs } from '../../../main/core/vault';
import { nodeFs } from '../../../main/core/vault/fs';

export type FaultMode = 'once' | 'from-then-on';

/**
 * node:fs with an injected failure at the n-th write, fsync or rename (counting all three together), either just
 * that once (a transient EIO) or for every later one too (a disk that stays full). n = 0 injects nothing and only
 * counts, which is how a scenario's number of fault points is found. A failing write still writes half its data.
 */
export class FaultyFs implements VaultFs {
  count = 0;
  injected = 0;

  constructor(
    readonly failAt: number,
    private readonly code: string,
    private readonly mode: FaultMode,
  ) {}

  private hit(what: string): void {
    this.count += 1;
    const fails = this.failAt > 0 && (this.mode === 'once' ? this.count === this.failAt : this.count >= this.failAt);
    if (fails) {
      this.injected += 1;
      throw Object.assign(new Error(`${this.code}: injected at ${what} #${this.count}`), { code: this.code });
    }
  }

  async open(path: string, mode: 'read' | 'update' | 'create'): Promise<VaultFile> {
    const file = await nodeFs.open(path, mode);
    return {
      write: async (data, position) => {
        try {
          this.hit(`write ${path}`);
        } catch (error) {
          // A real ENOSPC/EIO often comes after part of the data went through.
          await file.write(data.subarray(0, data.byteLength >> 1), position);
          throw error;
        }
        await file.write(data, position);
      },
      read: (into, position) => file.read(into, position),
      sync: async () => {
        this.hit(`fsync ${path}`);
        await file.sync();
      },
      truncate: (length) => file.truncate(length),
      size: () => file.size(),
      close: () => file.close(),
    };
  }

  readFile = (path: string) => nodeFs.readFile(path);
  async rename(from: string, to: string): Promise<void> {
    this.hit(`rename ${to}`);
    await nodeFs.rename(from, to);
  }
  link = (from: string, to: string) => nodeFs.link(from, to);
  unlink = (path: string) => nodeFs.unlink(path);
  mkdir = (path: string) => nodeFs.mkdir(path);
  rmdir = (path: string) => nodeFs.rmdir(path);
  readdir = (path: string) => nodeFs.readdir(path);
  async syncDir(path: string): Promise<void> {
    this.hit(`fsync dir ${path}`);
    await nodeFs.syncDir(path);
  }
}
