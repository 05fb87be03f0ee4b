/** UTF-16 range [start, end) into the source text; what the DOM and String.slice use. */
export type TextRange = { start: number; end: number };

/** A paragraph as laid out by the reader; its lines keep their exact place in the text so highlights line up. */
export type Block = TextRange & { index: number; lines: TextRange[] };

/** A line this long is never a hard wrap, so its block is a run of one-line paragraphs (as in `splitParagraphs`). */
const UNWRAPPED_LINE = 160;
const BLOCK_BREAK = /\n[ \t\u00a0\r]*\n/g;

/** Trims trailing whitespace off a range (extracted text keeps stray carriage returns and no-break spaces). */
function trimEnd(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && /\s/u.test(text.charAt(e - 1))) e -= 1;
  return e;
}

/**
 * The same paragraphs as `splitParagraphs`, but as offsets into the unchanged text instead of copies, so a DOM
 * position inside a block maps back to the text (and to passage offsets) by plain addition.
 */
export function splitBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  const push = (lines: TextRange[]) => {
    const first = lines[0];
    const last = lines[lines.length - 1];
    if (!first || !last) return;
    blocks.push({ index: blocks.length, start: first.start, end: last.end, lines });
  };

  let from = 0;
  const chunks: TextRange[] = [];
  for (const match of text.matchAll(BLOCK_BREAK)) {
    chunks.push({ start: from, end: match.index });
    from = match.index + match[0].length;
  }
  chunks.push({ start: from, end: text.length });

  for (const chunk of chunks) {
    const lines: TextRange[] = [];
    let lineStart = chunk.start;
    for (let i = chunk.start; i <= chunk.end; i += 1) {
      if (i === chunk.end || text.charCodeAt(i) === 10) {
        lines.push({ start: lineStart, end: trimEnd(text, lineStart, i) });
        lineStart = i + 1;
      }
    }
    const blank = (line: TextRange) => text.slice(line.start, line.end).trim() === '';
    while (lines.length > 0 && blank(lines[0] as TextRange)) lines.shift();
    while (lines.length > 0 && blank(lines[lines.length - 1] as TextRange)) lines.pop();
    if (lines.length === 0) continue;
    if (lines.length > 1 && lines.some((line) => line.end - line.start >= UNWRAPPED_LINE)) {
      for (const line of lines) if (!blank(line)) push([line]);
    } else {
      push(lines);
    }
  }
  return blocks;
}

/** The block holding UTF-16 offset `at`, or the next one after it (offsets between blocks are whitespace). */
export function blockIndexAt(blocks: readonly Block[], at: number): number {
  let lo = 0;
  let hi = blocks.length - 1;
  let found = blocks.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const block = blocks[mid] as Block;
    if (block.end > at) {
      found = mid;
      hi = mid - 1;
    } else {
      lo = mid + 1;
    }
  }
  return Math.max(found, 0);
}
