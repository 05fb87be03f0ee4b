import { SOURCE_TYPES, type SourceType } from '../../../shared/domain/source';

const BY_EXTENSION: Record<string, SourceType> = {
  txt: 'txt', text: 'txt', log: 'txt',
  md: 'md', markdown: 'md',
  html: 'html', htm: 'html', xhtml: 'html',
  pdf: 'pdf',
  docx: 'docx',
  eml: 'eml',
  csv: 'csv', tsv: 'csv',
};

/**
 * The extension says what the user thinks the file is; the first bytes must not contradict it.
 * Returns null for unsupported extensions and for contradictions a parser could not survive
 * (a ".pdf" that is a zip, a ".docx" that is not a zip); the extractors then give the precise message.
 */
export function detectSourceType(fileName: string, bytes: Uint8Array): SourceType | null {
  const ext = /\.([^./\\]+)$/.exec(fileName.toLowerCase())?.[1] ?? '';
  const type = BY_EXTENSION[ext];
  if (!type || !(SOURCE_TYPES as readonly string[]).includes(type)) return null;
  const head = bytes.subarray(0, 1024);
  switch (type) {
    case 'pdf':
      return indexOfAscii(head, '%PDF-') >= 0 ? 'pdf' : null;
    case 'docx':
      return isZip(bytes) ? 'docx' : null;
    case 'eml':
      // An email starts with header lines ("Name: value"), possibly after a mbox "From " line.
      if (!/^(From [^\n]*\n)?[!-9;-~]+:/.test(new TextDecoder('latin1').decode(head.subarray(0, 512)).replace(/^\s+/, ''))) return null;
      return hasBinaryMagic(head) ? null : type;
    default:
      return hasBinaryMagic(head) ? null : type;
  }
}

const MAGIC: number[][] = [
  [0x25, 0x50, 0x44, 0x46, 0x2d], // %PDF-
  [0x50, 0x4b, 0x03, 0x04], // zip (docx, xlsx, odt…)
  [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], // OLE2 (.doc, .xls, .msg)
  [0x89, 0x50, 0x4e, 0x47], // PNG
  [0xff, 0xd8, 0xff], // JPEG
  [0x47, 0x49, 0x46, 0x38], // GIF
  [0x1f, 0x8b], // gzip
  [0x7f, 0x45, 0x4c, 0x46], // ELF
  [0x4d, 0x5a], // Windows executable
];

/** Files renamed to a text extension that are really a known binary format. */
function hasBinaryMagic(head: Uint8Array): boolean {
  return MAGIC.some((m) => m.length <= head.length && m.every((b, i) => head[i] === b));
}

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5) && (bytes[3] === 4 || bytes[3] === 6);
}

export function indexOfAscii(bytes: Uint8Array, s: string, from = 0): number {
  const first = s.charCodeAt(0);
  outer: for (let i = from; i <= bytes.length - s.length; i++) {
    if (bytes[i] !== first) continue;
    for (let k = 1; k < s.length; k++) if (bytes[i + k] !== s.charCodeAt(k)) continue outer;
    return i;
  }
  return -1;
}
