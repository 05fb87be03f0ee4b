/** Maps the engine's folded match positions back onto the original NFC text and cuts snippets around them. */
import { CodePointIndex } from '../../../shared/text/codepoints';
import { foldWithMap, originalRange } from '../../../shared/search/fold';
import { MAX_MATCHES_PER_HIT, type SearchField, type SearchMatch, type SearchSnippet } from '../../../shared/search/schema';
import type { FoldedMatch } from './engine';

export interface FieldText {
  field: SearchField;
  index: number;
  text: string;
  /** Where this field's text starts in the source's NFC text (0 for 'text', the passage start for 'quote'), or null. */
  sourceOffset: number | null;
}

/** Moves a cut to a nearby space so snippets do not start or end inside a word. */
function snapStart(index: CodePointIndex, at: number, limit: number): number {
  for (let i = at; i > Math.max(0, at - 15) && i > limit - 1; i--) {
    if (/\s/.test(index.slice(i - 1, i))) return i;
  }
  return at;
}

function snapEnd(index: CodePointIndex, at: number, limit: number): number {
  for (let i = at; i < Math.min(index.length, at + 15) && i < limit + 1; i++) {
    if (/\s/.test(index.slice(i, i + 1))) return i;
  }
  return at;
}

export function buildMatches(
  fields: readonly FieldText[],
  folded: readonly FoldedMatch[],
  options: { contextChars: number; maxSnippets: number },
): { matches: SearchMatch[]; snippets: SearchSnippet[] } {
  const matches: SearchMatch[] = [];
  const snippets: SearchSnippet[] = [];
  const bySlot = new Map<number, { start: number; end: number }[]>();
  for (const [slot, start, end] of folded) {
    const field = fields[slot];
    if (!field) continue;
    let ranges = bySlot.get(slot);
    if (!ranges) {
      ranges = [];
      bySlot.set(slot, ranges);
    }
    ranges.push({ start, end });
  }
  for (const [slot, ranges] of [...bySlot].sort((a, b) => a[0] - b[0])) {
    const field = fields[slot];
    if (!field) continue;
    const map = foldWithMap(field.text).toOriginal;
    const original = ranges.map((r) => originalRange(map, r.start, r.end));
    for (const r of original) {
      if (matches.length >= MAX_MATCHES_PER_HIT) break;
      matches.push({
        field: field.field,
        fieldIndex: field.index,
        start: r.start,
        end: r.end,
        sourceStart: field.sourceOffset === null ? null : field.sourceOffset + r.start,
        sourceEnd: field.sourceOffset === null ? null : field.sourceOffset + r.end,
      });
    }
    if (snippets.length >= options.maxSnippets) continue;
    const index = new CodePointIndex(field.text);
    // Windows around the first matches, merged when they touch, so one snippet can show several matches.
    const windows: { start: number; end: number; highlights: { start: number; end: number }[] }[] = [];
    for (const r of original) {
      const from = Math.max(0, r.start - options.contextChars);
      const to = Math.min(index.length, r.end + options.contextChars);
      const last = windows[windows.length - 1];
      if (last && from <= last.end) {
        last.end = Math.max(last.end, to);
        last.highlights.push(r);
      } else {
        if (windows.length + snippets.length >= options.maxSnippets) break;
        windows.push({ start: from, end: to, highlights: [r] });
      }
    }
    for (const w of windows) {
      const firstHighlight = w.highlights[0]?.start ?? w.start;
      const lastHighlight = w.highlights[w.highlights.length - 1]?.end ?? w.end;
      const start = w.start === 0 ? 0 : snapStart(index, w.start, firstHighlight);
      const end = w.end === index.length ? w.end : snapEnd(index, w.end, lastHighlight);
      snippets.push({
        field: field.field,
        fieldIndex: field.index,
        text: index.slice(start, end),
        start,
        highlights: w.highlights.map((h) => ({ start: h.start - start, end: h.end - start })),
        cutBefore: start > 0,
        cutAfter: end < index.length,
      });
    }
  }
  return { matches, snippets };
}
