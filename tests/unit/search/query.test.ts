import { describe, expect, it } from 'vitest';
import { filterToken, hasPositive, normaliseDateBound, parseQuery, positiveLeaves, SEARCH_HELP } from '../../../shared/search/query';

describe('query parser', () => {
  it('reads words as required terms (AND)', () => {
    expect(parseQuery('Bribery Minister').text).toEqual({
      type: 'and',
      children: [
        { type: 'term', word: 'bribery', prefix: false, exact: false },
        { type: 'term', word: 'minister', prefix: false, exact: false },
      ],
    });
  });

  it('reads quoted text as a phrase, and a quoted single word as exact', () => {
    expect(parseQuery('"Bags of Cash"').text).toEqual({ type: 'phrase', words: ['bags', 'of', 'cash'] });
    expect(parseQuery('"bank"').text).toEqual({ type: 'term', word: 'bank', prefix: false, exact: true });
    expect(parseQuery('«\u00a0sécurité mobile\u00a0»').text).toEqual({ type: 'phrase', words: ['securite', 'mobile'] });
  });

  it('reads OR (upper case only) and parentheses', () => {
    expect(parseQuery('bribe OR cash').text).toEqual({
      type: 'or',
      children: [
        { type: 'term', word: 'bribe', prefix: false, exact: false },
        { type: 'term', word: 'cash', prefix: false, exact: false },
      ],
    });
    expect(parseQuery('bribe or cash').text?.type).toBe('and');
    expect(parseQuery('(bribe OR cash) minister').text).toEqual({
      type: 'and',
      children: [
        {
          type: 'or',
          children: [
            { type: 'term', word: 'bribe', prefix: false, exact: false },
            { type: 'term', word: 'cash', prefix: false, exact: false },
          ],
        },
        { type: 'term', word: 'minister', prefix: false, exact: false },
      ],
    });
  });

  it('reads -word, -"phrase", NOT word and -(group) as exclusions', () => {
    const q = parseQuery('cash -offshore -"shell company" NOT panama -(a OR b)');
    expect(q.text).toEqual({
      type: 'and',
      children: [
        { type: 'term', word: 'cash', prefix: false, exact: false },
        { type: 'not', child: { type: 'term', word: 'offshore', prefix: false, exact: false } },
        { type: 'not', child: { type: 'phrase', words: ['shell', 'company'] } },
        { type: 'not', child: { type: 'term', word: 'panama', prefix: false, exact: false } },
        {
          type: 'not',
          child: {
            type: 'or',
            children: [
              { type: 'term', word: 'a', prefix: false, exact: false },
              { type: 'term', word: 'b', prefix: false, exact: false },
            ],
          },
        },
      ],
    });
    expect(hasPositive(parseQuery('-offshore').text!)).toBe(false);
    // A hyphen inside a word is not an exclusion: it splits the word into a phrase.
    expect(parseQuery('e-mail').text).toEqual({ type: 'phrase', words: ['e', 'mail'] });
  });

  it('reads prefix*', () => {
    expect(parseQuery('corrupt*').text).toEqual({ type: 'term', word: 'corrupt', prefix: true, exact: false });
    expect(parseQuery('Sécu*').text).toEqual({ type: 'term', word: 'secu', prefix: true, exact: false });
  });

  it('reads field filters with bare and quoted values, negation, aliases and dates', () => {
    const q = parseQuery('cash tag:Bribery entity:"NSO Group" lang:fr type:pdf source:s-123 status:verified by:alice -tag:Noise after:2021 before:2021-06 imported-after:2024-05-02');
    expect(q.text).toEqual({ type: 'term', word: 'cash', prefix: false, exact: false });
    expect(q.filters).toEqual([
      { field: 'tag', value: 'Bribery', negated: false },
      { field: 'entity', value: 'NSO Group', negated: false },
      { field: 'lang', value: 'fr', negated: false },
      { field: 'type', value: 'pdf', negated: false },
      { field: 'source', value: 's-123', negated: false },
      { field: 'status', value: 'verified', negated: false },
      { field: 'by', value: 'alice', negated: false },
      { field: 'tag', value: 'Noise', negated: true },
      { field: 'after', value: '2021-01-01', negated: false },
      { field: 'before', value: '2021-06-30', negated: false },
      { field: 'imported-after', value: '2024-05-02', negated: false },
    ]);
    expect(parseQuery('language:EN').filters).toEqual([{ field: 'lang', value: 'EN', negated: false }]);
    expect(parseQuery('tag:"Money laundering"').filters[0]?.value).toBe('Money laundering');
  });

  it('treats unknown fields (URLs, times) as text', () => {
    expect(parseQuery('http://example.org').text).toEqual({ type: 'phrase', words: ['http', 'example', 'org'] });
  });

  it('repairs and warns instead of failing', () => {
    const unclosed = parseQuery('"bags of cash');
    expect(unclosed.text).toEqual({ type: 'phrase', words: ['bags', 'of', 'cash'] });
    expect(unclosed.warnings).toHaveLength(1);
    const badDate = parseQuery('after:yesterday cash');
    expect(badDate.filters).toEqual([]);
    expect(badDate.warnings[0]).toMatch(/not a date/);
    expect(parseQuery('after:2021-02-30').filters).toEqual([]);
    expect(parseQuery('cash OR').warnings[0]).toMatch(/OR needs/);
    expect(parseQuery('(cash').warnings[0]).toMatch(/not closed/);
    expect(parseQuery('tag:').warnings[0]).toMatch(/needs a value/);
    expect(parseQuery('   ').text).toBeNull();
  });

  it('lists the looked-for leaves for highlighting, not the excluded ones', () => {
    const leaves = positiveLeaves(parseQuery('cash -offshore "bags of"').text);
    expect(leaves.map((l) => (l.type === 'term' ? l.word : l.words.join(' ')))).toEqual(['cash', 'bags of']);
  });

  it('normalises partial dates and quotes filter values for UIs', () => {
    expect(normaliseDateBound('2024-02', true)).toBe('2024-02-29');
    expect(normaliseDateBound('2023-02', true)).toBe('2023-02-28');
    expect(normaliseDateBound('2023', false)).toBe('2023-01-01');
    expect(filterToken('tag', 'Money laundering')).toBe('tag:"Money laundering"');
    expect(filterToken('lang', 'fr', true)).toBe('-lang:fr');
    expect(parseQuery(filterToken('tag', 'Money laundering')).filters[0]?.value).toBe('Money laundering');
  });

  it('documents every operator and filter in the help text', () => {
    for (const piece of ['"bags of cash"', ' OR ', '-offshore', 'corrupt*', 'tag:', 'entity:', 'lang:', 'type:', 'source:', 'status:', 'by:', 'after:', 'before:']) {
      expect(SEARCH_HELP).toContain(piece);
    }
  });
});
