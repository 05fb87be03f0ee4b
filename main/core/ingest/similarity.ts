/**
 * Near-duplicate and shared-passage detection over extracted texts. Pure functions, no I/O.
 *
 * Texts are cut into word k-shingles (default k = 5) over folded tokens: NFKD, accents stripped, lower case,
 * œ/æ/ß expanded, so "Œuvre" and "oeuvre" meet. Each shingle is a 32-bit FNV-1a hash.
 * - MinHash (128 permutations by default) estimates Jaccard similarity cheaply, and LSH bands over it find
 *   near-duplicate candidates among thousands of sources without comparing every pair.
 * - Shared quotes barely move Jaccard, so candidates also come from an inverted index of a 1-in-4 sample of
 *   shingles. Every candidate pair then gets its exact overlap from the full shingle sets.
 */

export interface SignatureOptions {
  k?: number;
  permutations?: number;
}

export interface SourceSignature {
  id: string;
  k: number;
  /** Sorted, distinct shingle hashes: the exact set. */
  shingles: Uint32Array;
  minhash: Uint32Array;
}

export interface SimilarPair {
  a: string;
  b: string;
  /** |A ∩ B| / |A ∪ B| on exact shingle sets. */
  jaccard: number;
  /** |A ∩ B| / min(|A|, |B|): how much of the smaller text is found in the other. */
  containment: number;
  /** MinHash estimate of Jaccard. */
  estimatedJaccard: number;
  sharedShingles: number;
  kind: 'near-duplicate' | 'shared-passages';
}

export interface SimilarityOptions {
  /** Jaccard at or above which two sources are near-duplicates. */
  minJaccard?: number;
  /**
   * Shared shingles at or above which two sources are said to share passages: 20 five-word shingles is a common
   * stretch of about 24 words (a long quote), well above the stock phrases unrelated articles share.
   */
  minSharedShingles?: number;
}

const DEFAULT_K = 5;
const DEFAULT_PERMUTATIONS = 128;

export function foldToken(word: string): string {
  return word
    .replace(/œ/g, 'oe')
    .replace(/Œ/g, 'OE')
    .replace(/æ/g, 'ae')
    .replace(/Æ/g, 'AE')
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

export interface Token {
  word: string;
  /** UTF-16 offsets into the original text. */
  start: number;
  end: number;
}

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(/[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu)) {
    const word = foldToken(m[0]);
    if (word) out.push({ word, start: m.index, end: m.index + m[0].length });
  }
  return out;
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function shingleHashes(text: string, k = DEFAULT_K): Uint32Array {
  const words = tokenize(text).map((t) => t.word);
  const set = new Set<number>();
  if (words.length > 0 && words.length < k) set.add(fnv1a(words.join(' ')));
  for (let i = 0; i + k <= words.length; i++) set.add(fnv1a(words.slice(i, i + k).join(' ')));
  return Uint32Array.from(set).sort();
}

// Universal hashing (a·x + b) mod p with p = 2^31 - 1, seeded deterministically so signatures are comparable
// across runs and machines (they are stored with the case).
const P = 2147483647;
function permutationParams(n: number): { a: number[]; b: number[] } {
  let s = 0x9e3779b9;
  const next = (): number => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) % (P - 1);
  };
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < n; i++) {
    a.push(next() + 1);
    b.push(next());
  }
  return { a, b };
}
const paramCache = new Map<number, { a: number[]; b: number[] }>();

function mulmod(a: number, x: number): number {
  // a, x < 2^31: split to stay inside 2^53.
  const hi = Math.floor(x / 65536);
  const lo = x % 65536;
  return (((a * hi) % P) * 65536 + a * lo) % P;
}

export function minhash(shingles: Uint32Array, permutations = DEFAULT_PERMUTATIONS): Uint32Array {
  let params = paramCache.get(permutations);
  if (!params) {
    params = permutationParams(permutations);
    paramCache.set(permutations, params);
  }
  const sig = new Uint32Array(permutations).fill(0xffffffff);
  for (const raw of shingles) {
    const x = raw % P;
    for (let i = 0; i < permutations; i++) {
      const v = (mulmod(params.a[i] as number, x) + (params.b[i] as number)) % P;
      if (v < (sig[i] as number)) sig[i] = v;
    }
  }
  return sig;
}

export function signature(id: string, text: string, options?: SignatureOptions): SourceSignature {
  const k = options?.k ?? DEFAULT_K;
  const shingles = shingleHashes(text, k);
  return { id, k, shingles, minhash: minhash(shingles, options?.permutations ?? DEFAULT_PERMUTATIONS) };
}

export function estimateJaccard(a: Uint32Array, b: Uint32Array): number {
  const n = Math.min(a.length, b.length);
  if (n === 0) return 0;
  let same = 0;
  for (let i = 0; i < n; i++) if (a[i] === b[i] && a[i] !== 0xffffffff) same++;
  return same / n;
}

export function intersectionSize(a: Uint32Array, b: Uint32Array): number {
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x === y) {
      n++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return n;
}

export function compare(a: SourceSignature, b: SourceSignature): Omit<SimilarPair, 'kind'> {
  const shared = intersectionSize(a.shingles, b.shingles);
  const union = a.shingles.length + b.shingles.length - shared;
  const smaller = Math.min(a.shingles.length, b.shingles.length);
  return {
    a: a.id,
    b: b.id,
    jaccard: union ? shared / union : 0,
    containment: smaller ? shared / smaller : 0,
    estimatedJaccard: estimateJaccard(a.minhash, b.minhash),
    sharedShingles: shared,
  };
}

/** Pairs of sources that are near-duplicates or share long passages, most similar first. */
export function similarSources(signatures: SourceSignature[], options?: SimilarityOptions): SimilarPair[] {
  const minJaccard = options?.minJaccard ?? 0.5;
  const minShared = options?.minSharedShingles ?? 20;
  const candidates = new Set<string>();
  const key = (i: number, j: number): string => (i < j ? `${i}:${j}` : `${j}:${i}`);

  // LSH: 32 bands of 4 rows finds pairs with Jaccard ≳ 0.4 with high probability.
  const rows = 4;
  const perm = Math.min(...signatures.map((s) => s.minhash.length));
  for (let band = 0; band + rows <= perm; band += rows) {
    const buckets = new Map<string, number[]>();
    signatures.forEach((s, i) => {
      if (s.shingles.length === 0) return;
      const k = Array.from(s.minhash.subarray(band, band + rows)).join(',');
      const list = buckets.get(k);
      if (list) list.push(i);
      else buckets.set(k, [i]);
    });
    for (const list of buckets.values()) {
      for (let x = 0; x < list.length; x++) for (let y = x + 1; y < list.length; y++) candidates.add(key(list[x] as number, list[y] as number));
    }
  }

  // Sampled inverted index for shared passages: a shared stretch of 20 shingles has ~5 sampled in common.
  const postings = new Map<number, number[]>();
  signatures.forEach((s, i) => {
    for (const h of s.shingles) {
      if (h % 4 !== 0) continue;
      const list = postings.get(h);
      if (list) list.push(i);
      else postings.set(h, [i]);
    }
  });
  const counts = new Map<string, number>();
  const maxPosting = Math.max(50, Math.ceil(signatures.length * 0.05));
  for (const list of postings.values()) {
    // Boilerplate found in a large share of sources (site footers) says nothing about a specific pair.
    if (list.length < 2 || list.length > maxPosting) continue;
    for (let x = 0; x < list.length; x++) {
      for (let y = x + 1; y < list.length; y++) {
        const k = key(list[x] as number, list[y] as number);
        counts.set(k, (counts.get(k) ?? 0) + 1);
      }
    }
  }
  const minSampled = Math.max(1, Math.floor(minShared / 8));
  for (const [k, c] of counts) if (c >= minSampled) candidates.add(k);

  const pairs: SimilarPair[] = [];
  for (const k of candidates) {
    const [i, j] = k.split(':').map(Number) as [number, number];
    const a = signatures[i];
    const b = signatures[j];
    if (!a || !b) continue;
    const c = compare(a, b);
    if (c.jaccard >= minJaccard) pairs.push({ ...c, kind: 'near-duplicate' });
    else if (c.sharedShingles >= minShared) pairs.push({ ...c, kind: 'shared-passages' });
  }
  return pairs.sort((x, y) => y.jaccard - x.jaccard || y.sharedShingles - x.sharedShingles);
}

export interface RepeatedSpan {
  /** Code-point offsets of a later copy... */
  start: number;
  end: number;
  /** ...and of the earlier passage it repeats. */
  copyOf: { start: number; end: number };
}

export interface Repetition {
  /** Share of the text's words that are a repeat of an earlier passage in the same text (0..1). */
  fraction: number;
  spans: RepeatedSpan[];
}

/**
 * Passages of at least `minWords` words (default 12) that occur again later in the same text, e.g. an article
 * pasted twice or a scraped page with its body duplicated. Offsets are code points, like passages and pageStarts.
 */
export function internalRepetition(text: string, options?: { k?: number; minWords?: number }): Repetition {
  const k = options?.k ?? DEFAULT_K;
  const minWords = Math.max(k, options?.minWords ?? 12);
  const tokens = tokenize(text);
  if (tokens.length < minWords * 2) return { fraction: 0, spans: [] };
  const first = new Map<string, number>();
  // For each shingle start j: the earliest earlier start p with the same k words, or -1.
  const source = new Int32Array(tokens.length).fill(-1);
  for (let j = 0; j + k <= tokens.length; j++) {
    const key = tokens.slice(j, j + k).map((t) => t.word).join(' ');
    const p = first.get(key);
    if (p === undefined) first.set(key, j);
    else if (p + k <= j) source[j] = p;
  }
  // Chain consecutive matches (j → p, j+1 → p+1, ...) into runs of repeated words.
  const runs: { j: number; p: number; len: number }[] = [];
  let j = 0;
  while (j < tokens.length) {
    const p = source[j] as number;
    if (p < 0) {
      j++;
      continue;
    }
    let n = 1;
    while (j + n < tokens.length && source[j + n] === p + n) n++;
    runs.push({ j, p, len: n + k - 1 });
    j += n + k - 1;
  }
  const toCp = codePointMapper(text);
  const spans: RepeatedSpan[] = [];
  let repeatedWords = 0;
  for (const r of runs) {
    if (r.len < minWords) continue;
    const last = Math.min(tokens.length - 1, r.j + r.len - 1);
    const lastCopy = Math.min(tokens.length - 1, r.p + r.len - 1);
    repeatedWords += last - r.j + 1;
    spans.push({
      start: toCp((tokens[r.j] as Token).start),
      end: toCp((tokens[last] as Token).end),
      copyOf: { start: toCp((tokens[r.p] as Token).start), end: toCp((tokens[lastCopy] as Token).end) },
    });
  }
  return { fraction: repeatedWords / tokens.length, spans };
}

/** UTF-16 offset → code-point offset, for increasing offsets in one pass. */
function codePointMapper(text: string): (utf16: number) => number {
  let u = 0;
  let cp = 0;
  return (target: number): number => {
    if (target < u) {
      u = 0;
      cp = 0;
    }
    while (u < target) {
      const c = text.charCodeAt(u);
      u += c >= 0xd800 && c <= 0xdbff && u + 1 < text.length ? 2 : 1;
      cp++;
    }
    return cp;
  };
}
