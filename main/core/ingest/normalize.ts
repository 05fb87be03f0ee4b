/** Newlines to \n, NFC, no NUL; trailing spaces trimmed per line so offsets don't hinge on invisible padding. */
export function normalizeText(raw: string): string {
  return raw
    .replace(/\r\n?/g, '\n')
    .replace(/[\u2028\u2029]/g, '\n')
    .replaceAll('\u0000', '')
    .normalize('NFC')
    .replace(/[ \t\f\v]+$/gm, '');
}

/** For block-structured sources (HTML, docx, PDF): collapse runs of blank lines to one paragraph break. */
export function tidyBlocks(text: string): string {
  return normalizeText(text)
    .replace(/[ \t\f\v]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** A single-line, trimmed metadata value, or null when empty. */
export function cleanLine(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const s = value.replace(/\s+/g, ' ').trim().normalize('NFC');
  return s.length > 0 ? s : null;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** ISO 8601 as stated when it already is; otherwise parsed (RFC 2822 mail dates, etc.) to UTC; null when unparseable. */
export function toIsoDate(value: unknown): string | null {
  const s = cleanLine(value);
  if (!s) return null;
  if (ISO_DATE.test(s)) return Number.isNaN(Date.parse(s)) ? null : s;
  if (ISO_DATETIME.test(s)) return Number.isNaN(Date.parse(s)) ? null : s;
  const t = Date.parse(s);
  if (Number.isNaN(t)) return null;
  const d = new Date(t);
  const year = d.getUTCFullYear();
  if (year < 1000 || year > 9999) return null;
  return d.toISOString();
}

/** Code-point length, because pageStarts are code-point offsets (Hebrew/Arabic are BMP but emoji are not). */
export function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}
