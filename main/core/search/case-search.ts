/**
 * The search index of one open case: follows the case's commits, keeps the worker's index current, stores it
 * encrypted (vault aux file) and answers queries. Created lazily on the first search or the first indexed change,
 * so commands that never search (sources, verify) start no worker.
 */
import { CasefileError } from '../../../shared/api/result';
import { parseQuery, type ParsedQuery } from '../../../shared/search/query';
import {
  SEARCH_KINDS,
  type BatchRow,
  type SearchHit,
  type SearchQueryInput,
  type SearchResult,
  type SearchStatus,
} from '../../../shared/search/schema';
import type { OpenCase } from '../case/open-case';
import { TABLE_PASSAGES } from '../passages/store';
import type { DbOp, Vault } from '../vault/api';
import {
  CaseSnapshot,
  INDEXED_TABLES,
  TABLE_ENTITIES,
  TABLE_ENTITY_LINKS,
  entityKey,
  keyId,
  keyKind,
  linkedPassageId,
  passageKey,
  sourceKey,
} from './documents';
import type { DocInput, EngineQuery } from './engine';
import { resolveFilters } from './filters';
import { buildMatches, type FieldText } from './snippets';
import { SearchWorker } from './worker-client';

/** Name of the encrypted aux file holding the index (the vault hashes it into a neutral file name). */
export const SEARCH_AUX = 'search-index';
/**
 * Text sent to the worker per message: big enough to amortise messaging, small enough that a query sent during a
 * rebuild waits for at most one batch (the worker answers in order).
 */
const BATCH_CHARS = 500_000;
/**
 * A search waits for indexing to catch up only when this little is missing; beyond (a big case opened without its
 * stored index, a big import landing), it answers at once from what is indexed so far and says so (indexing: true)
 * rather than block until everything is indexed. Small catch-ups (a reopened index a few imports behind, a passage
 * just edited) stay exact.
 */
const PARTIAL_ABOVE_PENDING = 50;
/** Commits arriving within this many ms are indexed together. */
const FLUSH_DELAY_MS = 50;
/** The index is written back this long after the last change (and always on close). */
const PERSIST_DELAY_MS = 5_000;

export interface SearchOptions {
  /** Overrides the worker entry (tests). */
  workerEntry?: string;
}

export class CaseSearch {
  private worker: SearchWorker | null = null;
  private started: Promise<void> | null = null;
  /** Settles once the worker holds the stored (or an empty) index, before any catch-up. */
  private loaded: Promise<void> | null = null;
  /** Key → revision of what the worker holds (mirrors its manifest). */
  private readonly indexed = new Map<string, string>();
  private readonly dirty = new Set<string>();
  /** Sources whose metadata (tags, statuses of their passages) must be re-sent. */
  private readonly dirtyMeta = new Set<string>();
  private chain: Promise<void> = Promise.resolve();
  private flushTimer: NodeJS.Timeout | null = null;
  private persistTimer: NodeJS.Timeout | null = null;
  private unsaved = false;
  private pendingDocs = 0;
  private state: SearchStatus['state'] = 'idle';
  private closed = false;
  /** What happened at the last load, for tests and diagnostics. */
  lastLoad: { fromDisk: boolean; reindexed: number; removed: number } | null = null;

  constructor(
    private readonly opened: OpenCase,
    private readonly options: SearchOptions = {},
  ) {}

  private get vault(): Vault {
    return this.opened.vault;
  }

  /** Called with every committed change of the case. */
  observe(ops: readonly DbOp[]): void {
    if (this.closed) return;
    let relevant = false;
    for (const op of ops) {
      if (op.op === 'meta' || !INDEXED_TABLES.has(op.table)) continue;
      relevant = true;
      if (op.table === TABLE_PASSAGES) {
        this.dirty.add(passageKey(op.id));
        const sourceId = passageSourceId(op);
        if (sourceId) this.dirtyMeta.add(sourceKey(sourceId));
        // A deleted passage's source is found from the index's own record of it.
        else this.dirtyMeta.add(`?${op.id}`);
      } else if (op.table === TABLE_ENTITIES) this.dirty.add(entityKey(op.id));
      else if (op.table === TABLE_ENTITY_LINKS) {
        // A link changes what entity: finds for the passage and for its source.
        const passageId = linkedPassageId(op);
        if (passageId) this.dirtyMeta.add(`~${passageId}`);
      } else {
        this.dirty.add(sourceKey(op.id));
        this.dirtyMeta.add(`*${op.id}`);
      }
    }
    if (!relevant) return;
    void this.start().catch(() => undefined);
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushTimer || !this.started) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      void this.enqueue(() => this.flush()).catch(() => undefined);
    }, FLUSH_DELAY_MS);
    this.flushTimer.unref();
  }

  private enqueue(work: () => Promise<void>): Promise<void> {
    const next = this.chain.then(work);
    this.chain = next.catch(() => undefined);
    return next;
  }

  private requireWorker(): SearchWorker {
    if (!this.worker || !this.worker.alive) throw new CasefileError('INTERNAL', 'The search index stopped; search again to restart it.');
    return this.worker;
  }

  /** Loads the stored index (or starts an empty one) and brings it up to date with the case. */
  start(): Promise<void> {
    if (this.closed) return Promise.reject(new CasefileError('CASE_LOCKED', 'The case is locked.'));
    if (this.started && this.worker && !this.worker.alive) this.started = null;
    if (!this.started) {
      let markLoaded: () => void = () => undefined;
      const loaded = new Promise<void>((resolve) => (markLoaded = resolve));
      const started = this.enqueue(() => this.load(markLoaded));
      this.started = started;
      // A load that fails before the index is in the worker fails those waiting for it too.
      this.loaded = Promise.race([loaded, started]);
      this.loaded.catch(() => undefined);
    }
    return this.started;
  }

  private async load(markLoaded: () => void): Promise<void> {
    this.state = 'loading';
    this.worker = new SearchWorker(this.options.workerEntry);
    let bytes: Uint8Array | null = null;
    try {
      bytes = await this.vault.readAux(SEARCH_AUX);
    } catch {
      // Unreadable (tampered, or written by an older build): rebuild rather than refuse to search.
      bytes = null;
    }
    const transfer = bytes && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? [bytes.buffer as ArrayBuffer] : [];
    const { loaded, manifest } = await this.requireWorker().call({ op: 'load', bytes }, transfer);
    this.indexed.clear();
    for (const [key, revision] of manifest) this.indexed.set(key, revision);
    this.state = loaded ? 'updating' : 'building';
    const snapshot = new CaseSnapshot(this.vault);
    const desired = snapshot.desired();
    const stale = [...this.indexed.keys()].filter((key) => !desired.has(key));
    const missing = [...desired].filter(([key, revision]) => this.indexed.get(key) !== revision).map(([key]) => key);
    // From here on the worker can answer; apply() counts what is missing in pendingDocs before it first waits.
    const applied = this.apply(snapshot, missing, stale, [...desired.keys()]);
    markLoaded();
    // Metadata is cheap to send and never compared: refreshing it all removes any doubt about staleness.
    await applied;
    this.lastLoad = { fromDisk: loaded, reindexed: missing.length, removed: stale.length };
    if (!loaded || missing.length > 0 || stale.length > 0) this.schedulePersist(0);
    this.state = 'ready';
  }

  private async flush(): Promise<void> {
    if (this.dirty.size === 0 && this.dirtyMeta.size === 0) return;
    const snapshot = new CaseSnapshot(this.vault);
    const keys = [...this.dirty];
    this.dirty.clear();
    const metaKeys = new Set<string>();
    for (const marker of this.dirtyMeta) {
      if (marker.startsWith('?')) {
        // Deleted passage: its source may have lost tags; refresh every source it could have been in (cheap).
        for (const id of snapshot.sourceIds()) metaKeys.add(sourceKey(id));
      } else if (marker.startsWith('~')) {
        const passage = snapshot.passage(marker.slice(1));
        // A link whose passage is gone: the passage's own deletion refreshes its source.
        if (passage) metaKeys.add(passageKey(passage.id)).add(sourceKey(passage.sourceId));
      } else if (marker.startsWith('*')) {
        const id = marker.slice(1);
        metaKeys.add(sourceKey(id));
        for (const p of snapshot.passagesOf(id)) metaKeys.add(passageKey(p.id));
      } else metaKeys.add(marker);
    }
    this.dirtyMeta.clear();
    const upsert: string[] = [];
    const remove: string[] = [];
    for (const key of keys) {
      const revision = snapshot.revision(key);
      if (revision === undefined) {
        if (this.indexed.has(key)) remove.push(key);
      } else if (this.indexed.get(key) !== revision) upsert.push(key);
    }
    const upserted = new Set(upsert);
    await this.apply(snapshot, upsert, remove, [...metaKeys].filter((k) => !upserted.has(k) && snapshot.has(k)));
    if (upsert.length > 0 || remove.length > 0 || metaKeys.size > 0) this.schedulePersist(PERSIST_DELAY_MS);
  }

  private async apply(snapshot: CaseSnapshot, upsert: readonly string[], remove: readonly string[], metaKeys: readonly string[]): Promise<void> {
    const worker = this.requireWorker();
    this.pendingDocs += upsert.length;
    if (remove.length > 0) {
      await worker.call({ op: 'remove', keys: [...remove] });
      for (const key of remove) this.indexed.delete(key);
    }
    let batch: DocInput[] = [];
    let chars = 0;
    const send = async (): Promise<void> => {
      if (batch.length === 0) return;
      const docs = batch;
      batch = [];
      chars = 0;
      await worker.call({ op: 'upsert', docs });
      for (const d of docs) this.indexed.set(d.key, d.revision);
      this.pendingDocs -= docs.length;
    };
    try {
      for (const key of upsert) {
        const revision = snapshot.revision(key);
        const doc = revision === undefined ? null : await snapshot.doc(key, revision, this.vault);
        if (!doc) {
          this.pendingDocs--;
          continue;
        }
        batch.push(doc);
        chars += doc.fields.reduce((n, f) => n + f.text.length, 0);
        if (chars >= BATCH_CHARS) await send();
      }
      await send();
    } finally {
      this.pendingDocs = Math.max(0, this.pendingDocs - batch.length);
    }
    const entries = metaKeys.flatMap((key) => {
      const meta = snapshot.meta(key);
      return meta ? [[key, meta] as [string, typeof meta]] : [];
    });
    for (let i = 0; i < entries.length; i += 20_000) await worker.call({ op: 'meta', entries: entries.slice(i, i + 20_000) });
    this.unsaved ||= upsert.length > 0 || remove.length > 0 || entries.length > 0;
  }

  private schedulePersist(delay: number): void {
    if (this.persistTimer) clearTimeout(this.persistTimer);
    this.persistTimer = setTimeout(() => {
      this.persistTimer = null;
      void this.enqueue(() => this.persist()).catch(() => undefined);
    }, delay);
    this.persistTimer.unref();
  }

  private async persist(): Promise<void> {
    if (!this.unsaved || !this.worker?.alive) return;
    this.unsaved = false;
    try {
      const { bytes } = await this.worker.call({ op: 'export' });
      await this.vault.putAux(SEARCH_AUX, bytes);
    } catch (error) {
      this.unsaved = true;
      throw error;
    }
  }

  /** Waits until every committed change is in the index. */
  async ready(): Promise<void> {
    await this.start();
    if (this.flushTimer) {
      clearTimeout(this.flushTimer);
      this.flushTimer = null;
    }
    await this.enqueue(() => this.flush());
  }

  /** Writes the index now if it changed (tests, and close). */
  async save(): Promise<void> {
    if (!this.started) return;
    await this.ready();
    await this.enqueue(() => this.persist());
  }

  async status(): Promise<SearchStatus> {
    void this.start().catch(() => undefined);
    return { indexedDocs: this.indexed.size, pendingDocs: this.pendingDocs + this.dirty.size, state: this.state };
  }

  /** Parses, resolves filters and asks the worker; returns null for the text when nothing can match. */
  private prepare(parsed: ParsedQuery): { query: EngineQuery | null; warnings: string[] } {
    const resolution = resolveFilters(this.vault, parsed.filters);
    const warnings = [...parsed.warnings, ...resolution.warnings];
    if (resolution.impossible) return { query: null, warnings };
    if (!parsed.text && parsed.filters.length === 0) return { query: null, warnings };
    return { query: { text: parsed.text, filters: resolution.filters }, warnings };
  }

  /**
   * Waits until the index can answer: caught up, or (while much is still to index) at once from what is indexed so
   * far. Returns whether the answer may be partial.
   */
  private async answerable(allowPartial: boolean): Promise<boolean> {
    const full = this.start();
    await this.loaded;
    if (allowPartial && this.pendingDocs + this.dirty.size > PARTIAL_ABOVE_PENDING) {
      full.catch(() => undefined);
      return true;
    }
    await this.ready();
    return false;
  }

  /**
   * `partial`: the interactive search may answer from what is indexed so far while much is still to index (flagged
   * `indexing`); without it (CLI, scripts) the answer waits and is exact.
   */
  async search(
    input: SearchQueryInput & { offset: number; limit: number; contextChars: number; maxSnippets: number },
    options: { partial?: boolean } = {},
  ): Promise<SearchResult> {
    const started = performance.now();
    const partial = await this.answerable(options.partial === true);
    const parsed = parseQuery(input.query);
    const { query, warnings } = this.prepare(parsed);
    const empty = { source: 0, passage: 0, entity: 0 };
    if (!query) {
      const pendingDocs = partial ? this.pendingDocs + this.dirty.size : 0;
      return {
        query: input.query,
        total: 0,
        totals: empty,
        offset: input.offset,
        limit: input.limit,
        hits: [],
        warnings,
        pendingDocs,
        indexing: pendingDocs > 0,
        tookMs: performance.now() - started,
      };
    }
    const answer = await this.requireWorker().call({
      op: 'query',
      query,
      page: { kind: input.kind, offset: input.offset, limit: input.limit, maxMatches: 100_000 },
    });
    const snapshot = new CaseSnapshot(this.vault);
    const hits: SearchHit[] = [];
    for (const hit of answer.hits) {
      const made = await this.hit(snapshot, hit, input);
      if (made) hits.push(made);
    }
    const total = SEARCH_KINDS.reduce((n, k) => n + answer.totals[k], 0);
    const pendingDocs = this.pendingDocs + (partial ? this.dirty.size : 0);
    return {
      query: input.query,
      total,
      totals: answer.totals,
      offset: input.offset,
      limit: input.limit,
      hits,
      warnings,
      pendingDocs,
      indexing: partial && pendingDocs > 0,
      tookMs: Math.round((performance.now() - started) * 100) / 100,
    };
  }

  private async hit(
    snapshot: CaseSnapshot,
    hit: { key: string; score: number; occurrences: number; fields: [FieldText['field'], number][]; matches: [number, number, number][] },
    options: { contextChars: number; maxSnippets: number },
  ): Promise<SearchHit | null> {
    const id = keyId(hit.key);
    const kind = keyKind(hit.key);
    let fields: FieldText[];
    let title: string;
    let sourceId: string | null = null;
    let sourceTitle: string | null = null;
    if (kind === 'source') {
      const record = snapshot.source(id);
      if (!record) return null;
      const needsText = hit.matches.some(([slot]) => hit.fields[slot]?.[0] === 'text');
      const text = needsText ? new TextDecoder().decode(await this.vault.readBlob(record.textBlob)) : '';
      fields = [
        { field: 'title', index: 0, text: record.title, sourceOffset: null },
        { field: 'text', index: 0, text, sourceOffset: 0 },
      ];
      title = record.title;
      sourceId = id;
      sourceTitle = record.title;
    } else if (kind === 'passage') {
      const passage = snapshot.passage(id);
      if (!passage) return null;
      const source = snapshot.source(passage.sourceId);
      fields = [
        { field: 'quote', index: 0, text: passage.selectors.quote.exact, sourceOffset: passage.selectors.position.start },
        { field: 'note', index: 0, text: passage.note, sourceOffset: null },
      ];
      const quote = passage.selectors.quote.exact.replace(/\s+/g, ' ').trim();
      title = [...quote].length > 80 ? `${[...quote].slice(0, 79).join('')}…` : quote;
      sourceId = passage.sourceId;
      sourceTitle = source?.title ?? null;
    } else {
      const entity = snapshot.entity(id);
      if (!entity) return null;
      fields = [
        { field: 'name', index: 0, text: entity.name, sourceOffset: null },
        ...(entity.aliases ?? []).map((text, index): FieldText => ({ field: 'alias', index, text, sourceOffset: null })),
      ];
      title = entity.name;
    }
    const { matches, snippets } = buildMatches(fields, hit.matches, options);
    return {
      kind,
      id,
      sourceId,
      sourceTitle,
      title,
      score: hit.score,
      occurrences: hit.occurrences,
      matches,
      matchesTruncated: hit.occurrences > matches.length,
      snippets,
    };
  }

  async batch(terms: readonly string[], filter: string): Promise<BatchRow[]> {
    await this.ready();
    const filterParsed = parseQuery(filter);
    const rows: BatchRow[] = [];
    const queries: EngineQuery[] = [];
    const slots: number[] = [];
    for (const raw of terms) {
      const term = raw.trim();
      if (!term) continue;
      const parsed = parseQuery(term);
      const row: BatchRow = { term, documents: 0, occurrences: 0, passages: 0, passageOccurrences: 0, entities: 0, error: null };
      rows.push(row);
      if (!parsed.text && parsed.filters.length === 0) {
        row.error = 'Nothing to search for.';
        continue;
      }
      const { query, warnings } = this.prepare({
        text: parsed.text,
        filters: [...parsed.filters, ...filterParsed.filters],
        warnings: [...parsed.warnings, ...filterParsed.warnings],
      });
      if (warnings.length > 0) row.error = warnings.join(' ');
      if (!query) continue;
      queries.push(query);
      slots.push(rows.length - 1);
    }
    const counts = queries.length > 0 ? await this.requireWorker().call({ op: 'count', queries }) : [];
    counts.forEach((c, i) => {
      const row = rows[slots[i] ?? -1];
      if (!row) return;
      row.documents = c.docs.source;
      row.occurrences = c.occurrences.source;
      row.passages = c.docs.passage;
      row.passageOccurrences = c.occurrences.passage;
      row.entities = c.docs.entity;
    });
    return rows;
  }

  /** Heap of the worker, for the benchmark. */
  async workerHeapMb(): Promise<number> {
    await this.start();
    return (await this.requireWorker().call({ op: 'stats' })).heapMb;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    try {
      if (this.started) await this.save();
    } finally {
      this.closed = true;
      if (this.flushTimer) clearTimeout(this.flushTimer);
      if (this.persistTimer) clearTimeout(this.persistTimer);
      await this.worker?.terminate();
      this.worker = null;
    }
  }
}

function passageSourceId(op: DbOp): string | null {
  if (op.op !== 'put') return null;
  const value = op.value as { sourceId?: unknown } | null;
  return value && typeof value.sourceId === 'string' ? value.sourceId : null;
}

const searches = new WeakMap<OpenCase, CaseSearch>();

/** The search of an open case (one per unlock); registers itself for the case's commits and close. */
export function searchOf(opened: OpenCase, options?: SearchOptions): CaseSearch {
  let search = searches.get(opened);
  if (!search) {
    const created = new CaseSearch(opened, options);
    search = created;
    searches.set(opened, created);
    opened.onCommit((ops) => created.observe(ops));
    opened.beforeClose(() => created.close());
  }
  return search;
}
