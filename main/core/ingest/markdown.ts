import { decodeText } from './text-decode';
import { cleanLine, normalizeText } from './normalize';
import { emptySource, type ExtractedSource } from './types';

/**
 * Markdown keeps its source text (it is meant to be read as is, and passages then match what the author wrote).
 * Title: `title:` in YAML front matter, else the first ATX (# …) or setext (=== / ---) heading.
 */
export function extractMarkdown(bytes: Uint8Array): ExtractedSource {
  const decoded = decodeText(bytes);
  const result = emptySource('md');
  result.encoding = decoded.encoding;
  if (decoded.replacedBytes > 0) result.metadata.replacedBytes = String(decoded.replacedBytes);
  result.text = normalizeText(decoded.text);
  const front = /^---\n([\s\S]*?)\n(?:---|\.\.\.)\n/.exec(result.text);
  if (front?.[1]) {
    const field = (name: string): string | null => {
      const m = new RegExp(`^${name}:\\s*(.+)$`, 'mi').exec(front[1] ?? '');
      return m?.[1] ? cleanLine(m[1].replace(/^["']|["']$/g, '')) : null;
    };
    result.title = field('title');
    result.author = field('author');
    const date = field('date');
    if (date && /^\d{4}-\d{2}-\d{2}/.test(date)) result.date = date;
  }
  result.title ??= firstHeading(front ? result.text.slice(front[0].length) : result.text);
  return result;
}

function firstHeading(text: string): string | null {
  const lines = text.split('\n');
  let inFence = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    if (inFence) continue;
    const atx = /^ {0,3}#{1,6}\s+(.*?)(?:\s+#+\s*)?$/.exec(line);
    if (atx?.[1]) return cleanLine(stripInline(atx[1]));
    const next = lines[i + 1] ?? '';
    if (line.trim() && /^ {0,3}(=+|-+)\s*$/.test(next) && !/^\s*[-*+]\s/.test(line)) return cleanLine(stripInline(line));
  }
  return null;
}

function stripInline(s: string): string {
  return s.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[*_`]+/g, '');
}
