import type { Block, TextRange } from './blocks';
import { blockIndexAt } from './blocks';

/** A highlight in UTF-16 offsets of the text (converted once from the passage's code points). */
export type Highlight = TextRange & { id: string };

/** A run of text whose covering highlights do not change; `ids` lists them outermost first. */
export type Segment = TextRange & { ids: string[] };

/** Outer (earlier, then longer) highlights first, so layers stack the same way in every block they cross. */
export function compareHighlights(a: Highlight, b: Highlight): number {
  return a.start - b.start || b.end - a.end || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Assigns each highlight to the blocks it crosses: O(h log b) for the whole document, so that the segments
 * themselves are only ever computed for the blocks on screen.
 */
export function highlightsByBlock(blocks: readonly Block[], highlights: readonly Highlight[]): Highlight[][] {
  const buckets: Highlight[][] = blocks.map(() => []);
  const sorted = [...highlights].filter((h) => h.end > h.start).sort(compareHighlights);
  for (const highlight of sorted) {
    for (let i = blockIndexAt(blocks, highlight.start); i < blocks.length; i += 1) {
      const block = blocks[i] as Block;
      if (block.start >= highlight.end) break;
      if (block.end > highlight.start) (buckets[i] as Highlight[]).push(highlight);
    }
  }
  return buckets;
}

/**
 * Cuts [range.start, range.end) into segments at every highlight boundary. Gaps come back with no ids, so the
 * segments tile the range exactly and every character is rendered once. `highlights` must be sorted with
 * `compareHighlights` (as `highlightsByBlock` returns them).
 */
export function segmentRange(range: TextRange, highlights: readonly Highlight[]): Segment[] {
  const inside = highlights.filter((h) => h.end > range.start && h.start < range.end && h.end > h.start);
  if (inside.length === 0) return range.end > range.start ? [{ start: range.start, end: range.end, ids: [] }] : [];
  const cuts = new Set<number>([range.start, range.end]);
  for (const h of inside) {
    if (h.start > range.start) cuts.add(h.start);
    if (h.end < range.end) cuts.add(h.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const segments: Segment[] = [];
  for (let i = 0; i + 1 < points.length; i += 1) {
    const start = points[i] as number;
    const end = points[i + 1] as number;
    const ids = inside.filter((h) => h.start <= start && h.end >= end).map((h) => h.id);
    const previous = segments[segments.length - 1];
    // Adjacent runs with the same layers are one element: fewer nodes, and selections cross fewer boundaries.
    if (previous && previous.end === start && sameIds(previous.ids, ids)) previous.end = end;
    else segments.push({ start, end, ids });
  }
  return segments;
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

/** Ids of highlights covering UTF-16 offset `at` (half-open), outermost first; what a click in an overlap offers. */
export function highlightsAt(highlights: readonly Highlight[], at: number): string[] {
  return [...highlights]
    .filter((h) => h.start <= at && at < h.end)
    .sort(compareHighlights)
    .map((h) => h.id);
}
