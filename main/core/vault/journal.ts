import { AadContext, FileKind } from './aad';
import { SEAL_OVERHEAD, open, openInto, sealInto } from './aead';
import { VaultError, tampered, toDiskError } from './errors';
import { FORMAT_VERSION } from './header';
import type { VaultFile } from './fs';
import { JOURNAL_FILE } from './layout';

/**
 * The append-only journal beside the snapshot. Prelude: "CFJN", format version, snapshot generation (u64) and an
 * empty AES-GCM message that authenticates them. Then records: u32 length, u32 bitwise-NOT of the length (so a
 * damaged length is told apart from a torn write), and one sealed message whose AAD binds the generation and the
 * record's sequence number. Only an incomplete (or zero-filled) last record counts as torn.
 */
const MAGIC = 'CFJN';
export const JOURNAL_PRELUDE_BYTES = 4 + 2 + 8 + SEAL_OVERHEAD;
const LENGTH_BYTES = 8;
const MAX_RECORD_BYTES = 0xffff_0000;

export function journalPrelude(key: Uint8Array, projectId: Uint8Array, generation: number): Buffer {
  const out = Buffer.alloc(JOURNAL_PRELUDE_BYTES);
  out.write(MAGIC, 0, 4, 'ascii');
  out.writeUInt16BE(FORMAT_VERSION, 4);
  out.writeBigUInt64BE(BigInt(generation), 6);
  sealInto(key, new AadContext(projectId, FileKind.JournalHeader, String(generation)).at(0, true), Buffer.alloc(0), out, 14);
  return out;
}

/** Reads the generation and checks the prelude's tag; TAMPERED if either is wrong. */
export function readJournalGeneration(key: Uint8Array, projectId: Uint8Array, bytes: Buffer): number {
  if (bytes.byteLength < JOURNAL_PRELUDE_BYTES || bytes.toString('latin1', 0, 4) !== MAGIC || bytes.readUInt16BE(4) !== FORMAT_VERSION) {
    throw tampered(JOURNAL_FILE, 'is not a journal Casefile recognises');
  }
  const generation = Number(bytes.readBigUInt64BE(6));
  const aad = new AadContext(projectId, FileKind.JournalHeader, String(generation)).at(0, true);
  if (!Number.isSafeInteger(generation) || open(key, aad, bytes.subarray(14, JOURNAL_PRELUDE_BYTES)) === null) {
    throw tampered(JOURNAL_FILE);
  }
  return generation;
}

export interface ParsedJournal {
  generation: number;
  records: Buffer[];
  /** Bytes up to the end of the last complete record. */
  validLength: number;
  torn: boolean;
}

function isZero(bytes: Buffer): boolean {
  for (let i = 0; i < bytes.byteLength; i++) if (bytes[i] !== 0) return false;
  return true;
}

export function parseJournal(key: Uint8Array, projectId: Uint8Array, bytes: Buffer): ParsedJournal {
  const generation = readJournalGeneration(key, projectId, bytes);
  const aad = new AadContext(projectId, FileKind.JournalRecord, String(generation));
  const records: Buffer[] = [];
  let at = JOURNAL_PRELUDE_BYTES;
  while (at < bytes.byteLength) {
    const rest = bytes.subarray(at);
    if (rest.byteLength < LENGTH_BYTES || isZero(rest)) return { generation, records, validLength: at, torn: true };
    const length = rest.readUInt32BE(0);
    if ((length ^ rest.readUInt32BE(4)) >>> 0 !== 0xffffffff || length < SEAL_OVERHEAD) {
      throw tampered(JOURNAL_FILE, `has a damaged record (number ${records.length + 1})`);
    }
    if (rest.byteLength - LENGTH_BYTES < length) return { generation, records, validLength: at, torn: true };
    const plain = Buffer.allocUnsafe(length - SEAL_OVERHEAD);
    if (openInto(key, aad.at(records.length, true), rest.subarray(LENGTH_BYTES, LENGTH_BYTES + length), plain, 0) === null) {
      for (const record of records) record.fill(0);
      throw tampered(JOURNAL_FILE, `has a record (number ${records.length + 1}) that failed its integrity check`);
    }
    records.push(plain);
    at += LENGTH_BYTES + length;
  }
  return { generation, records, validLength: at, torn: false };
}

/** Appends records durably; commits are serialised by the caller, so records never interleave. */
export class JournalWriter {
  private length: number;
  private records: number;
  /** Set when a failed append could not be rolled back yet: the tail must be cut before the next append. */
  private dirtyTail = false;
  private readonly aad: AadContext;

  constructor(
    private readonly file: VaultFile,
    private readonly key: Uint8Array,
    projectId: Uint8Array,
    readonly generation: number,
    validLength: number,
    recordCount: number,
  ) {
    this.length = validLength;
    this.records = recordCount;
    this.aad = new AadContext(projectId, FileKind.JournalRecord, String(generation));
  }

  get bytes(): number {
    return this.length;
  }

  get recordCount(): number {
    return this.records;
  }

  /** Cuts anything after the last acknowledged record (a torn tail from a crash or a failed append). */
  async cutTail(): Promise<void> {
    await this.file.truncate(this.length);
    await this.file.sync();
    this.dirtyTail = false;
  }

  async append(plaintext: Uint8Array): Promise<void> {
    if (plaintext.byteLength > MAX_RECORD_BYTES) {
      throw new VaultError('DISK', 'This change is too large to save in one step; split it into smaller changes.', JOURNAL_FILE);
    }
    try {
      if (this.dirtyTail) await this.cutTail();
      const record = Buffer.allocUnsafe(LENGTH_BYTES + plaintext.byteLength + SEAL_OVERHEAD);
      const sealedLength = plaintext.byteLength + SEAL_OVERHEAD;
      record.writeUInt32BE(sealedLength, 0);
      record.writeUInt32BE(~sealedLength >>> 0, 4);
      sealInto(this.key, this.aad.at(this.records, true), plaintext, record, LENGTH_BYTES);
      this.dirtyTail = true;
      await this.file.write(record, this.length);
      await this.file.sync();
      this.dirtyTail = false;
      this.length += record.byteLength;
      this.records += 1;
    } catch (error) {
      // An unacknowledged record must not survive: it would reappear at the next open, or (followed by later
      // records) make the journal look tampered.
      if (this.dirtyTail) await this.cutTail().catch(() => undefined);
      throw toDiskError(error, JOURNAL_FILE);
    }
  }

  close(): Promise<void> {
    return this.file.close();
  }
}
