/**
 * The vault's public surface. Everything outside main/core/vault talks to a case folder only through this.
 * The rest of the app keeps its data as tables of JSON records and changes it with DbOps, so the vault
 * can journal small changes durably without knowing the domain.
 */
import type { VaultFs } from './fs';

export type { VaultFs, VaultFile } from './fs';

export type DbOp =
  | { op: 'put'; table: string; id: string; value: unknown }
  | { op: 'delete'; table: string; id: string }
  | { op: 'meta'; key: string; value: unknown };

export interface CaseDb {
  meta: Record<string, unknown>;
  tables: Record<string, Record<string, unknown>>;
}

export interface KdfParams {
  algorithm: 'argon2id';
  memoryKiB: number;
  passes: number;
  parallelism: number;
}

export interface VaultOptions {
  /** Only tests and benchmarks lower these; the defaults meet the format's minimums. */
  kdf?: Partial<Omit<KdfParams, 'algorithm'>>;
  /** Accept a header whose KDF is below the production minimum (test projects). Caps still apply. */
  allowWeakKdf?: boolean;
}

export type VaultErrorCode =
  | 'WRONG_PASSPHRASE'
  | 'TAMPERED'
  | 'UNSUPPORTED_VERSION'
  | 'NOT_A_CASE'
  | 'IN_USE'
  | 'KDF_PARAMS'
  | 'DISK'
  | 'CASE_EXISTS';

export interface VerifyProblem {
  file: string;
  problem: string;
}

export interface VerifyReport {
  ok: boolean;
  checkedFiles: number;
  problems: VerifyProblem[];
}

export interface PutBlobOptions {
  /** 'now' (default): durable on resolve. 'deferred': made durable by the next commit (see Vault.putBlob). */
  sync?: 'now' | 'deferred';
}

export interface Vault {
  readonly dir: string;
  readonly projectId: string;
  /** Live, read-only view of the decrypted database. Change it only through commit(). */
  readonly db: Readonly<CaseDb>;
  /** Applies ops atomically; resolves only once they are durable on disk (journal record fsynced). */
  commit(ops: readonly DbOp[]): Promise<void>;
  /** Writes a fresh encrypted snapshot and empties the journal. */
  compact(): Promise<void>;
  /**
   * Stores bytes encrypted under a keyed-hash name; storing the same bytes again returns the same name. By default
   * the blob is durable when this resolves. With `sync: 'deferred'` it resolves once the sealed bytes are written
   * but not yet fsynced: the next commit() makes every such blob durable before its journal record is written (one
   * fsync per blob file and per blobs/ subfolder for the whole group), so a record naming the blob is never durable
   * before the blob is. readBlob, hasBlob, a plain putBlob of the same bytes and close() also make it durable. If
   * that fails, the commit fails (DISK), the blob is dropped, and later commits whose ops name it are refused until
   * it is put again.
   */
  putBlob(bytes: Uint8Array, options?: PutBlobOptions): Promise<string>;
  hasBlob(name: string): Promise<boolean>;
  readBlob(name: string): Promise<Uint8Array>;
  /** Encrypted auxiliary files (search index, caches), replaced atomically. */
  putAux(name: string, bytes: Uint8Array): Promise<void>;
  readAux(name: string): Promise<Uint8Array | null>;
  deleteAux(name: string): Promise<void>;
  changePassphrase(current: string, next: string): Promise<void>;
  /** Flushes, drops key material and releases the writer lock. */
  close(): Promise<void>;
}

/**
 * Knobs on top of VaultOptions for tests and benchmarks; production passes plain VaultOptions and gets node:fs and
 * the default compaction thresholds.
 */
export interface VaultTuning extends VaultOptions {
  /** File I/O used for every read and write of the case (tests inject faults through it). */
  fs?: VaultFs;
  /** Compact automatically once the journal holds this many bytes (default 4 MiB). */
  compactAfterBytes?: number;
  /** ...or this many records (default 20,000). */
  compactAfterRecords?: number;
}
