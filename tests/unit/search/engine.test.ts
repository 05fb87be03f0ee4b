import { describe, expect, it } from 'vitest';
import { SearchEngine, findPhrase, findWords, noFilters, type DocInput, type DocMeta, type ResolvedFilters } from '../../../main/core/search/engine';
import { parseQuery } from '../../../shared/search/query';

function meta(over: Partial<DocMeta> = {}): DocMeta {
  return { sourceId: null, lang: 'en', type: 'txt', date: null, imported: '2024-05-01', researchers: ['alice'], tags: [], entities: [], statuses: [], ...over };
}

function source(id: string, text: string, over: Partial<DocMeta> = {}, title = id): DocInput {
  return {
    key: `s:${id}`,
    kind: 'source',
    revision: '1',
    fields: [
      { field: 'title', index: 0, text: title },
      { field: 'text', index: 0, text },
    ],
    meta: meta({ sourceId: id, ...over }),
  };
}

function run(engine: SearchEngine, q: string, filters: Partial<ResolvedFilters> = {}, page = { offset: 0, limit: 50 }) {
  const parsed = parseQuery(q);
  return engine.query({ text: parsed.text, filters: { ...noFilters(), ...filters } }, { ...page, maxMatches: 1000 });
}

const keys = (answer: ReturnType<typeof run>) => answer.hits.map((h) => h.key).sort();

describe('search engine', () => {
  const engine = new SearchEngine();
  engine.upsert([
    source('a', 'The minister took bags of cash from the broker.'),
    source('b', 'Cash was found in bags; of the ministers, none spoke.'),
    source('c', 'Of cash bags, the report says nothing.'),
    source('d', 'La sécurité du cœur de réseau. Les sociétés offshore.', { lang: 'fr', date: '2021-03-04' }),
    source('e', 'Straße der Sicherheit: ﬁnance and oﬀshore companies.', { lang: 'de', date: '2019-12-31', type: 'pdf' }),
    source('f', 'שָׁלוֹם לכולם. وصلت الشركةُ إلى مُحَمَّد.', { lang: 'he' }),
  ]);

  it('matches phrases in order and adjacent, not as loose words', () => {
    expect(keys(run(engine, '"bags of cash"'))).toEqual(['s:a']);
    // The loose words are in b and c too.
    expect(keys(run(engine, 'bags of cash'))).toEqual(['s:a', 's:b', 's:c']);
    expect(keys(run(engine, '"cash bags"'))).toEqual(['s:c']);
    expect(findPhrase('bags, of  cash', ['bags', 'of', 'cash'])).toEqual([[0, 14]]);
    expect(findPhrase('bags of cashier', ['bags', 'of', 'cash'])).toEqual([]);
    // A phrase never runs from one field into the next.
    expect(findPhrase('bags of\u2029cash', ['of', 'cash'])).toEqual([]);
  });

  it('matches whole words and prefixes', () => {
    expect(findWords('cash cashier recash cash', ['cash'], false)).toEqual([
      [0, 4],
      [20, 24],
    ]);
    expect(findWords('cash cashier recash', ['cash'], true)).toEqual([
      [0, 4],
      [5, 12],
    ]);
    expect(keys(run(engine, 'minist*'))).toEqual(['s:a', 's:b']);
    expect(keys(run(engine, 'securi*'))).toEqual(['s:d']);
  });

  it('is case-, accent- and ligature-insensitive in both directions', () => {
    expect(keys(run(engine, 'securite'))).toEqual(['s:d']);
    expect(keys(run(engine, 'SÉCURITÉ'))).toEqual(['s:d']);
    expect(keys(run(engine, 'coeur'))).toEqual(['s:d']);
    expect(keys(run(engine, 'cœur'))).toEqual(['s:d']);
    expect(keys(run(engine, 'strasse'))).toEqual(['s:e']);
    expect(keys(run(engine, 'finance offshore'))).toEqual(['s:e']);
  });

  it('finds Hebrew and Arabic with or without marks, and the Arabic article', () => {
    expect(keys(run(engine, 'שלום'))).toEqual(['s:f']);
    expect(keys(run(engine, 'محمد'))).toEqual(['s:f']);
    expect(keys(run(engine, 'شركة'))).toEqual(['s:f']);
    expect(keys(run(engine, '"الشركة"'))).toEqual(['s:f']);
  });

  it('merges light word forms unless the word is quoted', () => {
    expect(keys(run(engine, 'minister'))).toEqual(['s:a', 's:b']);
    expect(keys(run(engine, '"minister"'))).toEqual(['s:a']);
    expect(keys(run(engine, 'société'))).toEqual(['s:d']);
    expect(keys(run(engine, 'company'))).toEqual(['s:e']);
  });

  it('combines OR, exclusions and groups', () => {
    expect(keys(run(engine, 'securite OR strasse'))).toEqual(['s:d', 's:e']);
    expect(keys(run(engine, 'cash -"bags of cash"'))).toEqual(['s:b', 's:c']);
    expect(keys(run(engine, '-cash'))).toEqual(['s:d', 's:e', 's:f']);
    expect(keys(run(engine, '(securite OR strasse) -offshore'))).toEqual([]);
    expect(keys(run(engine, 'cash -(broker OR report)'))).toEqual(['s:b']);
  });

  it('applies filters', () => {
    expect(keys(run(engine, 'offshore', { langs: ['fr'] }))).toEqual(['s:d']);
    expect(keys(run(engine, 'offshore', { notLangs: ['fr'] }))).toEqual(['s:e']);
    expect(keys(run(engine, 'offshore', { types: ['pdf'] }))).toEqual(['s:e']);
    expect(keys(run(engine, 'offshore', { dateFrom: '2021-01-01' }))).toEqual(['s:d']);
    expect(keys(run(engine, 'offshore', { dateTo: '2020-12-31' }))).toEqual(['s:e']);
    expect(keys(run(engine, 'cash', { sourceIds: ['b', 'c'] }))).toEqual(['s:b', 's:c']);
    expect(keys(run(engine, 'cash', { researchers: ['bob'] }))).toEqual([]);
    expect(keys(run(engine, 'cash', { importedFrom: '2024-05-01', importedTo: '2024-05-01' }))).toHaveLength(3);
    expect(keys(run(engine, '', { langs: ['he'] }))).toEqual(['s:f']);
  });

  it('reports match positions per field and exact occurrence counts', () => {
    const [hit] = run(engine, 'cash').hits.filter((h) => h.key === 's:b');
    expect(hit?.occurrences).toBe(1);
    expect(hit?.matches).toEqual([[1, 0, 4]]);
    const title = run(engine, 'a').hits.find((h) => h.key === 's:a');
    expect(title?.matches[0]).toEqual([0, 0, 1]);
  });

  it('follows updates and removals', () => {
    const e = new SearchEngine();
    e.upsert([source('x', 'alpha beta')]);
    expect(keys(run(e, 'alpha'))).toEqual(['s:x']);
    e.upsert([{ ...source('x', 'gamma'), revision: '2' }]);
    expect(keys(run(e, 'alpha'))).toEqual([]);
    expect(keys(run(e, 'gamma'))).toEqual(['s:x']);
    expect(run(e, 'alph*').totals.source).toBe(0);
    e.remove(['s:x']);
    expect(run(e, 'gamma').totals.source).toBe(0);
    expect(e.size).toBe(0);
  });

  it('counts exactly beyond any page and pages without gaps or repeats', () => {
    const e = new SearchEngine();
    const docs: DocInput[] = [];
    for (let i = 0; i < 1234; i++) docs.push(source(`n${i}`, i % 3 === 0 ? `ledger ${i} ledger` : `nothing ${i}`));
    e.upsert(docs);
    const expected = docs.filter((_, i) => i % 3 === 0).length;
    const first = run(e, 'ledger', {}, { offset: 0, limit: 10 });
    expect(first.totals.source).toBe(expected);
    expect(first.hits).toHaveLength(10);
    const seen = new Set<string>();
    for (let offset = 0; offset < expected; offset += 100) {
      for (const hit of run(e, 'ledger', {}, { offset, limit: 100 }).hits) seen.add(hit.key);
    }
    expect(seen.size).toBe(expected);
    expect(e.count({ text: parseQuery('ledger').text, filters: noFilters() })).toEqual({
      docs: { source: expected, passage: 0, entity: 0 },
      occurrences: { source: expected * 2, passage: 0, entity: 0 },
    });
  });

  it('survives serialisation', () => {
    const copy = SearchEngine.deserialize(engine.serialize());
    expect(copy).not.toBeNull();
    expect(keys(run(copy!, '"bags of cash"'))).toEqual(['s:a']);
    expect(keys(run(copy!, 'minist*'))).toEqual(['s:a', 's:b']);
    expect(keys(run(copy!, 'offshore', { langs: ['fr'] }))).toEqual(['s:d']);
    expect(copy!.manifest().sort()).toEqual(engine.manifest().sort());
  });
});
