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
  for (let s = 0; s < shingles.length; s++) {
    const x = shingles[s] as number;
    for (let p = 0; p < SIGNATURE_PERMUTATIONS; p++) {
      const v = (Math.imul(a[p] as number, x) + (b[p] as number)) >>> 0;
      if (v < (into[p] as number)) into[p] = v;
    }
  }
}

export function emptyMinhash(): Uint32Array {
  return new Uint32Array(SIGNATURE_PERMUTATIONS).fill(0xffffffff);
}

/** Folded words of a text; ASCII words (most of them in Latin-script text) skip Unicode folding. */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const t of text.matchAll(/[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu)) {
    const w = t[0];
    // eslint-disable-next-line no-control-regex -- a plain ASCII range test
    const folded = /^[\x00-\x7f]*$/.test(w) ? w.toLowerCase() : foldToken(w);
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

export function shingleSet(list: readonly string[]): Uint32Array {
  const set = new Set<number>();
  if (list.length > 0 && list.length < SIGNATURE_K) set.add(shingleAt(list, 0, list.length));
  for (let i = 0; i + SIGNATURE_K <= list.length; i++) set.add(shingleAt(list, i, SIGNATURE_K));
  return Uint32Array.from(set).sort();
}

/** The whole signature in one go (a worker thread, where holding the thread for a long text harms nobody). */
export function textSignature(text: string): TextSignature {
  const shingles = shingleSet(words(text));
  const minhash = emptyMinhash();
  minhashInto(shingles, minhash);
  return { k: SIGNATURE_K, shingles, minhash };
}
