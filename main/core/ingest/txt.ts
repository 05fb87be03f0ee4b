import { decodeText } from './text-decode';
import { cleanLine, normalizeText } from './normalize';
import { emptySource, type ExtractedSource } from './types';

/**
 * Plain text. Title rule, kept deliberately simple: the first line is a title only when it is short
 * (≤ 120 characters), does not end like a sentence (. , ; :), and is followed by a blank line and more text.
 * Otherwise null, and the case service shows the file name.
 */
export function extractTxt(bytes: Uint8Array): ExtractedSource {
  const decoded = decodeText(bytes);
  const result = emptySource('txt');
  result.encoding = decoded.encoding;
  if (decoded.replacedBytes > 0) result.metadata.replacedBytes = String(decoded.replacedBytes);
  result.text = normalizeText(decoded.text);
  result.title = titleLine(result.text);
  return result;
}

function titleLine(text: string): string | null {
  const m = /^[ \t]*(\S[^\n]*)\n[ \t]*\n\s*\S/.exec(text);
  if (!m?.[1]) return null;
  const line = m[1].trim();
  if (line.length > 120 || /[.,;:]$/.test(line)) return null;
  return cleanLine(line);
}
