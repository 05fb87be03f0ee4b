import type { SearchSnippet } from '../../../shared/search/schema';

/** A run of snippet text, highlighted or not. */
export type SnippetPiece = { text: string; mark: boolean };

/**
 * Cuts a snippet into plain and highlighted runs. Highlights are code-point ranges (an emoji or a letter outside
 * the BMP counts once), so the text is split by code points, never by UTF-16 index. Overlapping or unsorted
 * ranges are merged, and ranges outside the text are clamped rather than trusted.
 */
export function snippetPieces(snippet: Pick<SearchSnippet, 'text' | 'highlights'>): SnippetPiece[] {
  const points = Array.from(snippet.text);
  const ranges = snippet.highlights
    .map((h) => ({ start: Math.max(0, Math.min(h.start, points.length)), end: Math.max(0, Math.min(h.end, points.length)) }))
    .filter((h) => h.end > h.start)
    .sort((a, b) => a.start - b.start);
  const merged: { start: number; end: number }[] = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else merged.push({ ...range });
  }
  const pieces: SnippetPiece[] = [];
  let at = 0;
  for (const range of merged) {
    if (range.start > at) pieces.push({ text: points.slice(at, range.start).join(''), mark: false });
    pieces.push({ text: points.slice(range.start, range.end).join(''), mark: true });
    at = range.end;
  }
  if (at < points.length) pieces.push({ text: points.slice(at).join(''), mark: false });
  return pieces;
}

type Trimmable = Pick<SearchSnippet, 'text' | 'highlights' | 'cutBefore' | 'cutAfter'>;

/** Longest word fragment dropped at a cut edge; past that the cut is likely inside a long token (a URL) worth keeping. */
const MAX_FRAGMENT = 24;

/**
 * Where a snippet was cut out of a longer text, its first and last words are usually fragments ("…e embattled").
 * They are dropped back to the nearest space, never into a highlight, and highlights are shifted to match.
 */
export function trimPartialWords<T extends Trimmable>(snippet: T): T {
  const points = Array.from(snippet.text);
  const firstMark = Math.min(points.length, ...snippet.highlights.map((h) => h.start));
  const lastMark = Math.max(0, ...snippet.highlights.map((h) => h.end));
  let from = 0;
  let to = points.length;
  if (snippet.cutBefore) {
    const space = points.findIndex((c) => /\s/u.test(c));
    if (space > 0 && space <= MAX_FRAGMENT && space < firstMark) {
      from = space;
      while (from < firstMark && /\s/u.test(points[from] ?? '')) from++;
    }
  }
  if (snippet.cutAfter) {
    let space = -1;
    for (let i = points.length - 1; i >= 0; i--) {
      if (/\s/u.test(points[i] ?? '')) {
        space = i;
        break;
      }
    }
    if (space >= 0 && points.length - space <= MAX_FRAGMENT + 1 && space >= lastMark && space >= from) to = space;
  }
  if (from === 0 && to === points.length) return snippet;
  return {
    ...snippet,
    text: points.slice(from, to).join('').trimEnd(),
    highlights: snippet.highlights.map((h) => ({ start: h.start - from, end: h.end - from })),
  };
}

/** Snippets keep the document's line breaks; in a one-line result row they read as spaces. */
export function flattenWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ');
}
