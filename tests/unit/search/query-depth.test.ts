import { describe, expect, it } from 'vitest';
import { MAX_QUERY_NESTING, parseQuery } from '../../../shared/search/query';

describe('parenthesis nesting is capped', () => {
  it('parses 5,000 open parentheses without overflowing the stack, with one warning', () => {
    for (const input of ['('.repeat(5000) + 'a', '-('.repeat(5000) + 'a' + ')'.repeat(5000), `x ${'(a OR '.repeat(5000)}b`]) {
      const parsed = parseQuery(input);
      expect(parsed.text).not.toBeNull();
      const nesting = parsed.warnings.filter((w) => w.includes('nested'));
      expect(nesting).toEqual([`Parentheses nested more than ${MAX_QUERY_NESTING} deep; the deeper ones were ignored.`]);
    }
  });

  it('keeps the meaning of nesting up to the cap, without that warning', () => {
    expect(MAX_QUERY_NESTING).toBe(64);
    const parsed = parseQuery(`${'('.repeat(MAX_QUERY_NESTING)}a OR b${')'.repeat(MAX_QUERY_NESTING)} c`);
    expect(parsed.warnings).toEqual([]);
    expect(parsed.text).toEqual({
      type: 'and',
      children: [
        { type: 'or', children: [expect.objectContaining({ type: 'term' }), expect.objectContaining({ type: 'term' })] },
        expect.objectContaining({ type: 'term' }),
      ],
    });
  });
});
