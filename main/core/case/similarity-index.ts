/**
 * The case's similarity view: one MinHash/shingle signature per source, kept incrementally so an import of
 * thousands of files never recomputes all pairs. Signatures are derived data: they live in memory and in one
 * encrypted aux file of the vault (never plaintext on disk); anything missing there is recomputed from the text.
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { SimilarRef } from '../../../shared/domain/source';
import type { SimilarPair, SourceSignature } from '../ingest';
import { compare } from '../ingest/similarity';
import { SIGNATURE_K, emptyMinhash, minhashInto, shingleAt, shingleSet, words } from '../ingest/text-signature';
import type { Vault } from '../vault/api';
import { sourceRecords } from './case-db';

export const SIMILARITY_AUX = 'similarity-signatures';
const K = SIGNATURE_K;
const LSH_ROWS = 4;
/** Same thresholds as ingest's similarSources(), so the batch function and this index agree. */
const MIN_JACCARD = 0.5;
const MIN_SHARED_SHINGLES = 20;
/** Shingles per slice of MinHash work: a 1,000-page PDF must not hold the main process for a second. */
const MINHASH_SLICE = 8192;
const PERSIST_DELAY_MS = 5_000;
/** Candidates compared exactly per new source, best evidence first. */
const MAX_COMPARED = 64;
const FORMAT_VERSION = 2;

export type Pair = Omit<SimilarPair, 'a' | 'b'> & { other: string };

export { words, shingleSet };

/**
 * The signature of a text on this (main) thread, in slices with a yield between them. Imports get theirs from the
 * extraction worker (ingest/text-signature.ts, the same computation); this serves revisions and signatures missing
 * from the stored index.
 */
export async function computeSignature(id: string, text: string): Promise<SourceSignature> {
  const shingles = shingleSet(words(text));
  const sig = emptyMinhash();
  for (let i = 0; i < shingles.length; i += MINHASH_SLICE) {
    if (i > 0) await yieldToLoop();
    minhashInto(shingles.subarray(i, i + MINHASH_SLICE), sig);
  }
  return { id, k: K, shingles, minhash: sig };
}

interface Entry {
  signature: SourceSignature;
  /** The text blob the signature was computed from: a new revision invalidates it. */
  textBlob: string;
  /** Its number in bands and postings (see `ids`). */
  slot: number;
  bandKeys: number[];
  sampled: number[];
}

/** One record per similar pair, shared by both sides: a cluster of copies makes tens of thousands of them. */
type PairRecord = Omit<SimilarPair, 'kind'> & { kind: SimilarPair['kind'] };

/**
 * A band's four MinHash values (and its number) as one integer key below 2^53. Two different bands colliding only
 * adds a candidate, which is then compared exactly; a string key per band cost more than the comparisons.
 */
function bandKey(minhash: Uint32Array, band: number): number {
  let h1 = Math.imul(band + 1, 0x9e3779b1);
  let h2 = 0x85ebca6b ^ band;
  for (let r = band; r < band + LSH_ROWS; r++) {
    const v = minhash[r] as number;
    h1 = Math.imul(h1 ^ v, 0x01000193) ^ (h1 >>> 15);
    h2 = Math.imul(h2 ^ v, 0x5bd1e995) ^ (h2 >>> 13);
  }
  return (h1 >>> 0) * 0x200000 + ((h2 >>> 0) & 0x1fffff);
}

export class SimilarityIndex {
  private readonly entries = new Map<string, Entry>();
  /**
   * Bands and postings hold slot numbers, not ids: scoring the candidates of a new source (a cluster of hundreds of
   * copies means thousands of bucket members per insert) is then array arithmetic instead of string-keyed maps.
   */
  private readonly bands = new Map<number, number[]>();
  private readonly postings = new Map<number, Set<number>>();
  /** Slot → source id; freed slots are reused. */
  private readonly ids: (string | undefined)[] = [];
  private readonly freeSlots: number[] = [];
  /** Per-slot scratch of insert(), all zero between calls. */
  private evidence = new Int32Array(256);
  private sampledHits = new Int32Array(256);
  private readonly pairs = new Map<string, Map<string, PairRecord>>();
  private loading: Promise<void> | null = null;
  private dirty = false;
  private persistTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly vault: Vault) {}

  /** Loads the stored signatures and fills in any source without one; safe to call many times. */
  ready(): Promise<void> {
    this.loading ??= this.load();
    return this.loading;
  }

  private async load(): Promise<void> {
    const stored = decodeSignatures(await this.vault.readAux(SIMILARITY_AUX).catch(() => null));
    const records = sourceRecords(this.vault);
    for (const record of records) {
      if (this.entries.has(record.id)) continue;
      const entry = stored.get(record.id);
      if (entry && entry.textBlob === record.textBlob) this.insert(entry.signature, entry.textBlob);
    }
    const missing = records.filter((r) => !this.entries.has(r.id));
    for (const record of missing) {
      if (this.closed) return;
      const text = new TextDecoder().decode(await this.vault.readBlob(record.textBlob));
      if (!this.entries.has(record.id)) this.insert(await computeSignature(record.id, text), record.textBlob);
    }
    if (missing.length > 0 || stored.size !== this.entries.size) this.markDirty();
  }

  /** Adds (or replaces, for a new revision) a source's signature and finds its similar sources. */
  add(signature: SourceSignature, textBlob: string): void {
    this.insert(signature, textBlob);
    this.markDirty();
  }

  remove(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    for (const key of entry.bandKeys) {
      const bucket = this.bands.get(key);
      const at = bucket?.indexOf(entry.slot) ?? -1;
      if (bucket && at >= 0) bucket.splice(at, 1);
      if (bucket?.length === 0) this.bands.delete(key);
    }
    for (const h of entry.sampled) {
      const list = this.postings.get(h);
      list?.delete(entry.slot);
      if (list?.size === 0) this.postings.delete(h);
    }
    this.ids[entry.slot] = undefined;
    this.freeSlots.push(entry.slot);
    for (const other of this.pairs.get(id)?.keys() ?? []) this.pairs.get(other)?.delete(id);
    this.pairs.delete(id);
    this.markDirty();
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  signatureOf(id: string): SourceSignature | undefined {
    return this.entries.get(id)?.signature;
  }

  /** Similar sources of one source, most overlapping first. */
  pairsOf(id: string): Pair[] {
    const out: Pair[] = [];
    for (const [other, r] of this.pairs.get(id) ?? []) {
      out.push({ other, jaccard: r.jaccard, containment: r.containment, estimatedJaccard: r.estimatedJaccard, sharedShingles: r.sharedShingles, kind: r.kind });
    }
    return out.sort((a, b) => b.containment - a.containment || b.jaccard - a.jaccard);
  }

  refs(id: string, titleOf: (id: string) => string | undefined): SimilarRef[] {
    const out: SimilarRef[] = [];
    for (const pair of this.pairsOf(id)) {
      const title = titleOf(pair.other);
      if (title !== undefined) out.push({ id: pair.other, title, overlap: round(pair.containment) });
    }
    return out;
  }

  private insert(signature: SourceSignature, textBlob: string): void {
    if (this.entries.has(signature.id)) this.remove(signature.id);
    const id = signature.id;
    const slot = this.freeSlots.pop() ?? this.ids.length;
    this.ids[slot] = id;
    if (slot >= this.evidence.length) {
      const grown = Math.max(slot + 1, this.evidence.length * 2);
      this.evidence = new Int32Array(grown);
      this.sampledHits = new Int32Array(grown);
    }
    const { evidence, sampledHits } = this;
    const bandKeys: number[] = [];
    // Candidate → evidence (bands agreeing, sampled shingles shared), to compare the most promising first.
    // `candidates` keeps first-evidence order, which breaks ties in the ranking below.
    const candidates: number[] = [];
    if (signature.shingles.length > 0) {
      for (let band = 0; band + LSH_ROWS <= signature.minhash.length; band += LSH_ROWS) {
        const key = bandKey(signature.minhash, band);
        bandKeys.push(key);
        let bucket = this.bands.get(key);
        if (!bucket) this.bands.set(key, (bucket = []));
        for (const other of bucket) {
          if (evidence[other] === 0) candidates.push(other);
          evidence[other] = (evidence[other] as number) + 4;
        }
        bucket.push(slot);
      }
    }
    // A 1-in-4 sample of shingles finds sources sharing a long quote, which barely moves Jaccard.
    const sampled: number[] = [];
    const hitOrder: number[] = [];
    const maxPosting = Math.max(50, Math.ceil(this.entries.size * 0.05));
    for (const h of signature.shingles) {
      if (h % 4 !== 0) continue;
      sampled.push(h);
      let list = this.postings.get(h);
      if (!list) this.postings.set(h, (list = new Set()));
      // Boilerplate found in a large share of sources (site footers) says nothing about a specific pair.
      if (list.size <= maxPosting) {
        for (const other of list) {
          if (sampledHits[other] === 0) hitOrder.push(other);
          sampledHits[other] = (sampledHits[other] as number) + 1;
        }
      }
      list.add(slot);
    }
    const minSampled = Math.max(1, Math.floor(MIN_SHARED_SHINGLES / 8));
    for (const other of hitOrder) {
      const count = sampledHits[other] as number;
      sampledHits[other] = 0;
      if (count < minSampled) continue;
      if (evidence[other] === 0) candidates.push(other);
      evidence[other] = (evidence[other] as number) + count;
    }

    this.entries.set(id, { signature, textBlob, slot, bandKeys, sampled });
    // A cluster of hundreds of copies of one press release would make every insert compare against all of them;
    // the best-evidenced ones are what the researcher needs to see. (Array sort is stable: ties keep their order.)
    candidates.sort((x, y) => (evidence[y] as number) - (evidence[x] as number));
    for (const other of candidates) evidence[other] = 0;
    for (const otherSlot of candidates.slice(0, MAX_COMPARED)) {
      const other = this.ids[otherSlot];
      const otherEntry = other === undefined ? undefined : this.entries.get(other);
      if (!other || !otherEntry || other === id) continue;
      const c = compare(signature, otherEntry.signature);
      const kind: Pair['kind'] | null =
        c.jaccard >= MIN_JACCARD ? 'near-duplicate' : c.sharedShingles >= MIN_SHARED_SHINGLES ? 'shared-passages' : null;
      if (!kind) continue;
      const record: PairRecord = { ...c, kind };
      this.pairMap(id).set(other, record);
      this.pairMap(other).set(id, record);
    }
  }

  private pairMap(id: string): Map<string, PairRecord> {
    let map = this.pairs.get(id);
    if (!map) this.pairs.set(id, (map = new Map()));
    return map;
  }

  private markDirty(): void {
    this.dirty = true;
    if (this.persistTimer || this.closed) return;
    this.persistTimer = setTimeout(() => {
      this.persistTimer = null;
      void this.persist().catch(() => undefined);
    }, PERSIST_DELAY_MS);
    this.persistTimer.unref();
  }

  /** Writes the signatures (encrypted aux file); a lost write only costs recomputation at the next unlock. */
  async persist(): Promise<void> {
    if (!this.dirty) return;
    this.dirty = false;
    await this.vault.putAux(SIMILARITY_AUX, encodeSignatures(this.entries));
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.persistTimer) clearTimeout(this.persistTimer);
    this.persistTimer = null;
    if (this.loading) await this.loading.catch(() => undefined);
    await this.persist();
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/**
 * Separate stretches of text (at least `minWords` words) of `text` whose shingles all occur in `other`:
 * what a researcher would call "passages the two sources share".
 */
export function sharedPassageCount(text: string, other: SourceSignature, minWords = 12): number {
  const list = words(text);
  const set = new Set(other.shingles);
  const minRun = Math.max(1, minWords - K + 1);
  let runs = 0;
  let run = 0;
  for (let i = 0; i + K <= list.length; i++) {
    if (set.has(shingleAt(list, i, K))) run++;
    else {
      if (run >= minRun) runs++;
      run = 0;
    }
  }
  if (run >= minRun) runs++;
  return runs;
}

// ------------------------------------------------------------------------------------------------------- storage

function encodeSignatures(entries: ReadonlyMap<string, Entry>): Uint8Array {
  const enc = new TextEncoder();
  let size = 8;
  const items = [...entries.values()].map((e) => {
    const id = enc.encode(e.signature.id);
    const blob = enc.encode(e.textBlob);
    size += 2 + id.length + 2 + blob.length + 1 + 4 + e.signature.shingles.length * 4 + 2 + e.signature.minhash.length * 4;
    return { e, id, blob };
  });
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let at = 0;
  view.setUint32(at, FORMAT_VERSION, true);
  view.setUint32((at += 4), items.length, true);
  at += 4;
  for (const { e, id, blob } of items) {
    view.setUint16(at, id.length, true);
    out.set(id, (at += 2));
    view.setUint16((at += id.length), blob.length, true);
    out.set(blob, (at += 2));
    view.setUint8((at += blob.length), e.signature.k);
    view.setUint32((at += 1), e.signature.shingles.length, true);
    at += 4;
    for (const h of e.signature.shingles) view.setUint32((at += 4) - 4, h, true);
    view.setUint16(at, e.signature.minhash.length, true);
    at += 2;
    for (const h of e.signature.minhash) view.setUint32((at += 4) - 4, h, true);
  }
  return out;
}

export function decodeSignatures(bytes: Uint8Array | null): Map<string, { signature: SourceSignature; textBlob: string }> {
  const out = new Map<string, { signature: SourceSignature; textBlob: string }>();
  if (!bytes || bytes.byteLength < 8) return out;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dec = new TextDecoder();
  try {
    if (view.getUint32(0, true) !== FORMAT_VERSION) return out;
    const count = view.getUint32(4, true);
    let at = 8;
    for (let n = 0; n < count; n++) {
      const idLen = view.getUint16(at, true);
      const id = dec.decode(bytes.subarray((at += 2), (at += idLen)));
      const blobLen = view.getUint16(at, true);
      const textBlob = dec.decode(bytes.subarray((at += 2), (at += blobLen)));
      const k = view.getUint8(at);
      const shingleCount = view.getUint32((at += 1), true);
      at += 4;
      const shingles = new Uint32Array(shingleCount);
      for (let i = 0; i < shingleCount; i++, at += 4) shingles[i] = view.getUint32(at, true);
      const minCount = view.getUint16(at, true);
      at += 2;
      const mh = new Uint32Array(minCount);
      for (let i = 0; i < minCount; i++, at += 4) mh[i] = view.getUint32(at, true);
      out.set(id, { signature: { id, k, shingles, minhash: mh }, textBlob });
    }
  } catch {
    // A damaged or truncated cache is only a cache: whatever was not read is recomputed from the texts.
  }
  return out;
}
