/**
 * The similarity signature of a text as the case's similarity index stores it: folded words, 5-word shingles hashed
 * with FNV-1a, and a 128-value MinHash with a fixed multiply-add family. Kept here, pure and dependency-free, so the
 * extraction worker can compute it next to the text instead of the case service's main thread; stored signatures
 * depend on every constant below, so changing one means bumping the index's FORMAT_VERSION.
 */
import { foldToken } from './similarity';

export const SIGNATURE_K = 5;
export const SIGNATURE_PERMUTATIONS = 128;

export interface TextSignature {
  k: number;
  /** Sorted, distinct shingle hashes. */
  shingles: Uint32Array;
  minhash: Uint32Array;
}

/** Odd multipliers and offsets of the hash family, fixed so stored signatures stay comparable across runs. */
const FAMILY = (() => {
  let state = 0x9e3779b9;
  const next = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return state >>> 0;
  };
  const a = new Uint32Array(SIGNATURE_PERMUTATIONS);
  const b = new Uint32Array(SIGNATURE_PERMUTATIONS);
  for (let i = 0; i < SIGNATURE_PERMUTATIONS; i++) {
    a[i] = next() | 1;
    b[i] = next();
  }
  return { a, b };
})();

/**
 * MinHash with multiply-add hashing mod 2^32 (Math.imul): shingles are already FNV hashes, so this is enough to
 * pick LSH candidates, and several times faster than modular arithmetic on doubles; exact overlap is always
 * computed from the full shingle sets. Folds into `into`, so a long text can be done in slices (min is associative).
 */
export function minhashInto(shingles: Uint32Array, into: Uint32Array): void {
  const { a, b } = FAMILY;
  // One permutation at a time over all shingles: its multiplier, offset and running minimum stay in registers.
  const n = shingles.length;
  for (let p = 0; p < SIGNATURE_PERMUTATIONS; p++) {
    const ap = a[p] as number;
    const bp = b[p] as number;
    let min = into[p] as number;
    for (let s = 0; s < n; s++) {
      const v = (Math.imul(ap, shingles[s] as number) + bp) >>> 0;
      if (v < min) min = v;
    }
    into[p] = min;
  }
}

export function emptyMinhash(): Uint32Array {
  return new Uint32Array(SIGNATURE_PERMUTATIONS).fill(0xffffffff);
}

const NOT_WORD = 1;
const NUMBER = 2;
const LETTER = 3;
/** Class of each BMP code unit (0 = not looked up yet): the Unicode tables are asked once per distinct character. */
const bmpClass = new Uint8Array(0x10000);
for (let c = 0; c < 128; c++) {
  bmpClass[c] = (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) ? LETTER : c >= 0x30 && c <= 0x39 ? NUMBER : NOT_WORD;
}
const IS_LETTER = /^\p{L}$/u;
const IS_NUMBER = /^\p{N}$/u;

function classOf(char: string): number {
  return IS_LETTER.test(char) ? LETTER : IS_NUMBER.test(char) ? NUMBER : NOT_WORD;
}

/** Whether a surrogate pair (one astral character) starts at `i`. */
function pairAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff || i + 1 >= text.length) return false;
  const d = text.charCodeAt(i + 1);
  return d >= 0xdc00 && d <= 0xdfff;
}

/** Class of the character at `i` (a lone surrogate is NOT_WORD). */
function classAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  // Surrogates are never cached: the same high surrogate starts letters, digits and emoji alike.
  if (c >= 0xd800 && c <= 0xdfff) return pairAt(text, i) ? classOf(text.slice(i, i + 2)) : NOT_WORD;
  let cls = bmpClass[c] as number;
  if (cls === 0) bmpClass[c] = cls = classOf(text[i] as string);
  return cls;
}

/**
 * Folded words of a text: runs of letters and digits, with apostrophe-joined letter runs kept in the word (l'État,
 * don't) — exactly the matches of /[\p{L}\p{N}]+(?:['’]\p{L}+)*\/u (the tests hold the two together). Scanned by hand
 * because the regular expression's match objects were most of the signature's cost; ASCII words skip Unicode folding.
 */
export function words(text: string): string[] {
  const out: string[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (classAt(text, i) === NOT_WORD) {
      i += pairAt(text, i) ? 2 : 1;
      continue;
    }
    const start = i;
    let ascii = true;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c < 128) {
        if (bmpClass[c] === NOT_WORD) break;
        i++;
        continue;
      }
      if (classAt(text, i) === NOT_WORD) break;
      ascii = false;
      i += pairAt(text, i) ? 2 : 1;
    }
    // Apostrophe groups: an apostrophe followed by at least one letter (not a digit), then letters only.
    while (i + 1 < n) {
      const a = text.charCodeAt(i);
      if ((a !== 0x27 && a !== 0x2019) || classAt(text, i + 1) !== LETTER) break;
      if (a !== 0x27) ascii = false;
      i += 1;
      while (i < n && classAt(text, i) === LETTER) {
        if (text.charCodeAt(i) >= 128) ascii = false;
        i += pairAt(text, i) ? 2 : 1;
      }
    }
    const w = text.slice(start, i);
    const folded = ascii ? w.toLowerCase() : foldToken(w);
    if (folded) out.push(folded);
  }
  return out;
}

/** FNV-1a over words[i..i+k) joined by single spaces, without building the joined string. */
export function shingleAt(list: readonly string[], i: number, k: number): number {
  let h = 0x811c9dc5;
  for (let w = i; w < i + k; w++) {
    if (w > i) {
      h ^= 32;
      h = Math.imul(h, 0x01000193);
    }
    const word = list[w] as string;
    for (let c = 0; c < word.length; c++) {
      h ^= word.charCodeAt(c);
      h = Math.imul(h, 0x01000193);
    }
  }
  return h >>> 0;
}

/** Sorted, distinct shingle hashes: sorted as a typed array and deduplicated in place (cheaper than a Set). */
export function shingleSet(list: readonly string[]): Uint32Array {
  if (list.length === 0) return new Uint32Array(0);
  if (list.length < SIGNATURE_K) return Uint32Array.of(shingleAt(list, 0, list.length));
  const all = new Uint32Array(list.length - SIGNATURE_K + 1);
  for (let i = 0; i < all.length; i++) all[i] = shingleAt(list, i, SIGNATURE_K);
  all.sort();
  let distinct = 1;
  for (let i = 1; i < all.length; i++) if (all[i] !== all[distinct - 1]) all[distinct++] = all[i] as number;
  return all.slice(0, distinct);
}

/** The whole signature in one go (a worker thread, where holding the thread for a long text harms nobody). */
export function textSignature(text: string): TextSignature {
  const shingles = shingleSet(words(text));
  const minhash = emptyMinhash();
  minhashInto(shingles, minhash);
  return { k: SIGNATURE_K, shingles, minhash };
}
