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
    default:
      // Text formats: a PDF or zip renamed to .txt/.html is not text.
      if (startsWithAscii(head, '%PDF-') || isZip(bytes)) return null;
      return type;
  }
}

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5) && (bytes[3] === 4 || bytes[3] === 6);
}

function startsWithAscii(bytes: Uint8Array, s: string): boolean {
  if (bytes.length < s.length) return false;
  for (let i = 0; i < s.length; i++) if (bytes[i] !== s.charCodeAt(i)) return false;
  return true;
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
