import type { Adapter } from 'lowdb';
import { AadContext, FileKind } from './aad';
import type { CaseDb } from './api';
import { DurableWriteError, writeDurably } from './durable-write';
import { isErrno, tampered, toDiskError } from './errors';
import type { VaultFs } from './fs';
import { SNAPSHOT_FILE, abs } from './layout';
import { decodeSealed, encodeSealed, readPrelude, type SealedFormat } from './sealed-file';

export const SNAPSHOT_FORMAT: SealedFormat = { magic: 'CFSN', extraBytes: 8 };

export function emptyDb(): CaseDb {
  return { meta: {}, tables: {} };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function snapshotGeneration(bytes: Buffer): number {
  return Number(readPrelude(SNAPSHOT_FORMAT, bytes, SNAPSHOT_FILE).readBigUInt64BE(0));
}

/** Decrypts and parses a snapshot file; TAMPERED if anything about it is off. */
export function decodeSnapshot(key: Uint8Array, projectId: Uint8Array, bytes: Buffer): { generation: number; db: CaseDb } {
  const generation = snapshotGeneration(bytes);
  const plain = decodeSealed(key, SNAPSHOT_FORMAT, new AadContext(projectId, FileKind.Snapshot, String(generation)), bytes, SNAPSHOT_FILE);
  let db: unknown;
  try {
    db = JSON.parse(plain.toString('utf8'));
  } catch {
    throw tampered(SNAPSHOT_FILE, 'does not hold a readable database');
  } finally {
    plain.fill(0);
  }
  if (!isPlainObject(db) || !isPlainObject(db.meta) || !isPlainObject(db.tables) || !Object.values(db.tables).every(isPlainObject)) {
    throw tampered(SNAPSHOT_FILE, 'does not hold a readable database');
  }
  return { generation, db: db as unknown as CaseDb };
}

/**
 * lowdb adapter that keeps the snapshot encrypted (lowdb's own steno writer never fsyncs). Each write is a new
 * generation, replaced atomically and durably; the journal names the generation it extends.
 */
export class EncryptedSnapshotAdapter implements Adapter<CaseDb> {
  /** Generation of the snapshot currently on disk (0 before the first write). */
  generation = 0;

  constructor(
    private readonly fs: VaultFs,
    private readonly caseDir: string,
    private readonly key: Uint8Array,
    private readonly projectId: Uint8Array,
  ) {}

  /** Ciphertext read ahead (while the KDF runs); consumed by the next read(). */
  prefetched: Promise<Buffer> | null = null;

  async read(): Promise<CaseDb | null> {
    let bytes: Buffer;
    try {
      const pending = this.prefetched ?? this.fs.readFile(abs(this.caseDir, SNAPSHOT_FILE));
      this.prefetched = null;
      bytes = await pending;
    } catch (error) {
      if (isErrno(error, 'ENOENT')) throw tampered(SNAPSHOT_FILE, 'is missing');
      throw toDiskError(error, SNAPSHOT_FILE);
    }
    const { generation, db } = decodeSnapshot(this.key, this.projectId, bytes);
    this.generation = generation;
    return db;
  }

  async write(data: CaseDb): Promise<void> {
    const next = this.generation + 1;
    const json = Buffer.from(JSON.stringify(data), 'utf8');
    const prelude = Buffer.alloc(8);
    prelude.writeBigUInt64BE(BigInt(next));
    const sealed = encodeSealed(this.key, SNAPSHOT_FORMAT, prelude, new AadContext(this.projectId, FileKind.Snapshot, String(next)), json);
    json.fill(0);
    try {
      await writeDurably(this.fs, this.caseDir, SNAPSHOT_FILE, sealed);
      this.generation = next;
    } catch (error) {
      // Once renamed, the new generation is what a reader finds, even if the directory fsync then failed.
      if (error instanceof DurableWriteError && error.replaced) this.generation = next;
      throw error;
    }
  }
}
