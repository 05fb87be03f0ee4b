import { describe, expect, it } from 'vitest';
import type { TagView } from '../../../shared/domain/tag';
import type { PassageView } from '../../../shared/domain/passage';
import { CodePointIndex } from '../../../shared/text/codepoints';
import { blockIndexAt, splitBlocks } from '../../../renderer/features/reader/blocks';
import { splitParagraphs } from '../../../renderer/features/reader/paragraphs';
import { compareHighlights, highlightsAt, highlightsByBlock, segmentRange } from '../../../renderer/features/reader/segments';
import type { Highlight } from '../../../renderer/features/reader/segments';
import {
  READING,
  TAG_PALETTE,
  contrastRatio,
  layeredBackground,
  nextTagColor,
  parseHex,
  stripeColor,
} from '../../../renderer/features/reader/highlightColors';
import { buildTagTree, filterPassages, moveTargets, researchersOf, subtreeIds, visibleRows } from '../../../renderer/features/codebook/tagTree';
import { tagOptions } from '../../../renderer/features/passages/tagOptions';
import { readingOrder } from '../../../renderer/features/passages/store';

describe('splitBlocks', () => {
  const samples = [
    'From: a@b.org\nTo: c@d.org\n\nDear C,\n\n\nSee you.',
    `${'x'.repeat(200)}\n${'y'.repeat(170)}\nshort`,
    '  \n\nOne.  \n  \nTwo\u00a0\nthree\n\n',
    'שלום עולם\nمرحبا بالعالم\n\nEnd',
  ];

  it('finds the same paragraphs as splitParagraphs, as ranges into the unchanged text', () => {
    for (const text of samples) {
      const blocks = splitBlocks(text);
      expect(blocks.map((b) => b.lines.map((l) => text.slice(l.start, l.end)))).toEqual(splitParagraphs(text));
      for (const block of blocks) {
        expect(block.start).toBe(block.lines[0]?.start);
        expect(block.end).toBe(block.lines[block.lines.length - 1]?.end);
      }
    }
  });

  it('locates the block of an offset, gaps going to the next block', () => {
    const text = 'aaa\n\nbbb\n\nccc';
    const blocks = splitBlocks(text);
    expect(blocks.map((b) => [b.start, b.end])).toEqual([[0, 3], [5, 8], [10, 13]]);
    expect(blockIndexAt(blocks, 0)).toBe(0);
    expect(blockIndexAt(blocks, 3)).toBe(1);
    expect(blockIndexAt(blocks, 6)).toBe(1);
    expect(blockIndexAt(blocks, 12)).toBe(2);
    expect(blockIndexAt(blocks, 99)).toBe(2);
  });
});

const h = (id: string, start: number, end: number): Highlight => ({ id, start, end });

describe('segmentRange (overlapping highlights)', () => {
  it('tiles the range exactly, with the covering ids outermost first', () => {
    const highlights = [h('inner', 4, 6), h('outer', 2, 10), h('tail', 8, 14)].sort(compareHighlights);
    const segments = segmentRange({ start: 0, end: 12 }, highlights);
    expect(segments).toEqual([
      { start: 0, end: 2, ids: [] },
      { start: 2, end: 4, ids: ['outer'] },
      { start: 4, end: 6, ids: ['outer', 'inner'] },
      { start: 6, end: 8, ids: ['outer'] },
      { start: 8, end: 10, ids: ['outer', 'tail'] },
      { start: 10, end: 12, ids: ['tail'] },
    ]);
  });

  it('gives identical passages one segment with both ids, and skips empty ones', () => {
    const highlights = [h('a', 1, 3), h('b', 1, 3), h('empty', 2, 2)].sort(compareHighlights);
    expect(segmentRange({ start: 0, end: 4 }, highlights)).toEqual([
      { start: 0, end: 1, ids: [] },
      { start: 1, end: 3, ids: ['a', 'b'] },
      { start: 3, end: 4, ids: [] },
    ]);
  });

  it('clips highlights that run past the range (a passage across lines and paragraphs)', () => {
    expect(segmentRange({ start: 5, end: 9 }, [h('long', 0, 100)])).toEqual([{ start: 5, end: 9, ids: ['long'] }]);
  });

  it('buckets each highlight into every block it crosses and no other', () => {
    const text = 'aaaa\n\nbbbb\n\ncccc\n\ndddd';
    const blocks = splitBlocks(text);
    const buckets = highlightsByBlock(blocks, [h('ab', 2, 8), h('d', 18, 20), h('gap', 4, 6)]);
    expect(buckets.map((b) => b.map((x) => x.id))).toEqual([['ab'], ['ab'], [], ['d']]);
  });

  it('lists what lies under a click in an overlap', () => {
    expect(highlightsAt([h('b', 3, 9), h('a', 1, 5)], 4)).toEqual(['a', 'b']);
    expect(highlightsAt([h('b', 3, 9), h('a', 1, 5)], 5)).toEqual(['b']);
  });
});

describe('code point offsets in the reader', () => {
  it('maps passage code points to the UTF-16 the DOM uses, across emoji and Hebrew', () => {
    const text = 'Tip 🕵️‍♀️ from שלום: “bags of cash” 💰!';
    const index = new CodePointIndex(text);
    const u16Start = text.indexOf('bags');
    const cpStart = [...text.slice(0, u16Start)].length;
    expect(index.toUtf16(cpStart)).toBe(u16Start);
    expect(index.toCodePoint(u16Start)).toBe(cpStart);
    const cpEnd = cpStart + 'bags of cash'.length;
    expect(text.slice(index.toUtf16(cpStart), index.toUtf16(cpEnd))).toBe('bags of cash');
  });
});

describe('highlight colours', () => {
  const themes = ['light', 'dark'] as const;

  it('keeps reading text above WCAG AA over every palette colour, alone and in overlaps, in both themes', () => {
    for (const theme of themes) {
      const text = parseHex(READING[theme].text);
      for (const a of TAG_PALETTE) {
        expect(contrastRatio(text, layeredBackground([a], theme).rgb)).toBeGreaterThanOrEqual(4.5);
        for (const b of TAG_PALETTE) {
          expect(contrastRatio(text, layeredBackground([a, b, a], theme).rgb)).toBeGreaterThanOrEqual(4.5);
        }
      }
    }
  });

  it('thins a colour a researcher picks that would otherwise hide the text', () => {
    for (const theme of themes) {
      const bg = layeredBackground(['#000000', '#000080', '#ffffff'], theme).rgb;
      expect(contrastRatio(parseHex(READING[theme].text), bg)).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('makes an overlap visibly deeper than a single layer', () => {
    const one = layeredBackground(['#3f7fd9'], 'light').rgb;
    const two = layeredBackground(['#3f7fd9', '#e0684b'], 'light').rgb;
    expect(contrastRatio(one, two)).toBeGreaterThan(1.1);
  });

  it('gives stripes 3:1 against the paper and spreads new tags over the palette', () => {
    for (const theme of themes) {
      for (const hex of TAG_PALETTE) {
        const rgb = stripeColor(hex, theme).match(/\d+/g)?.map(Number) as [number, number, number];
        expect(contrastRatio(rgb, parseHex(READING[theme].paper))).toBeGreaterThanOrEqual(3);
      }
    }
    expect(nextTagColor([])).toBe(TAG_PALETTE[0]);
    expect(nextTagColor([TAG_PALETTE[0] as string])).toBe(TAG_PALETTE[1]);
    expect(new Set(TAG_PALETTE.map((_, i) => nextTagColor(TAG_PALETTE.slice(0, i)))).size).toBe(TAG_PALETTE.length);
  });
});

const tag = (id: string, name: string, parentId: string | null = null, passageCount = 0): TagView => ({
  id,
  guid: id,
  name,
  parentId,
  color: '#3f7fd9',
  description: '',
  createdAt: '',
  createdBy: 'me',
  path: [name],
  passageCount,
  subtreePassageCount: passageCount,
});

describe('tag tree', () => {
  const tags = [tag('m', 'Money'), tag('o', 'Offshore', 'm'), tag('c', 'Cash', 'm'), tag('x', 'Zeta'), tag('s', 'Shell co', 'o'), tag('lost', 'Lost', 'gone')];

  it('nests tags under their parents, siblings by name, and keeps tags whose parent is gone', () => {
    const tree = buildTagTree(tags);
    expect(tree.map((n) => n.tag.name)).toEqual(['Lost', 'Money', 'Zeta']);
    expect(tree[1]?.children.map((n) => n.tag.name)).toEqual(['Cash', 'Offshore']);
    expect(tree[1]?.children[1]?.children[0]?.depth).toBe(2);
  });

  it('survives a parent cycle', () => {
    const tree = buildTagTree([tag('a', 'A', 'b'), tag('b', 'B', 'a')]);
    expect(tree.map((n) => n.tag.id).sort()).toEqual(['a', 'b']);
  });

  it('hides the children of collapsed tags', () => {
    const tree = buildTagTree(tags);
    expect(visibleRows(tree, new Set()).map((r) => r.tag.id)).toEqual(['lost', 'm', 'c', 'o', 's', 'x']);
    expect(visibleRows(tree, new Set(['m'])).map((r) => r.tag.id)).toEqual(['lost', 'm', 'x']);
  });

  it('never offers to move a tag under itself or its descendants', () => {
    expect([...subtreeIds(tags, 'm')].sort()).toEqual(['c', 'm', 'o', 's']);
    expect(moveTargets(tags, 'm').map((t) => t.id).sort()).toEqual(['lost', 'x']);
  });
});

describe('passage filters', () => {
  const passages = [
    { id: '1', status: 'verified' as const, researcher: 'ana' },
    { id: '2', status: null, researcher: 'ben' },
    { id: '3', status: 'disputed' as const, researcher: 'ana' },
  ];
  it('filters by status (including not assessed) and researcher', () => {
    expect(filterPassages(passages, { status: 'all', researcher: 'all' }).map((p) => p.id)).toEqual(['1', '2', '3']);
    expect(filterPassages(passages, { status: 'none', researcher: 'all' }).map((p) => p.id)).toEqual(['2']);
    expect(filterPassages(passages, { status: 'disputed', researcher: 'ana' }).map((p) => p.id)).toEqual(['3']);
    expect(filterPassages(passages, { status: 'verified', researcher: 'ben' })).toEqual([]);
    expect(researchersOf(passages)).toEqual(['ana', 'ben']);
  });
});

describe('tag picker options', () => {
  const tags = [tag('1', 'Bribery', null, 3), tag('2', 'Bank records', null, 9), tag('3', 'Cash', null, 1)];

  it('offers tags containing the query before creating, and exact names without creating', () => {
    expect(tagOptions(tags, 'bri').map((o) => (o.kind === 'tag' ? o.tag.name : `+${o.name}`))).toEqual(['Bribery', '+bri']);
    expect(tagOptions(tags, 'cash').map((o) => (o.kind === 'tag' ? o.tag.name : `+${o.name}`))).toEqual(['Cash']);
  });

  it('puts Create first for a new name, even when an existing tag has its letters in order', () => {
    const options = tagOptions(tags, 'Bribery allegation');
    expect(options[0]).toEqual({ kind: 'create', name: 'Bribery allegation' });
    expect(tagOptions(tags, 'brc')[0]).toEqual({ kind: 'create', name: 'brc' });
    expect(tagOptions(tags, 'brc').some((o) => o.kind === 'tag' && o.tag.name === 'Bank records')).toBe(true);
  });

  it('lists the most used tags first when nothing is typed, and refuses a name with a slash', () => {
    expect(tagOptions(tags, '').map((o) => (o.kind === 'tag' ? o.tag.name : ''))).toEqual(['Bank records', 'Bribery', 'Cash']);
    expect(tagOptions(tags, 'a/b').some((o) => o.kind === 'create')).toBe(false);
  });
});

describe('readingOrder', () => {
  const view = (id: string, start: number | null, end: number | null) => ({ id, start, end }) as PassageView;
  it('sorts placed passages by position and keeps orphans last', () => {
    const order = readingOrder([view('o', null, null), view('b', 10, 20), view('a', 10, 15), view('c', 2, 40)]);
    expect(order.map((p) => p.id)).toEqual(['c', 'a', 'b', 'o']);
  });
});
