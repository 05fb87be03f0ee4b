import { inflateRawSync } from 'node:zlib';
import { IngestError } from './types';

/**
 * Just enough of the zip format to check an Office file before a library inflates it: the central directory,
 * the declared sizes, and a bounded inflate of every part. Declared sizes can lie, so each part is inflated with a
 * hard output cap; the worker's memory watch and timeout are the last line.
 */
export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

export function readCentralDirectory(bytes: Uint8Array, damaged: string): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new IngestError(damaged);
  const count = view.getUint16(eocd + 10, true);
  const cdSize = view.getUint32(eocd + 12, true);
  const cdOffset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || cdOffset === 0xffffffff || cdOffset + cdSize > bytes.length) throw new IngestError(damaged);
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  const decoder = new TextDecoder('utf-8');
  for (let n = 0; n < count; n++) {
    if (p + 46 > bytes.length || view.getUint32(p, true) !== 0x02014b50) throw new IngestError(damaged);
    const nameLen = view.getUint16(p + 28, true);
    const extraLen = view.getUint16(p + 30, true);
    const commentLen = view.getUint16(p + 32, true);
    if (p + 46 + nameLen > bytes.length) throw new IngestError(damaged);
    entries.push({
      method: view.getUint16(p + 10, true),
      compressedSize: view.getUint32(p + 20, true),
      size: view.getUint32(p + 24, true),
      localOffset: view.getUint32(p + 42, true),
      name: decoder.decode(bytes.subarray(p + 46, p + 46 + nameLen)),
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

export function entryData(bytes: Uint8Array, entry: ZipEntry, damaged: string): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const p = entry.localOffset;
  if (p + 30 > bytes.length || view.getUint32(p, true) !== 0x04034b50) throw new IngestError(damaged);
  const start = p + 30 + view.getUint16(p + 26, true) + view.getUint16(p + 28, true);
  const end = start + entry.compressedSize;
  if (end > bytes.length) throw new IngestError(damaged);
  return bytes.subarray(start, end);
}

/** Inflates one entry, refusing to produce more than its declared size (a lie means a crafted file). */
export function inflateEntry(bytes: Uint8Array, entry: ZipEntry, damaged: string, bomb: string): Uint8Array {
  const data = entryData(bytes, entry, damaged);
  if (entry.method === 0) return data;
  if (entry.method !== 8) throw new IngestError(damaged);
  try {
    return inflateRawSync(data, { maxOutputLength: Math.max(1, entry.size) });
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) throw new IngestError(bomb);
    throw new IngestError(damaged);
  }
}

/**
 * Refuses archives that would expand past `maxExpandedBytes`, that hold absurdly many parts, or any of whose parts
 * expands beyond what it declares (the usual zip-bomb shapes).
 */
export function checkZipBomb(bytes: Uint8Array, entries: ZipEntry[], maxExpandedBytes: number, damaged: string, bomb: string): void {
  if (entries.length > 20_000) throw new IngestError(bomb);
  let total = 0;
  for (const e of entries) {
    total += e.size;
    if (total > maxExpandedBytes) throw new IngestError(bomb);
    // Text compresses ~10:1, rarely past 100:1; kilobytes expanding to tens of megabytes is a bomb.
    if (e.size > 16 * 1024 * 1024 && e.size / Math.max(1, e.compressedSize) > 200) throw new IngestError(bomb);
  }
  // Every part, not only *.xml/*.rels: the relationships decide which part names a library opens (a main document
  // at word/main.dat), so a name says nothing about whether it gets inflated. One part at a time, each capped at
  // its declared size, so this never holds more than the largest declared part.
  for (const e of entries) inflateEntry(bytes, e, damaged, bomb);
}
