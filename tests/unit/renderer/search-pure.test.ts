import { describe, expect, it } from 'vitest';
import { SEARCH_HELP } from '../../../shared/search/query';
import { parseQuery } from '../../../shared/search/query';
import type { SearchHit, SearchTotals } from '../../../shared/search/schema';
import { composeQuery, filterTokens, NO_FILTERS, parseBatchTerms } from '../../../renderer/features/search/filters';
import { groupHits, groupOfHit, jumpTarget, moveActive, snippetMatchIndex, totalLine } from '../../../renderer/features/search/groups';
import { parseHelp } from '../../../renderer/features/search/help';
import { snippetPieces, trimPartialWords } from '../../../renderer/features/search/snippet';

function hit(partial: Partial<SearchHit> & Pick<SearchHit, 'kind' | 'id'>): SearchHit {
  return {
    sourceId: partial.kind === 'entity' ? null : 's1',
    sourceTitle: 'Source one',
    title: partial.id,
    score: 1,
    occurrences: 1,
    matches: [],
    matchesTruncated: false,
    snippets: [],
    ...partial,
  };
}

const match = (field: SearchHit['matches'][number]['field'], start: number, end: number, source: number | null = null) => ({
  field,
  fieldIndex: 0,
  start,
  end,
  sourceStart: source,
  sourceEnd: source === null ? null : source + (end - start),
});

describe('snippet pieces', () => {
  it('splits on code points, so an emoji before a match does not shift the highlight', () => {
    const pieces = snippetPieces({ text: '🙂 bags of cash 💰!', highlights: [{ start: 2, end: 14 }] });
    expect(pieces).toEqual([
      { text: '🙂 ', mark: false },
      { text: 'bags of cash', mark: true },
      { text: ' 💰!', mark: false },
    ]);
  });

  it('marks Hebrew and Arabic words by their code points (logical order, whatever the display direction)', () => {
    expect(snippetPieces({ text: 'שלום עולם', highlights: [{ start: 5, end: 9 }] })).toEqual([
      { text: 'שלום ', mark: false },
      { text: 'עולם', mark: true },
    ]);
    // Arabic with a diacritic: the mark covers the whole word, harakat included.
    expect(snippetPieces({ text: 'قالَ الشركة', highlights: [{ start: 5, end: 11 }] })).toEqual([
      { text: 'قالَ ', mark: false },
      { text: 'الشركة', mark: true },
    ]);
  });

  it('merges overlapping and unsorted ranges and clamps ranges outside the text', () => {
    expect(
      snippetPieces({
        text: 'abcdefgh',
        highlights: [
          { start: 5, end: 99 },
          { start: 1, end: 3 },
          { start: 2, end: 4 },
          { start: 6, end: 6 },
        ],
      }),
    ).toEqual([
      { text: 'a', mark: false },
      { text: 'bcd', mark: true },
      { text: 'e', mark: false },
      { text: 'fgh', mark: true },
    ]);
  });

  it('keeps markup-looking text as text', () => {
    const pieces = snippetPieces({ text: '<img src=x onerror=alert(1)> NSO', highlights: [{ start: 29, end: 32 }] });
    expect(pieces.map((p) => p.text).join('')).toBe('<img src=x onerror=alert(1)> NSO');
    expect(pieces.at(-1)).toEqual({ text: 'NSO', mark: true });
  });

  it('drops the word fragments at cut edges and shifts the highlights', () => {
    const trimmed = trimPartialWords({
      text: 'e embattled firm offered bags of cash to a US compa',
      highlights: [{ start: 25, end: 37 }],
      cutBefore: true,
      cutAfter: true,
    });
    expect(trimmed.text).toBe('embattled firm offered bags of cash to a US');
    expect(snippetPieces(trimmed).find((p) => p.mark)?.text).toBe('bags of cash');
  });

  it('never trims into a highlight, nor an edge that was not cut', () => {
    const edge = { text: 'cash to him', highlights: [{ start: 0, end: 4 }], cutBefore: true, cutAfter: false };
    expect(trimPartialWords(edge)).toEqual(edge);
    const whole = { text: 'Whole start ends', highlights: [], cutBefore: false, cutAfter: false };
    expect(trimPartialWords(whole)).toBe(whole);
  });
});

describe('grouping', () => {
  const totals: SearchTotals = { source: 3, passage: 2, entity: 1 };
  const pages = {
    source: [hit({ kind: 'source', id: 's1' }), hit({ kind: 'source', id: 's2' })],
    passage: [
      hit({ kind: 'passage', id: 'p1', matches: [match('quote', 0, 3, 10), match('note', 0, 3)] }),
      hit({ kind: 'passage', id: 'p2', matches: [match('note', 4, 7)] }),
    ],
    entity: [hit({ kind: 'entity', id: 'e1', matches: [match('alias', 0, 3)] })],
  };

  it('puts passages whose note alone matched under Notes', () => {
    expect(groupOfHit(pages.passage[0] as SearchHit)).toBe('passage');
    expect(groupOfHit(pages.passage[1] as SearchHit)).toBe('note');
  });

  it('orders groups sources, passages, notes, entities, with exact counts and what is left to load', () => {
    const { groups, flat } = groupHits(pages, totals);
    expect(groups.map((g) => [g.key, g.count, g.more, g.firstIndex])).toEqual([
      ['source', 3, 1, 0],
      ['passage', 1, 0, 2],
      ['note', 1, 0, 3],
      ['entity', 1, 0, 4],
    ]);
    expect(flat.map((h) => h.id)).toEqual(['s1', 's2', 'p1', 'p2', 'e1']);
  });

  it('does not claim a passage or note count until every passage hit is loaded', () => {
    const { groups } = groupHits(pages, { ...totals, passage: 40 });
    const passage = groups.find((g) => g.key === 'passage');
    const note = groups.find((g) => g.key === 'note');
    expect(passage?.count).toBeNull();
    expect(passage?.more).toBe(0);
    // "Show more" for the passage kind sits under its last group.
    expect(note?.more).toBe(38);
  });

  it('keeps a group whose first page came back empty but whose total is not zero, so it can be paged', () => {
    const { groups } = groupHits({ source: [], passage: [], entity: [] }, { source: 4, passage: 0, entity: 0 });
    expect(groups.map((g) => [g.key, g.more])).toEqual([['source', 4]]);
  });

  it('says the exact total', () => {
    expect(totalLine(totals)).toBe('6 results · 3 sources, 2 passages, 1 entity');
    expect(totalLine({ source: 1, passage: 0, entity: 0 })).toBe('1 result');
    expect(totalLine({ source: 0, passage: 0, entity: 0 })).toBe('No results');
    expect(totalLine({ source: 12345, passage: 0, entity: 0 })).toMatch(/^12.345 results$/);
  });
});

describe('opening a hit', () => {
  it('goes to the first match that has a place in the source text', () => {
    const source = hit({ kind: 'source', id: 's1', matches: [match('title', 0, 3), match('text', 40, 52, 40)] });
    expect(jumpTarget(source)).toEqual({ type: 'range', sourceId: 's1', start: 40, end: 52 });
  });

  it('opens a source at its top when only its title matched', () => {
    expect(jumpTarget(hit({ kind: 'source', id: 's1', matches: [match('title', 0, 3)] }))).toEqual({ type: 'source', sourceId: 's1' });
  });

  it('shows a passage through the passage path, and an entity by name', () => {
    expect(jumpTarget(hit({ kind: 'passage', id: 'p1' }))).toEqual({ type: 'passage', sourceId: 's1', passageId: 'p1' });
    expect(jumpTarget(hit({ kind: 'entity', id: 'e1', title: 'NSO Group' }))).toEqual({ type: 'entity', entityId: 'e1', name: 'NSO Group' });
  });

  it('goes to the match a clicked snippet shows', () => {
    const source = hit({
      kind: 'source',
      id: 's1',
      matches: [match('text', 10, 14, 10), match('text', 900, 904, 900)],
      snippets: [
        { field: 'text', fieldIndex: 0, text: 'a cash b', start: 8, highlights: [{ start: 2, end: 6 }], cutBefore: true, cutAfter: true },
        { field: 'text', fieldIndex: 0, text: 'x cash y', start: 898, highlights: [{ start: 2, end: 6 }], cutBefore: true, cutAfter: true },
      ],
    });
    expect(snippetMatchIndex(source, 1)).toBe(1);
    expect(jumpTarget(source, snippetMatchIndex(source, 1))).toEqual({ type: 'range', sourceId: 's1', start: 900, end: 904 });
    expect(snippetMatchIndex(source, 5)).toBeUndefined();
  });
});

describe('keyboard navigation', () => {
  it('moves by one, by a page, and stops at the ends', () => {
    expect(moveActive(0, 5, 'ArrowDown')).toBe(1);
    expect(moveActive(4, 5, 'ArrowDown')).toBe(4);
    expect(moveActive(0, 5, 'ArrowUp')).toBe(0);
    expect(moveActive(1, 30, 'PageDown')).toBe(9);
    expect(moveActive(3, 30, 'PageUp')).toBe(0);
    expect(moveActive(3, 30, 'End')).toBe(29);
    expect(moveActive(3, 30, 'Home')).toBe(0);
  });

  it('has no active row when there are no results, and pulls a stale index back into range', () => {
    expect(moveActive(3, 0, 'ArrowDown')).toBe(-1);
    expect(moveActive(12, 4, 'Tab')).toBe(3);
  });
});

describe('filters and batch terms', () => {
  it('turns the chips into the query syntax, quoting values with spaces', () => {
    const filters = { ...NO_FILTERS, lang: 'fr', entity: 'NSO Group', tag: 'Money/Offshore', after: '2021-01-01' };
    expect(filterTokens(filters)).toEqual(['tag:Money/Offshore', 'entity:"NSO Group"', 'lang:fr', 'after:2021-01-01']);
    const query = composeQuery('  "bags of cash" ', filters);
    expect(query).toBe('"bags of cash" tag:Money/Offshore entity:"NSO Group" lang:fr after:2021-01-01');
    // What the chips build is what the parser reads.
    const parsed = parseQuery(query);
    expect(parsed.warnings).toEqual([]);
    expect(parsed.filters.map((f) => [f.field, f.value])).toEqual([
      ['tag', 'Money/Offshore'],
      ['entity', 'NSO Group'],
      ['lang', 'fr'],
      ['after', '2021-01-01'],
    ]);
  });

  it('reads one term a line, without blanks or surrounding spaces', () => {
    expect(parseBatchTerms('NSO Group\r\n\n  "bags of cash"  \n\t\nMiller')).toEqual(['NSO Group', '"bags of cash"', 'Miller']);
  });
});

describe('help', () => {
  it('reads every example of the shared help text, so the UI shows all of it', () => {
    const blocks = parseHelp(SEARCH_HELP);
    expect(blocks[0]).toEqual({ type: 'title', text: 'Search syntax' });
    const examples = blocks.flatMap((b) => (b.type === 'examples' ? b.rows.flatMap((r) => r.examples) : []));
    expect(examples).toEqual(expect.arrayContaining(['"bags of cash"', 'bribery OR corruption', '-offshore', 'corrupt*', 'tag:Bribery', 'entity:"NSO Group"', 'lang:fr', 'type:pdf']));
    // Every non-blank line of the help ends up somewhere on screen.
    const shown = blocks
      .map((b) => (b.type === 'examples' ? b.rows.map((r) => `${r.examples.join(' ')} ${r.meaning}`).join(' ') : b.text))
      .join(' ');
    for (const word of SEARCH_HELP.split(/\s+/).filter(Boolean)) expect(shown).toContain(word.replace(/:$/, ''));
  });
});
