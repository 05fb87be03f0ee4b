/**
 * The search engine proper, used inside the search worker (and directly by tests). FlexSearch is the inverted index
 * (word → items); everything it cannot promise is checked here against each item's folded text: phrases (order and
 * adjacency), match positions and exact counts. Words reach FlexSearch already folded and split by shared/search,
 * so index and query always agree on what a word is, in any script.
 */
import { Index } from 'flexsearch';
import { FIELD_SEPARATOR, FOLD_VERSION, distinctWords, fold as foldForIndex, isWordCode } from '../../../shared/search/fold';
import type { QueryNode } from '../../../shared/search/query';
import { SEARCH_KINDS, type SearchField, type SearchKind } from '../../../shared/search/schema';
import { stemVariants } from '../../../shared/search/stem';
import { PackedPostings, TokenTable, encodePostings, type Slots } from './packed';

/** Bump when the stored layout changes (FOLD_VERSION covers folding). */
export const ENGINE_VERSION = 2;

/** What an item is filtered by; strings are as stored except researchers, which are folded. */
export interface DocMeta {
  sourceId: string | null;
  lang: string | null;
  type: string | null;
  /** The source's own date, YYYY-MM-DD. */
  date: string | null;
  /** Import date, YYYY-MM-DD. */
  imported: string | null;
  researchers: string[];
  tags: string[];
  entities: string[];
  /** Passage statuses ('none' for a passage without one); a source has those of its passages. */
  statuses: string[];
}

export interface FieldInput {
  field: SearchField;
  index: number;
  text: string;
}

export interface DocInput {
  key: string;
  kind: SearchKind;
  /** Changes whenever the indexed text changes; the manifest compares it to decide what to re-index. */
  revision: string;
  fields: FieldInput[];
  meta: DocMeta;
}

interface Doc {
  num: number;
  key: string;
  kind: SearchKind;
  revision: string;
  /** Null until first needed after a load (see text()); `packed` holds it meanwhile. */
  folded: string | null;
  /** The folded text as token ids (packed.ts), once encoded for saving or as loaded. */
  packed: Uint8Array | null;
  /** Start of each field in the folded text; fields are joined by FIELD_SEPARATOR. */
  fieldStarts: number[];
  fields: [SearchField, number][];
  meta: DocMeta;
}

export interface ResolvedFilters {
  kinds: SearchKind[] | null;
  sourceIds: string[] | null;
  notSourceIds: string[];
  /** Every group must be met by one of its ids (a tag and its descendants form a group). */
  tagGroups: string[][];
  notTags: string[];
  entityGroups: string[][];
  /**
   * Per entity group, its names and aliases as folded word lists: a source also meets the group when it mentions one
   * of them (whole words, in order), linked passage or not.
   */
  entityMentions: string[][][];
  notEntities: string[];
  /** Names and aliases of excluded entities: sources mentioning one are left out too. */
  notEntityMentions: string[][];
  langs: string[] | null;
  notLangs: string[];
  types: string[] | null;
  notTypes: string[];
  statuses: string[] | null;
  notStatuses: string[];
  researchers: string[] | null;
  notResearchers: string[];
  dateFrom: string | null;
  dateTo: string | null;
  importedFrom: string | null;
  importedTo: string | null;
}

export function noFilters(): ResolvedFilters {
  return {
    kinds: null,
    sourceIds: null,
    notSourceIds: [],
    tagGroups: [],
    notTags: [],
    entityGroups: [],
    entityMentions: [],
    notEntities: [],
    notEntityMentions: [],
    langs: null,
    notLangs: [],
    types: null,
    notTypes: [],
    statuses: null,
    notStatuses: [],
    researchers: null,
    notResearchers: [],
    dateFrom: null,
    dateTo: null,
    importedFrom: null,
    importedTo: null,
  };
}

export interface EngineQuery {
  text: QueryNode | null;
  filters: ResolvedFilters;
}

/** A match in folded coordinates, relative to its field. */
export type FoldedMatch = [fieldSlot: number, start: number, end: number];

export interface EngineHit {
  key: string;
  kind: SearchKind;
  score: number;
  occurrences: number;
  fields: [SearchField, number][];
  matches: FoldedMatch[];
}

export interface EngineAnswer {
  totals: Record<SearchKind, number>;
  hits: EngineHit[];
}

export interface BatchCounts {
  docs: Record<SearchKind, number>;
  occurrences: Record<SearchKind, number>;
}

type Range = [number, number];

/** Per query, the sources mentioning each entity group's names, and those mentioning an excluded entity. */
interface EntityMentions {
  groups: Set<number>[];
  not: Set<number>;
}

const KIND_ORDER: Record<SearchKind, number> = { source: 0, passage: 1, entity: 2 };

function newIndex(): Index {
  // Words arrive folded, deduplicated and space-joined: FlexSearch must neither re-encode nor re-split them.
  return new Index({ tokenize: 'strict', resolution: 3, cache: false, encode: (content: string) => content.split(' ') });
}

function isBoundaryBefore(text: string, at: number): boolean {
  return at === 0 || !isWordCode(text.charCodeAt(at - 1));
}

function isBoundaryAfter(text: string, at: number): boolean {
  return at >= text.length || !isWordCode(text.charCodeAt(at));
}

/** Occurrences of whole words (or words starting with a prefix) in folded text. */
export function findWords(text: string, variants: readonly string[], prefix: boolean): Range[] {
  const out: Range[] = [];
  for (const variant of variants) {
    if (!variant) continue;
    let at = text.indexOf(variant);
    while (at >= 0) {
      let end = at + variant.length;
      if (isBoundaryBefore(text, at)) {
        if (prefix) {
          while (end < text.length && isWordCode(text.charCodeAt(end))) end++;
          out.push([at, end]);
        } else if (isBoundaryAfter(text, end)) out.push([at, end]);
      }
      at = text.indexOf(variant, at + 1);
    }
  }
  if (variants.length > 1) out.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return out;
}

/** Occurrences of words in this order with only non-word characters (never a field boundary) between them. */
export function findPhrase(text: string, words: readonly string[], firstOnly = false): Range[] {
  const out: Range[] = [];
  const first = words[0];
  if (!first) return out;
  for (const [start, firstEnd] of findWords(text, [first], false)) {
    let at = firstEnd;
    let ok = true;
    for (let k = 1; k < words.length && ok; k++) {
      const word = words[k] ?? '';
      while (at < text.length && !isWordCode(text.charCodeAt(at))) {
        if (text[at] === FIELD_SEPARATOR) {
          ok = false;
          break;
        }
        at++;
      }
      if (!ok || !text.startsWith(word, at) || !isBoundaryAfter(text, at + word.length)) ok = false;
      else at += word.length;
    }
    if (ok) {
      out.push([start, at]);
      if (firstOnly) break;
    }
  }
  return out;
}

function mergeRanges(ranges: Range[]): Range[] {
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const out: Range[] = [];
  for (const range of ranges) {
    const last = out[out.length - 1];
    if (last && range[0] < last[1]) last[1] = Math.max(last[1], range[1]);
    else out.push([range[0], range[1]]);
  }
  return out;
}

function intersect(a: Set<number>, b: Set<number>): Set<number> {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  const out = new Set<number>();
  for (const x of small) if (large.has(x)) out.add(x);
  return out;
}

function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] ?? '') < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

class KindIndex {
  readonly index = newIndex();
  /** Word → number of items containing it (for prefix expansion and to know which stem forms exist). */
  readonly vocab = new Map<string, number>();
  private sorted: string[] | null = null;
  readonly docs = new Set<number>();

  addWords(words: readonly string[]): void {
    for (const w of words) this.vocab.set(w, (this.vocab.get(w) ?? 0) + 1);
    this.sorted = null;
  }

  removeWords(words: readonly string[]): void {
    for (const w of words) {
      const n = (this.vocab.get(w) ?? 0) - 1;
      if (n > 0) this.vocab.set(w, n);
      else this.vocab.delete(w);
    }
    this.sorted = null;
  }

  withPrefix(prefix: string): string[] {
    this.sorted ??= [...this.vocab.keys()].sort();
    const out: string[] = [];
    for (let i = lowerBound(this.sorted, prefix); i < this.sorted.length; i++) {
      const word = this.sorted[i] ?? '';
      if (!word.startsWith(prefix)) break;
      out.push(word);
    }
    return out;
  }

  /**
   * Postings as loaded from disk (items indexed since then are in `index`). Items removed since are not taken out
   * of it: lookups skip numbers no longer in `docs` (numbers are never reused).
   */
  base: PackedPostings | null = null;

  /**
   * Items containing the word, in FlexSearch's relevance order: resolution slot by slot (words met early in an item
   * rank first), older items first within a slot, which is how FlexSearch itself lists a single word's items.
   */
  lookup(word: string): number[] {
    if (!this.vocab.has(word)) return [];
    const stored = this.base?.slots(word) ?? null;
    const fresh = postingsOf(this.index).get(word) ?? [];
    const out: number[] = [];
    for (let s = 0; s < Math.max(stored?.length ?? 0, fresh.length); s++) {
      for (const num of stored?.[s] ?? []) if (this.docs.has(num)) out.push(num);
      for (const num of fresh[s] ?? []) out.push(num);
    }
    return out;
  }

  /** Every word of the vocabulary with its count and its slots, stored and fresh merged, for saving. */
  *postings(): Generator<[string, number, Slots]> {
    const fresh = postingsOf(this.index);
    for (const [word, count] of this.vocab) {
      const stored = this.base?.slots(word) ?? [];
      const more = fresh.get(word) ?? [];
      if (stored.length === 0) {
        yield [word, count, more];
        continue;
      }
      const merged: number[][] = [];
      for (let s = 0; s < Math.max(stored.length, more.length); s++) {
        merged.push([...(stored[s] ?? []).filter((num) => this.docs.has(num)), ...(more[s] ?? [])]);
      }
      yield [word, count, merged];
    }
  }
}

/** A term or phrase of the query, resolved once per kind. */
interface Leaf {
  node: QueryNode & { type: 'term' | 'phrase' };
  variants: string[];
  /** False under a NOT: used to exclude, never highlighted or counted. */
  positive: boolean;
}

export class SearchEngine {
  private readonly docs = new Map<number, Doc>();
  private readonly byKey = new Map<string, number>();
  private readonly kinds: Record<SearchKind, KindIndex> = { source: new KindIndex(), passage: new KindIndex(), entity: new KindIndex() };
  private nextNum = 1;
  private tokens = new TokenTable();

  /** An item's folded text, decoded from its stored form the first time a query needs it. */
  private text(doc: Doc): string {
    doc.folded ??= doc.packed ? this.tokens.decode(doc.packed) : '';
    return doc.folded;
  }

  get size(): number {
    return this.docs.size;
  }

  manifest(): [string, string][] {
    return [...this.docs.values()].map((d) => [d.key, d.revision]);
  }

  upsert(inputs: readonly DocInput[]): void {
    for (const input of inputs) {
      this.remove([input.key]);
      const fieldStarts: number[] = [];
      let folded = '';
      input.fields.forEach((field, i) => {
        if (i > 0) folded += FIELD_SEPARATOR;
        fieldStarts.push(folded.length);
        folded += foldForIndex(field.text);
      });
      const num = this.nextNum++;
      const doc: Doc = {
        num,
        key: input.key,
        kind: input.kind,
        revision: input.revision,
        folded,
        // Encoded now rather than at save time: a tenth of what indexing the item costs, and saving (which holds
        // up queries in the worker) stays a copy.
        packed: this.tokens.encode(folded),
        fieldStarts,
        fields: input.fields.map((f) => [f.field, f.index]),
        meta: input.meta,
      };
      this.docs.set(num, doc);
      this.byKey.set(input.key, num);
      const kind = this.kinds[input.kind];
      const words = distinctWords(folded);
      kind.addWords(words);
      kind.docs.add(num);
      if (words.length > 0) kind.index.add(num, words.join(' '));
    }
  }

  remove(keys: readonly string[]): void {
    for (const key of keys) {
      const num = this.byKey.get(key);
      if (num === undefined) continue;
      const doc = this.docs.get(num);
      this.byKey.delete(key);
      this.docs.delete(num);
      if (!doc) continue;
      const kind = this.kinds[doc.kind];
      kind.removeWords(distinctWords(this.text(doc)));
      kind.docs.delete(num);
      kind.index.remove(num);
    }
  }

  setMeta(entries: readonly [string, DocMeta][]): void {
    for (const [key, meta] of entries) {
      const num = this.byKey.get(key);
      const doc = num === undefined ? undefined : this.docs.get(num);
      if (doc) doc.meta = meta;
    }
  }

  // ------------------------------------------------------------------------------------------------ querying

  private leaves(node: QueryNode, kind: SearchKind, into: Leaf[], positive = true): void {
    switch (node.type) {
      case 'term': {
        const index = this.kinds[kind];
        let variants: string[];
        if (node.prefix) variants = index.withPrefix(node.word);
        else if (node.exact) variants = [node.word];
        else variants = stemVariants(node.word).filter((v) => v === node.word || index.vocab.has(v));
        into.push({ node, variants, positive });
        return;
      }
      case 'phrase':
        into.push({ node, variants: [], positive });
        return;
      case 'not':
        this.leaves(node.child, kind, into, !positive);
        return;
      case 'and':
      case 'or':
        for (const child of node.children) this.leaves(child, kind, into, positive);
    }
  }

  private evaluate(node: QueryNode, kind: SearchKind, leafOf: Map<QueryNode, Leaf>, universe: () => Set<number>, ranks: Map<number, number>[]): Set<number> {
    const index = this.kinds[kind];
    switch (node.type) {
      case 'term': {
        const leaf = leafOf.get(node);
        const out = new Set<number>();
        const rank = new Map<number, number>();
        for (const variant of leaf?.variants ?? []) {
          const found = index.lookup(variant);
          found.forEach((num, i) => {
            out.add(num);
            const r = 1 - i / (found.length + 1);
            if ((rank.get(num) ?? -1) < r) rank.set(num, r);
          });
        }
        ranks.push(rank);
        return out;
      }
      case 'phrase': {
        let candidates: Set<number> | null = null;
        for (const word of new Set(node.words)) {
          const found = new Set(index.lookup(word));
          candidates = candidates ? intersect(candidates, found) : found;
          if (candidates.size === 0) break;
        }
        const out = new Set<number>();
        for (const num of candidates ?? []) {
          const doc = this.docs.get(num);
          if (doc && findPhrase(this.text(doc), node.words, true).length > 0) out.add(num);
        }
        const rank = new Map<number, number>();
        for (const num of out) rank.set(num, 1);
        ranks.push(rank);
        return out;
      }
      case 'not': {
        const excluded = this.evaluate(node.child, kind, leafOf, universe, []);
        const out = new Set<number>();
        for (const num of universe()) if (!excluded.has(num)) out.add(num);
        return out;
      }
      case 'and': {
        const positives = node.children.filter((c) => c.type !== 'not');
        const negatives = node.children.filter((c): c is QueryNode & { type: 'not' } => c.type === 'not');
        let out: Set<number> | null = null;
        for (const child of positives) {
          const found = this.evaluate(child, kind, leafOf, universe, ranks);
          out = out ? intersect(out, found) : found;
        }
        out ??= new Set(universe());
        for (const negative of negatives) {
          if (out.size === 0) break;
          const excluded = this.evaluate(negative.child, kind, leafOf, universe, []);
          for (const num of excluded) out.delete(num);
        }
        return out;
      }
      case 'or': {
        const out = new Set<number>();
        for (const child of node.children) for (const num of this.evaluate(child, kind, leafOf, universe, ranks)) out.add(num);
        return out;
      }
    }
  }

  /** Sources mentioning any of these names (folded word lists), found through the index and checked in the text. */
  private mentioning(names: readonly string[][]): Set<number> {
    const index = this.kinds.source;
    const out = new Set<number>();
    for (const words of names) {
      let candidates: Set<number> | null = null;
      for (const word of new Set(words)) {
        const found = new Set(index.lookup(word));
        candidates = candidates ? intersect(candidates, found) : found;
        if (candidates.size === 0) break;
      }
      for (const num of candidates ?? []) {
        if (out.has(num)) continue;
        const doc = this.docs.get(num);
        if (doc && (words.length === 1 || findPhrase(this.text(doc), words, true).length > 0)) out.add(num);
      }
    }
    return out;
  }

  private passes(doc: Doc, f: ResolvedFilters, mentions: EntityMentions | null): boolean {
    const m = doc.meta;
    if (f.kinds && !f.kinds.includes(doc.kind)) return false;
    const sourceId = doc.kind === 'source' ? doc.key.slice(2) : m.sourceId;
    if (f.sourceIds && (sourceId === null || !f.sourceIds.includes(sourceId))) return false;
    if (sourceId !== null && f.notSourceIds.includes(sourceId)) return false;
    for (const group of f.tagGroups) if (!group.some((t) => m.tags.includes(t))) return false;
    if (f.notTags.some((t) => m.tags.includes(t))) return false;
    for (const [g, group] of f.entityGroups.entries()) {
      if (!group.some((e) => m.entities.includes(e)) && !mentions?.groups[g]?.has(doc.num)) return false;
    }
    if (f.notEntities.some((e) => m.entities.includes(e)) || mentions?.not.has(doc.num)) return false;
    if (f.langs && (m.lang === null || !f.langs.includes(m.lang))) return false;
    if (m.lang !== null && f.notLangs.includes(m.lang)) return false;
    if (f.types && (m.type === null || !f.types.includes(m.type))) return false;
    if (m.type !== null && f.notTypes.includes(m.type)) return false;
    if (f.statuses && !f.statuses.some((s) => m.statuses.includes(s))) return false;
    if (f.notStatuses.some((s) => m.statuses.includes(s))) return false;
    if (f.researchers && !f.researchers.some((r) => m.researchers.includes(r))) return false;
    if (f.notResearchers.some((r) => m.researchers.includes(r))) return false;
    if (f.dateFrom && (m.date === null || m.date < f.dateFrom)) return false;
    if (f.dateTo && (m.date === null || m.date > f.dateTo)) return false;
    if (f.importedFrom && (m.imported === null || m.imported < f.importedFrom)) return false;
    if (f.importedTo && (m.imported === null || m.imported > f.importedTo)) return false;
    return true;
  }

  /** Matching items of one kind with a relevance score. */
  private matchKind(query: EngineQuery, kind: SearchKind): { nums: Set<number>; score: Map<number, number>; leaves: Leaf[] } {
    const empty = { nums: new Set<number>(), score: new Map<number, number>(), leaves: [] };
    if (query.filters.kinds && !query.filters.kinds.includes(kind)) return empty;
    const kindIndex = this.kinds[kind];
    const leaves: Leaf[] = [];
    const score = new Map<number, number>();
    let nums: Set<number>;
    if (query.text) {
      this.leaves(query.text, kind, leaves);
      const leafOf = new Map<QueryNode, Leaf>(leaves.map((l) => [l.node, l]));
      const ranks: Map<number, number>[] = [];
      nums = this.evaluate(query.text, kind, leafOf, () => kindIndex.docs, ranks);
      for (const num of nums) {
        let s = 0;
        for (const rank of ranks) s += rank.get(num) ?? 0;
        score.set(num, s);
      }
    } else {
      nums = new Set(kindIndex.docs);
    }
    const f = query.filters;
    const mentions: EntityMentions | null =
      kind === 'source' && (f.entityGroups.length > 0 || f.notEntityMentions.length > 0)
        ? { groups: f.entityGroups.map((_, g) => this.mentioning(f.entityMentions[g] ?? [])), not: this.mentioning(f.notEntityMentions) }
        : null;
    const out = new Set<number>();
    for (const num of nums) {
      const doc = this.docs.get(num);
      if (doc && this.passes(doc, f, mentions)) out.add(num);
    }
    return { nums: out, score, leaves: leaves.filter((l) => l.positive) };
  }

  private matchesIn(doc: Doc, leaves: readonly Leaf[]): Range[] {
    const ranges: Range[] = [];
    for (const leaf of leaves) {
      if (leaf.node.type === 'term') ranges.push(...findWords(this.text(doc), leaf.variants, leaf.node.prefix));
      else ranges.push(...findPhrase(this.text(doc), leaf.node.words));
    }
    // A match can never span fields (phrases stop at the separator), so each one belongs to one field.
    return mergeRanges(ranges);
  }

  private toFieldMatches(doc: Doc, ranges: readonly Range[]): FoldedMatch[] {
    const out: FoldedMatch[] = [];
    let slot = 0;
    for (const [start, end] of ranges) {
      while (slot + 1 < doc.fieldStarts.length && (doc.fieldStarts[slot + 1] ?? Infinity) <= start) slot++;
      const base = doc.fieldStarts[slot] ?? 0;
      out.push([slot, start - base, end - base]);
    }
    return out;
  }

  query(query: EngineQuery, page: { kind?: SearchKind; offset: number; limit: number; maxMatches: number }): EngineAnswer {
    const totals: Record<SearchKind, number> = { source: 0, passage: 0, entity: 0 };
    const ordered: { num: number; score: number; leaves: Leaf[] }[] = [];
    for (const kind of SEARCH_KINDS) {
      const { nums, score, leaves } = this.matchKind(query, kind);
      totals[kind] = nums.size;
      if (page.kind && page.kind !== kind) continue;
      // Only what can reach the page is sorted; totals above are already exact.
      if (ordered.length >= page.offset + page.limit) continue;
      const list = [...nums].map((num) => ({ num, score: score.get(num) ?? 0, leaves }));
      list.sort((a, b) => b.score - a.score || a.num - b.num);
      ordered.push(...list);
    }
    const hits: EngineHit[] = [];
    for (const entry of ordered.slice(page.offset, page.offset + page.limit)) {
      const doc = this.docs.get(entry.num);
      if (!doc) continue;
      const ranges = this.matchesIn(doc, entry.leaves);
      hits.push({
        key: doc.key,
        kind: doc.kind,
        score: Math.round(entry.score * 1000) / 1000,
        occurrences: ranges.length,
        fields: doc.fields,
        matches: this.toFieldMatches(doc, ranges.slice(0, page.maxMatches)),
      });
    }
    hits.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
    return { totals, hits };
  }

  /** Items and occurrences per kind, counting every match in every matching item. */
  count(query: EngineQuery): BatchCounts {
    const docs: Record<SearchKind, number> = { source: 0, passage: 0, entity: 0 };
    const occurrences: Record<SearchKind, number> = { source: 0, passage: 0, entity: 0 };
    for (const kind of SEARCH_KINDS) {
      const { nums, leaves } = this.matchKind(query, kind);
      docs[kind] = nums.size;
      for (const num of nums) {
        const doc = this.docs.get(num);
        if (doc) occurrences[kind] += this.matchesIn(doc, leaves).length;
      }
    }
    return { docs, occurrences };
  }

  // ------------------------------------------------------------------------------------------------ persistence

  /**
   * One buffer with everything needed to answer queries; the caller encrypts it. Frames: a JSON header (the items),
   * the token table (JSON), then per kind its words (JSON), their counts, offsets and postings (varints), then each
   * item's packed text. Not compressed: inflating took longer than decrypting the bigger file (measured).
   */
  serialize(): Uint8Array {
    const encoder = new TextEncoder();
    const docs = [...this.docs.values()];
    const packed = docs.map((d) => (d.packed ??= this.tokens.encode(d.folded ?? '')));
    const frames: Uint8Array[] = [];
    const header = {
      foldVersion: FOLD_VERSION,
      engineVersion: ENGINE_VERSION,
      nextNum: this.nextNum,
      docs: docs.map((d) => [d.num, d.key, d.kind, d.revision, d.fieldStarts, d.fields, d.meta]),
    };
    frames.push(encoder.encode(JSON.stringify(header)));
    frames.push(encoder.encode(JSON.stringify(this.tokens.strings)));
    for (const kind of SEARCH_KINDS) {
      const postings = encodePostings(this.kinds[kind].postings());
      frames.push(encoder.encode(postings.words), postings.counts, postings.offsets, postings.data);
    }
    frames.push(...packed);
    let total = 8;
    for (const f of frames) total += 4 + f.byteLength;
    const raw = new Uint8Array(total);
    const view = new DataView(raw.buffer);
    raw.set(encoder.encode(MAGIC), 0);
    view.setUint32(4, frames.length);
    let at = 8;
    for (const f of frames) {
      view.setUint32(at, f.byteLength);
      raw.set(f, at + 4);
      at += 4 + f.byteLength;
    }
    return raw;
  }

  /** Null when the stored index is from another engine or folding version (the caller rebuilds). */
  static deserialize(bytes: Uint8Array): SearchEngine | null {
    const raw = bytes;
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    const decoder = new TextDecoder();
    if (decoder.decode(raw.subarray(0, 4)) !== MAGIC) return null;
    const count = view.getUint32(4);
    let at = 8;
    const frame = (): Uint8Array => {
      if (at + 4 > raw.byteLength) throw new Error('The stored search index is cut short.');
      const length = view.getUint32(at);
      const out = raw.subarray(at + 4, at + 4 + length);
      at += 4 + length;
      return out;
    };
    const text = (): string => decoder.decode(frame());
    if (count < 2 + 4 * SEARCH_KINDS.length) return null;
    const header = JSON.parse(text()) as {
      foldVersion: number;
      engineVersion: number;
      nextNum: number;
      docs: [number, string, SearchKind, string, number[], [SearchField, number][], DocMeta][];
    };
    if (header.foldVersion !== FOLD_VERSION || header.engineVersion !== ENGINE_VERSION) return null;
    if (count !== 2 + 4 * SEARCH_KINDS.length + header.docs.length) return null;
    const engine = new SearchEngine();
    engine.nextNum = header.nextNum;
    engine.tokens = TokenTable.from(JSON.parse(text()) as string[]);
    for (const kind of SEARCH_KINDS) {
      const target = engine.kinds[kind];
      const words = text();
      const counts = frame();
      const offsets = frame();
      const base = PackedPostings.decode({ words, counts, offsets, data: frame() });
      base.words.forEach((word, i) => target.vocab.set(word, base.counts[i] ?? 0));
      target.base = base;
    }
    for (const [num, key, kind, revision, fieldStarts, fields, meta] of header.docs) {
      // A view into the loaded buffer: texts are decoded one by one as queries reach them.
      const doc: Doc = { num, key, kind, revision, folded: null, packed: frame(), fieldStarts, fields, meta };
      engine.docs.set(num, doc);
      engine.byKey.set(key, num);
      engine.kinds[kind].docs.add(num);
    }
    return engine;
  }
}

const MAGIC = 'CFS2';

/**
 * FlexSearch 0.8 keeps a plain index's postings in `map` (word → resolution slots → numbers; no context index is
 * configured here). Reading it directly lets stored and fresh postings be merged slot by slot, and saving skip
 * export()'s JSON.
 */
function postingsOf(index: Index): Map<string, Slots> {
  const inner = index as unknown as { map?: unknown; ctx?: unknown };
  if (!(inner.map instanceof Map) || (inner.ctx instanceof Map && inner.ctx.size > 0)) {
    throw new Error('This FlexSearch version keeps its index in an unexpected shape.');
  }
  return inner.map as Map<string, Slots>;
}
