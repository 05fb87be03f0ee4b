/**
 * Compact encodings for the stored search index. Opening a big case's index used to be dominated by decrypting the
 * folded texts and by JSON-parsing FlexSearch's exported postings; both are now varint streams:
 *
 * - Folded texts are sequences of token ids (words and the runs between them) into one append-only TokenTable, with a
 *   single space between two words left implicit. A text is decoded only when a query first needs it.
 * - Postings (word → item numbers per FlexSearch resolution slot) are delta-coded and stay packed after loading;
 *   a word's list is decoded when a query looks it up (PackedPostings).
 */
import { isWordCode } from '../../../shared/search/fold';

/** Growable byte buffer for unsigned LEB128 varints. */
export class VarintWriter {
  private buf = new Uint8Array(1024);
  private at = 0;

  private ensure(extra: number): void {
    if (this.at + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.at + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.at));
    this.buf = next;
  }

  /** Any safe non-negative integer (zigzag doubles 32-bit values past 32 bits, so no bitwise shortcuts). */
  uint(value: number): void {
    this.ensure(8);
    let v = value;
    while (v >= 0x80) {
      this.buf[this.at++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.at++] = v;
  }

  /** Signed values (deltas that may go down) as zigzag. */
  int(value: number): void {
    this.uint(value >= 0 ? value * 2 : -value * 2 - 1);
  }

  get length(): number {
    return this.at;
  }

  bytes(): Uint8Array {
    return this.buf.slice(0, this.at);
  }
}

export class VarintReader {
  at = 0;
  constructor(private readonly buf: Uint8Array) {}

  uint(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = this.buf[this.at++];
      if (byte === undefined) throw new Error('The stored search index is cut short.');
      result += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return result;
      shift += 7;
    }
  }

  int(): number {
    const v = this.uint();
    return v % 2 === 0 ? v / 2 : -(v + 1) / 2;
  }

  get done(): boolean {
    return this.at >= this.buf.length;
  }
}

/**
 * Every word and in-between run met in folded texts, numbered in order of first appearance. Append-only, so a text
 * encoded once stays valid for the life of the engine and across saves; common words come early and so get the
 * short (one- or two-byte) ids.
 */
export class TokenTable {
  readonly strings: string[] = [];
  /** Whether each token is a word; filled as decode() meets them. */
  private readonly words: (boolean | undefined)[] = [];
  /** Token → id, built when the first text is encoded (opening an index only decodes). */
  private ids: Map<string, number> | null = new Map();

  static from(strings: string[]): TokenTable {
    const table = new TokenTable();
    table.strings.push(...strings);
    table.ids = null;
    return table;
  }

  get size(): number {
    return this.strings.length;
  }

  private id(token: string): number {
    this.ids ??= new Map(this.strings.map((s, i) => [s, i]));
    let id = this.ids.get(token);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(token);
      this.ids.set(token, id);
    }
    return id;
  }

  private isWord(id: number): boolean {
    let word = this.words[id];
    if (word === undefined) {
      const token = this.strings[id] ?? '';
      word = token.length > 0 && isWordCode(token.charCodeAt(0));
      this.words[id] = word;
    }
    return word;
  }

  encode(folded: string): Uint8Array {
    const out = new VarintWriter();
    let i = 0;
    let prevWord = false;
    while (i < folded.length) {
      const word = isWordCode(folded.charCodeAt(i));
      let j = i + 1;
      while (j < folded.length && isWordCode(folded.charCodeAt(j)) === word) j++;
      // A single space between two words is what decode() puts back by itself.
      const implicit = !word && prevWord && j - i === 1 && folded.charCodeAt(i) === 32 && j < folded.length;
      if (!implicit) out.uint(this.id(folded.slice(i, j)));
      prevWord = word;
      i = j;
    }
    return out.bytes();
  }

  decode(bytes: Uint8Array): string {
    const reader = new VarintReader(bytes);
    const parts: string[] = [];
    let prevWord = false;
    while (!reader.done) {
      const id = reader.uint();
      const word = this.isWord(id);
      if (word && prevWord) parts.push(' ');
      parts.push(this.strings[id] ?? '');
      prevWord = word;
    }
    return parts.join('');
  }
}

/** FlexSearch 0.8's in-memory postings: word → resolution slots → item numbers (a slot may be empty). */
export type Slots = readonly (readonly number[] | null | undefined)[];

/**
 * Postings as stored: the words (one JSON array), how many items hold each word (the engine's vocabulary), where
 * each word's slots start, and the slots delta-coded.
 */
export interface EncodedPostings {
  words: string;
  counts: Uint8Array;
  offsets: Uint8Array;
  data: Uint8Array;
}

export function encodePostings(entries: Iterable<[string, number, Slots]>): EncodedPostings {
  const words: string[] = [];
  const counts = new VarintWriter();
  const offsets: number[] = [];
  const out = new VarintWriter();
  for (const [word, count, slots] of entries) {
    words.push(word);
    counts.uint(count);
    offsets.push(out.length);
    out.uint(slots.length);
    for (const slot of slots) {
      if (!slot || slot.length === 0) {
        out.uint(0);
        continue;
      }
      out.uint(slot.length + 1);
      let prev = 0;
      for (const num of slot) {
        out.int(num - prev);
        prev = num;
      }
    }
  }
  return { words: JSON.stringify(words), counts: counts.bytes(), offsets: encodeNumbers(offsets), data: out.bytes() };
}

/**
 * Postings loaded from disk, decoded word by word when a query asks for that word: opening the index costs one
 * JSON array of words instead of materialising millions of numbers (measured: most of the old load time).
 */
export class PackedPostings {
  private readonly at = new Map<string, number>();
  /** How many items hold each word, as the vocabulary was when saved. */
  readonly counts: number[];

  constructor(
    readonly words: readonly string[],
    counts: Uint8Array,
    private readonly offsets: readonly number[],
    private readonly data: Uint8Array,
  ) {
    const reader = new VarintReader(counts);
    this.counts = words.map(() => reader.uint());
    if (offsets.length !== words.length || !reader.done) throw new Error('The stored search index does not add up.');
    words.forEach((w, i) => this.at.set(w, i));
  }

  static decode(encoded: EncodedPostings): PackedPostings {
    return new PackedPostings(JSON.parse(encoded.words) as string[], encoded.counts, decodeNumbers(encoded.offsets), encoded.data);
  }

  get size(): number {
    return this.words.length;
  }

  slots(word: string): number[][] | null {
    const i = this.at.get(word);
    if (i === undefined) return null;
    const reader = new VarintReader(this.data);
    reader.at = this.offsets[i] ?? 0;
    const slots: number[][] = [];
    const count = reader.uint();
    for (let s = 0; s < count; s++) {
      const n = reader.uint();
      const ids: number[] = [];
      let prev = 0;
      for (let k = 1; k < n; k++) {
        prev += reader.int();
        ids.push(prev);
      }
      slots.push(ids);
    }
    return slots;
  }
}

export function encodeNumbers(values: Iterable<number>): Uint8Array {
  const out = new VarintWriter();
  let prev = 0;
  for (const v of values) {
    out.int(v - prev);
    prev = v;
  }
  return out.bytes();
}

export function decodeNumbers(data: Uint8Array): number[] {
  const reader = new VarintReader(data);
  const out: number[] = [];
  let prev = 0;
  while (!reader.done) {
    prev += reader.int();
    out.push(prev);
  }
  return out;
}
