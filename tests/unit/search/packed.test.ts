import { describe, expect, it } from 'vitest';
import { SearchEngine, noFilters, type DocInput } from '../../../main/core/search/engine';
import { PackedPostings, TokenTable, VarintReader, VarintWriter, encodePostings } from '../../../main/core/search/packed';
import { FIELD_SEPARATOR } from '../../../shared/search/fold';
import { parseQuery } from '../../../shared/search/query';

function source(id: string, text: string): DocInput {
  return {
    key: `s:${id}`,
    kind: 'source',
    revision: text.length.toString(),
    fields: [
      { field: 'title', index: 0, text: id },
      { field: 'text', index: 0, text },
    ],
    meta: { sourceId: id, lang: 'en', type: 'txt', date: null, imported: null, researchers: [], tags: [], entities: [], statuses: [] },
  };
}

/** Every hit with its score and matches: what a stored-then-loaded engine must reproduce exactly. */
function answer(engine: SearchEngine, q: string) {
  return engine.query({ text: parseQuery(q).text, filters: noFilters() }, { offset: 0, limit: 500, maxMatches: 1000 });
}

let seed = 7;
function rnd(n: number): number {
  seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
  return seed % n;
}
const WORDS = ['cash', 'bags', 'minister', 'broker', 'offshore', 'société', 'cœur', 'שָׁלוֹם', 'الشركة', 'ledger', 'of', 'the'];
const text = (n: number) => Array.from({ length: n }, () => WORDS[rnd(WORDS.length)]).join(rnd(4) === 0 ? ',  ' : ' ');

describe('packed index encodings', () => {
  it('round-trips varints, including large and negative values', () => {
    const w = new VarintWriter();
    const values = [0, 1, 127, 128, 300, 2 ** 31, 2 ** 40, -1, -129, -(2 ** 33)];
    for (const v of values) w.int(v);
    w.uint(2 ** 32 - 1);
    const r = new VarintReader(w.bytes());
    expect(values.map(() => r.int())).toEqual(values);
    expect(r.uint()).toBe(2 ** 32 - 1);
    expect(r.done).toBe(true);
  });

  it('round-trips folded texts through the token table, spaces and separators included', () => {
    const table = new TokenTable();
    const texts = ['', ' ', 'a', 'a b', ' a  b ', 'a\nb', `title${FIELD_SEPARATOR}body text.`, 'x, y; z!', 'שלום  עולם', '  ', 'a ', ' a'];
    const packed = texts.map((t) => table.encode(t));
    const reloaded = TokenTable.from(table.strings);
    expect(packed.map((p) => reloaded.decode(p))).toEqual(texts);
    // The single space between two words is implicit: "a b" costs two ids, as "ab a" would.
    expect(table.encode('a b').byteLength).toBe(2);
  });

  it('decodes postings word by word as they were, empty slots as empty', () => {
    const encoded = encodePostings([
      ['cash', 4, [[1, 5, 3], undefined, [200_000]]],
      ['bags', 1, [null, [2]]],
    ]);
    const postings = PackedPostings.decode(encoded);
    expect(postings.words).toEqual(['cash', 'bags']);
    expect(postings.counts).toEqual([4, 1]);
    expect(postings.slots('cash')).toEqual([[1, 5, 3], [], [200_000]]);
    expect(postings.slots('bags')).toEqual([[], [2]]);
    expect(postings.slots('nope')).toBeNull();
  });

  it('a loaded engine answers exactly as the one that saved it, also after later changes and a second save', () => {
    const live = new SearchEngine();
    const docs = Array.from({ length: 300 }, (_, i) => source(`d${i}`, text(5 + rnd(60))));
    live.upsert(docs);
    live.remove(['s:d3', 's:d10']);
    const queries = ['cash', 'cash bags', '"bags of"', 'minist*', 'societe OR coeur', 'cash -ledger', 'שלום', 'الشركة'];
    const loaded = SearchEngine.deserialize(live.serialize())!;
    expect(loaded).not.toBeNull();
    for (const q of queries) expect(answer(loaded, q), q).toEqual(answer(live, q));

    // Changes after loading: stored postings of replaced and removed items must no longer count.
    const changes = [source('d5', 'broker broker cash'), source('new', 'offshore cash of the minister')];
    for (const engine of [live, loaded]) {
      engine.upsert(changes);
      engine.remove(['s:d7', 's:d8']);
    }
    for (const q of queries) expect(answer(loaded, q), q).toEqual(answer(live, q));
    expect(answer(loaded, 'broker').hits.find((h) => h.key === 's:d5')?.occurrences).toBe(2);

    const again = SearchEngine.deserialize(loaded.serialize())!;
    for (const q of queries) expect(answer(again, q), q).toEqual(answer(live, q));
    expect(again.manifest().sort()).toEqual(live.manifest().sort());
  });

  it('refuses an index from another layout (the case rebuilds it)', () => {
    const bytes = new SearchEngine().serialize();
    bytes[3] = 'I'.charCodeAt(0);
    expect(SearchEngine.deserialize(bytes)).toBeNull();
  });
});
