import { snapToGraphemes } from '../../../shared/text/anchoring';
import type { TextRange } from './blocks';

/**
 * Every run of source text in the reader sits alone in an element carrying `data-o` (its UTF-16 start in the
 * source text) and `data-e` (its end). A DOM point therefore maps back to the text by addition, whatever the
 * highlights, lines and virtualisation wrapped around it.
 */
export const OFFSET_ATTR = 'data-o';
export const END_ATTR = 'data-e';

function runOf(node: Node | null): HTMLElement | null {
  for (let n: Node | null = node; n; n = n.parentNode) {
    if (n instanceof HTMLElement && n.hasAttribute(OFFSET_ATTR)) return n;
  }
  return null;
}

function firstRunIn(node: Node): HTMLElement | null {
  if (node instanceof HTMLElement) {
    if (node.hasAttribute(OFFSET_ATTR)) return node;
    return node.querySelector<HTMLElement>(`[${OFFSET_ATTR}]`);
  }
  return null;
}

function lastRunIn(node: Node): HTMLElement | null {
  if (!(node instanceof HTMLElement)) return null;
  const all = node.querySelectorAll<HTMLElement>(`[${OFFSET_ATTR}]`);
  return all.length > 0 ? (all[all.length - 1] ?? null) : node.hasAttribute(OFFSET_ATTR) ? node : null;
}

const num = (el: HTMLElement, attr: string) => Number(el.getAttribute(attr));

/** UTF-16 offset of a DOM point (as in a Range), or null when the point is not inside the reader's text. */
export function pointToOffset(node: Node, offset: number, edge: 'start' | 'end'): number | null {
  if (node.nodeType === Node.TEXT_NODE) {
    const run = runOf(node.parentNode);
    if (!run) return null;
    return Math.min(num(run, OFFSET_ATTR) + offset, num(run, END_ATTR));
  }
  const children = node.childNodes;
  // A point between children: the run starting after it, or, at the very end, where the last run before it ends.
  if (offset < children.length) {
    const after = firstRunIn(children[offset] as Node);
    if (after) return num(after, OFFSET_ATTR);
  }
  for (let i = Math.min(offset, children.length) - 1; i >= 0; i -= 1) {
    const before = lastRunIn(children[i] as Node);
    if (before) return num(before, END_ATTR);
  }
  const own = runOf(node);
  if (own) return edge === 'start' ? num(own, OFFSET_ATTR) : num(own, END_ATTR);
  return null;
}

/**
 * The selection's UTF-16 range in the text, trimmed of surrounding whitespace (a double-click takes the space
 * after a word; a passage should not) and widened to whole graphemes. Null when the selection is empty or leaves the reader's text.
 */
export function rangeToText(range: Range, container: Element, text: string): TextRange | null {
  if (range.collapsed) return null;
  if (!container.contains(range.startContainer) || !container.contains(range.endContainer)) return null;
  let start = pointToOffset(range.startContainer, range.startOffset, 'start');
  let end = pointToOffset(range.endContainer, range.endOffset, 'end');
  if (start === null || end === null) return null;
  if (end < start) [start, end] = [end, start];
  while (start < end && /\s/u.test(text.charAt(start))) start += 1;
  while (end > start && /\s/u.test(text.charAt(end - 1))) end -= 1;
  // Never cut a letter from its combining marks (Hebrew points, Arabic harakat) or split an emoji.
  return end > start ? snapToGraphemes(text, start, end) : null;
}
