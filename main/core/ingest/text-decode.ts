import { analyse } from 'chardet';
import { IngestError } from './types';

/**
 * How bytes of a "text" file become a string (documented rule, in this order):
 * 1. A byte-order mark wins: UTF-8, UTF-16 LE or UTF-16 BE.
 * 2. Without a BOM, UTF-16 is recognised by its zero bytes (one of every two bytes is 0 in Latin text).
 * 3. NUL bytes or many control characters otherwise mean binary: IngestError "This file looks binary, not text."
 * 4. Valid UTF-8 is UTF-8.
 * 5. Mostly-valid UTF-8 (at least as many well-formed multi-byte sequences as invalid bytes) is damaged UTF-8:
 *    invalid bytes become U+FFFD and `replacedBytes` counts them, so nothing is silently dropped.
 * 6. Anything else is a legacy single-byte encoding: chardet's best guess when it names a non-Latin code page
 *    (Cyrillic, Greek, Hebrew, Arabic, Central European) with confidence, else Windows-1252, which reads
 *    ISO-8859-1 (Latin-1) French correctly and adds curly quotes and the euro sign.
 * A `declared` charset (HTML <meta charset>, MIME headers) replaces steps 4-6 when the bytes agree with it.
 */
export interface Decoded {
  text: string;
  encoding: string;
  replacedBytes: number;
}

const SAMPLE = 64 * 1024;

export function decodeText(bytes: Uint8Array, declared?: string | null): Decoded {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return utf8(bytes.subarray(3), 'utf-8');
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return utf16(bytes.subarray(2), 'utf-16le');
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return utf16(bytes.subarray(2), 'utf-16be');
  const guess16 = guessUtf16(bytes);
  if (guess16) return utf16(bytes, guess16);

  if (looksBinary(bytes)) throw new IngestError('This file looks binary, not text.');

  const declaredLabel = declared ? supportedLabel(declared) : null;
  if (declaredLabel && declaredLabel !== 'utf-8') {
    return { text: new TextDecoder(declaredLabel).decode(bytes), encoding: declaredLabel, replacedBytes: 0 };
  }
  const { valid, invalid } = scanUtf8(bytes);
  if (invalid === 0) return utf8(bytes, 'utf-8');
  if (valid >= invalid || declaredLabel === 'utf-8') return utf8(bytes, 'utf-8');
  const label = guessSingleByte(bytes);
  return { text: new TextDecoder(label).decode(bytes), encoding: label, replacedBytes: 0 };
}

function utf8(bytes: Uint8Array, encoding: string): Decoded {
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  let replacedBytes = 0;
  if (text.includes('\uFFFD')) replacedBytes = scanUtf8(bytes).invalid;
  return { text, encoding, replacedBytes };
}

function utf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be'): Decoded {
  const even = bytes.length % 2 === 0 ? bytes : bytes.subarray(0, bytes.length - 1);
  const text = new TextDecoder(encoding, { ignoreBOM: true }).decode(even);
  const replaced = countChar(text, '\uFFFD');
  if (looksBinaryString(text)) throw new IngestError('This file looks binary, not text.');
  return { text, encoding, replacedBytes: replaced };
}

function guessUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, SAMPLE) & ~1;
  if (n < 4) return null;
  let zeroEven = 0;
  let zeroOdd = 0;
  let scriptEven = 0;
  let scriptOdd = 0;
  for (let i = 0; i < n; i += 2) {
    const a = bytes[i] as number;
    const b = bytes[i + 1] as number;
    if (a === 0) zeroEven++;
    if (b === 0) zeroOdd++;
    scriptEven += SCRIPT_HIGH_BYTES[a] as number;
    scriptOdd += SCRIPT_HIGH_BYTES[b] as number;
  }
  const pairs = n / 2;
  // Latin text in UTF-16 has a zero high byte in nearly every pair. Hebrew, Arabic, Greek or Cyrillic text has
  // its script's block (0x03-0x06) there instead, with zeros only for spaces and digits: accept that too when
  // every high byte is one of those and the low bytes are almost never zero.
  if (zeroEven / pairs < 0.05 && (zeroOdd / pairs > 0.4 || (zeroOdd / pairs > 0.02 && scriptOdd / pairs > 0.95))) return 'utf-16le';
  if (zeroOdd / pairs < 0.05 && (zeroEven / pairs > 0.4 || (zeroEven / pairs > 0.02 && scriptEven / pairs > 0.95))) return 'utf-16be';
  return null;
}

// High bytes of UTF-16 code units for Latin-1, Greek, Cyrillic, Hebrew, Arabic and general punctuation (U+20xx).
const SCRIPT_HIGH_BYTES = new Uint8Array(256);
for (const b of [0x00, 0x01, 0x03, 0x04, 0x05, 0x06, 0x20]) SCRIPT_HIGH_BYTES[b] = 1;

function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, SAMPLE);
  if (n === 0) return false;
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i] as number;
    if (b === 0) return true;
    // Tab, LF, VT, FF, CR and ESC appear in real text files (ESC in terminal logs); other C0 bytes do not.
    if (b < 0x20 && b !== 9 && b !== 10 && b !== 11 && b !== 12 && b !== 13 && b !== 27) control++;
  }
  return control / n > 0.01;
}

function looksBinaryString(s: string): boolean {
  const n = Math.min(s.length, SAMPLE);
  if (n === 0) return false;
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 && c !== 9 && c !== 10 && c !== 11 && c !== 12 && c !== 13 && c !== 27) || c === 0xfffd) bad++;
    // Unassigned/private-use/surrogate-heavy output is what binary data decoded as UTF-16 looks like.
    else if (c >= 0xe000 && c <= 0xf8ff) bad++;
  }
  return bad / n > 0.02;
}

/** Counts well-formed multi-byte UTF-8 sequences and bytes that cannot start or continue one. */
export function scanUtf8(bytes: Uint8Array): { valid: number; invalid: number } {
  let valid = 0;
  let invalid = 0;
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need = 0;
    let min = 0;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else {
      invalid++;
      i++;
      continue;
    }
    let cp = b & (0xff >> (need + 2));
    let ok = i + need < n;
    for (let k = 1; ok && k <= need; k++) {
      const c = bytes[i + k] as number;
      if ((c & 0xc0) !== 0x80) ok = false;
      else cp = (cp << 6) | (c & 0x3f);
    }
    if (ok && cp >= min && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff)) {
      valid++;
      i += need + 1;
    } else {
      invalid++;
      i++;
    }
  }
  return { valid, invalid };
}

const NON_LATIN_SINGLE_BYTE = new Set([
  'iso-8859-2', 'windows-1250', 'iso-8859-5', 'windows-1251', 'koi8-r', 'iso-8859-7', 'windows-1253',
  'iso-8859-8', 'windows-1255', 'iso-8859-6', 'windows-1256', 'iso-8859-9', 'windows-1254',
]);

function guessSingleByte(bytes: Uint8Array): string {
  let candidates: { name: string; confidence: number }[] = [];
  try {
    candidates = analyse(bytes.subarray(0, SAMPLE));
  } catch {
    candidates = [];
  }
  const top = candidates[0];
  if (top && top.confidence >= 50) {
    const label = supportedLabel(top.name);
    if (label && NON_LATIN_SINGLE_BYTE.has(label)) return label;
  }
  return 'windows-1252';
}

/** The WHATWG label Node's TextDecoder accepts for a charset name, or null. */
export function supportedLabel(name: string): string | null {
  const cleaned = name.trim().toLowerCase().replace(/^["']|["']$/g, '');
  try {
    const enc = new TextDecoder(cleaned).encoding;
    // WHATWG maps iso-8859-1 and us-ascii to windows-1252 already; report the decoder actually used.
    return enc;
  } catch {
    return null;
  }
}

function countChar(s: string, ch: string): number {
  let n = 0;
  for (let i = s.indexOf(ch); i !== -1; i = s.indexOf(ch, i + 1)) n++;
  return n;
}
