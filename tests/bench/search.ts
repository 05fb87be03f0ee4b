/**
 * Search benchmark on 10,000 generated documents of ~5 KB (English, French with accents and ligatures, some Hebrew
 * and Arabic): indexing rate through the search worker, query latency (one word, two words, phrases, filtered),
 * loading the stored encrypted index, and the search worker's heap (where the whole index lives; the main thread
 * keeps no index data, so its heap here is mostly the generated corpus and is reported separately).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createVault } from '../../main/core/vault';
import { noFilters, type DocInput, type EngineQuery, type ResolvedFilters } from '../../main/core/search/engine';
import { buildMatches } from '../../main/core/search/snippets';
import { SearchWorker } from '../../main/core/search/worker-client';
import { parseQuery } from '../../shared/search/query';

const DOCS = Number(process.env.SEARCH_BENCH_DOCS ?? 10_000);
const WORDS_PER_DOC = 780;
const QUERIES = 400;

let seed = 42;
function rnd(): number {
  seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
}

function syllables(alphabet: readonly string[], n: number): string {
  let w = '';
  for (let i = 0; i < n; i++) w += alphabet[Math.floor(rnd() * alphabet.length)];
  return w;
}

const LATIN = ['ba', 'co', 'de', 'fi', 'gu', 'la', 'me', 'no', 'pra', 'ri', 'sto', 'te', 'vi', 'zo', 'an', 'er', 'in', 'or', 'us', 'ch'];
const FRENCH = [...LATIN, 'é', 'è', 'ç', 'œu', 'ê', 'à', 'ti', 'on', 'eau', 'gn'];
const HEBREW = ['א', 'ב', 'ג', 'ד', 'ה', 'ו', 'ז', 'ח', 'ט', 'י', 'כ', 'ל', 'מ', 'נ', 'ס', 'ע', 'פ', 'צ', 'ק', 'ר', 'ש', 'ת', 'ָ', 'ִ'];
const ARABIC = ['ا', 'ب', 'ت', 'ث', 'ج', 'ح', 'خ', 'د', 'ر', 'ز', 'س', 'ش', 'ص', 'ط', 'ع', 'ف', 'ق', 'ك', 'ل', 'م', 'ن', 'ه', 'و', 'ي', 'َ', 'ة'];

function vocabulary(alphabet: readonly string[], size: number): string[] {
  const words = new Set<string>();
  while (words.size < size) words.add(syllables(alphabet, 2 + Math.floor(rnd() * 3)));
  return [...words];
}

const LANGS = [
  { code: 'en', share: 0.5, words: vocabulary(LATIN, 20_000), common: 'the of and to a in is that for on with as by'.split(' ') },
  { code: 'fr', share: 0.35, words: vocabulary(FRENCH, 20_000), common: 'le la les de des du et à un une est pour sécurité cœur'.split(' ') },
  { code: 'he', share: 0.08, words: vocabulary(HEBREW, 8_000), common: 'של את על עם זה'.split(' ') },
  { code: 'ar', share: 0.07, words: vocabulary(ARABIC, 8_000), common: 'في من على إلى أن'.split(' ') },
];

function zipf(words: readonly string[]): string {
  return words[Math.floor(Math.pow(rnd(), 2.5) * words.length)] ?? '';
}

function makeDoc(i: number): { doc: DocInput; text: string } {
  let r = rnd();
  const lang = LANGS.find((l) => (r -= l.share) < 0) ?? LANGS[0]!;
  const parts: string[] = [];
  for (let k = 0; k < WORDS_PER_DOC; k++) {
    parts.push(rnd() < 0.35 ? (lang.common[Math.floor(rnd() * lang.common.length)] ?? '') : zipf(lang.words));
    if (k % 14 === 13) parts.push(rnd() < 0.5 ? '.\n' : ',');
  }
  // Mixed-language documents exist: a few foreign names in each.
  parts.push('NSO Group', 'Pegasus', 'Ḥayyim', 'محمد');
  const text = parts.join(' ').replace(/ ([.,])/g, '$1');
  const year = 2015 + (i % 10);
  return {
    text,
    doc: {
      key: `s:s-${i}`,
      kind: 'source',
      revision: `r${i}`,
      fields: [
        { field: 'title', index: 0, text: `Document ${i} ${zipf(lang.words)}` },
        { field: 'text', index: 0, text },
      ],
      meta: {
        sourceId: `s-${i}`,
        lang: lang.code,
        type: i % 5 === 0 ? 'pdf' : 'html',
        date: `${year}-0${1 + (i % 9)}-1${i % 10}`,
        imported: '2024-05-01',
        researchers: ['alice'],
        tags: [],
        entities: [],
        statuses: [],
      },
    },
  };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

function queries(texts: readonly string[]): { query: EngineQuery; label: string }[] {
  const out: { query: EngineQuery; label: string }[] = [];
  const filters = (extra: Partial<ResolvedFilters>): ResolvedFilters => ({ ...noFilters(), ...extra });
  for (let i = 0; i < QUERIES; i++) {
    const lang = LANGS[i % 2 === 0 ? 0 : 1 + (i % 3)]!;
    const kind = i % 4;
    let q: string;
    let f = filters({});
    if (kind === 0) q = zipf(lang.words);
    else if (kind === 1) q = `${zipf(lang.words)} ${zipf(lang.words)}`;
    else if (kind === 2) {
      // A phrase that exists: three adjacent words from a document.
      const words = (texts[Math.floor(rnd() * texts.length)] ?? '').split(/[\s.,]+/).filter(Boolean);
      const at = Math.floor(rnd() * Math.max(1, words.length - 3));
      q = `"${words.slice(at, at + 3).join(' ')}"`;
    } else {
      q = zipf(lang.words);
      f = i % 8 === 3 ? filters({ langs: [lang.code] }) : filters({ dateFrom: '2018-01-01', dateTo: '2021-12-31', types: ['html'] });
    }
    out.push({ label: q, query: { text: parseQuery(q).text, filters: f } });
  }
  return out;
}

/** The index lives in the worker; the main thread holds this benchmark's own corpus, so it is reported apart. */
async function heapMb(worker: SearchWorker): Promise<{ worker: number; main: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  const stats = await worker.call({ op: 'stats' });
  return { worker: stats.heapMb, main: process.memoryUsage().heapUsed / (1024 * 1024) };
}

export async function bench(): Promise<Record<string, number>> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'casefile-search-bench-'));
  const vault = await createVault(dir, 'bench passphrase', { kdf: { memoryKiB: 1024, passes: 1, parallelism: 1 }, allowWeakKdf: true });
  const worker = new SearchWorker();
  try {
    const generated = Array.from({ length: DOCS }, (_, i) => makeDoc(i));
    const texts = generated.map((g) => g.text);
    const byKey = new Map(generated.map((g) => [g.doc.key, g.text]));

    await worker.call({ op: 'load', bytes: null });
    let started = performance.now();
    for (let i = 0; i < generated.length; i += 400) {
      await worker.call({ op: 'upsert', docs: generated.slice(i, i + 400).map((g) => g.doc) });
    }
    const indexMs = performance.now() - started;

    const mix = queries(texts);
    const times: number[] = [];
    for (const [i, { query }] of mix.entries()) {
      const t = performance.now();
      const answer = await worker.call({ op: 'query', query, page: { offset: 0, limit: 20, maxMatches: 1000 } });
      // What CaseSearch adds for a page: mapping matches back to the original text and cutting snippets.
      for (const hit of answer.hits) {
        const text = byKey.get(hit.key) ?? '';
        buildMatches(
          [
            { field: 'title', index: 0, text: '', sourceOffset: null },
            { field: 'text', index: 0, text, sourceOffset: 0 },
          ],
          hit.matches.filter(([slot]) => slot === 1),
          { contextChars: 60, maxSnippets: 3 },
        );
      }
      if (i >= 20) times.push(performance.now() - t);
    }
    const heap = await heapMb(worker);

    started = performance.now();
    const { bytes } = await worker.call({ op: 'export' });
    await vault.putAux('search-index', bytes);
    const persistMs = performance.now() - started;
    const storedMb = bytes.byteLength / (1024 * 1024);

    const fresh = new SearchWorker();
    try {
      // Worker start-up (under tsx it compiles TypeScript) is not part of opening the index.
      await fresh.call({ op: 'stats' });
      started = performance.now();
      const stored = await vault.readAux('search-index');
      const loaded = await fresh.call({ op: 'load', bytes: stored });
      const loadMs = performance.now() - started;
      if (!loaded.loaded || loaded.manifest.length !== DOCS) throw new Error('The stored index did not load.');
      // Texts and postings are decoded as queries reach them: the first queries after opening pay for that.
      started = performance.now();
      for (const { query } of mix.slice(0, 20)) await fresh.call({ op: 'query', query, page: { offset: 0, limit: 20, maxMatches: 1000 } });
      const firstQueriesMs = (performance.now() - started) / 20;
      return {
        'search.docs': DOCS,
        'search.index_docs_per_s': Math.round(DOCS / (indexMs / 1000)),
        'search.query_p50_ms': Math.round(percentile(times, 50) * 100) / 100,
        'search.query_p95_ms': Math.round(percentile(times, 95) * 100) / 100,
        'search.query_max_ms': Math.round(Math.max(...times) * 100) / 100,
        'search.persist_ms': Math.round(persistMs),
        'search.index_stored_mb': Math.round(storedMb * 10) / 10,
        'search.index_load_ms': Math.round(loadMs),
        'search.query_after_load_mean_ms': Math.round(firstQueriesMs * 100) / 100,
        'search.heap_mb': Math.round(heap.worker),
        'search.bench_main_heap_mb': Math.round(heap.main),
      };
    } finally {
      await fresh.terminate();
    }
  } finally {
    await worker.terminate();
    await vault.close();
    await rm(dir, { recursive: true, force: true });
  }
}
