import { FORMAT_VERSION } from './header';

/**
 * Additional authenticated data binds every sealed message to its place: format version, project, file kind, file id,
 * chunk (or record) index and whether it is the last chunk. Moving, reordering, truncating or splicing ciphertext
 * between files therefore fails authentication.
 */
export const FileKind = {
  Snapshot: 1,
  JournalHeader: 2,
  JournalRecord: 3,
  Blob: 4,
  Aux: 5,
} as const;
export type FileKind = (typeof FileKind)[keyof typeof FileKind];

const DOMAIN = Buffer.from('casefile', 'ascii');

export class AadContext {
  private readonly base: Buffer;

  constructor(projectId: Uint8Array, kind: FileKind, id: string) {
    const idBytes = Buffer.from(id, 'utf8');
    const fixed = Buffer.alloc(2 + 1 + 2);
    fixed.writeUInt16BE(FORMAT_VERSION, 0);
    fixed.writeUInt8(kind, 2);
    fixed.writeUInt16BE(idBytes.byteLength, 3);
    this.base = Buffer.concat([DOMAIN, fixed.subarray(0, 2), projectId, fixed.subarray(2), idBytes]);
  }

  at(index: number, final: boolean): Buffer {
    const tail = Buffer.alloc(9);
    tail.writeBigUInt64BE(BigInt(index), 0);
    tail.writeUInt8(final ? 1 : 0, 8);
    return Buffer.concat([this.base, tail]);
  }
}
