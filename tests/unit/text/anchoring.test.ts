import { describe, expect, it } from 'vitest';
import type { PassageSelectors } from '../../../shared/domain/passage';
import { anchor, describeRange, findQuote, pageAt, reanchorPassages, snapToGraphemes } from '../../../shared/text/anchoring';
import { CodePointIndex, codePointLength, codePointToUtf16, sliceCodePoints, utf16ToCodePoint } from '../../../shared/text/codepoints';

/** Code-point range of the n-th (0-based) occurrence of `quote`. */
function rangeOf(text: string, quote: string, nth = 0): { start: number; end: number } {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(quote, at + 1);
  if (at < 0) throw new Error(`fixture lacks ${quote}`);
  const start = utf16ToCodePoint(text, at);
  return { start, end: start + codePointLength(quote) };
}

function selectorsFor(text: string, quote: string, nth = 0): PassageSelectors {
  const r = rangeOf(text, quote, nth);
  return describeRange(text, r.start, r.end);
}

describe('code points ↔ UTF-16', () => {
  const text = 'a😀b👩‍👩‍👧c𝄞';
  it('counts astral characters as one code point each', () => {
    expect(codePointLength(text)).toBe([...text].length);
    expect(codePointLength('')).toBe(0);
  });
  it('converts every boundary both ways', () => {
    const cps = [...text];
    let u16 = 0;
    const index = new CodePointIndex(text);
    for (let cp = 0; cp <= cps.length; cp++) {
      expect(index.toUtf16(cp)).toBe(u16);
      expect(index.toCodePoint(u16)).toBe(cp);
      u16 += cps[cp]?.length ?? 0;
    }
  });
  it('rounds an index inside a surrogate pair down to the pair and clamps out-of-range values', () => {
    expect(utf16ToCodePoint('a😀b', 2)).toBe(1);
    expect(codePointToUtf16('a😀b', 99)).toBe(4);
    expect(codePointToUtf16('a😀b', -3)).toBe(0);
    expect(sliceCodePoints('a😀b', 1, 2)).toBe('😀');
  });
});

describe('describeRange', () => {
  it('stores about 32 code points of context and code-point positions after emoji', () => {
    const text = `${'😀'.repeat(40)} the quote ${'🎉'.repeat(40)}`;
    const s = selectorsFor(text, 'the quote');
    expect(s.position.start).toBe(41);
    expect(s.position.end).toBe(50);
    expect([...s.quote.prefix]).toHaveLength(32);
    expect([...s.quote.suffix]).toHaveLength(32);
    expect(s.quote.exact).toBe('the quote');
  });
  it('widens a selection that would cut a ZWJ family or a letter from its combining marks', () => {
    const family = '👩‍👩‍👧';
    const text = `x${family}y`;
    // Select only the first woman of the family.
    const s = describeRange(text, 1, 2);
    expect(s.quote.exact).toBe(family);
    expect(s.position).toMatchObject({ start: 1, end: 1 + [...family].length });

    const hebrew = 'שָׁלוֹם עולם'; // pointed letters: base + several combining marks
    const cut = describeRange(hebrew, 0, 1);
    expect(cut.quote.exact).toBe(hebrew.slice(0, snapToGraphemes(hebrew, 0, 1).end));
    expect(cut.quote.exact.length).toBeGreaterThan(1);
  });
  it('refuses empty, blank and out-of-range selections', () => {
    expect(() => describeRange('abc', 1, 1)).toThrow(RangeError);
    expect(() => describeRange('a  b', 1, 3)).toThrow(/white space/);
    expect(() => describeRange('abc', 0, 4)).toThrow(RangeError);
  });
});

describe('findQuote', () => {
  it('matches decomposed input against NFC text', () => {
    const text = 'Le ministre a été entendu à Genève.'.normalize('NFC');
    const decomposed = 'été entendu à Genève'.normalize('NFD');
    expect(decomposed).not.toBe(decomposed.normalize('NFC'));
    expect(findQuote(text, decomposed)).toEqual([rangeOf(text, 'été entendu à Genève')]);
  });
  it('tells repeated quotes apart only by prefix/suffix', () => {
    const text = 'Payment to Acme Ltd in May. Later, a second payment to Acme Ltd in June.';
    expect(findQuote(text, 'Acme Ltd')).toHaveLength(2);
    expect(findQuote(text, 'Acme Ltd', { suffix: ' in June' })).toEqual([rangeOf(text, 'Acme Ltd', 1)]);
    expect(findQuote(text, 'Acme Ltd', { prefix: 'Payment to ' })).toEqual([rangeOf(text, 'Acme Ltd', 0)]);
  });
  it('lets a space in the quote match a line break in the text', () => {
    const text = 'the transfer was\nauthorised by the board';
    expect(findQuote(text, 'was authorised')).toEqual([{ start: 13, end: 27 }]);
  });
  it('finds Hebrew and Arabic names with code-point offsets after an emoji', () => {
    const text = '🙂 פגישה עם בנימין נתניהו ועם محمد بن سلمان في الرياض';
    expect(findQuote(text, 'בנימין נתניהו')).toEqual([rangeOf(text, 'בנימין נתניהו')]);
    const arabic = findQuote(text, 'محمد بن سلمان');
    expect(arabic).toEqual([rangeOf(text, 'محمد بن سلمان')]);
    expect(arabic[0]?.start).toBe(text.indexOf('محمد') - 1);
  });
});

describe('anchor', () => {
  const base =
    'In 2019 the ministry signed a contract with Société Générale de Négoce for 4.2 million euros. ' +
    'The contract was never published. Officials said the contract was routine. ' +
    'שם הספק: אברהם כהן. المورد: شركة النور للتجارة. Team chat: 👩‍💻 said “ship it” 🚀 twice.';

  it('keeps passages anchored where the text is unchanged', () => {
    const s = selectorsFor(base, 'Société Générale de Négoce');
    expect(anchor(base, s)).toMatchObject({ state: 'anchored', ...rangeOf(base, 'Société Générale de Négoce') });
  });

  it('finds a quote that moved after an insertion before it, with emoji counting as one', () => {
    const s = selectorsFor(base, 'שם הספק: אברהם כהן');
    const revised = `🚨🚨 Update. ${base}`;
    const r = anchor(revised, s);
    expect(r.state).toBe('moved');
    expect(r).toMatchObject(rangeOf(revised, 'שם הספק: אברהם כהן'));
    expect(r.start).toBe((s.position.start) + [...'🚨🚨 Update. '].length);
  });

  it('chooses among repeated quotes by context, even when another one slides onto the old position', () => {
    const first = rangeOf(base, 'contract', 0);
    const third = rangeOf(base, 'contract', 2); // "said the contract was routine"
    const s = selectorsFor(base, 'contract', 2);
    const revised = 'x'.repeat(third.start - first.start) + base;
    expect(revised.slice(third.start, third.end)).toBe('contract');
    const r = anchor(revised, s);
    expect(r.state).toBe('moved');
    expect(r).toMatchObject(rangeOf(revised, 'contract', 2));
  });

  it('reports an edit inside the quote as changed, with the text now there', () => {
    const s = selectorsFor(base, 'signed a contract with Société Générale de Négoce');
    const revised = base.replace('Générale de Négoce', 'Generale du Negoce');
    const r = anchor(revised, s);
    expect(r.state).toBe('changed');
    expect(r.found).toBe('signed a contract with Société Generale du Negoce');
  });

  it('survives edits in the context next to the quote', () => {
    const s = selectorsFor(base, 'المورد: شركة النور للتجارة');
    const revised = base.replace('אברהם כהן.', 'אברהם כהן (מנכ״ל).').replace('Team chat', 'Chat');
    const r = anchor(revised, s);
    expect(r.state).toBe('moved');
    expect(r).toMatchObject(rangeOf(revised, 'المورد: شركة النور للتجارة'));
  });

  it('anchors emoji and ZWJ sequences inside the quote', () => {
    const s = selectorsFor(base, '👩‍💻 said “ship it” 🚀');
    const revised = base.replace('Officials', 'Two officials');
    expect(anchor(revised, s)).toMatchObject({ state: 'moved', ...rangeOf(revised, '👩‍💻 said “ship it” 🚀') });
  });

  it('orphans a passage whose text was deleted, rather than matching something else', () => {
    const s = selectorsFor(base, 'The contract was never published.');
    const revised = base.replace('The contract was never published. ', '');
    expect(anchor(revised, s)).toEqual({ state: 'orphaned', start: null, end: null, found: null });
  });

  it('orphans a short quote whose only remaining occurrence has other context', () => {
    const text = 'Alpha met Bravo in Paris. Charlie stayed home.';
    const s = selectorsFor(text, 'Bravo');
    const revised = 'Charlie stayed home. Nobody saw Bravo that week at all, said Delta.';
    // The exact word still exists, so it is returned as a last resort, but never as 'anchored'.
    const r = anchor(revised, s);
    expect(r.state).not.toBe('anchored');
    const deleted = anchor('Charlie stayed home.', s);
    expect(deleted.state).toBe('orphaned');
  });

  it('finds a passage moved far away and edited (seeded fuzzy search)', () => {
    const para = 'The shell company received 12 payments through an account at Banque Privée in Lugano, records show.';
    const filler = 'Lorem ipsum dolor sit amet. '.repeat(800);
    const text = `${para}\n${filler}`;
    const s = selectorsFor(text, para);
    const revised = `${filler}\n${para.replace('12 payments', 'twelve payments')}`;
    const r = anchor(revised, s);
    expect(r.state).toBe('changed');
    expect(r.found).toContain('twelve payments');
  });
});

describe('reanchorPassages', () => {
  it('reports anchored, moved, changed and orphaned passages across a revision', () => {
    const oldText = [
      'Paragraph one about Émilie Durand-Lefèvre and her company.',
      'Paragraph two: the payment of €40,000 was made on 3 March.',
      'Paragraph three: يوسف الحسيني signed the agreement 🖋️.',
      'Paragraph four will be removed entirely from the revision.',
    ].join('\n');
    const newText = [
      'Paragraph one about Émilie Durand-Lefèvre and her company.',
      'NEW: a correction notice was added here.',
      'Paragraph two: the payment of €45,000 was made on 3 March.',
      'Paragraph three: يوسف الحسيني signed the agreement 🖋️.',
    ].join('\n');
    const passages = [
      { id: 'same', selectors: selectorsFor(oldText, 'Émilie Durand-Lefèvre') },
      { id: 'edited', selectors: selectorsFor(oldText, 'the payment of €40,000 was made') },
      { id: 'moved', selectors: selectorsFor(oldText, 'يوسف الحسيني signed the agreement 🖋️') },
      { id: 'gone', selectors: selectorsFor(oldText, 'will be removed entirely') },
    ];
    const results = reanchorPassages(oldText, newText, passages);
    const by = new Map(results.map((r) => [r.id, r]));
    expect(by.get('same')?.state).toBe('anchored');
    expect(by.get('edited')).toMatchObject({ state: 'changed', found: 'the payment of €45,000 was made' });
    expect(by.get('moved')).toMatchObject({ state: 'moved', ...rangeOf(newText, 'يوسف الحسيني signed the agreement 🖋️') });
    expect(by.get('gone')).toMatchObject({ state: 'orphaned', selectors: null });
    // New selectors describe the new text, ready to store.
    expect(by.get('edited')?.selectors?.quote.exact).toBe('the payment of €45,000 was made');
    expect(results.map((r) => r.id)).toEqual(['same', 'edited', 'moved', 'gone']);
  });

  it('fills in missing context from the old text to tell repeated quotes apart', () => {
    const oldText = 'Total: 100. Note A. Total: 100. Note B.';
    const second = rangeOf(oldText, 'Total: 100', 1);
    const bare: PassageSelectors = {
      quote: { type: 'TextQuoteSelector', exact: 'Total: 100', prefix: '', suffix: '' },
      position: { type: 'TextPositionSelector', ...second },
    };
    const newText = 'Header. Total: 100. Note A. Appendix. Total: 100. Note B.';
    const [r] = reanchorPassages(oldText, newText, [{ id: 'x', selectors: bare }]);
    expect(r).toMatchObject({ state: 'moved', ...rangeOf(newText, 'Total: 100', 1) });
  });
});

describe('pageAt', () => {
  it('maps a code-point offset to its 1-based page', () => {
    expect(pageAt([0, 100, 250], 0)).toBe(1);
    expect(pageAt([0, 100, 250], 99)).toBe(1);
    expect(pageAt([0, 100, 250], 100)).toBe(2);
    expect(pageAt([0, 100, 250], 9999)).toBe(3);
    expect(pageAt(null, 5)).toBeNull();
  });
});
