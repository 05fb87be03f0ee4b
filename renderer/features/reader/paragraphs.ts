/** A line this long is never a hard wrap, so its block is a run of one-line paragraphs. */
const UNWRAPPED_LINE = 160;

/**
 * Splits extracted text into paragraphs, each a list of lines. Blank lines always separate paragraphs.
 * Inside a block, line breaks are kept as they are (addresses, e-mail headers, verse) unless one of the
 * lines is clearly a whole paragraph on its own, as in text copied from a web page.
 */
export function splitParagraphs(text: string): string[][] {
  const normalised = text.replace(/\r\n?/g, '\n');
  const paragraphs: string[][] = [];
  for (const block of normalised.split(/\n[ \t\u00a0]*\n/)) {
    const lines = block.split('\n').map((line) => line.replace(/\s+$/u, ''));
    while (lines.length > 0 && lines[0]?.trim() === '') lines.shift();
    while (lines.length > 0 && lines[lines.length - 1]?.trim() === '') lines.pop();
    if (lines.length === 0) continue;
    if (lines.length > 1 && lines.some((line) => line.length >= UNWRAPPED_LINE)) {
      for (const line of lines) if (line.trim() !== '') paragraphs.push([line]);
    } else {
      paragraphs.push(lines);
    }
  }
  return paragraphs;
}
